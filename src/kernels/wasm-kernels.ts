/**
 * The fast NetworkKernels: WebAssembly SIMD kernels (assembly/index.ts) on the calling thread
 * plus, for batches of at least `parallelThreshold` samples, a pool of worker threads that take
 * contiguous ranges of samples; loss gradients are summed across threads before the zero-strain
 * term and the chain rule of the parameter maps (DESIGN.md §2). Synchronous, like the reference.
 */
import type { NetworkKernels } from "../core/kernels.js";
import type { ParameterLayout } from "../core/layout.js";
import { KernelInstance } from "./instance.js";
import { splitSamples, WorkerPool } from "./pool.js";
import {
  CMD_GRADIENT,
  CMD_GRADIENT_HESSIAN,
  CMD_HESSIAN,
  CMD_LOSS,
  CMD_POTENTIAL,
  outputStride,
} from "./protocol.js";
import { defaultThreads } from "./threads.js";
import { kernelsModule } from "./wasm-module.js";

export interface WasmKernelOptions {
  convex: boolean;
  /** threads including the calling one; default min(2, os.availableParallelism()) */
  threads?: number;
  /** batches smaller than this stay on the calling thread (default 256) */
  parallelThreshold?: number;
}

/** NetworkKernels with a dispose() that ends the worker threads (they never keep Node alive). */
export interface DisposableKernels extends NetworkKernels {
  readonly threads: number;
  /**
   * ∇N(x) (gradOut, n×d) and ∇²N(x) (hessOut, n×d×d) in one pass: what a material evaluation
   * (stress and tangent) needs, cheaper than gradient() then hessian().
   */
  gradientAndHessian(
    params: Float64Array,
    x: Float64Array,
    n: number,
    gradOut: Float64Array,
    hessOut: Float64Array,
  ): void;
  dispose(): void;
}

export { defaultThreads };

export function createWasmKernels(layout: ParameterLayout, options: WasmKernelOptions): DisposableKernels {
  return new WasmKernels(layout, options);
}

class WasmKernels implements DisposableKernels {
  readonly layout: ParameterLayout;
  readonly convex: boolean;
  readonly threads: number;
  private readonly threshold: number;
  private readonly d: number;
  private readonly main: KernelInstance;
  private pool: WorkerPool | undefined;
  private readonly ranges: [number, number][];

