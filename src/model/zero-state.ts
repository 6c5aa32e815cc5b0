import type { NetworkKernels } from "../core/kernels.js";

/**
 * ∇Ñ(0) and Ñ(0) of a network, kept for the parameters they were computed for and recomputed only
 * when those change (optimisers move the parameters in place) or the kernels are swapped. The
 * MIANN's zero-strain correction and the polyconvex family's normalisation both need them.
 */
export class ZeroStateValues {
  /** ∇Ñ(0), one entry per network input */
  readonly g0: Float64Array;
  /** Ñ(0) */
  readonly n0 = new Float64Array(1);
  private readonly zero: Float64Array;
  /** the parameters g0 and n0 were computed for */
  private readonly computedFor: Float64Array;
  private valid = false;

  constructor(inputWidth: number, parameterCount: number) {
    this.zero = new Float64Array(inputWidth);
    this.g0 = new Float64Array(inputWidth);
    this.computedFor = new Float64Array(parameterCount);
  }

  /** forget the values (new kernels: their last bits may differ) */
  invalidate(): void {
    this.valid = false;
  }

  /** makes g0 and n0 those of `params`, computing them only when the parameters changed */
  update(kernels: NetworkKernels, params: Float64Array): void {
    if (this.valid) {
      let same = true;
      for (let i = 0; i < params.length; i++) {
        if (params[i] !== this.computedFor[i]) {
          same = false;
          break;
        }
      }
      if (same) return;
    }
    kernels.gradient(params, this.zero, 1, this.g0);
    kernels.potential(params, this.zero, 1, this.n0);
    this.computedFor.set(params);
    this.valid = true;
  }
}
