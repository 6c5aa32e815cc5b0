import type { ParameterLayout } from "./layout.js";

/**
 * The numerical kernels of the network N(x) of docs/theory.md, sections "The model" and "The derivatives", on raw (already scaled) inputs.
 * Two implementations share this interface: the TypeScript reference (src/core/, the test oracle)
 * and the WebAssembly SIMD kernels (src/kernels/). Every array is caller-owned, row-major; a
 * kernel allocates nothing per sample.
 *
 * `convex` selects the map applied to Q_l and qOut: true = P(Q) = softplus(α²Q)/α² (the MIANN,
 * input-convex), false = identity (the paper's unconstrained "potential" baseline; alpha unused).
 */
export interface NetworkKernels {
  readonly layout: ParameterLayout;
  readonly convex: boolean;
  /** N(x) for n points: x is n×d, out is n */
  potential(params: Float64Array, x: Float64Array, n: number, out: Float64Array): void;
  /** ∇N(x) for n points: out is n×d */
  gradient(params: Float64Array, x: Float64Array, n: number, out: Float64Array): void;
  /** ∇²N(x) for n points: out is n×d×d */
  hessian(params: Float64Array, x: Float64Array, n: number, out: Float64Array): void;
  /** ∇N(x) and ∇²N(x) together in one pass, where a backend can share the work (optional) */
  gradientAndHessian?(
    params: Float64Array,
    x: Float64Array,
    n: number,
    gradientOut: Float64Array,
    hessianOut: Float64Array,
  ): void;
  /**
   * The paper's loss with known-entry weights, L = Σ_mk w_mk ((s_k(x_m) − y_mk)/σ_k)² / Σ_mk w_mk,
   * with s(x) = ∇N(x) − ∇N(0) (the zero-strain correction inside the loss), and its exact gradient
   * dL/dθ written into `grad` (overwritten, length layout.size). Returns L.
   *
   * `mask` (n×d, 1 = known, 0 = unknown) gives w; without it every w = 1, i.e. 1/(n d) Σ. An entry
   * with w = 0 is never read (its target may be NaN). Σ w = 0 gives L = 0 and a zero gradient.
   */
  lossAndGradient(
    params: Float64Array,
    x: Float64Array,
    y: Float64Array,
    sigma: Float64Array,
    n: number,
    grad: Float64Array,
    mask?: Uint8Array,
  ): number;
}
