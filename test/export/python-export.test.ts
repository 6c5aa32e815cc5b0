import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExportableModel } from "../../src/export/exportable.js";
import { generateExport } from "../../src/export/index.js";
import { Random } from "../../src/util/random.js";
import { scratchDir } from "../support/scratch.js";
import { findTool } from "../support/tools.js";
import { maxBlockRelativeError } from "./compare.js";
import { evaluate, miannModel, polyconvexModel, polyconvexNormsModel, strainsFor } from "./family-models.js";
import { fixtureModel, fixturePaths, readFixture } from "./fixture-model.js";
import { writeFixtureModelFile } from "./model-file.js";
import { runHarness } from "./python-harness.js";

const torch = findTool("python-torch");
const numpy = findTool("python-numpy");

/** runs the built CLI (npm test builds first) */
function miann(args: string[], cwd: string) {
  const cli = join(process.cwd(), "dist/cli/miann.js");
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** largest |a − e| over the whole array, relative to max |e| */
function arrayRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  return maxBlockRelativeError(actual, expected, expected.length);
}

const solid = readFixture(fixturePaths.solid);
const plane = readFixture(fixturePaths.plane);

const cases: [string, ExportableModel][] = [
  [
    "miann d = 6, scaled",
    fixtureModel(solid, { strainScale: [0.2, 0.15, 0.1, 0.3, 0.25, 0.05], stressScale: 3.5e4 }),
  ],
  ["miann d = 3, scaled", fixtureModel(plane, { strainScale: [0.05, 0.04, 0.1], stressScale: 2e4 })],
  [
    "potential d = 6, scaled",
    fixtureModel(solid, { kind: "potential", strainScale: [0.1, 0.1, 0.1, 0.2, 0.2, 0.2], stressScale: 7 }),
  ],
  ["polyconvex compressible, scaled", polyconvexModel("compressible", [0.6, 1.5, 0.3, 0.3], 2.5e3)],
  ["polyconvex membrane, scaled", polyconvexModel("membrane", [0.4, 0.9], 1.2e3)],
  [
    "polyconvex compressible with the norms ‖F‖, ‖cof F‖",
    polyconvexNormsModel("compressible", [0.6, 1.5, 0.3, 0.3, 0.2, 0.35], 2.5e3, 43),
  ],
  [
    "polyconvex membrane with the norms ‖F‖, ‖cof F‖",
    polyconvexNormsModel("membrane", [0.4, 0.9, 0.15, 0.25], 1.2e3, 47),
  ],
];

/** Loss data: targets = miann's stress perturbed by 20%, σ = population std of each column. */
function lossData(model: ExportableModel, n: number, seed: number) {
  const d = model.inputDim;
  const strain = strainsFor(model, n, seed, 1.2);
  const stress = evaluate(model, strain, n).stress;
  const rng = new Random(seed + 1);
  for (let i = 0; i < stress.length; i++) stress[i] *= 1 + 0.2 * rng.range(-1, 1);
  const sigma = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let mean = 0;
    for (let m = 0; m < n; m++) mean += stress[m * d + k] / n;
    let v = 0;
    for (let m = 0; m < n; m++) v += (stress[m * d + k] - mean) ** 2 / n;
    sigma[k] = Math.sqrt(v);
  }
  return { strain, stress, sigma };
}

/**
 * miann's loss and exact gradient (the model's own, reference kernels) on the rows where
 * keep(m), with an optional entry mask over those rows.
 */
function miannLoss(
  model: ExportableModel,
  data: ReturnType<typeof lossData>,
  keep?: (m: number) => boolean,
  mask?: Uint8Array,
) {
  const d = model.inputDim;
  const n = data.strain.length / d;
  const rows = Array.from({ length: n }, (_, m) => m).filter((m) => !keep || keep(m));
  const pick = (a: Float64Array) =>
    Float64Array.from(rows.flatMap((m) => Array.from(a.subarray(m * d, m * d + d))));
  const grad = new Float64Array(model.params.length);
  const loss = miannModel(model).lossAndGradient(
    pick(data.strain),
    pick(data.stress),
    rows.length,
    data.sigma,
    grad,
    mask,
  );
  return { loss, grad };
}

