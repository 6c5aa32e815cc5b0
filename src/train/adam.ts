/**
 * Adam (Kingma & Ba 2015) over one flat parameter vector, with bias correction. The state (first
 * and second moments, step count) is exposed so checkpoints can store it and a resumed run
 * continues bit for bit.
 */
import { AdamInstance } from "../kernels/adam-instance.js";
import { kernelsModule, wasmSimdAvailable } from "../kernels/wasm-module.js";
import { powInt } from "../util/portable-math.js";

export interface AdamOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /**
   * the update in WebAssembly SIMD (src/kernels/assembly/adam.ts, the same bits, ~3x faster) or
   * the TypeScript loop; default: WebAssembly where the engine has SIMD
   */
  wasm?: boolean;
}

export interface AdamState {
  m: Float64Array;
  v: Float64Array;
  t: number;
}

export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  private readonly fast: AdamInstance | undefined;

  constructor(
    readonly size: number,
    options: AdamOptions = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.fast = (options.wasm ?? wasmSimdAvailable()) ? new AdamInstance(kernelsModule(), size) : undefined;
    this.m = this.fast?.m ?? new Float64Array(size);
    this.v = this.fast?.v ?? new Float64Array(size);
  }

  /** one update θ ← θ − lr · m̂ / (√v̂ + ε), in place */
  step(params: Float64Array, grad: Float64Array, lr: number): void {
    const { beta1, beta2, epsilon, m, v, size } = this;
    this.t++;
    const c1 = 1 / (1 - powInt(beta1, this.t));
    const c2 = 1 / (1 - powInt(beta2, this.t));
    const fast = this.fast;
    if (fast) {
      fast.params.set(params.subarray(0, size));
      fast.grad.set(grad.subarray(0, size));
      fast.step(lr, c1, c2, beta1, beta2, epsilon);
      params.set(fast.params);
      return;
    }
    const a1 = 1 - beta1;
    const a2 = 1 - beta2;
    // the moments stay in registers between their update and their use (no store-to-load round
    // trip): 2-3x faster than reading m[i], v[i] back, same operations in the same order
    for (let i = 0; i < size; i++) {
      const g = grad[i];
      const mi = beta1 * m[i] + a1 * g;
      const vi = beta2 * v[i] + a2 * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] -= (lr * (mi * c1)) / (Math.sqrt(vi * c2) + epsilon);
    }
  }

  /** copies the state into `into` (preallocated, same size): no allocation in the training loop */
  copyStateInto(into: AdamState): void {
    into.m.set(this.m);
    into.v.set(this.v);
    into.t = this.t;
  }

  /** restores the state from `from` without allocating */
  restoreState(from: AdamState): void {
    this.m.set(from.m);
    this.v.set(from.v);
    this.t = from.t;
  }

  /** a copy of the state */
  get state(): AdamState {
    return { m: this.m.slice(), v: this.v.slice(), t: this.t };
  }

  set state(s: AdamState) {
    if (s.m.length !== this.size || s.v.length !== this.size) {
      throw new RangeError(`Adam state has ${s.m.length} entries, expected ${this.size}`);
    }
    this.m.set(s.m);
    this.v.set(s.v);
    this.t = s.t;
  }
}
