import type { ParameterLayout } from "./layout.js";

/**
 * How the network's input gradient becomes the stress a loss compares with its targets, for a
 * family whose network input y is a data-only function of the strain x (docs/theory.md, section
 * "The polyconvex family"). Everything here depends on the data only: a family computes it once per
 * data set. Per sample m (targets, σ and mask are n×d with d = outputDim):
 *   S_m = B_mᵀ ∇N(y_m) + (g γ_m − c·∇N(0)) k_m
 * with B_m = ∂y/∂x (m×d, row-major per sample), and the zero-state term present only when
 * `zeroState` is given (g = P(extra parameter `growth`) when that is given, else 0). The loss's
 * direction per sample is then v_m = B_m ρ_m, and the zero-state direction v_0 = −Σ_m (k_m·ρ_m) c.
 * Without a LossMap the kernels use the MIANN's map: B = I and S_m = ∇N(x_m) − ∇N(0).
 */
export interface LossMap {
  /** d: the dimension of targets, σ and mask */
  readonly outputDim: number;
  /** n × m × d: B_m = ∂y_m/∂x_m, row j = ∂y_j/∂x */
  readonly pullback: Float64Array;
  readonly zeroState?: {
    /** n × d: k_m (for the compressible invariants J_m d_m) */
    readonly k: Float64Array;
    /** m: c, so that c·∇N(0) is the normalisation that makes S(0) = 0 */
    readonly c: Float64Array;
    /** n: γ_m, multiplying the positive extra parameter at offset `growth` */
    readonly gamma?: Float64Array;
    /** offset of the extra parameter g (used through P(·; α)) in the flat vector */
    readonly growth?: number;
  };
}

/**
 * The numerical kernels of the network N(x) of docs/theory.md, sections "The model" and "The derivatives", on raw (already scaled) inputs.
 * Two implementations share this interface: the TypeScript reference (src/core/, the test oracle)
 * and the WebAssembly SIMD kernels (src/kernels/). Every array is caller-owned, row-major; a
 * kernel allocates nothing per sample.
 *
 * Which weights pass through P(R) = softplus(α²R)/α² is the layout's constraint list
 * (layout.constraints); `convex` says whether Q_l and qOut do (the MIANN and the polyconvex
 * family: true; the paper's unconstrained "potential" baseline: false).
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
  /**
   * ∇N(x) for n points on another thread, while the caller goes on (optional): x and params are
   * read now, and the returned function waits for the result and writes it into `out` (the same
   * numbers as gradient()). Undefined when no thread is free now; then call gradient(). Until the
   * returned function has run, other calls of these kernels may wait for it.
   */
  gradientLater?(
    params: Float64Array,
    x: Float64Array,
    n: number,
    out: Float64Array,
  ): (() => void) | undefined;
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
   * `map`: the family's data-only map from ∇N(y) to the stress (see LossMap); then x holds the
   * network inputs y (n×m) and y, mask, σ the stress targets (n×d).
   */
  lossAndGradient(
    params: Float64Array,
    x: Float64Array,
    y: Float64Array,
    sigma: Float64Array,
    n: number,
    grad: Float64Array,
    mask?: Uint8Array,
    map?: LossMap,
  ): number;
}
