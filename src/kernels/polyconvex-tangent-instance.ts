/**
 * One instance of the WebAssembly kernels set up for the polyconvex family's tangent
 * (src/kernels/assembly/polyconvex-tangent.ts): the chain rule from the network's gradient and
 * Hessian on the invariants to T = ∂S/∂x, with the invariants' second derivatives, for chunks of
 * points copied in. src/model/families/polyconvex-model.ts uses it on the WebAssembly kernels; its
 * TypeScript tangent is the reference (equal to 1e-12, tested).
 */
import type { InvariantData, PolyconvexVariant } from "../model/families/invariants.js";
import { instantiateKernels, type WasmMemory, type WasmModule } from "./wasm-api.js";

interface TangentExports {
  memory: WasmMemory;
  tanInit(variant: number, norms: number, capacity: number): void;
  tanPtr(which: number): number;
  tanTangent(n: number, kappa: number, nrm: number, g: number): void;
}

/** points per call: the inputs of a chunk stay in the first-level caches */
const CHUNK = 256;

export class PolyconvexTangentInstance {
  private readonly k: TangentExports;
  private readonly d: number;
  private readonly m: number;
  private readonly compressible: boolean;
  private readonly norms: boolean;
  private readonly views: Float64Array[];

  constructor(module: WasmModule, variant: PolyconvexVariant, norms: boolean, delta: Float64Array) {
    this.k = instantiateKernels<TangentExports>(module);
    this.compressible = variant === "compressible";
    this.norms = norms;
    this.d = this.compressible ? 6 : 3;
    this.m = (this.compressible ? 4 : 2) + (norms ? 2 : 0);
    this.k.tanInit(this.compressible ? 0 : 1, norms ? 1 : 0, CHUNK);
    const { d, m } = this;
    const sizes = [d, m * d, 2 * d, 2, m, m * m, 1, 1, 1, d, d * d, 0];
    this.views = sizes.map(
      (s, which) =>
        new Float64Array(this.k.memory.buffer, this.k.tanPtr(which), which === 11 ? m : s * CHUNK),
    );
    this.views[11].set(delta);
  }

  /**
   * T (n × d × d) into `out` from the strains, the scaled B' (n × m × d), the network's gradient
   * (n × m) and Hessian (n × m × m) at the scaled invariants, and the invariant data.
   */
  tangent(
    strain: Float64Array,
    n: number,
    bScaled: Float64Array,
    gradN: Float64Array,
    hessN: Float64Array,
    inv: InvariantData,
    kappa: number,
    nrm: number,
    g: number,
    out: Float64Array,
  ): void {
    const { d, m } = this;
    const [x, B, Braw, Yraw, G, H, gamma, J, u, K, T] = this.views;
    for (let start = 0; start < n; start += CHUNK) {
      const c = Math.min(CHUNK, n - start);
      const end = start + c;
      x.set(strain.subarray(start * d, end * d));
      B.set(bScaled.subarray(start * m * d, end * m * d));
      G.set(gradN.subarray(start * m, end * m));
      H.set(hessN.subarray(start * m * m, end * m * m));
      if (this.norms) {
        // I1 − 3, I2 − 3 and their unscaled derivatives: the first two network inputs of each point
        for (let p = 0; p < c; p++) {
          const q = start + p;
          Yraw[2 * p] = inv.y[q * m];
          Yraw[2 * p + 1] = inv.y[q * m + 1];
          Braw.set(inv.B.subarray(q * m * d, (q * m + 2) * d), 2 * p * d);
        }
      }
      if (this.compressible) {
        gamma.set(inv.gamma.subarray(start, end));
        J.set(inv.J.subarray(start, end));
        u.set(inv.u.subarray(start, end));
        K.set(inv.k.subarray(start * d, end * d));
      }
      this.k.tanTangent(c, kappa, nrm, g);
      out.set(T.subarray(0, c * d * d), start * d * d);
    }
  }
}
