import type { Command } from "commander";
import { type NumericTable, readNumericTable, writeCsvAsync } from "../data/csv.js";
import { attachFastKernels } from "../kernels/attach.js";
import { loadModel } from "../model/file.js";
import { checkFiniteModel } from "../model/finite.js";
import { located, UserError } from "../util/errors.js";
import { checkOutputPath } from "../util/output-path.js";
import { addKernelOptions, type KernelCliOptions, parseKernelOptions } from "./kernel-options.js";

interface PredictOptions extends KernelCliOptions {
  output?: string;
  tangent: boolean;
  energy: boolean;
  force: boolean;
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
    .argument("<strains>", "CSV/TSV of strains, with or without a header row")
    .option("-o, --output <file>", "CSV file to write (default: standard output)")
    .option("--tangent", "also write the tangent dS/dE", false)
    .option("--energy", "also write the strain energy W (not for regression models)", false)
    .option("--force", "replace an existing output file", false)
    .addHelpText(
      "after",
      `
Example:
  printf '{"inputDim":1,"hidden":[2],"params":{"W1":[[1],[-1]],"b1":[0,0],"layers":[],"qOut":[1,1],"A":[[0.1]],"alpha":1,"beta":2}}' > weights.json
  miann import weights.json -o model.json
  printf 'E11\\n0.01\\n-0.02\\n0.5\\n' > strains.csv
  miann predict model.json strains.csv -o out.csv --tangent --energy`,
    )
    .action(async (modelPath: string, strainsPath: string, opts: PredictOptions) => {
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
      const { model } = loadModel(modelPath);
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
        `the model gives a non-finite stress, tangent or energy at strain [${at}]; expected strains of the size the model was trained on`,
      ),
    );
  }
}
