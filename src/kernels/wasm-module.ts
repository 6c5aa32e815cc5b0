import { type WasmModule, wasmApi } from "./wasm-api.js";
import { kernelsWasmBytes } from "./wasm-bytes.js";

let cached: WasmModule | undefined;

/**
 * The compiled kernels module (dist/wasm/kernels.wasm in Node, the inlined copy in the browser
 * playground), compiled synchronously once per thread.
 */
export function kernelsModule(): WasmModule {
  if (!cached) {
    if (!wasmApi) throw new Error("miann: this JavaScript engine has no WebAssembly");
    cached = new wasmApi.Module(kernelsWasmBytes());
  }
  return cached;
}

// (module (func (result v128) (v128.const i64x2 0 0)))
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11,
]);

/** Whether this JavaScript engine runs WebAssembly with fixed-width SIMD. */
export function wasmSimdAvailable(): boolean {
  try {
    return wasmApi?.validate(SIMD_PROBE) === true;
  } catch {
    return false;
  }
}
