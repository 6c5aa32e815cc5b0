/**
 * One instance of the WebAssembly kernels (src/kernels/assembly/index.ts) for one network shape:
 * owns a linear memory, copies parameters and samples in, results out. The pool runs one per
 * thread. Typed-array views are re-created after every call that may grow the memory.
 */

import { type WasmMemory, type WasmModule, wasmApi } from "./wasm-api.js";

interface KernelExports {
  memory: WasmMemory;
  init(d: number, layers: number, convex: number): void;
  setWidth(l: number, w: number): void;
  build(): number;
  reserve(n: number): void;
  prepare(): void;
  ptrParams(): number;
  ptrX(): number;
  ptrY(): number;
  ptrW(): number;
  ptrOut(): number;
  ptrOut2(): number;
  ptrSigma(): number;
  ptrGraw(): number;
  ptrGrad(): number;
  ptrRsum(): number;
  potential(n: number): void;
  gradient(n: number): void;
  hessian(n: number): void;
  lossPartial(n: number, total: number, masked: number): number;
  finishGradient(): void;
  testExp(n: number): void;
  testLog1p(n: number): void;
  testSoftplus(n: number): void;
}

/** What a network instance needs to know: input dimension, hidden widths, convex or not. */
export interface NetworkShape {
  inputDim: number;
  hidden: readonly number[];
  convex: boolean;
}

export class KernelInstance {
  readonly d: number;
  readonly size: number;
  private readonly k: KernelExports;

  constructor(module: WasmModule, shape: NetworkShape) {
    if (!wasmApi) throw new Error("miann: this JavaScript engine has no WebAssembly");
    const instance = new wasmApi.Instance(module, {
      env: {
        abort: () => {
          throw new Error("miann: WebAssembly kernels aborted");
        },
      },
    });
    this.k = instance.exports as unknown as KernelExports;
    this.d = shape.inputDim;
    this.k.init(shape.inputDim, shape.hidden.length, shape.convex ? 1 : 0);
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

  setY(y: Float64Array, start: number, n: number): void {
    this.k.reserve(n);
    this.f64(this.k.ptrY(), n * this.d).set(y.subarray(start * this.d, (start + n) * this.d));
  }

  /**
   * Copies the known-entry weights of n samples (n×d, from sample `start`) into the kernel's
   * weight buffer: mask values (1 known, 0 unknown) or already-converted float weights.
   */
  setMask(mask: ArrayLike<number>, start: number, n: number): void {
    this.k.reserve(n);
    const w = this.f64(this.k.ptrW(), n * this.d);
    const o = start * this.d;
    for (let i = 0; i < n * this.d; i++) w[i] = mask[o + i] !== 0 ? 1 : 0;
  }

  setSigma(sigma: ArrayLike<number>): void {
    const s = this.f64(this.k.ptrSigma(), this.d);
    for (let k = 0; k < this.d; k++) s[k] = sigma[k];
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
  lossPartial(n: number, total: number, masked: boolean): number {
    return this.k.lossPartial(n, total, masked ? 1 : 0);
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
  testMath(fn: "exp" | "log1p" | "softplus", values: Float64Array): Float64Array {
    const n = values.length;
    this.k.reserve(Math.ceil(n / this.d) + 2);
    this.f64(this.k.ptrX(), n).set(values);
    if (fn === "exp") this.k.testExp(n);
    else if (fn === "log1p") this.k.testLog1p(n);
    else this.k.testSoftplus(n);
    return this.out(n).slice();
  }
}
