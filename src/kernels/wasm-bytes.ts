import { readFileSync } from "node:fs";
import { builtFile } from "./package-root.js";

/**
 * The bytes of a compiled kernels build (`file`, e.g. kernels.wasm), Node side: read from
 * dist/wasm. (The browser side, wasm-bytes.browser.ts, decodes the copies the playground bundle
 * inlines; the bundler picks it.)
 */
export function kernelsWasmBytes(file: string): Uint8Array {
  return readFileSync(builtFile("wasm", file));
}
