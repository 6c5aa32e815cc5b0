/**
 * `npm run bench`: speed of the network kernels against PyTorch float64 (bench/torch_reference.py)
 * and the TypeScript reference, side by side in one run on the same machine, the same parameters
 * and the same data; the machine's measured peak; and the time to a 2 % fit of the fabric data.
 * Never part of the tests.
 *
 *   npm run bench                          print the tables
 *   npm run bench -- --json bench.json     also write one JSON record per case
 *   npm run bench -- --n 2000 --quick      smaller batch, fewer repeats, no training rows
 *   npm run bench -- --no-polyconvex       without the polyconvex family's rows (bench/polyconvex.ts)
 *
 * Every timed case runs R repeats of each side interleaved (miann 1 thread, miann 2 threads,
 * PyTorch 1 thread, PyTorch 2 threads, then again), so a change of load hits both sides alike; it
 * prints min / median / max wall ms, the 1-minute load average before and after the case, and
 * compares each side at its best thread count (by median). GFLOP/s per core count 2 flops per
 * multiply-add of the fused algorithm (bench/flops.ts); % of peak is against this machine's f64x2
 * multiply-add rate for the build in use (bench/peak.ts).
 */
import os from "node:os";
import { initialParameters } from "../src/core/init.js";
import { type ParameterLayout, parameterLayout } from "../src/core/layout.js";
import { createReferenceKernels } from "../src/core/network.js";
import { createWasmKernels, type DisposableKernels, defaultSimdBuild } from "../src/kernels/index.js";
import { enableRelaxedSimd } from "../src/kernels/relaxed-simd-node.js";
import type { SimdBuild } from "../src/kernels/wasm-module.js";
import { writeFileAtomic } from "../src/util/atomic.js";
import { Random } from "../src/util/random.js";
import { type CaseRecord, load, maxRelDiff, printCase, type Side, timedCase, wasmSide } from "./cases.js";
import { lossGradientFlops, stressTangentFlops } from "./flops.js";
import { labFit } from "./lab-fit.js";
import { measurePeak, type PeakResult } from "./peak.js";
import { benchPolyconvex } from "./polyconvex.js";
import { summarize, timeOnce } from "./stats.js";
import { GOAL_SECONDS, timeToAccuracy } from "./time-to-accuracy.js";
import { TorchServers, torchUnavailable } from "./torch-server.js";
import { benchTraining } from "./training.js";

interface Options {
  json?: string;
  n: number;
  quick: boolean;
  torch: boolean;
  polyconvex: boolean;
  train: boolean;
  tta: boolean;
  repeats?: number;
  ttaBudget: number;
  ttaRepeats: number;
}

function parseArgs(argv: string[]): Options {
  const out: Options = {
    n: 10_000,
    quick: false,
    torch: true,
    polyconvex: true,
    train: true,
    tta: true,
    ttaBudget: 120,
    ttaRepeats: 3,
  };
  const usage =
    "expected --json FILE, --n N, --repeats R, --quick, --no-torch, --no-polyconvex, --no-train, --no-tta, --tta-budget S, --tta-repeats R";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") out.json = argv[++i];
    else if (a === "--n") out.n = Number(argv[++i]);
    else if (a === "--repeats") out.repeats = Number(argv[++i]);
    else if (a === "--tta-budget") out.ttaBudget = Number(argv[++i]);
    else if (a === "--tta-repeats") out.ttaRepeats = Number(argv[++i]);
    else if (a === "--quick") out.quick = true;
    else if (a === "--no-torch") out.torch = false;
    else if (a === "--no-polyconvex") out.polyconvex = false;
    else if (a === "--no-train") out.train = false;
    else if (a === "--no-tta") out.tta = false;
    else {
      console.error(`bench: unknown option ${a} (${usage})`);
      process.exit(1);
    }
  }
  if (!Number.isInteger(out.n) || out.n < 1) {
    console.error("bench: --n expects a positive integer");
    process.exit(1);
  }
  if (!(Number.isInteger(out.ttaRepeats) && out.ttaRepeats >= 1)) {
    console.error("bench: --tta-repeats expects a positive integer");
    process.exit(1);
  }
  if (out.repeats !== undefined && !(Number.isInteger(out.repeats) && out.repeats >= 1)) {
    console.error("bench: --repeats expects a positive integer");
    process.exit(1);
  }
  if (out.quick) {
    out.train = false;
    out.tta = false;
  }
  return out;
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
type Problem = ReturnType<typeof problem>;

