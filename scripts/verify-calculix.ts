/**
 * `npm run verify:calculix`: the exported user materials in a real solver (issue 7).
 *
 * 1. Builds CalculiX 2.20 from Debian's source package once, cached outside the repository
 *    (~/.cache/miann/calculix, or $MIANN_CALCULIX_CACHE), see scripts/calculix/build-ccx.sh.
 * 2. Trains a small miann (seeded, well under a minute) on CalculiX's own neo-Hookean law
 *    (*HYPERELASTIC, NEO HOOKE: U = C10(Ī1 − 3) + (J − 1)²/D1) sampled around the load paths.
 * 3. Exports it with --to calculix (umat_user.f) and --to abaqus-umat (umat.f), links both into ccx.
 * 4. Runs one C3D8 block under large uniaxial and equibiaxial stretch and simple shear with
 *    *HYPERELASTIC NEO HOOKE, with the USER material (CalculiX's interface) and with the UMAT through
 *    CalculiX's ABAQUSNL interface, and prints displacements and Cauchy stresses side by side with
 *    miann's own predictions for the same homogeneous states.
 * Passes (exit 0) when the solver with the exported material reproduces miann's model to the
 * precision CalculiX prints (7 digits) and converges; exits non-zero with a reason otherwise.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createMaterial } from "../src/data/materials/index.js";
import { exportModelFile } from "../src/export/index.js";
import { createWasmKernels } from "../src/kernels/index.js";
import { createModel } from "../src/model/create.js";
import { modelToFile, saveModel } from "../src/model/file.js";
import type { NetworkModel } from "../src/model/network-model.js";
import { scalingFromData } from "../src/model/scaling.js";
import { train } from "../src/train/trainer.js";
import {
  deck,
  type LoadCase,
  materialBlock,
  materialName,
  nodes,
  parseDat,
  prescribedDeck,
} from "./calculix/decks.js";
import { cauchy, deformationGradient, homogeneousStrain, pathDataset } from "./calculix/states.js";

const C10 = 2e5; // Pa
const D1 = 1e-6; // 1/Pa (bulk modulus 2 MPa)
const amounts: Record<LoadCase, number> = { uniaxial: 0.3, biaxial: 0.15, shear: 0.4 };
const cases: LoadCase[] = ["uniaxial", "biaxial", "shear"];
type Run = "neohooke" | "user" | "abaqusnl";

function fail(reason: string): never {
  process.stderr.write(`verify:calculix: ${reason}\n`);
  process.exit(1);
}

function helper(name: string): string {
  for (const rel of [`./calculix/${name}`, `../../scripts/calculix/${name}`]) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return fail(`helper scripts/calculix/${name} not found`);
}

function shell(script: string, args: string[], what: string): void {
  const r = spawnSync("bash", [script, ...args], { encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
  if (r.status !== 0) fail(`${what}: ${(r.stderr || r.error?.message || "failed").trim()}`);
}

const cache = process.env.MIANN_CALCULIX_CACHE ?? join(homedir(), ".cache", "miann", "calculix");
const work = join(cache, "verify");
mkdirSync(work, { recursive: true });

// 1. CalculiX
shell(helper("build-ccx.sh"), [cache], "cannot build CalculiX");

// 2. a small miann trained on CalculiX's neo-Hookean law
const t0 = Date.now();
const law = createMaterial("neohookean-abaqus", { C10, D1 });
const data = pathDataset(law, amounts, { pointsPerPath: 40, perturbations: 20, spread: 0.02, seed: 1 });
const spec = { kind: "miann" as const, inputDim: 6, hidden: [16, 16] };
const model = createModel(spec, {
  seed: 1,
  scaling: scalingFromData(data.strain, data.stress, data.n, 6),
}) as NetworkModel;
try {
  model.setKernels(createWasmKernels(model.layout, { convex: true, threads: 1 }));
} catch {
  // the TypeScript reference kernels give the same numbers, only slower
}
const trained = train(model, data, { epochs: 800, seed: 1 });
const relRmse = trained.metrics.test?.relRmse ?? trained.metrics.train.relRmse;
process.stdout.write(
  `trained miann ${spec.hidden.join("-")} on ${data.n} neo-Hookean points (C10 = ${C10}, D1 = ${D1}) in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
    `test RMSE/σ per component: ${Array.from(relRmse, (v) => `${(100 * v).toFixed(2)}%`).join(" ")}\n`,
);
const modelPath = join(work, "model.json");
saveModel(modelPath, modelToFile(model, { name: "verify-calculix neo-Hookean", training: trained.record }));

// 3. export and link
exportModelFile(modelPath, { to: "calculix", output: join(work, "umat_user.f"), force: true });
exportModelFile(modelPath, { to: "abaqus-umat", output: join(work, "umat.f"), force: true });
shell(helper("link-ccx.sh"), [cache, work], "cannot link ccx with the exported materials");

// 4. the runs
function runCcx(job: string, text: string) {
  writeFileSync(join(work, `${job}.inp`), text);
  const r = spawnSync(join(work, "ccx_miann"), ["-i", job], {
    cwd: work,
    encoding: "utf8",
    env: { ...process.env, OMP_NUM_THREADS: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(join(work, `${job}.log`), `${r.stdout}\n${r.stderr}`);
  const datPath = join(work, `${job}.dat`);
  if (r.status !== 0 || !existsSync(datPath)) return undefined;
  const result = parseDat(readFileSync(datPath, "utf8"));
  return Math.abs(result.time - 1) < 1e-9 ? result : undefined;
}
const runs: Run[] = ["neohooke", "user", "abaqusnl"];
const fmt = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? "failed" : v.toPrecision(7));
const pct = (v: number) => (Number.isNaN(v) ? "n/a" : `${(100 * v).toFixed(3)}%`);
const rel = (v: number) => (Number.isFinite(v) ? v.toExponential(1) : "failed");
const labels = ["ux", "uy", "uz"];
const stressLabels = ["sxx", "syy", "szz", "sxy", "sxz", "syz"];
const corner = nodes.findIndex(([x, y, z]) => x === 1 && y === 1 && z === 1) + 1;

function mul3(a: number[], b: number[]): number[] {
  const c = new Array(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) c[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
  return c;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return `${line(header)}\n|${widths.map((w) => "-".repeat(w + 2)).join("|")}|\n${rows.map(line).join("\n")}\n`;
}

// 4a. the engineering comparison: the block with free lateral faces, three materials
const freeRows: string[][] = [];
let worstFit = 0;
for (const loadCase of cases) {
  const a = amounts[loadCase];
  const lawX = homogeneousStrain(law, loadCase, a);
  const lawF = deformationGradient(loadCase, lawX, a);
  const lawS = cauchy(law, lawX, lawF);
  const res = Object.fromEntries(
    runs.map((run) => [
      run,
      runCcx(`${loadCase}-${run}`, deck(loadCase, a, materialBlock(run, C10, D1), materialName(run))),
    ]),
  ) as Record<Run, ReturnType<typeof runCcx>>;
  const stressScale = Math.max(...lawS.map(Math.abs));
  const quantities: [string, number, (r: NonNullable<ReturnType<typeof runCcx>>) => number, number][] = [];
  if (loadCase !== "shear") {
    for (let k = 0; k < 3; k++) {
      quantities.push([`${labels[k]}(1,1,1)`, lawF[k * 4] - 1, (r) => r.displacement.get(corner)![k], a]);
    }
  }
  for (const k of loadCase === "shear" ? [0, 1, 2, 3] : loadCase === "biaxial" ? [0, 1] : [0]) {
    quantities.push([stressLabels[k], lawS[k], (r) => r.stress[k], stressScale]);
  }
  for (const [name, lawV, pick, scale] of quantities) {
    const v = (run: Run) => (res[run] ? pick(res[run]!) : Number.NaN);
    const fit = Math.abs(v("user") - v("neohooke")) / scale;
    worstFit = Math.max(worstFit, fit);
    freeRows.push([
      loadCase,
      name,
      fmt(v("neohooke")),
      fmt(lawV),
      fmt(v("user")),
      pct(fit),
      fmt(v("abaqusnl")),
    ]);
  }
}
process.stdout.write(
  `\nA. One C3D8 unit cube, free lateral faces (uniaxial stretch ${1 + amounts.uniaxial}, equibiaxial ${1 + amounts.biaxial}, simple shear γ = ${amounts.shear}):\n\n`,
);
process.stdout.write(
  table(
    [
      "case",
      "quantity",
      "ccx NEO HOOKE",
      "law in miann",
      "ccx USER (export)",
      "USER vs NEO HOOKE",
      "ccx ABAQUSNL (UMAT)",
    ],
    freeRows,
  ),
);
process.stdout.write(
  "Displacements of the corner (1,1,1) in m, Cauchy stresses in Pa (element average); differences relative to the\n" +
    "largest stress component (stresses) or the applied displacement (displacements): the model's fitting error.\n",
);

// 4b. the export's exactness: every node follows the model's own homogeneous F, so the solver's
// stress must be miann's σ = F S Fᵀ / J at that F, to the 7 digits CalculiX prints
const exactRows: string[][] = [];
let worstUser = 0;
let worstUmat = 0;
for (const loadCase of cases) {
  const a = amounts[loadCase];
  const x = homogeneousStrain(model, loadCase, a);
  const F = deformationGradient(loadCase, x, a);
  const sigma = cauchy(model, x, F);
  const scale = Math.max(...sigma.map(Math.abs));
  const user = runCcx(
    `${loadCase}-exact-user`,
    prescribedDeck(F, materialBlock("user", C10, D1), materialName("user")),
  );
  const nl = runCcx(
    `${loadCase}-exact-abaqusnl`,
    prescribedDeck(F, materialBlock("abaqusnl", C10, D1), materialName("abaqusnl")),
  );
  for (let k = 0; k < 6; k++) {
    const dUser = user ? Math.abs(user.stress[k] - sigma[k]) / scale : Number.POSITIVE_INFINITY;
    const dNl = nl ? Math.abs(nl.stress[k] - sigma[k]) / scale : Number.POSITIVE_INFINITY;
    worstUser = Math.max(worstUser, dUser);
    if (loadCase !== "shear") worstUmat = Math.max(worstUmat, dNl);
    exactRows.push([
      loadCase,
      stressLabels[k],
      fmt(sigma[k]),
      fmt(user?.stress[k]),
      rel(dUser),
      fmt(nl?.stress[k]),
      rel(dNl),
    ]);
  }
}
// the same simple shear seen through material axes turned by 30° about z and 20° about x:
// with *ORIENTATION, F_global = R F Rᵀ must give σ_global = R σ Rᵀ
{
  const a = amounts.shear;
  const x = homogeneousStrain(model, "shear", a);
  const Fl = deformationGradient("shear", x, a);
  const sigmaL = cauchy(model, x, Fl);
  const rz = (t: number) => [Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t), 0, 0, 0, 1];
  const rx = (t: number) => [1, 0, 0, 0, Math.cos(t), -Math.sin(t), 0, Math.sin(t), Math.cos(t)];
  const R = mul3(rz(Math.PI / 6), rx(Math.PI / 9));
  const Rt = [R[0], R[3], R[6], R[1], R[4], R[7], R[2], R[5], R[8]];
  const Fg = mul3(mul3(R, Fl), Rt);
  const sl = [
    sigmaL[0],
    sigmaL[3],
    sigmaL[4],
    sigmaL[3],
    sigmaL[1],
    sigmaL[5],
    sigmaL[4],
    sigmaL[5],
    sigmaL[2],
  ];
  const sg = mul3(mul3(R, sl), Rt);
  const sigma = [sg[0], sg[4], sg[8], sg[1], sg[2], sg[5]];
  const scale = Math.max(...sigma.map(Math.abs));
  const user = runCcx(
    "shear-oriented-user",
    prescribedDeck(Fg, materialBlock("user", C10, D1), materialName("user"), R),
  );
  for (let k = 0; k < 6; k++) {
    const dUser = user ? Math.abs(user.stress[k] - sigma[k]) / scale : Number.POSITIVE_INFINITY;
    worstUser = Math.max(worstUser, dUser);
    exactRows.push([
      "shear, *ORIENTATION",
      stressLabels[k],
      fmt(sigma[k]),
      fmt(user?.stress[k]),
      rel(dUser),
      "",
      "",
    ]);
  }
}
process.stdout.write(
  "\nB. Every node prescribed to the model's homogeneous F: the solver against miann's own stress.\n\n",
);
process.stdout.write(
  table(
    ["case", "component", "miann model", "ccx USER", "USER−miann", "ccx ABAQUSNL", "ABAQUSNL−miann"],
    exactRows,
  ),
);
process.stdout.write(
  "Relative to the largest component of the case. CalculiX's ABAQUSNL interface hands the UMAT a corotational\n" +
    "frame, while an Abaqus UMAT returns global components: they agree without rigid rotation (uniaxial,\n" +
    "biaxial), not in simple shear. Use --to calculix for CalculiX (README: What the UMAT assumes).\n\n",
);
process.stdout.write(
  `export vs miann (USER): ${rel(worstUser)}; UMAT via ABAQUSNL without rotation: ${rel(worstUmat)}; model vs CalculiX NEO HOOKE: ${pct(worstFit)}; work folder ${work}\n`,
);
if (!(worstUser <= 1e-5))
  fail(`the exported USER material differs from miann's model by ${pct(worstUser)} (> 0.001%)`);
if (!(worstUmat <= 1e-5))
  fail(`the exported UMAT (via ABAQUSNL) differs from miann's model by ${pct(worstUmat)} (> 0.001%)`);
if (!(worstFit < 0.05))
  fail(`the trained model differs from CalculiX's NEO HOOKE by ${pct(worstFit)} (> 5%): training failed`);
process.stdout.write("verify:calculix: passed\n");
