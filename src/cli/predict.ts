import type { Command } from "commander";
import { type NumericTable, readNumericTable, writeCsvAsync } from "../data/csv.js";
import type { TestMode } from "../data/dataset.js";
import { USER_TEST_MODES } from "../data/test-curves.js";
import { curvePoints, predictTest } from "../data/test-predict.js";
import { attachFastKernels } from "../kernels/attach.js";
import { loadModel } from "../model/file.js";
import { checkFiniteModel } from "../model/finite.js";
import { strainWarnings } from "../model/strain-warnings.js";
import { writeFileAtomic } from "../util/atomic.js";
import { located, UserError } from "../util/errors.js";
import { checkOutputPath } from "../util/output-path.js";
import { addKernelOptions, type KernelCliOptions, parseKernelOptions } from "./kernel-options.js";
import { parseNumber } from "./parse-options.js";

interface PredictOptions extends KernelCliOptions {
  output?: string;
  tangent: boolean;
  energy: boolean;
  force: boolean;
  test?: string;
  stretch?: string;
  lambda2?: string;
}

/** Column names of the prediction table (see the README, 'predict'). */
export function predictionColumns(
  strainNames: string[],
  d: number,
  tangent: boolean,
  energy: boolean,
): string[] {
  const names = [...strainNames];
  for (let i = 1; i <= d; i++) names.push(`S${i}`);
  if (tangent)
    for (let i = 1; i <= d; i++) for (let j = 1; j <= d; j++) names.push(`C${i}${d > 9 ? "_" : ""}${j}`);
  if (energy) names.push("W");
  return names;
}

