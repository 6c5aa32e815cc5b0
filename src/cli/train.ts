import { tmpdir } from "node:os";
import { basename, dirname, extname, join } from "node:path";
import { type Command, CommanderError, Option } from "commander";
import { datasetInfo } from "../data/info.js";
import { attachFastKernels } from "../kernels/attach.js";
import { createModel } from "../model/create.js";
import { familyOf } from "../model/families/index.js";
import { modelToFile } from "../model/file-format.js";
import { saveModel } from "../model/save-model.js";
import type { Model, ModelKind, ModelSpec, ModelVariant } from "../model/types.js";
import { loadCheckpoint, saveCheckpoint, type TrainerCheckpoint } from "../train/checkpoint.js";
import { createProgressReporter, progressMode } from "../train/progress.js";
import { trainWithRestarts } from "../train/restarts.js";
import { formatDiagnostic, formatMetricsTable } from "../train/summary.js";
import {
  ADAM_BETA2,
  type OptimizerKind,
  type TrainOptions,
  type TrainResult,
  trainAsync,
} from "../train/trainer.js";
import { UserError } from "../util/errors.js";
import { LIMITS } from "../util/limits.js";
import { checkOutputPath, freshPath, samePath } from "../util/output-path.js";
import { addKernelOptions, type KernelCliOptions, parseKernelOptions } from "./kernel-options.js";
import { parseHidden, parseInteger, parseNumber } from "./parse-options.js";
import { parseTestOption, readCliData } from "./read-data.js";

interface TrainCliOptions extends KernelCliOptions {
  output: string;
  name?: string;
  model: ModelKind;
  variant?: ModelVariant;
  norms: boolean;
  hidden: string;
  optimizer?: OptimizerKind;
  epochs?: string;
  lr?: string;
  lrHold?: string;
  adamBeta2?: string;
  batch?: string;
  seed: string;
  val?: string;
  test?: string[];
  restarts: string;
  strainFactor?: string;
  stressFactor?: string;
  patience?: string;
  checkpoint?: string;
  checkpointEvery?: string;
  resume?: string;
  strain?: string;
  stress?: string;
  shear?: "engineering" | "tensor";
  delimiter?: string;
  quiet?: boolean;
  json?: boolean;
  force?: boolean;
}

