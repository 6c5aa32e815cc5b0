import { readFileSync } from "node:fs";
import { builtFile } from "./package-root.js";

/**
 * The bytes of the compiled kernels, Node side: dist/wasm/kernels.wasm. (The browser side,
 * wasm-bytes.browser.ts, decodes the copy the playground bundle inlines; the bundler picks it.)
 */
export function kernelsWasmBytes(): Uint8Array {
  return readFileSync(builtFile("wasm", "kernels.wasm"));
}
