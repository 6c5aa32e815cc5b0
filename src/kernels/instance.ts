/**
 * One instance of the WebAssembly kernels (src/kernels/assembly/index.ts) for one network shape:
 * owns a linear memory, copies parameters and samples in, results out. The pool runs one per
 * thread. Typed-array views are re-created after every call that may grow the memory.
 */

import { FREE_CONSTRAINTS, MIANN_CONSTRAINTS, type NetworkConstraints } from "../core/layout.js";
import { instantiateKernels, type WasmMemory, type WasmModule } from "./wasm-api.js";

interface KernelExports {
  memory: WasmMemory;
  init(d: number, layers: number, flags: number, extras: number, outputDim: number): void;
  setWidth(l: number, w: number): void;
  build(): number;
  reserve(n: number): void;
  prepare(): void;
  ptrParams(): number;
  ptrX(): number;
  ptrY(): number;
  ptrW(): number;
  ptrB(): number;
  ptrK(): number;
  ptrGamma(): number;
  ptrC(): number;
  ptrOut(): number;
  ptrOut2(): number;
  ptrSigma(): number;
  ptrGraw(): number;
  ptrGrad(): number;
  ptrRsum(): number;
  potential(n: number): void;
  gradient(n: number): void;
  hessian(n: number): void;
  lossPartial(n: number, total: number, masked: number, mode: number, growthAt: number): number;
  finishGradient(): void;
  testMath(which: number, n: number): void;
}

/**
 * What a network instance needs to know: input width, hidden widths, the constraint list (or the
 * legacy `convex`: the MIANN's list when true, every weight free when false), and the stress
 * dimension of a loss with a LossMap (default: the input width).
 */
export interface NetworkShape {
  inputDim: number;
  hidden: readonly number[];
  convex?: boolean;
  constraints?: NetworkConstraints;
  outputDim?: number;
}

/** The constraint list a shape stands for. */
export function shapeConstraints(shape: NetworkShape): NetworkConstraints {
  if (shape.constraints) return shape.constraints;
  return shape.convex === false ? FREE_CONSTRAINTS : MIANN_CONSTRAINTS;
}

/** How the kernel's loss maps ∇N to the stress: 0 the MIANN, 1 a pullback, 2 pullback + zero state. */
export type LossMode = 0 | 1 | 2;

/** the functions of the kernels' testMath, in the order of its `which` */
const TEST_FUNCTIONS = ["exp", "log1p", "softplus", "expNonPositive", "log1pUnit"] as const;

export class KernelInstance {
  readonly d: number;
  /** the stress dimension of a mapped loss */
  readonly outputDim: number;
  readonly size: number;
  private readonly k: KernelExports;

  constructor(module: WasmModule, shape: NetworkShape) {
    this.k = instantiateKernels<KernelExports>(module);
    this.d = shape.inputDim;
    this.outputDim = shape.outputDim ?? shape.inputDim;
    const c = shapeConstraints(shape);
    const flags = (c.positiveHidden ? 1 : 0) | (c.positiveInput ? 2 : 0) | (c.quadratic ? 0 : 4);
    this.k.init(shape.inputDim, shape.hidden.length, flags, c.extras.length, this.outputDim);
    shape.hidden.forEach((w, l) => {
      this.k.setWidth(l, w);
    });
    this.size = this.k.build();
  }

