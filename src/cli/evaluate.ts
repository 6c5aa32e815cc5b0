import type { Command } from "commander";
import { attachFastKernels } from "../kernels/attach.js";
import { loadModel } from "../model/file.js";
import { type Evaluation, evaluateOnData } from "../train/evaluate.js";
import { writeFileAtomic } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import { checkOutputPath } from "../util/output-path.js";
import { addKernelOptions, type KernelCliOptions, parseKernelOptions } from "./kernel-options.js";
import { addFactorOptions, type DataCliOptions, parseTestOption, readCliData } from "./read-data.js";

interface EvaluateCli extends KernelCliOptions, DataCliOptions {
  test?: string[];
  output?: string;
  json?: boolean;
  force?: boolean;
}

/** `miann evaluate model.json data`: a model's error on a data set (pairs or test curves). */
export function registerEvaluate(program: Command): void {
  const cmd = addKernelOptions(program.command("evaluate"))
    .summary("a model's error on a data set: per component, and per test under its own boundary conditions")
    .description(
      "Measure a model on strain-stress pairs or test curves: per stress component RMSE, RMSE/σ (σ of\n" +
        "these data) and R² over the known entries (an empty field is unknown); for test curves each\n" +
        "test is predicted under its own boundary conditions (uniaxial: S22 = 0 solved by Newton with\n" +
        "the model's tangent, pure shear: λ2 = 1, equibiaxial and biaxial: both stretches imposed) and\n" +
        "the RMSE and R² of the nominal stress are given per mode. R² is unclipped: 1 − SS_res/SS_tot.",
    )
    .argument("<model>", "model file (from train, demo or import)")
    .argument(
      "<data...>",
      "strain-stress pairs, or test curves (a 'test' column, or one file per test with --test)",
    )
    .option(
      "--test <mode>",
      "the test of each data file (comma-separated, in file order)",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option("--strain <cols>", "strain columns of pair data, e.g. 1-3 or E11,E22,G12")
    .option("--stress <cols>", "stress columns of pair data, e.g. 4-6 or S11,S22,S12")
    .option("--shear <convention>", "the file's shear strain columns: engineering (2E12) or tensor (E12)")
    .option("--delimiter <d>", "CSV field delimiter: ',', ';', tab or space (default: sniffed)");
  addFactorOptions(cmd)
    .option(
      "-o, --output <file>",
      "write the test-curve predictions as CSV: test, curve, lambda, P, P_model, lambda2_model",
    )
    .option("--json", "print the evaluation as JSON")
    .option("--force", "replace an existing output file")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  miann data generate --material ogden-membrane --tests uniaxial,equibiaxial,pure-shear -o rubber.csv\n" +
        "  miann train rubber.csv -o rubber.json\n" +
        "  miann evaluate rubber.json rubber.csv -o predictions.csv\n" +
        "  miann data generate --max-strain 0.06 -o near.csv && miann data generate --min-strain 0.06 -o far.csv\n" +
        "  miann train near.csv -o near.json && miann evaluate near.json far.csv --json",
    )
    .action((modelPath: string, dataPaths: string[], opts: EvaluateCli) => {
      const out = opts.output;
      if (out !== undefined) {
        checkOutputPath(out, {
          force: opts.force === true,
          inputs: [
            { path: modelPath, what: "the model" },
            ...dataPaths.map((path) => ({ path, what: "the data" })),
          ],
        });
      }
      const { modes, fraction } = parseTestOption(opts.test);
      if (fraction !== undefined) throw new UserError(`--test: expected a test mode, got '${fraction}'`);
      const { model } = loadModel(modelPath);
      const { data, warnings } = readCliData(dataPaths, opts, modes);
      for (const w of warnings) process.stderr.write(`miann: warning: ${w}\n`);
      if (data.dim !== model.dim) {
        throw new UserError(
          `${dataPaths.join(" ")}: the data have d = ${data.dim}, the model ${modelPath} d = ${model.dim}`,
        );
      }
      if (out && !data.tests)
        throw new UserError("-o writes test-curve predictions; these data are strain-stress pairs");
      const release = attachFastKernels(model, parseKernelOptions(opts));
      let ev: Evaluation;
      try {
        ev = evaluateOnData(model, data);
      } finally {
        release();
      }
      if (out && ev.predictions) writeFileAtomic(out, predictionsCsv(ev), { replace: opts.force === true });
      if (opts.json) {
        process.stdout.write(
          `${JSON.stringify({ model: modelPath, data: dataPaths, r2: "unclipped: 1 - SS_res/SS_tot", ...ev, predictions: undefined })}\n`,
        );
        return;
      }
      process.stdout.write(formatEvaluation(ev, modelPath, dataPaths.join(" "), out));
    });
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toPrecision(4) : v.toExponential(3);
}

function formatEvaluation(ev: Evaluation, model: string, data: string, out?: string): string {
  const lines = [`${model} on ${data}: ${ev.rows} rows`, ""];
  lines.push(`${"component".padEnd(10)}${"RMSE".padStart(12)}${"RMSE/σ".padStart(10)}${"R²".padStart(10)}`);
  ev.names.forEach((name, k) => {
    const rel = ev.components.relRmse[k];
    lines.push(
      `${name.padEnd(10)}${fmt(ev.components.rmse[k]).padStart(12)}${(Number.isFinite(rel) ? `${(100 * rel).toFixed(2)}%` : "n/a").padStart(10)}${(Number.isFinite(ev.components.r2[k]) ? ev.components.r2[k].toFixed(6) : "n/a").padStart(10)}`,
    );
  });
  if (ev.tests) {
    lines.push(
      "",
      "each test under its own boundary conditions (nominal stress; R² unclipped, 1 − SS_res/SS_tot):",
    );
    lines.push(
      `${"test".padEnd(14)}${"measured".padEnd(10)}${"points".padStart(7)}${"RMSE".padStart(12)}${"R²".padStart(11)}`,
    );
    for (const t of ev.tests) {
      lines.push(
        `${t.mode.padEnd(14)}${t.quantity.padEnd(10)}${String(t.count).padStart(7)}${fmt(t.rmse).padStart(12)}${(Number.isFinite(t.r2) ? t.r2.toFixed(6) : "n/a").padStart(11)}${t.unsolved > 0 ? `  (${t.unsolved} points unsolved: no state with S22 = S12 = 0 found for this model; left out)` : ""}`,
      );
    }
  }
  if (out) lines.push("", `wrote ${out}`);
  return `${lines.join("\n")}\n`;
}

function predictionsCsv(ev: Evaluation): string {
  const p = ev.predictions ?? [];
  const with22 = p.some((r) => r.measured22 !== undefined);
  const header = [
    "test",
    "curve",
    "lambda",
    "P",
    "P_model",
    "lambda2_model",
    ...(with22 ? ["P22", "P22_model"] : []),
  ];
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  // an unsolved point (no boundary-value solution for this model) is an empty field, never NaN
  const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? "" : String(v));
  const rows = p.map((r) =>
    [
      r.mode,
      q(r.curve),
      num(r.lambda),
      num(r.measured),
      num(r.predicted),
      num(r.lambda2),
      ...(with22 ? [num(r.measured22), num(r.predicted22)] : []),
    ].join(","),
  );
  return `${[header.join(","), ...rows].join("\n")}\n`;
}