  constructor(layout: ParameterLayout, options: WasmKernelOptions) {
    const threads = options.threads ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`threads must be a positive integer, got ${threads}`);
    }
    this.layout = layout;
    this.convex = options.convex;
    this.threads = threads;
    this.threshold = options.parallelThreshold ?? 256;
    this.d = layout.inputDim;
    this.main = new KernelInstance(kernelsModule(), {
      inputDim: layout.inputDim,
      hidden: layout.hidden,
      convex: options.convex,
    });
    if (this.main.size !== layout.size) {
      throw new Error(`miann: WebAssembly layout has ${this.main.size} parameters, expected ${layout.size}`);
    }
    this.ranges = Array.from({ length: threads - 1 }, () => [0, 0] as [number, number]);
  }

  potential(params: Float64Array, x: Float64Array, n: number, out: Float64Array): void {
    this.map(CMD_POTENTIAL, params, x, n, out);
  }

  gradient(params: Float64Array, x: Float64Array, n: number, out: Float64Array): void {
    this.map(CMD_GRADIENT, params, x, n, out);
  }

  hessian(params: Float64Array, x: Float64Array, n: number, out: Float64Array): void {
    this.map(CMD_HESSIAN, params, x, n, out);
  }

  gradientAndHessian(
    params: Float64Array,
    x: Float64Array,
    n: number,
    gradOut: Float64Array,
    hessOut: Float64Array,
  ): void {
    if (gradOut.length < n * this.d)
      throw new RangeError(`gradOut holds ${gradOut.length} values, need ${n * this.d}`);
    this.map(CMD_GRADIENT_HESSIAN, params, x, n, hessOut, gradOut);
  }

  lossAndGradient(
    params: Float64Array,
    x: Float64Array,
    y: Float64Array,
    sigma: Float64Array,
    n: number,
    grad: Float64Array,
  ): number {
    const d = this.d;
    const size = this.layout.size;
    this.check(params, x, n);
    if (y.length < n * d) throw new RangeError(`targets hold ${y.length} values, need ${n * d}`);
    if (sigma.length < d) throw new RangeError(`sigma holds ${sigma.length} values, need ${d}`);
    if (grad.length < size) throw new RangeError(`grad holds ${grad.length} values, need ${size}`);
    if (n === 0) {
      grad.fill(0, 0, size);
      return 0;
    }
    const main = this.main;
    main.setParams(params);
    main.setSigma(sigma);
    const own = this.split(n);
    const pool = own < n ? this.workerPool() : undefined;
    if (pool) {
      const data = pool.buffer(n);
      const lay = pool.layout;
      data.set(params, lay.params);
      data.set(sigma.subarray(0, d), lay.sigma);
      data.set(x.subarray(own * d, n * d), lay.x + own * d);
      data.set(y.subarray(own * d, n * d), lay.y + own * d);
      pool.start(CMD_LOSS, this.ranges, n);
    }
    main.setX(x, 0, own);
    main.setY(y, 0, own);
    let loss = main.lossPartial(own, n);
    if (pool) {
      pool.wait();
      const data = pool.buffer(n);
      const lay = pool.layout;
      const graw = main.graw();
      const rsum = main.rsum();
      for (let w = 0; w < pool.workers; w++) {
        const r = lay.results + w * lay.resultStride;
        for (let p = 0; p < size; p++) graw[p] += data[r + p];
        for (let k = 0; k < d; k++) rsum[k] += data[r + size + k];
        loss += data[r + size + d];
      }
    }
    grad.set(main.finishGradient());
    return loss;
  }

  dispose(): void {
    this.pool?.dispose();
    this.pool = undefined;
  }

  private check(params: Float64Array, x: Float64Array, n: number): void {
    if (params.length !== this.layout.size) {
      throw new RangeError(`expected ${this.layout.size} parameters, got ${params.length}`);
    }
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    if (x.length < n * this.d) throw new RangeError(`x holds ${x.length} values, need ${n * this.d}`);
  }

  private workerPool(): WorkerPool {
    if (!this.pool) {
      this.pool = new WorkerPool(
        kernelsModule(),
        { inputDim: this.d, hidden: this.layout.hidden, convex: this.convex },
        this.layout.size,
        this.threads - 1,
      );
    }
    return this.pool;
  }

  private split(n: number): number {
    return splitSamples(n, this.threads, this.threshold, this.ranges);
  }

  private map(
    cmd: number,
    params: Float64Array,
    x: Float64Array,
    n: number,
    out: Float64Array,
    out2?: Float64Array,
  ): void {
    const d = this.d;
    this.check(params, x, n);
    const stride = outputStride(cmd, d);
    if (out.length < n * stride) throw new RangeError(`out holds ${out.length} values, need ${n * stride}`);
    if (n === 0) return;
    const own = this.split(n);
    const pool = own < n ? this.workerPool() : undefined;
    if (pool) {
      const data = pool.buffer(n);
      const lay = pool.layout;
      data.set(params, lay.params);
      data.set(x.subarray(own * d, n * d), lay.x + own * d);
      pool.start(cmd, this.ranges, n);
    }
    const main = this.main;
    main.setParams(params);
    if (own > 0) {
      main.setX(x, 0, own);
      if (cmd === CMD_POTENTIAL) main.potential(own);
      else if (cmd === CMD_GRADIENT) main.gradient(own);
      else main.hessian(own);
      out.set(main.out(own * stride), 0);
      if (out2) out2.set(main.out2(own * d), 0);
    }
    if (pool) {
      pool.wait();
      const data = pool.buffer(n);
      const lay = pool.layout;
      out.set(data.subarray(lay.out + own * stride, lay.out + n * stride), own * stride);
      if (out2) out2.set(data.subarray(lay.out2 + own * d, lay.out2 + n * d), own * d);
    }
  }
}
