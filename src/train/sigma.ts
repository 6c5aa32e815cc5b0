import { UserError } from "../util/errors.js";

/**
 * σ_k of the loss (docs/theory.md, section "Unknown stress components"): the population standard
 * deviation of stress column k over its known entries. A column with no known entry is an error.
 * A constant column (σ_k at most 1e-9 of the largest column σ — all-zero shear in test data,
 * say) is legal data: it gets the root mean square of the other columns' σ as its weight, so that an
 * error of one stress unit costs the same there as in a typical column; when every column is
 * constant, σ_k is the largest |t| of the data (1 when all are zero).
 */
export function lossSigma(
  stress: Float64Array,
  n: number,
  d: number,
  mask?: Uint8Array,
  names?: readonly string[],
  /** a column with no known entry gets NaN instead of an error (evaluation, not training) */
  allowEmpty = false,
  /** more values per column (observations weighed by that column's σ, such as simple shear's P12) */
  extra?: readonly (readonly number[])[],
): { sigma: Float64Array; constant: number[] } {
  const sigma = new Float64Array(d);
  for (let k = 0; k < d; k++) {
    let count = 0;
    let mean = 0;
    for (let m = 0; m < n; m++) {
      if (mask !== undefined && mask[m * d + k] === 0) continue;
      mean += stress[m * d + k];
      count++;
    }
    for (const v of extra?.[k] ?? []) {
      mean += v;
      count++;
    }
    if (count === 0 && allowEmpty) {
      sigma[k] = Number.NaN;
      continue;
    }
    if (count === 0) {
      const name = names?.[k] ?? `${k + 1}`;
      throw new UserError(
        `stress component ${name} has no known value in the training rows; give at least one, or leave the column out`,
      );
    }
    mean /= count;
    let v = 0;
    for (let m = 0; m < n; m++) {
      if (mask !== undefined && mask[m * d + k] === 0) continue;
      v += (stress[m * d + k] - mean) ** 2;
    }
    for (const e of extra?.[k] ?? []) v += (e - mean) ** 2;
    sigma[k] = Math.sqrt(v / count);
  }
  let largest = 0;
  for (let k = 0; k < d; k++) if (sigma[k] > largest) largest = sigma[k];
  const constant: number[] = [];
  for (let k = 0; k < d; k++) if (!Number.isNaN(sigma[k]) && !(sigma[k] > 1e-9 * largest)) constant.push(k);
  if (constant.length === 0) return { sigma, constant };
  const others = [...sigma].filter((v, k) => !constant.includes(k) && !Number.isNaN(v));
  let fill: number;
  if (others.length > 0) fill = Math.sqrt(others.reduce((a, s) => a + s * s, 0) / others.length);
  else {
    fill = 0;
    for (let i = 0; i < n * d; i++) {
      if (mask === undefined || mask[i] === 1) fill = Math.max(fill, Math.abs(stress[i]));
    }
    if (!(fill > 0)) fill = 1;
  }
  for (const k of constant) sigma[k] = fill;
  return { sigma, constant };
}
