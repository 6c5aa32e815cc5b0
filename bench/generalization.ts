/**
 * `npm run bench:generalization`: what the default training of `miann train` reaches on the fabric
 * data, on loading paths it has not seen and on other fabric parameter sets (README, "How the
 * defaults were chosen"). Never part of the tests.
 *
 *   npm run bench:generalization                         the four parameter sets, the defaults
 *   npm run bench:generalization -- --epochs 150         a recipe override (see --help)
 *   npm run bench:generalization -- --set default --check-cli
 *
 * For each parameter set: the training data as `miann data generate --param ...` writes it (fabric,
 * mixed paths, 5000 rows, seed 1), trained as `miann train data.csv -o model.json` trains it (a
 * miann 16-16-8 model of seed 1 with the family's scaling from the data, on the WebAssembly
 * kernels of the build the command line picks, train() with no option but the threads: the
 * defaults), then the test split's RMSE/σ per
 * component and, on 1000 new rows (seed 7) of each path kind (uniaxial, biaxial, shear, random
 * walk), the largest RMSE/σ over the components, σ being the training split's. CPU seconds are
 * those of the train() call (process.cpuUsage: every thread of the process), which a shared
 * machine inflates less than wall time, after a 3-epoch warm-up run so that the first row does not
 * pay for compiling the trainer (a cold `miann train` does: `npm run bench` times the command). `--check-cli` also runs the command line on the first set
 * and requires its model's parameters to equal the bench's, bit for bit.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Dataset } from "../src/data/dataset.js";
import { generateDataset, type PathKind } from "../src/data/generate.js";
import { attachFastKernels } from "../src/kernels/attach.js";
import { packageRoot } from "../src/kernels/package-root.js";
import { enableRelaxedSimd } from "../src/kernels/relaxed-simd-node.js";
import { createModel } from "../src/model/create.js";
import { familyOf } from "../src/model/families/index.js";
import type { Model, ModelSpec } from "../src/model/types.js";
import { splitMetrics } from "../src/train/metrics.js";
import { type TrainOptions, type TrainResult, train } from "../src/train/trainer.js";
import { writeFileAtomic } from "../src/util/atomic.js";

/** the fabric parameter sets of the README's tables, as `--param` takes them */
export const PARAMETER_SETS: { name: string; params: Record<string, number> }[] = [
  { name: "default", params: {} },
  { name: "g2=2000 g4=2e4", params: { g2: 2000, g4: 2e4 } },
  { name: "a2=100 kWarp=1e4 kWeft=3e4", params: { a2: 100, kWarp: 1e4, kWeft: 3e4 } },
  {
    name: "c11=3e4 c22=1e4 c12=2000 g2=500 g4=1e5",
    params: { c11: 3e4, c22: 1e4, c12: 2000, g2: 500, g4: 1e5 },
  },
];

export const UNSEEN_PATHS: Exclude<PathKind, "mixed">[] = ["uniaxial", "biaxial", "shear", "random"];

export interface GeneralizationRow {
  set: string;
  /** test RMSE/σ per component */
  test: number[];
  /** largest RMSE/σ over the components on each unseen path kind, in UNSEEN_PATHS order */
  unseen: number[];
  /** RMSE/σ per component on each unseen path kind */
  unseenComponents: number[][];
  epochs: number;
  bestEpoch: number;
  stopped: string;
  cpuSeconds: number;
  wallSeconds: number;
  params: Float64Array;
  history: TrainResult["record"]["history"];
}

const HIDDEN = [16, 16, 8];

/** the model `miann train` starts from: the CLI's spec, seed and family scaling */
function cliModel(data: Dataset, seed: number): Model {
  const spec: ModelSpec = { kind: "miann", inputDim: data.dim, hidden: HIDDEN };
  const family = familyOf(spec.kind);
  family.validate(spec);
  const scaling = family.scalingFromData(spec, data.strain, data.stress, data.n, data.mask);
  return createModel(spec, { seed, scaling });
}

