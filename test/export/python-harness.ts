import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One Python process per test case: it loads the generated PyTorch and NumPy modules from their
 * files, evaluates everything the test compares in one go and writes it as JSON (Python prints
 * every float with repr, the shortest exact round trip). Input (JSON): strain (n×d, flat), and for
 * the loss: lossStrain, lossStress, sigma, masked (a list of { mask: flat 0/1, stress: targets with
 * the unknown entries NaN, sent as null }; the loss is taken without a mask, then for each), and
 * optionally trainSteps and weightsOut for the round trip.
 */
export const harnessScript = `
import importlib.util, json, math, sys

def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod

inp = json.load(open(sys.argv[1]))
out = {}
d = inp["dim"]
n = len(inp["strain"]) // d

def rows(flat, width):
    return [flat[i * width:(i + 1) * width] for i in range(len(flat) // width)]

def nan(v):
    return float("nan") if v is None else v

if inp.get("numpy"):
    import numpy as np
    m = load("exported_numpy", inp["numpy"])
    E = np.array(inp["strain"]).reshape(n, d)
    S, C = m.stress_tangent(E)
    out["numpy"] = {
        "energy": m.energy(E).tolist(),
        "stress": S.reshape(-1).tolist(),
        "stressOnly": m.stress(E).reshape(-1).tolist(),
        "tangent": C.reshape(-1).tolist(),
        "selfCheck": m.self_check(),
    }
    m._CHECK_STRESS[0][0] *= 1 + 1e-9
    out["numpy"]["selfCheckBroken"] = m.self_check()

if inp.get("torch"):
    import torch
    torch.set_num_threads(1)
    m = load("exported_torch", inp["torch"])
    mat = m.Material()
    E = torch.tensor(inp["strain"], dtype=torch.float64).reshape(n, d)
    with torch.no_grad():
        W = mat.energy(E)
        S = mat.stress(E)
    C = mat.tangent(E, create_graph=False)
    res = {
        "energy": W.tolist(),
        "stress": S.reshape(-1).tolist(),
        "tangent": C.reshape(-1).tolist(),
        "selfCheck": m.self_check(),
        "losses": [],
    }
    nl = len(inp["lossStrain"]) // d
    LE = torch.tensor(inp["lossStrain"], dtype=torch.float64).reshape(nl, d)
    LS = torch.tensor([nan(v) for v in inp["lossStress"]], dtype=torch.float64).reshape(nl, d)
    sigma = torch.tensor(inp["sigma"], dtype=torch.float64)
    for case in [None] + inp["masked"]:
        mat.zero_grad()
        if case is None:
            L = mat.loss(LE, LS, sigma)
        else:
            # the targets with their unknown entries NaN
            T = torch.tensor([nan(v) for v in case["stress"]], dtype=torch.float64).reshape(nl, d)
            w = torch.tensor(case["mask"], dtype=torch.uint8).reshape(nl, d)
            L = mat.loss(LE, T, sigma, w)
        L.backward()
        grad = torch.cat([(torch.zeros_like(p) if p.grad is None else p.grad).reshape(-1) for p in mat.miann_parameters()])
        res["losses"].append({"loss": L.item(), "grad": grad.tolist()})
    steps = inp.get("trainSteps", 0)
    if steps:
        opt = torch.optim.Adam(mat.parameters(), lr=1e-2)
        for _ in range(steps):
            opt.zero_grad()
            L = mat.loss(LE, LS, sigma)
            L.backward()
            opt.step()
        with torch.no_grad():
            res["trainedStress"] = mat.stress(E).reshape(-1).tolist()
        mat.to_miann_json(inp["weightsOut"], name="trained in torch")
    out["torch"] = res

json.dump(out, open(sys.argv[2], "w"))
`;

export interface HarnessResult {
  numpy?: {
    energy: number[];
    stress: number[];
    stressOnly: number[];
    tangent: number[];
    selfCheck: number;
    selfCheckBroken: number;
  };
  torch?: {
    energy: number[];
    stress: number[];
    tangent: number[];
    selfCheck: number;
    losses: { loss: number; grad: number[] }[];
    trainedStress?: number[];
  };
}

/** Runs the harness once in `dir` with `python`; throws with Python's stderr if it fails. */
export function runHarness(python: string, dir: string, input: Record<string, unknown>): HarnessResult {
  const script = join(dir, "harness.py");
  const inPath = join(dir, "in.json");
  const outPath = join(dir, "out.json");
  writeFileSync(script, harnessScript);
  // JSON has no NaN: unknown targets travel as null
  writeFileSync(
    inPath,
    JSON.stringify(input, (_k, v) => (typeof v === "number" && Number.isNaN(v) ? null : v)),
  );
  const r = spawnSync(python, [script, inPath, outPath], {
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1", OMP_NUM_THREADS: "1" },
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`python harness failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(readFileSync(outPath, "utf8")) as HarnessResult;
}
