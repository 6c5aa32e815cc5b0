/**
 * One instance of the WebAssembly kernels set up for the regression baseline
 * (src/kernels/assembly/regression.ts): owns a linear memory, copies parameters and samples in and
 * the loss gradient out. The pool runs one per thread. Views are re-created after every call that
 * may grow the memory.
 */

import { instantiateKernels, type WasmMemory, type WasmModule } from "./wasm-api.js";

interface RegressionExports {
  memory: WasmMemory;
  regInit(d: number, layers: number): void;
  regSetWidth(l: number, w: number): void;
  regBuild(): number;
  regSetKappa(kappa: number): void;
  regReserve(n: number): void;
  regPtrParams(): number;
  regPtrX(): number;
  regPtrY(): number;
  regPtrSigma(): number;
  regPtrInvD(): number;
  regPtrGrad(): number;
  regLoss(n: number, total: number): number;
  regTestTanh(n: number): void;
}

/** What a regression instance needs: dimension, hidden widths and the scaling (D, κ). */
export interface RegressionShape {
  inputDim: number;
  hidden: readonly number[];
  strainScale: readonly number[];
  stressScale: number;
}

export class RegressionInstance {
  readonly d: number;
  readonly size: number;
  private readonly k: RegressionExports;

  constructor(module: WasmModule, shape: RegressionShape) {
    this.k = instantiateKernels<RegressionExports>(module);
    const d = shape.inputDim;
    this.d = d;
    this.k.regInit(d, shape.hidden.length);
    shape.hidden.forEach((w, l) => {
      this.k.regSetWidth(l, w);
    });
    this.size = this.k.regBuild();
    this.k.regSetKappa(shape.stressScale);
    // 1/D computed as the reference does (src/model/regression.ts)
    const invD = this.f64(this.k.regPtrInvD(), d);
    for (let j = 0; j < d; j++) invD[j] = 1 / shape.strainScale[j];
  }

  private f64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.k.memory.buffer, ptr, length);
  }

  setParams(params: Float64Array): void {
    this.f64(this.k.regPtrParams(), this.size).set(params.subarray(0, this.size));
  }

  setSigma(sigma: ArrayLike<number>): void {
    const s = this.f64(this.k.regPtrSigma(), this.d);
    for (let k = 0; k < this.d; k++) s[k] = sigma[k];
  }

  /** Copies n samples of strain (from sample `start`) into the x buffer. */
  setX(x: Float64Array, start: number, n: number): void {
    this.k.regReserve(n);
    this.f64(this.k.regPtrX(), n * this.d).set(x.subarray(start * this.d, (start + n) * this.d));
  }

  /** Copies n samples of stress (from sample `start`) into the y buffer. */
  setY(y: Float64Array, start: number, n: number): void {
    this.k.regReserve(n);
    this.f64(this.k.regPtrY(), n * this.d).set(y.subarray(start * this.d, (start + n) * this.d));
  }

  /** This part's loss over the n samples in x, y of a batch of `total`; its gradient share in grad(). */
  loss(n: number, total: number): number {
    return this.k.regLoss(n, total);
  }

  /** The gradient share written by the last loss call. */
  grad(): Float64Array {
    return this.f64(this.k.regPtrGrad(), this.size);
  }

  /** The vectorised tanh of the kernel on the given values (accuracy tests only). */
  testTanh(values: Float64Array): Float64Array {
    const n = values.length;
    this.k.regReserve(Math.ceil(n / this.d) + 2);
    this.f64(this.k.regPtrX(), n).set(values);
    this.k.regTestTanh(n);
    return this.f64(this.k.regPtrY(), n).slice();
  }
}
