import { PolyconvexModel } from "../model/families/polyconvex-model.js";
import { NetworkModel } from "../model/network-model.js";
import { RegressionModel } from "../model/regression.js";
import type { Model } from "../model/types.js";
import { warn } from "../util/warn.js";
import { createKernels, type KernelBackend } from "./index.js";
import { createWasmRegressionKernels } from "./regression-kernels.js";
import { wasmSimdAvailable } from "./wasm-module.js";

/**
 * Puts a model on the fast kernels (WebAssembly SIMD on `threads` threads, or the TypeScript
 * reference when `backend` says so): network models for everything, the regression baseline for
 * its loss and gradient. Other models (closed-form laws) are left as they are. Returns a function
 * that releases the workers (and puts a regression model back on its TypeScript path).
 */
export function attachFastKernels(
  model: Model,
  options: { threads?: number; backend?: KernelBackend } = {},
): () => void {
  if (model instanceof RegressionModel) return attachRegression(model, options);
  if (model instanceof PolyconvexModel) {
    // the shared network kernel on the invariants, with the stress dimension of the family's loss map
    const kernels = createKernels(model.layout, {
      threads: options.threads,
      backend: options.backend,
      outputDim: model.dim,
    });
    model.setKernels(kernels);
    return () => kernels.dispose();
  }
  if (!(model instanceof NetworkModel)) return () => {};
  const kernels = createKernels(model.layout, {
    convex: model.convex,
    threads: options.threads,
    backend: options.backend,
  });
  model.setKernels(kernels);
  return () => kernels.dispose();
}

function attachRegression(
  model: RegressionModel,
  options: { threads?: number; backend?: KernelBackend },
): () => void {
  const backend = options.backend ?? "wasm";
  if (backend === "reference") return () => {};
  if (backend !== "wasm") {
    throw new RangeError(`unknown kernel backend ${String(backend)} (expected wasm or reference)`);
  }
  if (!wasmSimdAvailable()) {
    warn("miann: WebAssembly SIMD is not available here; using the slower reference kernels");
    return () => {};
  }
  const kernels = createWasmRegressionKernels(
    { inputDim: model.dim, hidden: model.spec.hidden },
    model.scaling,
    { threads: options.threads },
  );
  model.setKernels(kernels);
  return () => {
    model.setKernels(undefined);
    kernels.dispose();
  };
}
