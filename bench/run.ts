/**
 * `npm run bench`: speed of the network kernels against the TypeScript reference and against
 * PyTorch float64 (bench/torch_reference.py), side by side in one run on the same machine, the
 * same parameters and the same data. Never part of the tests.
 *
 *   npm run bench                          print the table
 *   npm run bench -- --json bench.json     also write one JSON record per case
 *   npm run bench -- --n 2000 --quick      smaller batch, fewer repeats
 *
 * Cases, for 3-9-9-6-1 and 3-64-64-64-1 at N samples (default 10,000): ms per full-batch
 * loss + gradient (reference; WASM on 1 thread and on all threads; PyTorch on 1 and 2 threads)
 * and stress + tangent points per second (what a finite-element code asks per Gauss point).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { initialParameters } from "../src/core/init.js";
import type { NetworkKernels } from "../src/core/kernels.js";
import { type ParameterLayout, parameterLayout } from "../src/core/layout.js";
import { createReferenceKernels } from "../src/core/network.js";
import { createWasmKernels, type DisposableKernels } from "../src/kernels/index.js";
import { packageRoot } from "../src/kernels/package-root.js";
import { writeFileAtomic } from "../src/util/atomic.js";
import { Random } from "../src/util/random.js";
import { benchTraining } from "./training.js";

interface BenchRecord {
  size: string;
  case: "gradient" | "stress+tangent" | "training";
  implementation: string;
  threads: number;
  msPerGradient?: number;
  pointsPerSecond?: number;
  /** end-to-end training: wall seconds, and reference seconds / these seconds */
  seconds?: number;
  speedupVsReference?: number;
  /** samples in the batch */
  n?: number;
  /** what ran (PyTorch: version and the BLAS library mapped into the process) */
  info?: string;
  /** 1-minute load average when the case was recorded (the cores may be shared) */
  load?: number;
  /** PyTorch time / this time (> 1: faster than PyTorch at its best thread count) */
  speedupVsTorch?: number;
}

interface TorchResult {
  threads: number;
  loss: number;
  grad: number[];
  msPerGradient: number;
  pointsPerSecond: number;
}

const PYTHON = "/usr/bin/python3";

function parseArgs(argv: string[]): {
  json?: string;
  n: number;
  quick: boolean;
  torch: boolean;
  train: boolean;
} {
  const out = { json: undefined as string | undefined, n: 10_000, quick: false, torch: true, train: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") out.json = argv[++i];
    else if (a === "--n") out.n = Number(argv[++i]);
    else if (a === "--quick") out.quick = true;
    else if (a === "--no-torch") out.torch = false;
    else if (a === "--no-train") out.train = false;
    else {
      console.error(
        `bench: unknown option ${a} (expected --json FILE, --n N, --quick, --no-torch, --no-train)`,
      );
      process.exit(1);
    }
  }
  if (!Number.isInteger(out.n) || out.n < 1) {
    console.error("bench: --n expects a positive integer");
    process.exit(1);
  }
  return out;
}

/**
 * best (minimum) wall time in ms of fn over `repeats` runs after `warmup` runs: on shared cores
 * the minimum is the run least disturbed by other processes (the same rule as Python's timeit)
 */
function time(fn: () => void, warmup: number, repeats: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return Math.min(...t);
}

function problem(layout: ParameterLayout, n: number) {
  const d = layout.inputDim;
  const params = initialParameters(layout, { seed: 1, convex: true });
  const rng = new Random(2);
  for (let i = 0; i < params.length; i++) params[i] += 0.1 * rng.normal();
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.range(-1, 1);
  const y = new Float64Array(n * d);
  for (let i = 0; i < y.length; i++) y[i] = rng.range(-2, 2);
  const sigma = Float64Array.from({ length: d }, (_, k) => 1 + 0.1 * k);
  return { params, x, y, sigma };
}

function gradientMs(
  k: NetworkKernels,
  p: ReturnType<typeof problem>,
  n: number,
  warmup: number,
  repeats: number,
): { ms: number; loss: number; grad: Float64Array } {
  const grad = new Float64Array(k.layout.size);
  const loss = k.lossAndGradient(p.params, p.x, p.y, p.sigma, n, grad);
  const scratch = new Float64Array(k.layout.size);
  const ms = time(() => k.lossAndGradient(p.params, p.x, p.y, p.sigma, n, scratch), warmup, repeats);
  return { ms, loss, grad };
}