describe.skipIf(!torch.ok || !numpy.ok)(
  "PyTorch and NumPy exports against miann",
  { timeout: 300_000 },
  () => {
    for (const [label, model] of cases) {
      it(`${label}: energy, stress, tangent on 1,000 strains (1e-12), loss and gradient (1e-10), self-checks`, () => {
        const dir = scratchDir("export-");
        const d = model.inputDim;
        const torchPath = join(dir, "material_torch.py");
        const numpyPath = join(dir, "material_numpy.py");
        writeFileSync(torchPath, generateExport(model, "pytorch", torchPath)[0].text);
        writeFileSync(numpyPath, generateExport(model, "numpy", numpyPath)[0].text);
        const n = 1000;
        const strain = strainsFor(model, n, 5, 1.5);
        const ref = evaluate(model, strain, n);
        const data = lossData(model, 300, 9);
        const nl = 300;
        // a mask of whole rows (every other row known): miann's loss on those rows is the same loss
        const rowMask = Array.from({ length: nl * d }, (_, i) => (Math.floor(i / d) % 2 === 0 ? 1 : 0));
        // a mask of single entries (about a third unknown), compared with miann's masked loss
        const rng = new Random(77);
        const entryMask = Uint8Array.from({ length: nl * d }, () => (rng.uniform() < 0.35 ? 0 : 1));
        const both = Uint8Array.from(entryMask, (w, i) => w & rowMask[i]);
        const unknownAsNaN = (mask: ArrayLike<number>) =>
          Float64Array.from(data.stress, (v, i) => (mask[i] ? v : Number.NaN));
        const r = runHarness(torch.command, dir, {
          dim: d,
          strain: Array.from(strain),
          torch: torchPath,
          numpy: numpyPath,
          lossStrain: Array.from(data.strain),
          lossStress: Array.from(data.stress),
          sigma: Array.from(data.sigma),
          masked: [rowMask, Array.from(both), new Array<number>(nl * d).fill(0)].map((mask) => ({
            mask,
            stress: Array.from(unknownAsNaN(mask)),
          })),
        });
        for (const out of [r.numpy, r.torch]) {
          if (!out) throw new Error("harness returned no result");
          expect(maxBlockRelativeError(out.stress, ref.stress, d)).toBeLessThan(1e-12);
          expect(maxBlockRelativeError(out.tangent, ref.tangent, d * d)).toBeLessThan(1e-12);
          expect(arrayRelativeError(out.energy, ref.energy)).toBeLessThan(1e-12);
          expect(out.selfCheck).toBeLessThan(1e-12);
        }
        const np = r.numpy;
        const tr = r.torch;
        if (!np || !tr) throw new Error("harness returned no result");
        expect(np.stressOnly).toEqual(np.stress);
        // the self-check sees a stored value changed by 1e-9 relative
        expect(np.selfCheckBroken).toBeGreaterThan(1e-12);
        const full = miannLoss(model, data);
        const half = miannLoss(model, data, (m) => m % 2 === 0);
        // miann's own masked loss, with the unknown targets NaN (never read)
        const masked = miannLoss(model, { ...data, stress: unknownAsNaN(both) }, undefined, both);
        expect(Math.abs(full.loss - half.loss) / full.loss).toBeGreaterThan(1e-6); // the masks matter
        expect(Math.abs(half.loss - masked.loss) / half.loss).toBeGreaterThan(1e-6);
        for (const [i, want] of [full, half, masked].entries()) {
          const got = tr.losses[i];
          expect(Math.abs(got.loss - want.loss) / want.loss).toBeLessThan(1e-10);
          expect(arrayRelativeError(got.grad, want.grad)).toBeLessThan(1e-10);
        }
        // nothing known: L = 0 and a zero gradient, although every target is NaN
        expect(tr.losses[3].loss).toBe(0);
        expect(tr.losses[3].grad.every((g) => g === 0)).toBe(true);
      });
    }

    for (const [label, model] of [cases[0], cases[3], cases[5]]) {
      it(`round trip (${label}): miann → PyTorch → Adam steps → to_miann_json() → miann import → predict = the module's stress`, () => {
        const dir = scratchDir("export-");
        const d = model.inputDim;
        const torchPath = join(dir, "material_torch.py");
        writeFileSync(torchPath, generateExport(model, "pytorch", torchPath)[0].text);
        const n = 200;
        const strain = strainsFor(model, n, 21, 1);
        const data = lossData(model, 200, 31);
        const r = runHarness(torch.command, dir, {
          dim: d,
          strain: Array.from(strain),
          torch: torchPath,
          lossStrain: Array.from(data.strain),
          lossStress: Array.from(data.stress),
          sigma: Array.from(data.sigma),
          masked: [],
          trainSteps: 5,
          weightsOut: join(dir, "weights.json"),
        });
        const trained = r.torch?.trainedStress;
        if (!trained) throw new Error("no trained stress");
        // training moved the model: the round trip is not the identity on the exported parameters
        expect(maxBlockRelativeError(trained, evaluate(model, strain, n).stress, d)).toBeGreaterThan(1e-4);
        const imported = miann(["import", "weights.json", "-o", "model.json"], dir);
        expect(imported.stderr).toBe("");
        expect(imported.code).toBe(0);
        expect(imported.stdout).toContain("wrote model.json");
        const rows = Array.from({ length: n }, (_, m) =>
          Array.from(strain.subarray(m * d, m * d + d)).join(","),
        );
        writeFileSync(join(dir, "strains.csv"), `${rows.join("\n")}\n`);
        const predicted = miann(["predict", "model.json", "strains.csv", "-o", "out.csv"], dir);
        expect(predicted.stderr).toBe("");
        const lines = readFileSync(join(dir, "out.csv"), "utf8").trim().split("\n").slice(1);
        const stress = Float64Array.from(
          lines.flatMap((l) =>
            l
              .split(",")
              .slice(d, 2 * d)
              .map(Number),
          ),
        );
        expect(maxBlockRelativeError(stress, trained, d)).toBeLessThan(1e-12);
        const file = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
        expect(file.name).toBe("trained in torch");
        expect(file.kind).toBe(model.kind);
        expect(file.scaling.stressScale).toBe(model.stressScale);
        if (model.kind === "polyconvex") expect(file.scaling.inputScale).toEqual(model.inputScale);
        else expect(file.scaling.strainScale).toEqual(model.strainScale);
      });
    }
  },
);

