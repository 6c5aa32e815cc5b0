import { UserError } from "../util/errors.js";
import type { Scaling } from "./types.js";

/**
 * The scaling of docs/theory.md, section "Scaling" from training data: D_k = max_m |x_mk| (1 when the column is all
 * zero) and κ = max_k σ_k D_k with σ_k the population standard deviation of stress component k
 * (κ = 1 when every stress column is constant). Then x' = x/D lies in [−1, 1] and the scaled
 * stress κ⁻¹ D s is of order one. strain and stress are n × d, row-major.
 */
export function scalingFromData(
  strain: Float64Array,
  stress: Float64Array,
  n: number,
  d: number,
  mask?: Uint8Array,
): Scaling {
  if (n < 1) throw new UserError("cannot compute the scaling of an empty dataset");
  const strainScale: number[] = [];
  let kappa = 0;
  // σ_k over the known stress entries only (mask 0: unknown, never read)
  const known = (i: number) => mask === undefined || mask[i] === 1;
  for (let k = 0; k < d; k++) {
    let dmax = 0;
    let mean = 0;
    let count = 0;
    for (let m = 0; m < n; m++) {
      dmax = Math.max(dmax, Math.abs(strain[m * d + k]));
      if (!known(m * d + k)) continue;
      mean += stress[m * d + k];
      count++;
    }
    mean /= Math.max(count, 1);
    let varSum = 0;
    for (let m = 0; m < n; m++) {
      if (!known(m * d + k)) continue;
      const e = stress[m * d + k] - mean;
      varSum += e * e;
    }
    const D = dmax > 0 ? dmax : 1;
    if (!Number.isFinite(D)) throw new UserError(`strain component ${k + 1} holds a non-finite value`);
    if (!Number.isFinite(varSum) || !Number.isFinite(mean)) {
      throw new UserError(
        `stress component ${k + 1}: its values are too large for their spread σ to be computed in float64 (largest |value| near ${maxAbs(stress, n, d, k).toExponential(2)}); rescale the data (e.g. --stress-factor)`,
      );
    }
    strainScale.push(D);
    kappa = Math.max(kappa, Math.sqrt(varSum / Math.max(count, 1)) * D);
    if (!Number.isFinite(kappa)) {
      throw new UserError(
        `strain component ${k + 1} (up to ${D.toExponential(2)}) times its stress spread overflows float64; rescale the data (e.g. --strain-factor)`,
      );
    }
  }
  return { strainScale, stressScale: kappa > 0 ? kappa : 1 };
}

/** The identity scaling (D = 1, κ = 1), used for imported weights. */
export function unitScaling(d: number): Scaling {
  return { strainScale: new Array<number>(d).fill(1), stressScale: 1 };
}

function maxAbs(a: Float64Array, n: number, d: number, k: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(a[i * d + k]));
  return m;
}
