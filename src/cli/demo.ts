import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type Command, Option } from "commander";
import { attachFastKernels } from "../kernels/attach.js";
import { loadModel } from "../model/file.js";
import type { ModelKind } from "../model/types.js";
import { type DemoResult, runDemo } from "../train/demo.js";
import { createProgressReporter, type ProgressReporter, progressMode } from "../train/progress.js";
import { alignColumns, formatNumber, formatPercent } from "../train/summary.js";
import { writeFileAtomic } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import { LIMITS } from "../util/limits.js";
import { checkOutputPath } from "../util/output-path.js";
import { addKernelOptions, type KernelCliOptions, parseKernelOptions } from "./kernel-options.js";
import { parseInteger } from "./parse-options.js";

interface DemoCliOptions extends KernelCliOptions {
  output: string;
  samples?: string;
  seed: string;
  epochs?: string;
  quick?: boolean;
  quiet?: boolean;
  json?: boolean;
  force?: boolean;
}

export function registerDemo(program: Command): void {
  addKernelOptions(program.command("demo"))
    .summary("train miann, potential and regression models on the built-in fabric data and compare them")
    .description(
      "The paper's comparison on the built-in woven-fabric data (5000 noise-free samples, mixed\n" +
        "loading paths): the same trainer fits the mechanics-informed convex model (miann), an\n" +
        "unconstrained energy network (potential) and a plain strain→stress network (regression), then\n" +
        "prints per model the test error, the error on larger strains than any seen in training, the\n" +
        "stress at zero strain, the smallest tangent eigenvalue over a wide strain grid, and whether\n" +
        'each guarantee holds (docs/theory.md, section "The guarantees and how check tests them").\n' +
        "Writes data.csv, extrapolation.csv, the three models,\n" +
        "summary.json and report.html (the HTML report of the three models) into the output folder,\n" +
        "and .miann-demo.json, their checksums: files of those names are replaced only when an earlier\n" +
        "demo wrote them and they are unchanged (or with --force).",
    )
    .addOption(new Option("-o, --output <dir>", "output folder").default("miann-demo"))
    // no commander default: it would hide --quick's 1000 from runDemo
    .option("--samples <n>", "rows of generated training data (default: 5000, --quick: 1000)")
    .option("--seed <s>", "seed of the data, the split and the initial parameters", "1")
    .option("--epochs <n>", "epochs per model (default: 400, --quick: 60)")
    .option("--quick", "a smoke run: 1000 samples and 60 epochs (the accuracy claims need the full run)")
    .option("--quiet", "print only the tables")
    .option("--json", "print the result as one JSON object")
    .option("--force", "replace files of the demo's names in the folder that an earlier demo did not write")
    .addHelpText("after", "\nExamples:\n  miann demo\n  miann demo --quick -o /tmp/miann-demo")
    .action(async (opts: DemoCliOptions) => {
      checkOutputPath(opts.output, { kind: "folder", option: "-o" });
      checkDemoFolder(opts.output, opts.force === true);
      const kernels = parseKernelOptions(opts);
      const threads = kernels.threads;
      const mode = progressMode(opts);
      let reporter: ProgressReporter | undefined;
      const result = runDemo({
        dir: opts.output,
        samples:
          opts.samples !== undefined
            ? parseInteger(opts.samples, "--samples", 50, LIMITS.samples)
            : undefined,
        seed: parseInteger(opts.seed, "--seed", 0),
        epochs: opts.epochs !== undefined ? parseInteger(opts.epochs, "--epochs", 1) : undefined,
        quick: opts.quick,
        threads,
        attachKernels: (model) => attachFastKernels(model, kernels),
        onModelStart: (kind) => {
          reporter?.stop();
          reporter = createProgressReporter(mode === "json" ? "quiet" : mode, kind);
          const r = reporter;
          return (p) => r.update(p);
        },
        onEvent: (_kind, message) => reporter?.event(message),
      });
      reporter?.stop();
      await finishDemo(result, { json: mode === "json" });
    });
}

/** one row per model: the numbers that tell the three models apart */
export function demoSummary(result: DemoResult) {
  return result.models.map((m) => ({
    kind: m.kind as ModelKind,
    file: m.file,
    seconds: m.training.seconds,
    epochs: m.training.epochs,
    testRelRmse: m.test,
    extrapolationRelRmse: m.extrapolation,
    stressAtZero: m.stressAtZero,
    minTangentEigenvalue: m.minTangentEigenvalue,
    tangentAsymmetry: m.asymmetry,
    guarantees: Object.fromEntries(m.guarantees.guarantees.map((g) => [g.id, g.pass])),
  }));
}

