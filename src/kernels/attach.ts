import { NetworkModel } from "../model/network-model.js";
import type { Model } from "../model/types.js";
import { createKernels, type KernelBackend } from "./index.js";

/**
 * Puts a network model on the fast kernels (WebAssembly SIMD on `threads` threads, or the
 * TypeScript reference when `backend` says so). Models without network kernels (the regression
 * baseline, closed-form laws) are left as they are. Returns a function that releases the workers.
 */
export function attachFastKernels(
  model: Model,
  options: { threads?: number; backend?: KernelBackend } = {},
): () => void {
  if (!(model instanceof NetworkModel)) return () => {};
  const kernels = createKernels(model.layout, {
    convex: model.convex,
    threads: options.threads,
    backend: options.backend,
  });
  model.setKernels(kernels);
  return () => kernels.dispose();
}
