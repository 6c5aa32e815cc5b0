import type { kernelsWasmBytes as NodeSide } from "./wasm-bytes.js";

/** the kernels' .wasm, base64, put in by the playground build (scripts/build-playground.mjs) */
declare const __MIANN_KERNELS_WASM_BASE64__: string;

/** The bytes of the compiled kernels, browser side: the copy inlined in the bundle. */
export const kernelsWasmBytes: typeof NodeSide = () => {
  const text = atob(__MIANN_KERNELS_WASM_BASE64__);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
};
