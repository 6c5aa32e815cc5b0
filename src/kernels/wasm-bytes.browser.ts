import type { kernelsWasmBytes as NodeSide } from "./wasm-bytes.js";

/** the kernels' builds by file name, base64, put in by the playground build (scripts/build-playground.mjs) */
declare const __MIANN_KERNELS_WASM_BASE64__: Record<string, string>;

/** The bytes of a compiled kernels build, browser side: the copy inlined in the bundle. */
export const kernelsWasmBytes: typeof NodeSide = (file) => {
  const b64 = __MIANN_KERNELS_WASM_BASE64__[file];
  if (b64 === undefined) throw new Error(`miann: the playground bundle has no ${file}`);
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};
