/**
 * The regression baseline's loss and gradient on the WebAssembly SIMD kernel
 * (assembly/regression.ts) on the calling thread plus, for batches of at least
 * `parallelThreshold` samples, a pool of worker threads on contiguous ranges of samples whose
 * gradient shares are summed in thread order (same thread count → same bits). Synchronous, like
 * the TypeScript reference in src/model/regression.ts, which it equals to rounding.
 */
import type { RegressionKernels } from "../model/regression.js";
import type { Scaling } from "../model/types.js";
import { splitSamples, WorkerPool } from "./pool.js";
import { CMD_REGRESSION_LOSS } from "./protocol.js";
import { RegressionInstance } from "./regression-instance.js";
import { defaultThreads } from "./wasm-kernels.js";
import { kernelsModule } from "./wasm-module.js";

export interface RegressionKernelOptions {
  /** threads including the calling one; default min(2, os.availableParallelism()) */
  threads?: number;
  /** batches smaller than this stay on the calling thread (default 256) */
  parallelThreshold?: number;
}

/** RegressionKernels with a dispose() that ends the worker threads (they never keep Node alive). */
export interface DisposableRegressionKernels extends RegressionKernels {
  readonly threads: number;
  dispose(): void;
}

export function createWasmRegressionKernels(
  shape: { inputDim: number; hidden: readonly number[] },
  scaling: Scaling,
  options: RegressionKernelOptions = {},
): DisposableRegressionKernels {
  return new WasmRegressionKernels(shape, scaling, options);
}

class WasmRegressionKernels implements DisposableRegressionKernels {
  readonly inputDim: number;
  readonly hidden: readonly number[];
  readonly scaling: Scaling;
  readonly threads: number;
  private readonly threshold: number;
  private readonly main: RegressionInstance;
  private pool: WorkerPool | undefined;
  private readonly ranges: [number, number][];
  /** the targets with NaN at unknown entries, for a masked batch */
  private masked = new Float64Array(0);

  constructor(
    shape: { inputDim: number; hidden: readonly number[] },
    scaling: Scaling,
    options: RegressionKernelOptions,
  ) {
    const threads = options.threads ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`threads must be a positive integer, got ${threads}`);
    }
    this.inputDim = shape.inputDim;
    this.hidden = [...shape.hidden];
    this.scaling = { strainScale: [...scaling.strainScale], stressScale: scaling.stressScale };
    this.threads = threads;
    this.threshold = options.parallelThreshold ?? 256;
    this.main = new RegressionInstance(kernelsModule(), { ...shape, ...this.scaling });
    this.ranges = Array.from({ length: threads - 1 }, () => [0, 0] as [number, number]);
  }

  lossAndGradient(
    params: Float64Array,
    strain: Float64Array,
    stress: Float64Array,
    n: number,
    sigma: Float64Array,
    grad: Float64Array,
    mask?: Uint8Array,
  ): number {
    const d = this.inputDim;
    const size = this.main.size;
    if (params.length !== size) throw new RangeError(`expected ${size} parameters, got ${params.length}`);
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    if (strain.length < n * d) throw new RangeError(`strain holds ${strain.length} values, need ${n * d}`);
    if (stress.length < n * d) throw new RangeError(`stress holds ${stress.length} values, need ${n * d}`);
    if (sigma.length < d) throw new RangeError(`sigma holds ${sigma.length} values, need ${d}`);
    if (grad.length < size) throw new RangeError(`grad holds ${grad.length} values, need ${size}`);
    if (n === 0) {
      grad.fill(0, 0, size);
      return 0;
    }
    // unknown targets go to the kernel as NaN (its residual there is 0); the kernel normalises by
    // n d, rescaled below to the Σw of the known entries
    let weight = n * d;
    if (mask !== undefined) {
      if (mask.length < n * d) throw new RangeError(`mask holds ${mask.length} values, need ${n * d}`);
      weight = 0;
      for (let i = 0; i < n * d; i++) weight += mask[i];
      if (weight === 0) {
        grad.fill(0, 0, size);
        return 0;
      }
      if (weight < n * d) {
        if (this.masked.length < n * d) this.masked = new Float64Array(n * d);
        const y = this.masked;
        for (let i = 0; i < n * d; i++) y[i] = mask[i] === 0 ? Number.NaN : stress[i];
        stress = y;
      }
    } else {
      // without a mask every target is a number: a NaN makes the loss NaN, as in the reference
      for (let i = 0; i < n * d; i++) {
        if (Number.isNaN(stress[i])) {
          grad.fill(Number.NaN, 0, size);
          return Number.NaN;
        }
      }
    }
    const own = this.split(n);
    const pool = own < n ? this.workerPool() : undefined;
    if (pool) {
      const data = pool.buffer(n);
      const lay = pool.layout;
      data.set(params, lay.params);
      data.set(sigma.subarray(0, d), lay.sigma);
      data.set(strain.subarray(own * d, n * d), lay.x + own * d);
      data.set(stress.subarray(own * d, n * d), lay.y + own * d);
      pool.start(CMD_REGRESSION_LOSS, this.ranges, n);
    }
    const main = this.main;
    main.setParams(params);
    main.setSigma(sigma);
    main.setX(strain, 0, own);
    main.setY(stress, 0, own);
    let loss = main.loss(own, n);
    grad.set(main.grad());
    if (pool) {
      pool.wait();
      const data = pool.buffer(n);
      const lay = pool.layout;
      for (let w = 0; w < pool.workers; w++) {
        const r = lay.results + w * lay.resultStride;
        for (let p = 0; p < size; p++) grad[p] += data[r + p];
        loss += data[r + size + d];
      }
    }
    if (weight !== n * d) {
      const f = (n * d) / weight;
      for (let p = 0; p < size; p++) grad[p] *= f;
      loss *= f;
    }
    return loss;
  }

  dispose(): void {
    this.pool?.dispose();
    this.pool = undefined;
  }

  private workerPool(): WorkerPool {
    if (!this.pool) {
      this.pool = new WorkerPool(
        kernelsModule(),
        { inputDim: this.inputDim, hidden: this.hidden, convex: false, regression: this.scaling },
        this.main.size,
        this.threads - 1,
      );
    }
    return this.pool;
  }

  /** As the network kernels (splitSamples). */
  private split(n: number): number {
    return splitSamples(n, this.threads, this.threshold, this.ranges);
  }
}