export function formatDemoTables(result: DemoResult): string {
  const names = result.data.names?.stress ?? Array.from({ length: result.data.dim }, (_, k) => `s${k + 1}`);
  const err: string[][] = [
    ["model", ...names.map((n) => `test ${n}`), ...names.map((n) => `extrap. ${n}`), "train time"],
  ];
  const mech: string[][] = [["model", "|s(0)|", "min eig C (grid)", "asym. C", "C1", "C2", "C3", "C4"]];
  for (const m of result.models) {
    err.push([
      m.kind,
      ...m.test.map(formatPercent),
      ...m.extrapolation.map(formatPercent),
      `${m.training.seconds.toFixed(1)} s`,
    ]);
    const verdict = (id: string) => {
      const g = m.guarantees.guarantees.find((x) => x.id === id);
      return g ? (g.pass ? "pass" : "FAIL") : "n/a";
    };
    mech.push([
      m.kind,
      formatNumber(m.stressAtZero),
      formatNumber(m.minTangentEigenvalue),
      m.asymmetry.toExponential(1),
      verdict("C1"),
      verdict("C2"),
      verdict("C3"),
      verdict("C4"),
    ]);
  }
  const [lo, hi] = result.bands.extrapolation;
  const grid = result.gridRange.map((r) => `±${formatNumber(r)}`).join(", ");
  return [
    `RMSE/σ per stress component (σ of the training split): test split, and extrapolation to strain amplitudes ${lo}–${hi} (training data reach ${result.bands.train[1]})`,
    alignColumns(err),
    "",
    `mechanics: stress at zero strain, smallest eigenvalue of the tangent's symmetric part on a grid over ${grid} (3× the data), tangent asymmetry |C−Cᵀ|/(√2|C|), and the guarantees C1 potential, C2 objectivity, C3 stability, C4 zero state s(0)=0, W(0)=0, W≥0 (checkGuarantees)`,
    alignColumns(mech),
  ].join("\n");
}

/**
 * The end of the demo: writes summary.json and the HTML report (report.html) beside the models,
 * then prints the tables (or the JSON) and lists what was written.
 */
export async function finishDemo(result: DemoResult, options: { json?: boolean } = {}): Promise<void> {
  const summary = {
    seconds: result.seconds,
    samples: result.data.n,
    bands: result.bands,
    models: demoSummary(result),
  };
  const summaryFile = join(result.dir, "summary.json");
  writeFileAtomic(summaryFile, `${JSON.stringify(summary, null, 1)}\n`);
  result.files.push(summaryFile);
  // vega is loaded only here, so that the other commands start fast
  const { writeReport } = await import("../report/index.js");
  const report = await writeReport({
    models: result.models.map((m) => ({ ...loadModel(m.file), path: m.file })),
    data: result.data,
    guarantees: result.models.map((m) => m.guarantees),
    out: join(result.dir, "report.html"),
    overwrite: true,
  });
  result.files.push(report.path);
  writeDemoManifest(result.dir, result.files);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...summary, files: result.files })}\n`);
    return;
  }
  process.stdout.write(
    `${formatDemoTables(result)}\n\ndemo finished in ${result.seconds.toFixed(1)} s; wrote ${result.files.join(", ")}\n` +
      `open the report: ${report.path}\n`,
  );
}

/** the files a demo writes into its folder (src/train/demo.ts and finishDemo) */
const DEMO_FILES = [
  "data.csv",
  "extrapolation.csv",
  "miann.json",
  "potential.json",
  "regression.json",
  "summary.json",
  "report.html",
];
const MANIFEST = ".miann-demo.json";

function sha256(path: string): string | undefined {
  try {
    return createHash("sha256").update(readFileSync(path)).digest("hex");
  } catch {
    return undefined;
  }
}

/**
 * A file of a demo's name in the folder is replaced only when the manifest of an earlier demo lists
 * it with its current checksum (written by a demo, not edited since), or with --force.
 */
function checkDemoFolder(dir: string, force: boolean): void {
  if (force || !existsSync(dir)) return;
  let recorded: Record<string, string> = {};
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), "utf8")) as {
      files?: Record<string, string>;
    };
    if (manifest && typeof manifest.files === "object" && manifest.files !== null) recorded = manifest.files;
  } catch {
    // no manifest (or not ours): every existing file of a demo's name is the user's
  }
  for (const name of DEMO_FILES) {
    const path = join(dir, name);
    if (!existsSync(path)) continue;
    if (recorded[name] !== undefined && recorded[name] === sha256(path)) continue;
    throw new UserError(
      `${path}: exists and was not written by an earlier demo (or was changed since); choose another -o folder or pass --force to replace it`,
    );
  }
}

function writeDemoManifest(dir: string, files: string[]): void {
  const entries: Record<string, string> = {};
  for (const file of files) {
    const name = basename(file);
    const hash = sha256(file);
    if (DEMO_FILES.includes(name) && hash !== undefined) entries[name] = hash;
  }
  writeFileAtomic(
    join(dir, MANIFEST),
    `${JSON.stringify({ format: "miann-demo", files: entries }, null, 1)}\n`,
  );
}