describe.skipIf(!numpy.ok)("miann export --to numpy (CLI)", { timeout: 300_000 }, () => {
  it("writes material.py whose self-check passes, and fails (exit 1) when a stored value is wrong", () => {
    const dir = scratchDir("export-");
    writeFixtureModelFile(join(dir, "m.json"), plane, {
      name: "fabric",
      strainScale: [0.05, 0.04, 0.1],
      stressScale: 2e4,
    });
    const exported = miann(["export", "m.json", "--to", "numpy", "-o", "material.py"], dir);
    expect(exported.stderr).toBe("");
    expect(exported.stdout).toBe("wrote material.py\n");
    const path = join(dir, "material.py");
    const sha = createHash("sha256")
      .update(readFileSync(join(dir, "m.json")))
      .digest("hex");
    const header = readFileSync(path, "utf8").slice(0, 2000);
    expect(header).toContain(`model file SHA-256: ${sha}`);
    expect(header).toContain("strain = [E11, E22, 2E12] (Green-Lagrange, engineering shear)");
    expect(header).toMatch(/Generated by miann \d/);
    const run = () =>
      spawnSync(numpy.command, [path], {
        encoding: "utf8",
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      });
    const ok = run();
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/self-check passed: largest relative error \S+ \(limit 1e-12\)/);
    // one stored miann stress changed in its 12th digit
    const text = readFileSync(path, "utf8");
    const at = text.indexOf("_CHECK_STRESS = [");
    const broken =
      text.slice(0, at) +
      text.slice(at).replace(/(\d)\.(\d{11})(\d)/, (_m, a, b, c) => `${a}.${b}${(Number(c) + 5) % 10}`);
    expect(broken).not.toBe(text);
    writeFileSync(path, broken);
    const bad = run();
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/self-check FAILED/);
  });
});