  private f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, ptr, length);
  }

  /** Copies the parameters in and transforms them (P(Q), AᵀA, ...) once for the calls that follow. */
  setParams(params: Float64Array): void {
    this.f64(this.k.ptrParams(), this.size).set(params);
    this.k.prepare();
  }

  /** Copies n samples (n×d, from sample `start` of x) into the kernel's x buffer. */
  setX(x: Float64Array, start: number, n: number): void {
    this.k.reserve(n);
    this.f64(this.k.ptrX(), n * this.d).set(x.subarray(start * this.d, (start + n) * this.d));
  }

  /** Copies n targets (n × dy, dy = d or the mapped loss's stress dimension). */
  setY(y: Float64Array, start: number, n: number, dy = this.d): void {
    this.k.reserve(n);
    this.f64(this.k.ptrY(), n * dy).set(y.subarray(start * dy, (start + n) * dy));
  }

  /**
   * Copies the data-only map of a mapped loss for n samples from sample `start`: B (n×m×d),
   * and for the zero-state term k (n×d), γ (n) and c (m).
   */
  setLossMap(
    B: Float64Array,
    start: number,
    n: number,
    zero?: { k: Float64Array; gamma?: Float64Array; c: ArrayLike<number> },
  ): void {
    const m = this.d;
    const d = this.outputDim;
    this.k.reserve(n);
    this.f64(this.k.ptrB(), n * m * d).set(B.subarray(start * m * d, (start + n) * m * d));
    if (zero) {
      this.f64(this.k.ptrK(), n * d).set(zero.k.subarray(start * d, (start + n) * d));
      const g = this.f64(this.k.ptrGamma(), n);
      if (zero.gamma) g.set(zero.gamma.subarray(start, start + n));
      else g.fill(0);
      const c = this.f64(this.k.ptrC(), m);
      for (let j = 0; j < m; j++) c[j] = zero.c[j];
    }
  }

  /**
   * Copies the known-entry weights of n samples (n×d, from sample `start`) into the kernel's
   * weight buffer: mask values (1 known, 0 unknown) or already-converted float weights.
   */
  setMask(mask: ArrayLike<number>, start: number, n: number, dy = this.d): void {
    this.k.reserve(n);
    const w = this.f64(this.k.ptrW(), n * dy);
    const o = start * dy;
    for (let i = 0; i < n * dy; i++) w[i] = mask[o + i] !== 0 ? 1 : 0;
  }

  setSigma(sigma: ArrayLike<number>, dy = this.d): void {
    const s = this.f64(this.k.ptrSigma(), dy);
    for (let k = 0; k < dy; k++) s[k] = sigma[k];
  }

  /** The output buffer (first `length` values) of the last potential/gradient/hessian call. */
  out(length: number): Float64Array {
    return this.f64(this.k.ptrOut(), length);
  }

  /** The gradients written by the last hessian call (first `length` values). */
  out2(length: number): Float64Array {
    return this.f64(this.k.ptrOut2(), length);
  }

  potential(n: number): void {
    this.k.potential(n);
  }
  gradient(n: number): void {
    this.k.gradient(n);
  }
  hessian(n: number): void {
    this.k.hessian(n);
  }

  /**
   * Partial loss over the n samples in x, y of a batch whose known entries weigh `total` in all
   * (n·d without a mask); masked: the weights set by setMask apply (see lossPartial).
   */
  lossPartial(n: number, total: number, masked: boolean, mode: LossMode = 0, growthAt = -1): number {
    return this.k.lossPartial(n, total, masked ? 1 : 0, mode, growthAt);
  }

  /** Raw (pre-chain-rule) gradient of this instance's part; summed across threads by the pool. */
  graw(): Float64Array {
    return this.f64(this.k.ptrGraw(), this.size);
  }

  /** Σ_m r_m of this instance's part (d values). */
  rsum(): Float64Array {
    return this.f64(this.k.ptrRsum(), this.d);
  }

  /** Adds the zero-strain term and the chain rule of the parameter maps; returns the gradient view. */
  finishGradient(): Float64Array {
    this.k.finishGradient();
    return this.f64(this.k.ptrGrad(), this.size);
  }

  /** The vectorised exp / log1p / softplus of the kernels on n values (accuracy tests only). */
  testMath(fn: (typeof TEST_FUNCTIONS)[number], values: Float64Array): Float64Array {
    const n = values.length;
    this.k.reserve(Math.ceil(n / this.d) + 2);
    this.f64(this.k.ptrX(), n).set(values);
    this.k.testMath(TEST_FUNCTIONS.indexOf(fn), n);
    return this.out(n).slice();
  }
}
