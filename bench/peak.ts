/**
 * The machine's limit for the kernels' arithmetic (part of `npm run bench`): f64x2 multiply-add
 * throughput on one core, from the microbenchmark bench/assembly/peak.ts in its two builds
 * (dist/wasm/peak.wasm: separate multiply and add, as the baseline kernels; peak-relaxed.wasm:
 * relaxed_madd, a fused multiply-add on CPUs with FMA). Each form is timed several times after
 * warm-up and the best rate is the peak: GFLOP/s, counting a multiply-add as 2 flops.
 */
import { readFileSync } from "node:fs";
import { builtFile } from "../src/kernels/package-root.js";
import { wasmApi } from "../src/kernels/wasm-api.js";
import { relaxedSimdAvailable, type SimdBuild } from "../src/kernels/wasm-module.js";

interface PeakExports {
  peak12(iters: number): number;
  peak8(iters: number): number;
  tile(reps: number, n: number): number;
}

export interface PeakResult {
  build: SimdBuild;
  /** best GFLOP/s of the three forms (12 and 8 chains of a·m + c; the kernels' 4×2 register tile) */
  gflops: number;
  forms: { chains12: number; chains8: number; tile: number };
}

function rate(run: () => void, flops: number, repeats: number): number {
  run();
  let best = 0;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    run();
    best = Math.max(best, flops / ((performance.now() - t0) / 1e3) / 1e9);
  }
  return best;
}

/** Peak f64x2 multiply-add rate of one core for a build (undefined where the engine lacks it). */
export function measurePeak(build: SimdBuild, repeats = 7): PeakResult | undefined {
  if (build === "relaxed" && !relaxedSimdAvailable()) return undefined;
  const file = build === "relaxed" ? "peak-relaxed.wasm" : "peak.wasm";
  if (!wasmApi) return undefined;
  const module = new wasmApi.Module(readFileSync(builtFile("wasm", file)));
  const k = new wasmApi.Instance(module, { env: { abort: () => {} } }).exports as unknown as PeakExports;
  // warm-up calls let the engine tier the loops up to its optimising compiler
  k.peak12(1e6);
  k.peak8(1e6);
  k.tile(100, 256);
  const iters = 5e6;
  const chains12 = rate(() => k.peak12(iters), iters * 48, repeats);
  const chains8 = rate(() => k.peak8(iters), iters * 32, repeats);
  const reps = 4000;
  const tile = rate(() => k.tile(reps, 256), reps * 256 * 32, repeats);
  return { build, gflops: Math.max(chains12, chains8, tile), forms: { chains12, chains8, tile } };
}