/** stress (∇N) and tangent (∇²N) at n points per second */
function stressTangentRate(
  k: NetworkKernels & { gradientAndHessian?: DisposableKernels["gradientAndHessian"] },
  p: ReturnType<typeof problem>,
  n: number,
  warmup: number,
  repeats: number,
) {
  const d = k.layout.inputDim;
  const s = new Float64Array(n * d);
  const c = new Float64Array(n * d * d);
  const ms = time(
    () => {
      if (k.gradientAndHessian) {
        k.gradientAndHessian(p.params, p.x, n, s, c);
      } else {
        k.gradient(p.params, p.x, n, s);
        k.hessian(p.params, p.x, n, c);
      }
    },
    warmup,
    repeats,
  );
  return n / (ms / 1e3);
}

function runTorch(
  layout: ParameterLayout,
  p: ReturnType<typeof problem>,
  threads: number[],
  quick: boolean,
): { info: { torch: string; blas: string[]; interopThreads: number }; results: TorchResult[] } | string {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const probe = spawnSync(PYTHON, ["-c", "import torch"], { encoding: "utf8" });
  if (probe.status !== 0) return "torch is not importable by /usr/bin/python3";
  const dir = mkdtempSync(join(os.tmpdir(), "miann-bench-"));
  try {
    const input = join(dir, "input.json");
    const large = layout.size > 1000;
    writeFileSync(
      input,
      JSON.stringify({
        inputDim: layout.inputDim,
        hidden: layout.hidden,
        params: Array.from(p.params),
        x: Array.from(p.x),
        y: Array.from(p.y),
        sigma: Array.from(p.sigma),
        threads,
        warmup: quick ? 1 : 2,
        repeats: quick ? 3 : large ? 7 : 15,
      }),
    );
    // PyTorch's best case: OpenBLAS picks its own core type and cache sizes
    const env = { ...process.env };
    delete env.OPENBLAS_CORETYPE;
    delete env.OPENBLAS_L2_SIZE;
    const script = join(packageRoot(), "bench", "torch_reference.py");
    const r = spawnSync(PYTHON, [script, input], { encoding: "utf8", env, maxBuffer: 1 << 28 });
    if (r.status !== 0) return `torch_reference.py failed: ${r.stderr.trim().split("\n").pop()}`;
    const out = JSON.parse(r.stdout);
    return {
      info: { torch: out.torch, blas: out.blas, interopThreads: out.interopThreads },
      results: out.results,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale > 0 ? err / scale : err;
}

function fmt(v: number, digits = 1): string {
  return v.toFixed(digits).padStart(9);
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const n = opts.n;
  const cores = os.availableParallelism();
  const allThreads = Math.max(2, cores);
  const records: BenchRecord[] = [];
  console.log(`miann bench: N = ${n}, float64, ${cores} cores (${os.cpus()[0]?.model ?? "?"})`);
  console.log(
    `load before: ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")} (1, 5, 15 min)`,
  );
  const sizes: [string, number[]][] = [
    ["3-9-9-6-1", [9, 9, 6]],
    ["3-64-64-64-1", [64, 64, 64]],
  ];
  for (const [name, hidden] of sizes) {
    const layout = parameterLayout(3, hidden);
    const p = problem(layout, n);
    const large = layout.size > 1000;
    const reps = opts.quick ? 3 : large ? 9 : 21;
    console.log(`\n${name}  (${layout.size} parameters)`);
    const rows: {
      impl: string;
      threads: number;
      ms: number;
      pps?: number;
      loss: number;
      grad: Float64Array;
      info?: string;
    }[] = [];
    const ref = createReferenceKernels(layout, { convex: true });
    const r = gradientMs(ref, p, n, 1, opts.quick ? 1 : 3);
    rows.push({ impl: "reference (TypeScript)", threads: 1, ms: r.ms, loss: r.loss, grad: r.grad });
    for (const threads of [...new Set([1, allThreads])]) {
      const k = createWasmKernels(layout, { convex: true, threads });
      const w = gradientMs(k, p, n, 3, reps);
      const pps = stressTangentRate(k, p, n, 2, reps);
      rows.push({ impl: "miann wasm", threads, ms: w.ms, pps, loss: w.loss, grad: w.grad });
      k.dispose();
    }
    const torch = opts.torch ? runTorch(layout, p, [1, 2], opts.quick) : "skipped (--no-torch)";
    let torchBest = Number.NaN;
    let torchBestPps = Number.NaN;
    if (typeof torch === "string") {
      console.log(`  PyTorch: ${torch}`);
    } else {
      console.log(`  PyTorch ${torch.info.torch}, BLAS ${torch.info.blas.join(", ") || "(none mapped)"}`);
      for (const t of torch.results) {
        const g = Float64Array.from(t.grad);
        console.log(
          `  PyTorch ${t.threads} thread(s) vs miann: loss rel. diff ${(Math.abs(t.loss - r.loss) / Math.abs(r.loss)).toExponential(1)}, gradient max rel. diff ${maxRelDiff(g, r.grad).toExponential(1)}`,
        );
        rows.push({
          impl: "PyTorch float64",
          threads: t.threads,
          ms: t.msPerGradient,
          pps: t.pointsPerSecond,
          loss: t.loss,
          grad: g,
          info: `torch ${torch.info.torch}; BLAS ${torch.info.blas.map((b) => b.split("/").pop()).join(", ")}`,
        });
        torchBest = Math.min(Number.isNaN(torchBest) ? Infinity : torchBest, t.msPerGradient);
        torchBestPps = Math.max(Number.isNaN(torchBestPps) ? 0 : torchBestPps, t.pointsPerSecond);
      }
    }
    for (const row of rows) {
      if (row.impl.startsWith("miann") || row.impl.startsWith("reference")) {
        const diff = maxRelDiff(row.grad, r.grad);
        if (diff > 1e-10)
          console.log(`  WARNING: ${row.impl} gradient differs from the reference by ${diff}`);
      }
    }
    console.log(
      "  implementation            threads   ms/gradient   vs PyTorch best   stress+tangent points/s",
    );
    for (const row of rows) {
      const speedup = torchBest / row.ms;
      console.log(
        `  ${row.impl.padEnd(24)} ${String(row.threads).padStart(7)} ${fmt(row.ms, 2)}      ${Number.isNaN(speedup) ? "        -" : `${fmt(speedup, 2)}x`}        ${row.pps === undefined ? "-" : Math.round(row.pps).toLocaleString("en-US")}`,
      );
      records.push({
        size: name,
        case: "gradient",
        implementation: row.impl,
        threads: row.threads,
        msPerGradient: row.ms,
        ...(Number.isNaN(speedup) ? {} : { speedupVsTorch: speedup }),
        n,
        ...(row.info ? { info: row.info } : {}),
        load: os.loadavg()[0],
      });
      if (row.pps !== undefined) {
        const ratio = row.pps / torchBestPps;
        records.push({
          size: name,
          case: "stress+tangent",
          implementation: row.impl,
          threads: row.threads,
          pointsPerSecond: row.pps,
          ...(Number.isNaN(ratio) ? {} : { speedupVsTorch: ratio }),
          n,
          ...(row.info ? { info: row.info } : {}),
          load: os.loadavg()[0],
        });
      }
    }
  }
  if (opts.train) {
    const epochs = opts.quick ? 15 : 60;
    console.log(
      `\nend-to-end training: miann 16-16-8, 5,000 fabric samples, ${epochs} epochs (Adam batches of 64, then L-BFGS)`,
    );
    const runs = benchTraining(epochs, [...new Set([1, allThreads])]);
    const refSeconds = runs[0].seconds;
    console.log("  backend      threads   seconds   vs reference   final training loss");
    for (const r of runs) {
      const speedup = refSeconds / r.seconds;
      console.log(
        `  ${r.backend.padEnd(10)} ${String(r.threads).padStart(9)} ${fmt(r.seconds, 2)}   ${fmt(speedup, 2)}x      ${r.trainLoss.toExponential(6)}`,
      );
      records.push({
        size: "miann 16-16-8, fabric 5000",
        case: "training",
        implementation: r.backend === "wasm" ? "miann wasm" : "reference (TypeScript)",
        threads: r.threads,
        seconds: r.seconds,
        speedupVsReference: speedup,
        load: os.loadavg()[0],
      });
    }
  }
  console.log(
    `\nload after: ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")} (the cores may be shared; rerun on a quiet machine)`,
  );
  if (opts.json) {
    writeFileAtomic(opts.json, `${JSON.stringify(records, null, 2)}\n`);
    console.log(`wrote ${records.length} records to ${opts.json}`);
  }
}

main();