export function registerTrain(program: Command): void {
  addKernelOptions(program.command("train"))
    .summary("train a model (miann, potential, regression or polyconvex) on strain-stress data")
    .description(
      "Train a material model on a CSV of strain and stress (Voigt order: docs/theory.md, section\n" +
        '"Conventions"): the\n' +
        "rows are split 70/15/15 into train/validation/test by the seed (test curves and data under\n" +
        "300 rows: every row trains unless --val/--test ask), the loss is normalised by\n" +
        "the training σ of each stress component, and the parameters with the best validation loss\n" +
        "are kept. Prints the error per component and split, and the quadratic-term diagnostic.",
    )
    .argument(
      "<data...>",
      "CSV/TSV/JSON: d strain columns then d stress columns (see --strain/--stress); or test curves (stretch, nominal stress), one file per test with --test, or one file with a 'test' column",
    )
    .requiredOption("-o, --output <file>", "where to write the trained model (JSON)")
    .addOption(
      new Option("--model <kind>", "model kind")
        .choices(["miann", "potential", "regression", "polyconvex"])
        .default("miann"),
    )
    .addOption(
      new Option(
        "--variant <name>",
        "polyconvex only: compressible (6 strain columns) or membrane (3, incompressible); default from the data",
      ).choices(["compressible", "membrane"]),
    )
    .option(
      "--no-norms",
      "polyconvex only: leave out the inputs ‖F‖ and ‖cof F‖ (keep I1, I2, J only; they cannot follow Ogden rubber)",
    )
    .option("--hidden <widths>", "hidden layer widths (polyconvex default: 8,8)", "16,16,8")
    .addOption(
      new Option(
        "--optimizer <name>",
        "optimiser: Adam, L-BFGS, or Adam then L-BFGS (default: adam for miann on 300 rows or more, else adam+lbfgs)",
      ).choices(["adam", "lbfgs", "adam+lbfgs"]),
    )
    .option(
      "--epochs <n>",
      "epochs (Adam) plus iterations (L-BFGS) in total (default: 220 for miann on 300 rows or more; polyconvex 2000, half Adam; else 600, three quarters Adam)",
    )
    .option("--lr <x>", "Adam's initial learning rate, cosine-decayed (default: 0.02)")
    .option(
      "--lr-hold <fraction>",
      "fraction of the Adam epochs at --lr before the cosine decay starts (default: 0.3 for miann on 300 rows or more, else 0)",
    )
    .option(
      "--adam-beta2 <b>",
      "Adam's second-moment decay β₂ (default: 0.98 for miann on 300 rows or more, else 0.999)",
    )
    .option(
      "--batch <n>",
      "mini-batch size for Adam; 0 = full batch (default: 48 for miann on 300 rows or more, else 64)",
    )
    .option("--seed <s>", "seed of the initial parameters, the split and the batch order", "1")
    .option(
      "--val <fraction>",
      "validation fraction (default: 0.15; 0 — every row trains — for test curves and data under 300 rows)",
    )
    .option(
      "--test <fraction|mode>",
      "held-out test fraction (default as --val); or the test of each data file: uniaxial, equibiaxial, pure-shear, biaxial, simple-shear (comma-separated, in file order; repeatable)",
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option(
      "--restarts <k>",
      "train with k seeds (seed, seed+1, ...) and keep the lowest final training loss",
      "1",
    )
    .option(
      "--patience <n>",
      "stop after n epochs without a better validation loss (default: epochs/4, ≥ 200)",
    )
    .option("--checkpoint <file>", "write a checkpoint here every --checkpoint-every epochs and on Ctrl-C")
    .option("--checkpoint-every <k>", "epochs between checkpoints (default: 100)")
    .option("--resume <file>", "continue a run from its checkpoint (same data and settings)")
    .option("--strain <cols>", "strain columns, 1-based or header names, e.g. 1-3 or E11,E22,G12")
    .option("--stress <cols>", "stress columns, e.g. 4-6 or S11,S22,S12")
    .option("--delimiter <d>", "CSV field delimiter: ',', ';', tab or space (default: sniffed)")
    .option(
      "--strain-factor <f>",
      "multiply strains by f (e.g. 0.01 for %); for test curves an engineering-strain column (λ = 1 + fε)",
    )
    .option("--stress-factor <f>", "multiply stresses by f (e.g. 1e6 for MPa to Pa, 1e-3 for kPa to MPa)")
    .addOption(
      new Option("--shear <convention>", "shear strain columns hold engineering (2E12) or tensor (E12) shear")
        .choices(["engineering", "tensor"])
        .default("engineering"),
    )
    .option("--name <name>", "model name stored in the file (default: the output file name without .json)")
    .option("--quiet", "print only the final summary")
    .option("--json", "machine-readable output: one JSON object per line on stdout")
    .option("--force", "replace an existing output (and --checkpoint) file")
    .addHelpText(
      "after",
      "\nExamples:\n" +
        "  miann data generate -o data.csv            # the built-in fabric data, if you have none\n" +
        "  miann train data.csv -o model.json\n" +
        "  miann train data.csv --model regression --epochs 500 -o regression.json --force\n" +
        "  miann train rubber.csv --model polyconvex -o rubber.json   # invariants; d = 3 membrane, 6 compressible\n" +
        "  miann train data.csv --checkpoint run.ckpt -o run.json     # Ctrl-C, then:\n" +
        "  miann train data.csv --resume run.ckpt -o run.json\n" +
        "  miann data generate --material ogden-membrane --tests uniaxial,equibiaxial,pure-shear -o rubber.csv\n" +
        "  miann train rubber.csv --restarts 3 -o rubber.json    # test curves: every row trains\n" +
        "  miann train ut.csv eb.csv --test uniaxial,equibiaxial --stress-factor 1e-3 -o lab.json  # a file per test, kPa",
    )
    .action(async (dataPaths: string[], opts: TrainCliOptions, command: Command) => {
      const code = await runTrain(dataPaths, opts, command);
      // main.ts returns a CommanderError's exit code as is (the message is already printed)
      if (code !== 0) throw new CommanderError(code, "miann.interrupted", "interrupted");
    });
}

async function runTrain(dataPaths: string[], opts: TrainCliOptions, command: Command): Promise<number> {
  const output = opts.output;
  const dataPath = dataPaths.join(" ");
  const force = opts.force === true;
  const dataInputs = dataPaths.map((path) => ({ path, what: "the training data" }));
  checkOutputPath(output, {
    force,
    inputs: [
      ...dataInputs,
      { path: opts.resume, what: "the checkpoint to resume" },
      { path: opts.checkpoint, what: "the --checkpoint file" },
    ],
  });
  // --checkpoint: never the data or the model, and an existing file only if it is the --resume one
  const resumingInPlace =
    opts.checkpoint !== undefined && opts.resume !== undefined && samePath(opts.checkpoint, opts.resume);
  if (opts.checkpoint !== undefined) {
    checkOutputPath(opts.checkpoint, {
      force,
      mayExist: resumingInPlace,
      option: "--checkpoint",
      inputs: [...dataInputs, { path: output, what: "the -o output" }],
    });
  }
  if (opts.resume !== undefined && dataPaths.some((p) => samePath(opts.resume!, p)))
    throw new UserError(`${opts.resume}: is the training data, not a checkpoint`);
  const testOption = parseTestOption(opts.test);
  const explicit = (name: string): boolean => command.getOptionValueSource(name) === "cli";
  const resume: TrainerCheckpoint | undefined = opts.resume ? loadCheckpoint(opts.resume) : undefined;
  const { data, warnings: readerWarnings } = readCliData(dataPaths, opts, testOption.modes);
  if (data.dim > LIMITS.inputDim) {
    throw new UserError(
      `${dataPath}: ${data.dim} strain components; a model has at most ${LIMITS.inputDim} (choose the columns with --strain and --stress)`,
    );
  }

  // what `data info` would warn about (strains in %, tensor shear, inadmissible rows, extra
  // columns): said before the work starts, and kept with the model
  const dataWarnings = [...readerWarnings, ...(data.tests ? [] : datasetInfo(data).warnings)];
  for (const w of dataWarnings) {
    if (opts.json) process.stdout.write(`${JSON.stringify({ type: "warning", message: w })}\n`);
    else process.stderr.write(`miann: warning: ${dataPath}: ${w}\n`);
  }

  // on --resume the checkpoint's settings are the defaults; an explicit different option is an error
  const from = resume?.settings ?? {};
  const pick = <T>(name: string, cli: T | undefined, key: string, parse: (v: T) => unknown): unknown => {
    if (cli !== undefined && (explicit(name) || !resume)) return parse(cli);
    return from[key];
  };
  const kind = (resume && !explicit("model") ? resume.spec.kind : opts.model) as ModelKind;
  const familyHidden = familyOf(kind)?.training?.hidden;
  const hidden =
    resume && !explicit("hidden")
      ? resume.spec.hidden
      : !explicit("hidden") && familyHidden
        ? [...familyHidden]
        : parseHidden(opts.hidden, "--hidden");
  const kernels = parseKernelOptions(opts);
  const options: TrainOptions = {
    // a family with measured defaults of its own (polyconvex) takes them unless the option is given
    optimizer: (!resume && !explicit("optimizer") && familyOf(kind)?.training?.optimizer
      ? familyOf(kind)?.training?.optimizer
      : pick("optimizer", opts.optimizer, "optimizer", (v) => v)) as OptimizerKind,
    epochs: pick("epochs", opts.epochs, "epochs", (v) => parseInteger(v, "--epochs", 1)) as
      | number
      | undefined,
    lr: pick("lr", opts.lr, "lr", (v) => parseNumber(v, "--lr", { positive: true })) as number | undefined,
    lrHold: pick("lrHold", opts.lrHold, "lrHold", (v) =>
      parseNumber(v, "--lr-hold", { min: 0, max: 0.99 }),
    ) as number | undefined,
    adamBeta2: pick("adamBeta2", opts.adamBeta2, "adamBeta2", (v) =>
      parseNumber(v, "--adam-beta2", { positive: true, max: 0.9999 }),
    ) as number | undefined,
    batch: pick("batch", opts.batch, "batch", (v) => parseInteger(v, "--batch", 0)) as number | undefined,
    seed: pick("seed", opts.seed, "seed", (v) => parseInteger(v, "--seed", 0)) as number,
    val: pick("val", opts.val, "val", (v) => parseNumber(v, "--val", { min: 0, max: 0.99 })) as number,
    test: (testOption.fraction !== undefined || !resume
      ? testOption.fraction !== undefined
        ? parseNumber(testOption.fraction, "--test", { min: 0, max: 0.99 })
        : undefined
      : from.test) as number,
    patience: pick("patience", opts.patience, "patience", (v) => parseInteger(v, "--patience", 1)) as
      | number
      | undefined,
    threads: kernels.threads,
    dataInfo: {
      file: dataPaths.map((p) => basename(p)).join(","),
      rows: data.n,
      source: data.source,
      material: data.material,
      ...(data.materialParams !== undefined ? { materialParams: data.materialParams } : {}),
      ...(dataWarnings.length > 0 ? { warnings: dataWarnings } : {}),
    },
  };
  if (resume) {
    const s = resume.settings;
    options.schedule = s.schedule as TrainOptions["schedule"];
    options.minLr = s.minLr as number;
    options.lbfgsMemory = s.lbfgsMemory as number;
    // a checkpoint without them was made with β₂ 0.999 and no hold (the only recipe before they existed)
    if (!explicit("lrHold")) options.lrHold = (s.lrHold as number | undefined) ?? 0;
    if (!explicit("adamBeta2")) options.adamBeta2 = (s.adamBeta2 as number | undefined) ?? ADAM_BETA2;
    options.adamFraction = (s.adamEpochs as number) / (s.epochs as number);
    if (!explicit("epochs")) options.epochs = s.epochs as number;
    options.resume = resume;
  }
  const seed = options.seed ?? 1;
  const restarts = parseInteger(opts.restarts, "--restarts", 1);
  if (restarts > 1 && resume) throw new UserError("--restarts cannot be combined with --resume");
  if (resume && (resume.spec.kind !== kind || resume.spec.hidden.join(",") !== hidden.join(","))) {
    throw new UserError(
      `${opts.resume}: the checkpoint is a ${resume.spec.kind} ${resume.spec.hidden.join("-")} model, not ${kind} ${hidden.join("-")}`,
    );
  }
  if (!resume && opts.variant !== undefined && kind !== "polyconvex") {
    throw new UserError(`--variant applies to --model polyconvex only (got --model ${kind})`);
  }
  const spec: ModelSpec = resume ? resume.spec : { kind, inputDim: data.dim, hidden };
  if (!resume && opts.variant !== undefined) spec.variant = opts.variant;
  if (!resume && kind === "polyconvex" && opts.norms && familyOf(kind).training?.norms) spec.norms = true;
  // the family's scaling (the polyconvex family keeps strains physical and scales its invariants)
  const family = familyOf(spec.kind);
  if (!resume) family.validate(spec);
  const scaling = resume
    ? resume.scaling
    : prefixed(dataPath, () => family.scalingFromData(spec, data.strain, data.stress, data.n, data.mask));
  const releases: (() => void)[] = [];
  let model: Model | undefined;
  const makeModel = (s: number): Model => {
    model = resume
      ? prefixed(opts.resume!, () =>
          createModel(resume.spec, { seed: s, scaling, params: Float64Array.from(resume.params) }),
        )
      : createModel(spec, { seed: s, scaling });
    releases.push(attachFastKernels(model, kernels));
    return model;
  };

  // the name exports use (C identifiers, UMAT comments): "fabric" for -o fabric.json, not "fabric.json"
  const modelName = opts.name ?? basename(output, extname(output));
  const mode = progressMode(opts);
  const reporter = createProgressReporter(mode);
  const signal = { aborted: false };
  // without --checkpoint or --resume, only an interruption writes one: to <output>.ckpt, or to a
  // fresh name beside it when that exists (chosen when it is written, and named in the message)
  const implicit = opts.checkpoint === undefined && opts.resume === undefined;
  let checkpointPath = opts.checkpoint ?? opts.resume ?? `${output}.ckpt`;
  // an existing file is replaced only when it is the checkpoint this run resumes, --force, or our own
  let replaceCheckpoint =
    force || resumingInPlace || (opts.checkpoint === undefined && opts.resume !== undefined);
  const every =
    opts.checkpointEvery !== undefined ? parseInteger(opts.checkpointEvery, "--checkpoint-every", 1) : 100;
  options.onProgress = (p) => reporter.update(p);
  options.onEvent = (e) => reporter.event(e);
  options.onCheckpoint = (ck) => {
    if (model) ck.model = modelToFile(model, { name: modelName });
    if (implicit && !replaceCheckpoint) checkpointPath = freshPath(checkpointPath);
    try {
      saveCheckpoint(checkpointPath, ck, { replace: replaceCheckpoint });
    } catch (err) {
      // a periodic checkpoint that cannot be written must not end the run: say so and go on
      if (signal.aborted || !(err instanceof UserError)) throw err;
      reporter.event(`warning: ${err.message}; training continues without this checkpoint`);
      return;
    }
    replaceCheckpoint = true;
  };
  if (opts.checkpoint === undefined) {
    // without --checkpoint, only Ctrl-C writes one
    options.checkpointEvery = 0;
  } else options.checkpointEvery = every;

  // Ctrl-C, a scheduler's time limit (SIGTERM) and a closed terminal (SIGHUP) all stop at the next
  // epoch with a checkpoint; a second signal ends at once
  let exitCode = 130;
  const handlers = (["SIGINT", "SIGTERM", "SIGHUP"] as const).map((name) => {
    const code = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 }[name];
    const handler = (): void => {
      if (signal.aborted) process.exit(code);
      signal.aborted = true;
      exitCode = code;
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  // the trainer's refusals (a checkpoint of other settings) name no file: the checkpoint's when
  // resuming and the message is about it, else the data's
  const blame = (message: string) =>
    opts.resume !== undefined && /checkpoint/.test(message) ? opts.resume : dataPath;
  let result: TrainResult;
  try {
    if (restarts === 1)
      result = await prefixedAsync(blame, () => trainAsync(makeModel(seed), data, options, signal));
    else {
      const best = await trainWithRestarts(makeModel, data, options, restarts, signal, (k, s, r) =>
        reporter.event(
          `restart ${k + 1} of ${restarts} (seed ${s}): final training loss ${r.trainLoss.toPrecision(4)}`,
        ),
      );
      model = best.model;
      result = best.result;
      result.record.settings.restarts = restarts;
      result.record.settings.keptSeed = best.seed;
    }
  } finally {
    for (const off of handlers) off();
    reporter.stop();
    for (const release of releases) release();
  }
  if (!model) throw new Error("no model trained");
  const names = data.names?.stress ?? Array.from({ length: data.dim }, (_, k) => `s${k + 1}`);
  if (result.stopped === "interrupted") {
    const msg = `interrupted at epoch ${result.epochs}; checkpoint written to ${checkpointPath}; continue with: miann train ${dataPath} --resume ${checkpointPath} -o ${output}`;
    if (mode === "json")
      process.stdout.write(
        `${JSON.stringify({ type: "interrupted", epoch: result.epochs, checkpoint: checkpointPath })}\n`,
      );
    else writeQuietly(process.stderr, `miann: ${msg}\n`);
    return exitCode;
  }
  saveTrainedModel(output, modelToFile(model, { name: modelName, training: result.record }), {
    force,
    checkpoint: opts.checkpoint !== undefined || opts.resume !== undefined ? checkpointPath : undefined,
  });
  if (mode === "json") {
    process.stdout.write(
      `${JSON.stringify({ type: "result", output, stopped: result.stopped, epochs: result.epochs, bestEpoch: result.bestEpoch, seconds: result.seconds, metrics: result.metrics, diagnostic: result.diagnostic })}\n`,
    );
    return 0;
  }
  const lines = [
    `${model.name} (${model.params.length} parameters): ${result.epochs} epoch${result.epochs === 1 ? "" : "s"} in ${result.seconds.toFixed(1)} s, ${result.stopped}; kept the parameters after epoch ${result.bestEpoch} (best ${result.metrics.val ? "validation" : "training"} loss)`,
    "",
    formatMetricsTable(result.metrics, names),
  ];
  if (result.diagnostic) {
    lines.push(
      "",
      "quadratic term x'ᵀAᵀAx': its stiffness κ·2(AᵀA)_kk/D_k² is a floor under the convex model's tangent " +
        '(docs/theory.md, section "The training trap of the quadratic term")',
      formatDiagnostic(result.diagnostic, names),
    );
    if (result.diagnostic.warning) lines.push(`warning: ${result.diagnostic.warning}`);
  }
  lines.push("", `wrote ${output}`);
  process.stdout.write(`${lines.join("\n")}\n`);
  return 0;
}

/** stderr may be gone after SIGHUP (a closed terminal): a failed write must not hide the checkpoint */
function writeQuietly(stream: NodeJS.WriteStream, text: string): void {
  try {
    stream.write(text);
  } catch {
    // nothing to tell it to
  }
}

/**
 * Writes the trained model; when that fails at the end of a run (disk full, permission taken away,
 * a file that appeared at -o meanwhile), the model is kept under another name, beside the output or
 * in the temporary folder, and the one-line error says where.
 */
function saveTrainedModel(
  output: string,
  file: ReturnType<typeof modelToFile>,
  options: { force: boolean; checkpoint?: string },
): void {
  try {
    saveModel(output, file, { replace: options.force });
    return;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const ext = extname(output) || ".json";
    const stem = basename(output, extname(output));
    const candidates = [
      join(dirname(output), `${stem}.kept-${process.pid}${ext}`),
      join(tmpdir(), `miann-${stem}.kept-${process.pid}${ext}`),
    ];
    for (const candidate of candidates) {
      let kept = false;
      try {
        saveModel(candidate, file, { replace: false });
        kept = true;
      } catch {
        // try the next place
      }
      if (kept) throw new UserError(`${err.message}; the trained model is kept in ${candidate}`);
    }
    throw new UserError(
      `${err.message}; the model could not be kept elsewhere either${options.checkpoint ? ` (the last checkpoint is ${options.checkpoint})` : ""}`,
    );
  }
}

/** a UserError from `run` that names no file gets `file: ` in front */
function prefixed<T>(file: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    throw withFile(err, () => file);
  }
}

async function prefixedAsync<T>(file: (message: string) => string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw withFile(err, file);
  }
}

function withFile(err: unknown, file: (message: string) => string): unknown {
  if (!(err instanceof UserError)) return err;
  const f = file(err.message);
  return err.message.startsWith(`${f}:`) ? err : new UserError(`${f}: ${err.message}`);
}
