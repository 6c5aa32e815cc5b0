/**
 * One instance of the WebAssembly kernels set up for Adam's update (src/kernels/assembly/adam.ts):
 * θ, g and the moments m, v live in its linear memory, which never grows after construction, so
 * the views stay valid. src/train/adam.ts uses it when the engine has WebAssembly SIMD.
 */
import { instantiateKernels, type WasmMemory, type WasmModule } from "./wasm-api.js";

interface AdamExports {
  memory: WasmMemory;
  adamInit(n: number): void;
  adamPtr(which: number): number;
  adamStep(
    lr: number,
    c1: number,
    c2: number,
    beta1: number,
    beta2: number,
    a1: number,
    a2: number,
    eps: number,
  ): void;
}

export class AdamInstance {
  /** views of the instance's θ, g, m and v */
  readonly params: Float64Array;
  readonly grad: Float64Array;
  readonly m: Float64Array;
  readonly v: Float64Array;
  private readonly k: AdamExports;

  constructor(module: WasmModule, size: number) {
    this.k = instantiateKernels<AdamExports>(module);
    this.k.adamInit(size);
    const view = (which: number) => new Float64Array(this.k.memory.buffer, this.k.adamPtr(which), size);
    this.params = view(0);
    this.grad = view(1);
    this.m = view(2);
    this.v = view(3);
  }

  /** one update of params, grad and the moments in the instance's memory (adam.ts, adamStep) */
  step(lr: number, c1: number, c2: number, beta1: number, beta2: number, eps: number): void {
    this.k.adamStep(lr, c1, c2, beta1, beta2, 1 - beta1, 1 - beta2, eps);
  }
}
