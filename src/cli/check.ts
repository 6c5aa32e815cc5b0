import { type Command, CommanderError } from "commander";
import { readNumericTable } from "../data/csv.js";
import { attachFastKernels } from "../kernels/attach.js";
import { checkGuarantees, type GuaranteeReport } from "../model/checks.js";
import { loadModel } from "../model/file.js";
import { located, UserError } from "../util/errors.js";
import { LIMITS } from "../util/limits.js";
import { addKernelOptions, type KernelCliOptions, parseKernelOptions } from "./kernel-options.js";

interface CheckCliOptions extends KernelCliOptions {
  data?: string;
  samples: number;
  seed: number;
  json: boolean;
}

function positiveInteger(name: string): (value: string) => number {
  return (value: string) => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < 0)
      throw new UserError(`option ${name}: expected an integer ≥ 0, got '${value}'`);
    if (v > LIMITS.samples)
      throw new UserError(`option ${name}: expected at most ${LIMITS.samples}, got '${value}'`);
    return v;
  };
}

function fmt(x: number | null): string {
  if (x === null) return "—";
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e6 ? String(Number(x.toPrecision(4))) : x.toExponential(2);
}

/** The pass/fail table of a guarantee report, as printed by `miann check`. */
export function formatGuaranteeReport(r: GuaranteeReport): string {
  const lines: string[] = [];
  lines.push(
    r.kind === "polyconvex"
      ? `${r.model} (d = ${r.dim}): ${r.points} given point(s), ${r.samples} random deformation(s) with det F from 0.2 to 20`
      : `${r.model} (d = ${r.dim}): ${r.points} given point(s), ${r.samples} random point(s) up to 10× the data range [${r.range
          .map((v) => fmt(v))
          .join(", ")}]`,
  );
  const rows: string[][] = [["", "guarantee", "result", "measure", "value", "limit"]];
  for (const g of r.guarantees) {
    const first = [g.id, g.title, g.pass ? "pass" : "FAIL"];
    if (g.measures.length === 0) rows.push([...first, "(by construction)", "", ""]);
    g.measures.forEach((m, i) => {
      const head = i === 0 ? first : ["", "", ""];
      const verdict = m.pass === false ? "  ✗" : "";
      rows.push([...head, m.name, fmt(m.value) + verdict, m.limit ?? ""]);
    });
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  for (const row of rows)
    lines.push(
      row
        .map((cell, c) => cell.padEnd(widths[c]))
        .join("  ")
        .trimEnd(),
    );
  lines.push("");
  for (const g of r.guarantees) {
    const worst = g.measures.find((m) => m.pass === false && m.at);
    lines.push(
      `${g.id}: ${g.note}${worst?.at ? `; worst at strain [${worst.at.map((v) => fmt(v)).join(", ")}]` : ""}`,
    );
  }
  lines.push(
    "",
    r.pass
      ? "all guarantees hold"
      : `FAILED: ${r.guarantees
          .filter((g) => !g.pass)
          .map((g) => g.id)
          .join(", ")}`,
  );
  return `${lines.join("\n")}\n`;
}

/** `miann check`: the guarantees C1–C4 of a model, numerically. */
export function registerCheck(program: Command): void {
  addKernelOptions(program.command("check"))
    .summary("check the guarantees (potential, objectivity, stability, zero state) of a model")
    .description(
      "Check the four guarantees of a model numerically (C1 potential, C2 objectivity, C3 material\n" +
        "stability, C4 zero state: s(0) = 0, W(0) = 0, W ≥ 0) at the data points and at random points\n" +
        "up to 10× the data range.\n" +
        "Prints a pass/fail table with the numbers; exits with code 1 when any guarantee fails.",
    )
    .argument("<model>", "model file (from train, demo or import)")
    .option("--data <file>", "CSV of strains (d columns) or of strain and stress (2d columns) to check at")
    .option("--samples <n>", "random points up to 10× the data range", positiveInteger("--samples"), 1000)
    .option("--seed <n>", "seed of the random points", positiveInteger("--seed"), 1)
    .option("--json", "print the report as JSON", false)
    .addHelpText(
      "after",
      `
Example:
  printf '{"inputDim":1,"hidden":[2],"params":{"W1":[[1],[-1]],"b1":[0,0],"layers":[],"qOut":[1,1],"A":[[0.1]],"alpha":1,"beta":2}}' > weights.json
  miann import weights.json -o toy1d-check.json
  miann check toy1d-check.json --samples 500`,
    )
    .action((modelPath: string, opts: CheckCliOptions) => {
      const { model } = loadModel(modelPath);
      const release = attachFastKernels(model, parseKernelOptions(opts));
      const d = model.dim;
      let points: Float64Array | undefined;
      let n = 0;
      if (opts.data) {
        const t = readNumericTable(opts.data);
        if (t.cols !== d && t.cols !== 2 * d) {
          throw new UserError(
            located(
              opts.data,
              t.rows > 0 ? t.lineOf(0) : 1,
              undefined,
              `expected ${d} strain columns (or ${2 * d}: strain then stress) for this d = ${d} model, got ${t.cols}`,
            ),
          );
        }
        n = t.rows;
        points = new Float64Array(n * d);
        for (let m = 0; m < n; m++) points.set(t.values.subarray(m * t.cols, m * t.cols + d), m * d);
      }
      const report = checkGuarantees(model, { points, n, samples: opts.samples, seed: opts.seed });
      release();
      process.stdout.write(
        opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatGuaranteeReport(report),
      );
      if (!report.pass) throw new CommanderError(1, "miann.check.failed", "a guarantee failed");
    });
}
