/** The timed cases of `npm run bench`: interleaved sides, their summaries and the printed rows. */
import os from "node:os";
import type { SimdBuild } from "../src/kernels/wasm-module.js";
import type { PeakResult } from "./peak.js";
import { summarize, type Timing, timeBurst } from "./stats.js";

export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale > 0 ? err / scale : err;
}

export const load = (): number => os.loadavg()[0];

/** one side of a timed case: a name, a thread count, and how to run one call */
export interface Side {
  impl: string;
  threads: number;
  simd?: SimdBuild;
  /** runs untimed calls for `warmupMs`, then `repeats` timed calls back to back; returns their wall ms */
  run(repeats: number, warmupMs: number): Promise<number[]> | number[];
  ms: number[];
}

export interface CaseRecord {
  size: string;
  case: "gradient" | "stress+tangent";
  implementation: string;
  threads: number;
  simd?: SimdBuild;
  n: number;
  ms: Timing;
  /** samples per second at the median (stress+tangent: points per second) */
  perSecond: number;
  gflopsPerCore: number;
  percentOfPeak?: number;
  /** PyTorch's best median / this side's median (> 1: faster than PyTorch at its best) */
  speedupVsTorch?: number;
  /** the same ratio of the minima */
  speedupVsTorchMin?: number;
  loadBefore: number;
  loadAfter: number;
  info?: string;
}

/**
 * Each round gives every side, in turn, WARMUP_MS of untimed calls and then BURST timed calls back
 * to back. Rounds interleave the sides (a change of load hits all alike); the warm-up keeps a side
 * from being timed while the cores wake from the idle time in which the others ran (on a virtual
 * machine the first calls after a pause of a few hundred ms can take twice as long) and while the
 * previous side's idle threads may still spin on the cores (PyTorch's OpenBLAS threads are told to
 * sleep after ~1.5 ms, torchEnv in torch-server.ts; by default they spin for ~0.1 s).
 */
export const BURST = 3;
export const WARMUP_MS = 150;

/** a side timing `call`, which runs on the WebAssembly kernels of build `simd` on `threads` threads */
export function wasmSide(simd: SimdBuild, threads: number, call: () => void): Side {
  return {
    impl: simd === "relaxed" ? "miann wasm (relaxed SIMD)" : "miann wasm (baseline SIMD)",
    threads,
    simd,
    run: (r, warmupMs) => timeBurst(call, r, warmupMs),
    ms: [],
  };
}

export async function timedCase(
  size: string,
  kind: CaseRecord["case"],
  n: number,
  flops: number,
  sides: Side[],
  rounds: number,
  peaks: Map<SimdBuild, PeakResult>,
  info: string | undefined,
): Promise<CaseRecord[]> {
  const loadBefore = load();
  for (let r = 0; r < rounds; r++) {
    for (const s of sides) s.ms.push(...(await s.run(BURST, WARMUP_MS)));
  }
  const loadAfter = load();
  const stats = sides.map((s) => summarize(s.ms));
  const torch = sides.map((s, i) => ({ s, t: stats[i] })).filter((x) => x.s.impl.startsWith("PyTorch"));
  const torchBest = torch.length ? Math.min(...torch.map((x) => x.t.median)) : Number.NaN;
  const torchBestMin = torch.length ? Math.min(...torch.map((x) => x.t.min)) : Number.NaN;
  return sides.map((s, i) => {
    const t = stats[i];
    const gflopsPerCore = flops / (t.median / 1e3) / 1e9 / s.threads;
    const peak = s.simd ? peaks.get(s.simd) : undefined;
    const rec: CaseRecord = {
      size,
      case: kind,
      implementation: s.impl,
      threads: s.threads,
      ...(s.simd ? { simd: s.simd } : {}),
      n,
      ms: t,
      perSecond: n / (t.median / 1e3),
      gflopsPerCore,
      ...(peak ? { percentOfPeak: (100 * gflopsPerCore) / peak.gflops } : {}),
      loadBefore,
      loadAfter,
      ...(s.impl.startsWith("PyTorch") && info ? { info } : {}),
    };
    if (!Number.isNaN(torchBest)) {
      rec.speedupVsTorch = torchBest / t.median;
      rec.speedupVsTorchMin = torchBestMin / t.min;
    }
    return rec;
  });
}

export function printCase(records: CaseRecord[]): void {
  const r0 = records[0];
  console.log(
    `\n  ${r0.case}, N = ${r0.n.toLocaleString("en-US")}: load ${r0.loadBefore.toFixed(2)} before, ${r0.loadAfter.toFixed(2)} after, ${r0.ms.repeats} interleaved repeats`,
  );
  console.log(
    "  implementation               threads    min ms  median ms    max ms   vs PyTorch best   GFLOP/s/core  % of peak",
  );
  for (const r of records) {
    const vs = r.speedupVsTorch === undefined ? "-" : `${r.speedupVsTorch.toFixed(2)}x`;
    console.log(
      `  ${r.implementation.padEnd(28)} ${String(r.threads).padStart(7)} ${r.ms.min.toFixed(2).padStart(9)} ${r.ms.median.toFixed(2).padStart(10)} ${r.ms.max.toFixed(2).padStart(9)} ${vs.padStart(17)} ${r.gflopsPerCore.toFixed(2).padStart(14)} ${r.percentOfPeak === undefined ? "        -" : `${r.percentOfPeak.toFixed(0).padStart(8)}%`}`,
    );
  }
  if (r0.case === "stress+tangent") {
    const best = records.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    console.log(
      `  best: ${best.implementation}, ${best.threads} thread(s): ${Math.round(best.perSecond).toLocaleString("en-US")} points/s`,
    );
  }
}
