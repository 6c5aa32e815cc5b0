/**
 * The fast NetworkKernels: WebAssembly SIMD kernels (assembly/index.ts) on the calling thread
 * plus, for calls worth splitting (splitThreshold, or `parallelThreshold` samples), a pool of
 * worker threads. Every thread, the caller included, takes chunks of samples in turn: a map
 * command's outputs are the 1-thread bits whoever computed them; a loss's chunks are summed in
 * chunk order before the zero-strain term and the chain rule of the parameter maps (docs/theory.md,
 * section "The derivatives"). Synchronous, like the reference, except gradientLater(), which runs
 * on the workers while the caller goes on (the trainer's validation).
 */
import type { LossMap, NetworkKernels } from "../core/kernels.js";
import { type ParameterLayout, withConvexity } from "../core/layout.js";
import { knownWeight } from "../core/network.js";
import { KernelInstance } from "./instance.js";
import { WorkerPool, worthSplitting } from "./pool.js";
import {
  CMD_GRADIENT,
  CMD_GRADIENT_HESSIAN,
  CMD_HESSIAN,
  CMD_LOSS,
  CMD_POTENTIAL,
  LOSS_CHUNKS,
  outputStride,
} from "./protocol.js";
import { defaultThreads } from "./threads.js";
import { defaultSimdBuild, kernelsModule, type SimdBuild } from "./wasm-module.js";

export interface WasmKernelOptions {
  /** legacy: whether Q_l and qOut are positive (default: the layout's constraint list) */
  convex?: boolean;
  /** the stress dimension of a loss with a LossMap (default: the layout's input width) */
  outputDim?: number;
  /** threads including the calling one; default min(2, os.availableParallelism()) */
  threads?: number;
  /**
   * batches smaller than this stay on the calling thread (default: by the work of the call,
   * splitThreshold; at least 256 rows)
   */
  parallelThreshold?: number;
  /** which build of the kernels (default: relaxed where the engine has relaxed SIMD; wasm-module.ts) */
  simd?: SimdBuild;
}

/** NetworkKernels with a dispose() that ends the worker threads (they never keep Node alive). */
export interface DisposableKernels extends NetworkKernels {
  readonly threads: number;
  /** the WebAssembly build in use (absent on the TypeScript reference) */
  readonly simd?: SimdBuild;
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

/**
 * Rows × parameters × passes over the network below which a call stays on the calling thread.
 * Waking a sleeping worker thread and waiting for it costs up to about a millisecond on a shared
 * machine, so a split pays only for calls of a few milliseconds: validating 750 rows of 16-16-8
 * (0.4 ms) on two threads made a default training run 20 % slower than on one.
 */
const SPLIT_WORK = 4e6;

/** samples per chunk of a map command over threads (protocol.ts, NEXT): 32 blocks of 4 */
const MAP_CHUNK = 128;

/** a call this many times the split threshold starts the worker threads at once (see split) */
const POOL_BOOT_FACTOR = 25;

/** The default split threshold in rows for a command of a network of `size` parameters, d inputs. */
export function splitThreshold(size: number, d: number, cmd: number): number {
  // passes over the network per row: primal (+ reverse for ∇N, + tangent and reverse for the loss,
  // + a tangent forward per direction for ∇²N)
  const passes = cmd === CMD_POTENTIAL ? 1 : cmd === CMD_GRADIENT ? 2 : cmd === CMD_LOSS ? 4 : 2 + d;
  return Math.max(256, Math.ceil(SPLIT_WORK / (size * passes)));
}

export function createWasmKernels(layout: ParameterLayout, options: WasmKernelOptions): DisposableKernels {
  return new WasmKernels(layout, options);
}

class WasmKernels implements DisposableKernels {
  readonly layout: ParameterLayout;
  readonly convex: boolean;
  readonly threads: number;
  readonly simd: SimdBuild;
  private readonly threshold: number | undefined;
  private readonly d: number;
  private readonly outputDim: number;
  private readonly main: KernelInstance;
  private pool: WorkerPool | undefined;
  /** calls large enough to split made before the worker threads were started (see split) */
  private splitCandidates = 0;
  /** the end of a gradientLater() still running on the workers */
  private pending: (() => void) | undefined;

