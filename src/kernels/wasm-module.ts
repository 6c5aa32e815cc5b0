import { type WasmModule, wasmApi } from "./wasm-api.js";
import { kernelsWasmBytes } from "./wasm-bytes.js";

/**
 * Which build of the kernels runs: "relaxed" (dist/wasm/kernels-relaxed.wasm: relaxed-SIMD fused
 * multiply-adds) where the engine validates relaxed SIMD, else "baseline" (dist/wasm/kernels.wasm:
 * fixed-width SIMD only, separately rounded products and sums). Both are the same source and agree
 * with the TypeScript reference to 1e-12 (tested); their results differ in the last bits, so a
 * run is bit-reproducible for a given build (and CPU: relaxed_madd fuses only where the CPU has FMA).
 */
export type SimdBuild = "relaxed" | "baseline";

const cached = new Map<SimdBuild, WasmModule>();

/**
 * The build used when none is asked for: "relaxed" where the engine has relaxed SIMD, unless the
 * environment variable MIANN_SIMD=baseline asks for the baseline build.
 */
export function defaultSimdBuild(): SimdBuild {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.MIANN_SIMD === "baseline") return "baseline";
  return relaxedSimdAvailable() ? "relaxed" : "baseline";
}

/**
 * The compiled kernels module (dist/wasm/kernels*.wasm in Node, the copies inlined in the browser
 * playground), compiled synchronously once per thread.
 */
export function kernelsModule(build: SimdBuild = defaultSimdBuild()): WasmModule {
  let m = cached.get(build);
  if (!m) {
    if (!wasmApi) throw new Error("miann: this JavaScript engine has no WebAssembly");
    if (build === "relaxed" && !relaxedSimdAvailable()) {
      throw new Error("miann: this JavaScript engine has no relaxed SIMD (use the baseline kernels)");
    }
    m = new wasmApi.Module(kernelsWasmBytes(kernelsFile(build)));
    cached.set(build, m);
  }
  return m;
}

/** file name of a build under dist/wasm */
export function kernelsFile(build: SimdBuild): string {
  return build === "relaxed" ? "kernels-relaxed.wasm" : "kernels.wasm";
}

// (module (func (result v128) (v128.const i64x2 0 0)))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

// (module (func (param v128 v128 v128) (result v128)
//   (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))
export const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32,
  1, 32, 2, 253, 135, 2, 11,
]);

/** Whether this JavaScript engine runs WebAssembly with fixed-width SIMD. */
export function wasmSimdAvailable(): boolean {
  try {
    return wasmApi?.validate(SIMD_PROBE) === true;
  } catch {
    return false;
  }
}

/** Whether this JavaScript engine runs WebAssembly relaxed SIMD (f64x2.relaxed_madd). */
export function relaxedSimdAvailable(): boolean {
  try {
    return wasmApi?.validate(RELAXED_SIMD_PROBE) === true;
  } catch {
    return false;
  }
}