function wasmSides(
  layout: ParameterLayout,
  p: Problem,
  n: number,
  builds: SimdBuild[],
  threads: number[],
  kind: CaseRecord["case"],
  kernels: DisposableKernels[],
): Side[] {
  const d = layout.inputDim;
  const sides: Side[] = [];
  for (const simd of builds) {
    for (const t of threads) {
      const k = createWasmKernels(layout, { convex: true, threads: t, simd });
      kernels.push(k);
      const grad = new Float64Array(layout.size);
      const s = new Float64Array(n * d);
      const c = new Float64Array(n * d * d);
      const call =
        kind === "gradient"
          ? () => k.lossAndGradient(p.params, p.x, p.y, p.sigma, n, grad)
          : () => k.gradientAndHessian(p.params, p.x, n, s, c);
      sides.push(wasmSide(simd, t, call));
    }
  }
  return sides;
}

/**
 * The kernels' targets (README, "Speed") against this run: miann's best median against PyTorch's
 * best median, and the stress + tangent rate, each printed as met or not met.
 */
function printTargets(records: CaseRecord[]): void {
  const best = (size: string, kind: CaseRecord["case"]) =>
    records
      .filter((r) => r.size === size && r.case === kind && r.implementation.startsWith("miann wasm"))
      .reduce<CaseRecord | undefined>((a, r) => (!a || r.ms.median < a.ms.median ? r : a), undefined);
  const lines: string[] = [];
  for (const [size, want] of [
    ["3-9-9-6-1", 4],
    ["3-64-64-64-1", 3],
  ] as const) {
    const r = best(size, "gradient");
    if (r?.speedupVsTorch === undefined) continue;
    const met = r.speedupVsTorch >= want ? "met" : "NOT met";
    lines.push(
      `  ${size} loss + gradient >= ${want}x PyTorch: ${r.speedupVsTorch.toFixed(2)}x (medians; minima ${r.speedupVsTorchMin?.toFixed(2)}x), ${met}`,
    );
  }
  const st = best("3-9-9-6-1", "stress+tangent");
  if (st) {
    lines.push(
      `  3-9-9-6-1 stress + tangent >= 2,000,000 points/s: ${Math.round(st.perSecond).toLocaleString("en-US")} (at the median), ${st.perSecond >= 2e6 ? "met" : "NOT met"}`,
    );
  }
  if (lines.length) console.log(`\ntargets (README, "Speed"), this run:\n${lines.join("\n")}`);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const relaxed = enableRelaxedSimd();
  const n = opts.n;
  const cores = os.availableParallelism();
  const threads = [...new Set([1, Math.max(2, Math.min(cores, 2))])];
  const records: object[] = [];
  console.log(
    `miann bench: N = ${n}, float64, ${cores} cores (${os.cpus()[0]?.model ?? "?"}), Node ${process.versions.node}, default kernels build: ${defaultSimdBuild()}`,
  );
  console.log(
    `load before: ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(" ")} (1, 5, 15 min)`,
  );

  const peaks = new Map<SimdBuild, PeakResult>();
  console.log("\npeak f64x2 multiply-add rate of one core (bench/assembly/peak.ts, best of 7):");
  for (const build of ["baseline", "relaxed"] as SimdBuild[]) {
    const lb = load();
    const p = measurePeak(build);
    if (!p) {
      console.log(`  ${build}: not available in this engine`);
      continue;
    }
    peaks.set(build, p);
    const f = p.forms;
    console.log(
      `  ${build === "relaxed" ? "relaxed SIMD (fused)  " : "baseline (mul + add)  "} ${p.gflops.toFixed(2)} GFLOP/s  (12 chains ${f.chains12.toFixed(2)}, 8 chains ${f.chains8.toFixed(2)}, 4×2 tile ${f.tile.toFixed(2)}); load ${lb.toFixed(2)}`,
    );
    records.push({
      case: "peak",
      simd: build,
      gflopsPerCore: p.gflops,
      forms: p.forms,
      loadBefore: lb,
      loadAfter: load(),
    });
  }
  const builds: SimdBuild[] = relaxed ? ["relaxed", "baseline"] : ["baseline"];

  const why = opts.torch ? torchUnavailable() : "skipped (--no-torch)";
  const sizes: [string, number[]][] = [
    ["3-9-9-6-1", [9, 9, 6]],
    ["3-64-64-64-1", [64, 64, 64]],
  ];
  for (const [name, hidden] of sizes) {
    const layout = parameterLayout(3, hidden);
    const p = problem(layout, n);
    const large = layout.size > 1000;
    const rounds = opts.repeats ?? (opts.quick ? 2 : large ? 5 : 11);
    console.log(`\n${name}  (${layout.size} parameters)`);
    const ref = createReferenceKernels(layout, { convex: true });
    const refGrad = new Float64Array(layout.size);
    const refLoss = ref.lossAndGradient(p.params, p.x, p.y, p.sigma, n, refGrad);
    const refMs = summarize(
      Array.from({ length: opts.quick ? 1 : 3 }, () =>
        timeOnce(() => ref.lossAndGradient(p.params, p.x, p.y, p.sigma, n, new Float64Array(layout.size))),
      ),
    );
    console.log(
      `  reference (TypeScript), 1 thread: ${refMs.min.toFixed(1)} / ${refMs.median.toFixed(1)} / ${refMs.max.toFixed(1)} ms (min / median / max)`,
    );
    records.push({
      size: name,
      case: "gradient",
      implementation: "reference (TypeScript)",
      threads: 1,
      n,
      ms: refMs,
      load: load(),
    });
    let torch: TorchServers | undefined;
    let info: string | undefined;
    if (why === undefined) {
      torch = new TorchServers(threads);
      const ti = await torch.setup({
        inputDim: layout.inputDim,
        hidden: layout.hidden,
        params: Array.from(p.params),
        x: Array.from(p.x),
        y: Array.from(p.y),
        sigma: Array.from(p.sigma),
      });
      info = `torch ${ti.torch}; BLAS ${ti.blas.map((b) => b.split("/").pop()).join(", ") || "(none mapped)"}`;
      console.log(`  PyTorch ${ti.torch}, BLAS ${ti.blas.join(", ") || "(none mapped)"}`);
      for (const t of threads) {
        const c = await torch.check(t);
        console.log(
          `  PyTorch ${t} thread(s) vs the reference: loss rel. diff ${(Math.abs(c.loss - refLoss) / Math.abs(refLoss)).toExponential(1)}, gradient max rel. diff ${maxRelDiff(c.grad, refGrad).toExponential(1)}`,
        );
      }
    } else console.log(`  PyTorch: ${why}`);
    for (const kind of ["gradient", "stress+tangent"] as const) {
      const kernels: DisposableKernels[] = [];
      const sides = wasmSides(layout, p, n, builds, threads, kind, kernels);
      if (kind === "gradient") {
        for (const [i, k] of kernels.entries()) {
          const g = new Float64Array(layout.size);
          k.lossAndGradient(p.params, p.x, p.y, p.sigma, n, g);
          const diff = maxRelDiff(g, refGrad);
          if (diff > 1e-10)
            console.log(`  WARNING: ${sides[i].impl} gradient differs from the reference by ${diff}`);
        }
      }
      if (torch) sides.push(...torch.sides(kind, threads));
      const flops = kind === "gradient" ? lossGradientFlops(layout, n) : stressTangentFlops(layout, n);
      const rec = await timedCase(name, kind, n, flops, sides, rounds, peaks, info);
      for (const k of kernels) k.dispose();
      printCase(rec);
      records.push(...rec);
    }
    torch?.close();
  }

  printTargets(records as CaseRecord[]);

  if (opts.polyconvex) {
    records.push(
      ...(await benchPolyconvex({
        n,
        repeats: opts.repeats,
        quick: opts.quick,
        torchWhy: why,
        builds,
        threads,
        peaks,
      })),
    );
  }

  if (opts.train) {
    const epochs = 60;
    console.log(
      `\nend-to-end training: miann 16-16-8, 5,000 fabric samples, ${epochs} epochs (Adam batches of 64, then L-BFGS)`,
    );
    const lb = load();
    const runs = benchTraining(epochs, threads);
    const refSeconds = runs[0].seconds;
    console.log("  backend      threads   seconds   vs reference   final training loss");
    for (const r of runs) {
      const speedup = refSeconds / r.seconds;
      console.log(
        `  ${r.backend.padEnd(10)} ${String(r.threads).padStart(9)} ${r.seconds.toFixed(2).padStart(9)}   ${speedup.toFixed(2).padStart(9)}x      ${r.trainLoss.toExponential(6)}`,
      );
      records.push({
        size: "miann 16-16-8, fabric 5000",
        case: "training",
        implementation: r.backend === "wasm" ? "miann wasm" : "reference (TypeScript)",
        threads: r.threads,
        seconds: r.seconds,
        speedupVsReference: speedup,
        loadBefore: lb,
        loadAfter: load(),
      });
    }
  }

  if (opts.tta) {
    console.log(
      "\ntime to accuracy: default fabric data (`miann data generate`), seconds until every test component's RMSE/σ < 2 %",
    );
    const runs = timeToAccuracy(threads, opts.ttaBudget, opts.ttaRepeats);
    // each side at its best thread count, by median
    const best = (side: string) => {
      const s = runs.filter((r) => r.side === side && r.seconds !== null).map((r) => r.seconds as number);
      return s.length ? Math.min(...s) : Number.NaN;
    };
    const ratio = best("PyTorch float64") / best("miann");
    console.log(
      `  ${opts.ttaRepeats} interleaved runs per side and thread count; miann's wall time is the whole process, PyTorch's its training`,
    );
    console.log(
      "  side               threads   min / median / max s   test RMSE/σ (%)          load before/after   what ran",
    );
    for (const r of runs) {
      const rel = r.testRelRmse.map((v) => (100 * v).toFixed(2)).join(" / ");
      const t = r.timing;
      const secs =
        r.seconds === null
          ? "(not reached)"
          : `${t.min.toFixed(2)} / ${t.median.toFixed(2)} / ${t.max.toFixed(2)}`;
      const goal =
        r.withinGoal !== undefined ? `; ${r.withinGoal} of ${t.repeats} runs within ${GOAL_SECONDS} s` : "";
      console.log(
        `  ${r.side.padEnd(18)} ${String(r.threads).padStart(7)}   ${secs.padStart(20)}   ${rel.padEnd(24)} ${r.loadBefore.toFixed(2)} / ${r.loadAfter.toFixed(2)}       ${r.detail}${r.trainingSeconds !== undefined ? `; training ${r.trainingSeconds.toFixed(2)} s of it (median)` : ""}${goal}`,
      );
      records.push({
        case: "time-to-accuracy",
        ...r,
        ...(r.side === "miann" && !Number.isNaN(ratio) ? { speedupVsTorch: ratio } : {}),
      });
    }
    if (!Number.isNaN(ratio)) console.log(`  PyTorch's best / miann's best (medians): ${ratio.toFixed(1)}x`);
    const fastest = runs
      .filter((r) => r.side === "miann" && r.seconds !== null)
      .reduce<(typeof runs)[number] | undefined>(
        (a, r) => (!a || r.timing.median < a.timing.median ? r : a),
        undefined,
      );
    if (fastest) {
      console.log(
        `  target: the default fit to < 2 % in <= ${GOAL_SECONDS} s wall: median ${fastest.timing.median.toFixed(2)} s on ${fastest.threads} thread(s), ${fastest.withinGoal} of ${fastest.timing.repeats} runs within it, ${fastest.timing.median <= GOAL_SECONDS ? "met" : "NOT met"}`,
      );
    }
  }

  if (!opts.quick) {
    console.log(
      "\nlab data: Ogden rubber test curves (uniaxial, equibiaxial, pure shear; 20 points each, 1 % noise), `miann train ogden.csv` defaults (target: ≤ 2 s wall)",
    );
    console.log(
      "  model        wall s   training s   R² P11 uniaxial / equibiaxial / pure shear (unclipped)   load before/after",
    );
    for (const r of labFit()) {
      const r2 = ["uniaxial", "equibiaxial", "pure-shear"]
        .map((m) => (r.r2[m] ?? Number.NaN).toFixed(4))
        .join(" / ");
      console.log(
        `  ${r.kind.padEnd(11)} ${r.wallSeconds.toFixed(2).padStart(7)} ${r.trainingSeconds.toFixed(2).padStart(12)}   ${r2.padEnd(52)} ${r.loadBefore.toFixed(2)} / ${r.loadAfter.toFixed(2)}`,
      );
      records.push({ case: "lab-fit", ...r });
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

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