  constructor(layout: ParameterLayout, options: WasmKernelOptions) {
    const threads = options.threads ?? defaultThreads();
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`threads must be a positive integer, got ${threads}`);
    }
    layout = withConvexity(layout, options.convex);
    this.layout = layout;
    this.convex = layout.constraints.positiveHidden;
    this.outputDim = options.outputDim ?? layout.inputDim;
    this.threads = threads;
    this.threshold = options.parallelThreshold;
    this.d = layout.inputDim;
    this.simd = options.simd ?? defaultSimdBuild();
    this.main = new KernelInstance(kernelsModule(this.simd), this.shape());
    if (this.main.size !== layout.size) {
      throw new Error(`miann: WebAssembly layout has ${this.main.size} parameters, expected ${layout.size}`);
    }
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

  /**
   * ∇N(x) on the worker threads while the calling thread goes on (the training's validation
   * during the next epoch): the chunks of a map command, none taken by the caller. Undefined
   * with one thread, or while the workers are still booting (the first call starts them).
   */
  gradientLater(
    params: Float64Array,
    x: Float64Array,
    n: number,
    out: Float64Array,
  ): (() => void) | undefined {
    const d = this.d;
    this.check(params, x, n);
    if (out.length < n * d) throw new RangeError(`out holds ${out.length} values, need ${n * d}`);
    if (this.threads < 2 || n === 0) return undefined;
    this.settle();
    const pool = this.workerPool();
    if (!pool.ready()) return undefined;
    const data = pool.buffer(n);
    const lay = pool.layout;
    data.set(params, lay.params);
    data.set(x.subarray(0, n * d), lay.x);
    pool.start(CMD_GRADIENT, undefined, n, undefined, MAP_CHUNK);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      this.pending = undefined;
      pool.wait();
      out.set(pool.buffer(n).subarray(lay.out, lay.out + n * d));
    };
    this.pending = finish;
    return finish;
  }

  /** waits for a gradientLater() still running (before anything else uses the workers) */
  private settle(): void {
    this.pending?.();
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
    mask?: Uint8Array,
    map?: LossMap,
  ): number {
    const d = this.d;
    const dy = map ? map.outputDim : d;
    const size = this.layout.size;
    this.check(params, x, n);
    if (map && map.outputDim !== this.outputDim) {
      throw new RangeError(
        `a loss map of stress dimension ${map.outputDim} on kernels built for ${this.outputDim}`,
      );
    }
    if (y.length < n * dy) throw new RangeError(`targets hold ${y.length} values, need ${n * dy}`);
    if (sigma.length < dy) throw new RangeError(`sigma holds ${sigma.length} values, need ${dy}`);
    if (grad.length < size) throw new RangeError(`grad holds ${grad.length} values, need ${size}`);
    if (map && map.pullback.length < n * d * dy) {
      throw new RangeError(`the pullback holds ${map.pullback.length} values, need ${n * d * dy}`);
    }
    const total = knownWeight(mask, n, dy);
    if (total === 0) {
      grad.fill(0, 0, size);
      return 0;
    }
    const masked = mask !== undefined;
    const zs = map?.zeroState;
    const mode = map ? (zs ? 2 : 1) : 0;
    const growthAt = zs?.growth ?? -1;
    const main = this.main;
    main.setParams(params);
    main.setSigma(sigma, dy);
    const split = this.splits(n, CMD_LOSS);
    const part = (start: number, m: number): number => {
      main.setX(x, start, m);
      main.setY(y, start, m, dy);
      if (mask) main.setMask(mask, start, m, dy);
      if (map) main.setLossMap(map.pullback, start, m, zs);
      return main.lossPartial(m, total, masked, mode, growthAt);
    };
    if (!split) {
      const loss = part(0, n);
      grad.set(main.finishGradient());
      return loss;
    }
    // chunks taken in turn by every thread (protocol.ts, ROWS), as the map commands: a thread on a
    // core slowed by a neighbour takes fewer of them. Each chunk's sums go to its own slot and are
    // added in chunk order, so the result does not depend on who took what.
    this.settle();
    const pool = this.workerPool();
    const data = pool.buffer(n);
    const lay = pool.layout;
    data.set(params, lay.params);
    data.set(sigma.subarray(0, dy), lay.sigma);
    data.set(x.subarray(0, n * d), lay.x);
    data.set(y.subarray(0, n * dy), lay.y);
    if (mask) data.set(mask.subarray(0, n * dy), lay.mask);
    if (map) {
      data.set(map.pullback.subarray(0, n * d * dy), lay.pullback);
      if (zs) {
        data.set(zs.k.subarray(0, n * dy), lay.zeroK);
        if (zs.gamma) data.set(zs.gamma.subarray(0, n), lay.gamma);
        else data.fill(0, lay.gamma, lay.gamma + n);
        data.set(zs.c.subarray(0, d), lay.zeroC);
      }
    }
    const rows = Math.ceil(n / LOSS_CHUNKS / 4) * 4;
    const chunks = Math.ceil(n / rows);
    pool.start(CMD_LOSS, undefined, total, { masked, mode, growthAt }, rows, n);
    for (let c = pool.claim(); c < chunks; c = pool.claim()) {
      const loss = part(c * rows, Math.min(rows, n - c * rows));
      const r = lay.results + c * lay.resultStride;
      data.set(main.graw(), r);
      data.set(main.rsum(), r + size);
      data[r + size + d] = loss;
    }
    pool.wait();
    const shared = pool.buffer(n);
    const graw = main.graw();
    const rsum = main.rsum();
    graw.fill(0);
    rsum.fill(0);
    let loss = 0;
    for (let c = 0; c < chunks; c++) {
      const r = lay.results + c * lay.resultStride;
      for (let p = 0; p < size; p++) graw[p] += shared[r + p];
      for (let k = 0; k < d; k++) rsum[k] += shared[r + size + k];
      loss += shared[r + size + d];
    }
    grad.set(main.finishGradient());
    return loss;
  }

  dispose(): void {
    this.settle();
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
      this.pool = new WorkerPool(kernelsModule(this.simd), this.shape(), this.layout.size, this.threads - 1);
    }
    return this.pool;
  }

  private shape() {
    return {
      inputDim: this.layout.inputDim,
      hidden: this.layout.hidden,
      convex: this.layout.constraints.positiveHidden,
      constraints: this.layout.constraints,
      outputDim: this.outputDim,
    };
  }

  /** whether a call of n rows goes over the threads (in chunks taken in turn) */
  private splits(n: number, cmd: number): boolean {
    if (this.threshold !== undefined) return worthSplitting(n, this.threads, this.threshold);
    const threshold = splitThreshold(this.layout.size, this.d, cmd);
    // the first split also boots the worker threads (~50-100 ms): worth it for a call of that
    // size, or once calls worth splitting recur (a full-batch optimiser), not for one or two
    if (!this.pool && n >= threshold && n < POOL_BOOT_FACTOR * threshold && ++this.splitCandidates < 3) {
      return false;
    }
    return worthSplitting(n, this.threads, threshold);
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
    const split = this.splits(n, cmd);
    const main = this.main;
    main.setParams(params);
    if (!split) {
      this.mapRange(cmd, x, 0, n, out, out2);
      return;
    }
    // chunks taken in turn by every thread (protocol.ts, NEXT): a thread that runs slower (a
    // busy core of a shared machine) takes fewer of them, instead of holding up the call
    this.settle();
    const pool = this.workerPool();
    const data = pool.buffer(n);
    const lay = pool.layout;
    data.set(params, lay.params);
    data.set(x.subarray(0, n * d), lay.x);
    const chunk = MAP_CHUNK;
    const mine = new Uint8Array(Math.ceil(n / chunk));
    pool.start(cmd, undefined, n, undefined, chunk);
    for (let c = pool.claim(); c * chunk < n; c = pool.claim()) {
      this.mapRange(cmd, x, c * chunk, Math.min(chunk, n - c * chunk), out, out2);
      mine[c] = 1;
    }
    pool.wait();
    const shared = pool.buffer(n);
    for (let c = 0; c < mine.length; c++) {
      if (mine[c]) continue;
      const s = c * chunk;
      const e = Math.min(n, s + chunk);
      out.set(shared.subarray(lay.out + s * stride, lay.out + e * stride), s * stride);
      if (out2) out2.set(shared.subarray(lay.out2 + s * d, lay.out2 + e * d), s * d);
    }
  }

  /** potential, gradient or Hessian of samples [start, start + n) on the calling thread */
  private mapRange(
    cmd: number,
    x: Float64Array,
    start: number,
    n: number,
    out: Float64Array,
    out2?: Float64Array,
  ): void {
    const d = this.d;
    const stride = outputStride(cmd, d);
    const main = this.main;
    main.setX(x, start, n);
    if (cmd === CMD_POTENTIAL) main.potential(n);
    else if (cmd === CMD_GRADIENT) main.gradient(n);
    else main.hessian(n);
    out.set(main.out(n * stride), start * stride);
    if (out2) out2.set(main.out2(n * d), start * d);
  }
}