/** trains one parameter set with `recipe` (empty: the defaults) and measures it */
export function measureSet(
  set: (typeof PARAMETER_SETS)[number],
  recipe: TrainOptions,
  threads?: number,
): GeneralizationRow {
  const data = generateDataset({ material: "fabric", params: set.params, samples: 5000, seed: 1 });
  const seed = recipe.seed ?? 1;
  const model = cliModel(data, seed);
  const release = attachFastKernels(model, { threads });
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const r: TrainResult = train(model, data, { ...recipe, seed, threads });
    const wallSeconds = (performance.now() - t0) / 1e3;
    const cpu = process.cpuUsage(cpu0);
    const unseenComponents = UNSEEN_PATHS.map((paths) => {
      const u = generateDataset({ material: "fabric", params: set.params, paths, samples: 1000, seed: 7 });
      return splitMetrics(model, u.strain, u.stress, u.n, r.sigma).relRmse;
    });
    return {
      set: set.name,
      test: r.metrics.test?.relRmse ?? [],
      unseen: unseenComponents.map((c) => Math.max(...c)),
      unseenComponents,
      epochs: r.epochs,
      bestEpoch: r.bestEpoch,
      stopped: r.stopped,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      wallSeconds,
      params: Float64Array.from(model.params),
      history: r.record.history,
    };
  } finally {
    release();
  }
}

/** `--param` arguments of a set, for the command line */
function paramArgs(set: (typeof PARAMETER_SETS)[number]): string[] {
  return Object.entries(set.params).flatMap(([k, v]) => ["--param", `${k}=${v}`]);
}

/** the command line's options for `recipe`; an override the command line has no option for is refused */
function recipeArgs(recipe: TrainOptions): string[] {
  const missing = (["schedule", "minLr", "adamFraction"] as const).filter((k) => recipe[k] !== undefined);
  if (missing.length > 0) throw new Error(`--check-cli: miann train has no option for ${missing.join(", ")}`);
  const out: string[] = [];
  const add = (flag: string, v: unknown) => {
    if (v !== undefined) out.push(flag, String(v));
  };
  add("--optimizer", recipe.optimizer);
  add("--epochs", recipe.epochs);
  add("--lr", recipe.lr);
  add("--lr-hold", recipe.lrHold);
  add("--adam-beta2", recipe.adamBeta2);
  add("--batch", recipe.batch);
  add("--seed", recipe.seed);
  add("--patience", recipe.patience);
  return out;
}

