/**
 * The fast path of the network kernels (docs/theory.md, section "The derivatives"): WebAssembly SIMD on worker threads, with
 * the TypeScript reference (src/core/network.ts) selectable and used as the fallback.
 */
import type { NetworkKernels } from "../core/kernels.js";
import type { ParameterLayout } from "../core/layout.js";
import { createReferenceKernels } from "../core/network.js";
import { warn } from "../util/warn.js";
import { createWasmKernels, type DisposableKernels, defaultThreads } from "./wasm-kernels.js";
import { wasmSimdAvailable } from "./wasm-module.js";

export {
  createWasmRegressionKernels,
  type DisposableRegressionKernels,
  type RegressionKernelOptions,
} from "./regression-kernels.js";
export {
  createWasmKernels,
  type DisposableKernels,
  defaultThreads,
  type WasmKernelOptions,
} from "./wasm-kernels.js";
export { defaultSimdBuild, relaxedSimdAvailable, type SimdBuild, wasmSimdAvailable } from "./wasm-module.js";

export type KernelBackend = "wasm" | "reference";

export interface KernelOptions {
  /** legacy: whether Q_l and qOut are positive (default: the layout's constraint list) */
  convex?: boolean;
  /** the stress dimension of a loss with a LossMap (default: the layout's input width) */
  outputDim?: number;
  /** "wasm" (default) or "reference" (the TypeScript oracle, single-threaded) */
  backend?: KernelBackend;
  /** threads for the wasm backend, including the calling one; default min(2, cores) */
  threads?: number;
}

/**
 * The kernels to train and predict with: the WebAssembly SIMD kernels by default, falling back
 * to the reference (with a one-line warning on stderr) only when this engine lacks WebAssembly
 * SIMD. Call dispose() when done to end worker threads early (they never keep Node alive).
 */
export function createKernels(layout: ParameterLayout, options: KernelOptions): DisposableKernels {
  const backend = options.backend ?? "wasm";
  if (backend === "wasm") {
    if (wasmSimdAvailable()) {
      return createWasmKernels(layout, {
        convex: options.convex,
        outputDim: options.outputDim,
        threads: options.threads ?? defaultThreads(),
      });
    }
    warn("miann: WebAssembly SIMD is not available here; using the slower reference kernels");
  } else if (backend !== "reference") {
    throw new RangeError(`unknown kernel backend ${String(backend)} (expected wasm or reference)`);
  }
  return withDispose(createReferenceKernels(layout, { convex: options.convex }));
}

function withDispose(kernels: NetworkKernels): DisposableKernels {
  return {
    layout: kernels.layout,
    convex: kernels.convex,
    threads: 1,
    potential: (p, x, n, out) => kernels.potential(p, x, n, out),
    gradient: (p, x, n, out) => kernels.gradient(p, x, n, out),
    hessian: (p, x, n, out) => kernels.hessian(p, x, n, out),
    gradientAndHessian: (p, x, n, g, h) => {
      kernels.gradient(p, x, n, g);
      kernels.hessian(p, x, n, h);
    },
    lossAndGradient: (p, x, y, s, n, g, mask, map) => kernels.lossAndGradient(p, x, y, s, n, g, mask, map),
    dispose: () => {},
  };
}