function csvField(name: string): string {
  return /[",\n\r]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/** `miann predict`: evaluate a model on a CSV of strains. */
export function registerPredict(program: Command): void {
  addKernelOptions(program.command("predict"))
    .summary("stress (and tangent, energy) of a model at the strains of a CSV file")
    .description(
      "Evaluate a model on a CSV of strains (one row per point, d columns in miann's Voigt order:\n" +
        "E11,E22,2E12 for d = 3; E11,E22,E33,2E23,2E13,2E12 for d = 6). Writes a header row, then per row\n" +
        "the strain columns as given, the stress S1..Sd, with --tangent C11,C12,...,Cdd (row-major) and\n" +
        "with --energy W; every number in full float64 precision (shortest round-trip form).",
    )
    .argument("<model>", "model file (from train, demo or import)")
    .argument("[strains]", "CSV/TSV of strains, with or without a header row (not with --test)")
    .option("-o, --output <file>", "CSV file to write (default: standard output)")
    .option("--tangent", "also write the tangent dS/dE", false)
    .option("--energy", "also write the strain energy W (not for regression models)", false)
    .option("--force", "replace an existing output file", false)
    .option(
      "--test <mode>",
      "instead of strains: the model's curve in a test under its boundary conditions (uniaxial: S22 = 0 solved, so the sheet contracts as the model wants; equibiaxial; pure-shear: λ2 = 1; biaxial: --lambda2; simple-shear: γ)",
    )
    .option(
      "--stretch <from:to:step>",
      "stretches of --test (γ for simple shear), e.g. 1:7:0.1, or a list 1.1,1.5,2",
    )
    .option("--lambda2 <λ2>", "the fixed second stretch of a biaxial --test")
    .addHelpText(
      "after",
      `
Example:
  printf '{"inputDim":1,"hidden":[2],"params":{"W1":[[1],[-1]],"b1":[0,0],"layers":[],"qOut":[1,1],"A":[[0.1]],"alpha":1,"beta":2}}' > weights.json
  miann import weights.json -o toy1d.json
  printf 'E11\\n0.01\\n-0.02\\n0.5\\n' > strains.csv
  miann predict toy1d.json strains.csv -o out.csv --tangent --energy
  miann data generate --material ogden-membrane --tests uniaxial,equibiaxial,pure-shear -o rubber.csv
  miann train rubber.csv -o rubber.json
  miann predict --test uniaxial --stretch 1:7:0.1 rubber.json`,
    )
    .action(async (modelPath: string, strainsPath: string | undefined, opts: PredictOptions) => {
      if (opts.test !== undefined) {
        if (strainsPath !== undefined)
          throw new UserError("--test predicts a test curve; give no strains file with it");
        predictTestCurve(modelPath, opts);
        return;
      }
      if (strainsPath === undefined)
        throw new UserError("give a strains file, or --test <mode> --stretch <from:to:step>");
      const out = opts.output;
      if (out !== undefined) {
        checkOutputPath(out, {
          force: opts.force,
          inputs: [
            { path: strainsPath, what: "the strains file" },
            { path: modelPath, what: "the model" },
          ],
        });
      }
      const { model, file } = loadModel(modelPath);
      checkFiniteModel(model, modelPath);
      const d = model.dim;
      if (opts.energy && !model.hasEnergy) {
        throw new UserError(
          `${modelPath}: a ${model.spec.kind} model has no energy, so --energy is not available (it is for kinds miann and potential)`,
        );
      }
      const table = readNumericTable(strainsPath);
      const release = attachFastKernels(model, parseKernelOptions(opts, table.rows));
      if (table.cols !== d) {
        throw new UserError(
          located(
            strainsPath,
            table.rows > 0 ? table.lineOf(0) : 1,
            undefined,
            `expected ${d} strain columns for this d = ${d} model, got ${table.cols}${
              table.cols === 2 * d ? ` (a strain-stress data file? keep only its first ${d} columns)` : ""
            }`,
          ),
        );
      }
      const n = table.rows;
      const strain = table.values;
      const stress = new Float64Array(n * d);
      const tangent = opts.tangent ? new Float64Array(n * d * d) : undefined;
      const energy = opts.energy ? new Float64Array(n) : undefined;
      model.evaluate(strain, n, { stress, tangent, energy });
      release();
      // the strain scale D is the training data's max |x_k| for a trained model (not for imports)
      // (the polyconvex family scales its invariants, not the strain: no range check for it)
      const trained =
        file.training !== undefined && model.spec.kind !== "polyconvex"
          ? model.scaling.strainScale
          : undefined;
      for (const w of strainWarnings(strain, n, d, trained)) {
        process.stderr.write(`miann: warning: ${strainsPath}: ${w}\n`);
      }
      checkFiniteOutputs(strainsPath, table, d, stress, tangent, energy);
      const strainNames = table.hasHeader ? table.names : Array.from({ length: d }, (_, i) => `E${i + 1}`);
      const names = predictionColumns(strainNames, d, opts.tangent, opts.energy);
      const cols = names.length;
      const values = new Float64Array(n * cols);
      for (let m = 0; m < n; m++) {
        const o = m * cols;
        values.set(strain.subarray(m * d, m * d + d), o);
        values.set(stress.subarray(m * d, m * d + d), o + d);
        let c = o + 2 * d;
        if (tangent) {
          values.set(tangent.subarray(m * d * d, (m + 1) * d * d), c);
          c += d * d;
        }
        if (energy) values[c] = energy[m];
      }
      if (out) {
        await writeCsvAsync(out, names, values, cols, { replace: opts.force });
        return;
      }
      let chunk = `${names.map(csvField).join(",")}\n`;
      for (let m = 0; m < n; m++) {
        let line = "";
        for (let j = 0; j < cols; j++) {
          const v = values[m * cols + j];
          line += (j ? "," : "") + (Object.is(v, -0) ? "-0" : String(v));
        }
        chunk += `${line}\n`;
        if (chunk.length > 1 << 16) {
          process.stdout.write(chunk);
          chunk = "";
        }
      }
      process.stdout.write(chunk);
    });
}

/** `predict --test`: the model's nominal stress along a test under the test's boundary conditions */
function predictTestCurve(modelPath: string, opts: PredictOptions): void {
  const mode = opts.test as TestMode;
  if (!(USER_TEST_MODES as readonly string[]).includes(mode)) {
    throw new UserError(`--test: unknown test '${opts.test}'; expected one of ${USER_TEST_MODES.join(", ")}`);
  }
  if (opts.stretch === undefined) throw new UserError("--test needs --stretch, e.g. --stretch 1:7:0.1");
  const values = parseStretches(opts.stretch, mode === "simple-shear");
  let lambda2: number | undefined;
  if (mode === "biaxial") {
    if (opts.lambda2 === undefined)
      throw new UserError("a biaxial --test needs --lambda2 (the fixed second stretch)");
    lambda2 = parseNumber(opts.lambda2, "--lambda2", { positive: true });
  } else if (opts.lambda2 !== undefined) throw new UserError("--lambda2 is for a biaxial --test");
  const out = opts.output;
  if (out !== undefined)
    checkOutputPath(out, { force: opts.force, inputs: [{ path: modelPath, what: "the model" }] });
  const { model } = loadModel(modelPath);
  checkFiniteModel(model, modelPath);
  const release = attachFastKernels(model, parseKernelOptions(opts));
  let rows: string[];
  try {
    const pts = curvePoints(mode, values, lambda2);
    const r = predictTest(model, pts);
    const shear = mode === "simple-shear";
    rows = [shear ? "gamma,P12,P11,P22" : "lambda,lambda2,P11,P22"];
    pts.forEach((p, i) => {
      const v = shear
        ? [p.gamma as number, r[i].P12 as number, r[i].P11, r[i].P22]
        : [p.lambda1, r[i].lambda2, r[i].P11, r[i].P22];
      if (!v.every(Number.isFinite)) {
        throw new UserError(`${modelPath}: no finite ${mode} response at ${shear ? "γ" : "λ"} = ${v[0]}`);
      }
      rows.push(v.map(String).join(","));
    });
  } finally {
    release();
  }
  const text = `${rows.join("\n")}\n`;
  if (out) writeFileAtomic(out, text, { replace: opts.force });
  else process.stdout.write(text);
}

/** "1:7:0.1" (from, to, step; the end included to rounding) or "1.1,1.5,2" */
function parseStretches(value: string, shear: boolean): number[] {
  const what = shear ? "γ" : "stretch";
  const range = /^\s*([^:]+):([^:]+):([^:]+)\s*$/.exec(value);
  let out: number[];
  if (range) {
    const [a, b, h] = range.slice(1).map((v) => parseNumber(v, "--stretch"));
    if (!(h > 0) || b < a)
      throw new UserError(`--stretch: expected from:to:step with from ≤ to and step > 0, got "${value}"`);
    const count = Math.floor((b - a) / h + 1e-9) + 1;
    if (count > 100000) throw new UserError(`--stretch: ${count} points; at most 100000`);
    out = Array.from({ length: count }, (_, i) => Number((a + i * h).toPrecision(12)));
  } else out = value.split(",").map((v) => parseNumber(v, "--stretch"));
  for (const v of out) {
    if (!shear && !(v > 0)) throw new UserError(`--stretch: a ${what} must be > 0, got ${v}`);
  }
  return out;
}

/** The first row whose stress, tangent or energy is not finite is an error naming its line. */
function checkFiniteOutputs(
  path: string,
  table: NumericTable,
  d: number,
  stress: Float64Array,
  tangent: Float64Array | undefined,
  energy: Float64Array | undefined,
): void {
  for (let m = 0; m < table.rows; m++) {
    let ok = true;
    for (let k = 0; k < d && ok; k++) ok = Number.isFinite(stress[m * d + k]);
    if (tangent) for (let k = 0; k < d * d && ok; k++) ok = Number.isFinite(tangent[m * d * d + k]);
    if (energy && ok) ok = Number.isFinite(energy[m]);
    if (ok) continue;
    const at = Array.from(table.values.subarray(m * d, m * d + d)).join(", ");
    throw new UserError(
      located(
        path,
        table.lineOf(m),
        undefined,
        `the model gives a non-finite stress, tangent or energy at strain [${at}]; expected strains of the size the model was trained on, and real deformations (det(2E + I) > 0)`,
      ),
    );
  }
}