/** the largest |difference| between the parameters `miann train` writes on the same data and the bench's (0: bit for bit) */
function checkCli(row: GeneralizationRow, recipe: TrainOptions, threads?: number): number {
  const set = PARAMETER_SETS.find((s) => s.name === row.set);
  if (!set) throw new Error(`no set ${row.set}`);
  const dir = mkdtempSync(join(os.tmpdir(), "miann-gen-"));
  const cli = join(packageRoot(), "dist", "src", "cli", "main.js");
  try {
    const data = join(dir, "data.csv");
    const gen = spawnSync(process.execPath, [cli, "data", "generate", "-o", data, ...paramArgs(set)], {
      encoding: "utf8",
    });
    if (gen.status !== 0) throw new Error(`miann data generate failed: ${gen.stderr}`);
    const model = join(dir, "model.json");
    const args = [cli, "train", data, "-o", model, "--quiet", ...recipeArgs(recipe)];
    if (threads !== undefined) args.push("--threads", String(threads));
    const r = spawnSync(process.execPath, args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`miann train failed: ${r.stderr}`);
    const params: number[] = JSON.parse(readFileSync(model, "utf8")).params;
    if (params.length !== row.params.length) return Number.POSITIVE_INFINITY;
    return Math.max(...params.map((v, i) => Math.abs(v - row.params[i])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Options {
  recipe: TrainOptions;
  sets: (typeof PARAMETER_SETS)[number][];
  threads?: number;
  json?: string;
  checkCli: boolean;
}

const USAGE = `usage: npm run bench:generalization -- [options]
  --set NAME          only this parameter set (repeatable): ${PARAMETER_SETS.map((s, i) => `${i + 1} = ${s.name}`).join(", ")}
  --optimizer NAME    adam, lbfgs or adam+lbfgs
  --epochs N          --batch N  --lr X  --min-lr X  --adam-fraction F  --patience N  --seed S
  --lr-hold F         fraction of the Adam epochs at --lr before the cosine decay
  --adam-beta2 B      Adam's second-moment decay
  --schedule NAME     constant, cosine or plateau
  --threads N         kernel threads (default: as miann train)
  --check-cli         also run miann train on the first set and require the same parameters
  --json FILE         write the rows as JSON`;

function parseArgs(argv: string[]): Options {
  const out: Options = { recipe: {}, sets: [], checkCli: false };
  const num = (flag: string, v: string | undefined): number => {
    const x = Number(v);
    if (v === undefined || !Number.isFinite(x)) {
      console.error(`bench: ${flag} expects a number\n${USAGE}`);
      process.exit(1);
    }
    return x;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const r = out.recipe;
    if (a === "--set") {
      const v = argv[++i];
      const s = PARAMETER_SETS.find((p, k) => p.name === v || String(k + 1) === v);
      if (!s) {
        console.error(`bench: unknown --set ${v}\n${USAGE}`);
        process.exit(1);
      }
      out.sets.push(s);
    } else if (a === "--optimizer") r.optimizer = argv[++i] as TrainOptions["optimizer"];
    else if (a === "--schedule") r.schedule = argv[++i] as TrainOptions["schedule"];
    else if (a === "--epochs") r.epochs = num(a, argv[++i]);
    else if (a === "--batch") r.batch = num(a, argv[++i]);
    else if (a === "--lr") r.lr = num(a, argv[++i]);
    else if (a === "--min-lr") r.minLr = num(a, argv[++i]);
    else if (a === "--adam-fraction") r.adamFraction = num(a, argv[++i]);
    else if (a === "--patience") r.patience = num(a, argv[++i]);
    else if (a === "--lr-hold") r.lrHold = num(a, argv[++i]);
    else if (a === "--adam-beta2") r.adamBeta2 = num(a, argv[++i]);
    else if (a === "--seed") r.seed = num(a, argv[++i]);
    else if (a === "--threads") out.threads = num(a, argv[++i]);
    else if (a === "--json") out.json = argv[++i];
    else if (a === "--check-cli") out.checkCli = true;
    else {
      console.error(a === "--help" || a === "-h" ? USAGE : `bench: unknown option ${a}\n${USAGE}`);
      process.exit(a === "--help" || a === "-h" ? 0 : 1);
    }
  }
  if (out.sets.length === 0) out.sets = [...PARAMETER_SETS];
  return out;
}

const pct = (v: number) => (100 * v).toFixed(2);

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  // as the command line does (src/cli/main.ts): the fused multiply-add kernels where Node has them
  const relaxed = enableRelaxedSimd();
  const given = Object.entries(opts.recipe)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  console.log(
    `miann generalization bench: fabric, 5000 rows (seed 1), unseen 1000 rows (seed 7) per path kind; recipe: ${given || "the defaults of miann train"}; kernels ${relaxed ? "relaxed SIMD" : "baseline SIMD"}; ${os.availableParallelism()} cores, load ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")}`,
  );
  console.log(
    `\n${"fabric parameters".padEnd(40)} ${"test S11 / S22 / S12 %".padEnd(24)} ${"unseen uni / bi / shear / walk %".padEnd(34)} epochs (best)   CPU s   wall s`,
  );
  // a few epochs first, so the first row's CPU seconds do not include compiling the trainer
  measureSet(opts.sets[0], { ...opts.recipe, epochs: 3 }, opts.threads);
  const rows: GeneralizationRow[] = [];
  for (const set of opts.sets) {
    const row = measureSet(set, opts.recipe, opts.threads);
    rows.push(row);
    console.log(
      `${row.set.padEnd(40)} ${row.test.map(pct).join(" / ").padEnd(24)} ${row.unseen.map(pct).join(" / ").padEnd(34)} ${`${row.epochs} (${row.bestEpoch})`.padEnd(15)} ${row.cpuSeconds.toFixed(2).padStart(5)}   ${row.wallSeconds.toFixed(2).padStart(6)}`,
    );
  }
  const worstTest = Math.max(...rows.flatMap((r) => r.test));
  const worstUnseen = Math.max(...rows.flatMap((r) => r.unseen));
  console.log(
    `\nworst test ${pct(worstTest)} %, worst unseen ${pct(worstUnseen)} % (goal: both < 2 %); load after ${os.loadavg()[0].toFixed(2)}`,
  );
  if (opts.checkCli) {
    const diff = checkCli(rows[0], opts.recipe, opts.threads);
    console.log(
      `miann train on ${rows[0].set}: ${diff === 0 ? "the same parameters, bit for bit" : `DIFFERENT parameters (largest difference ${diff})`}`,
    );
    if (diff !== 0) process.exitCode = 1;
  }
  if (opts.json) {
    const out = rows.map(({ params, history, ...rest }) => ({
      ...rest,
      recipe: opts.recipe,
      load: os.loadavg()[0],
    }));
    writeFileAtomic(opts.json, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`wrote ${rows.length} rows to ${opts.json}`);
  }
}

// run when executed, not when imported (scripts may reuse measureSet)
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
