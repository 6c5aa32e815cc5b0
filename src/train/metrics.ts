import type { Material } from "../core/material.js";
import type { SplitMetrics } from "../model/types.js";

/**
 * Error metrics of a model on one split, per stress component k: RMSE, RMSE/σ_k (σ of the training
 * split, the loss's normalisation) and the coefficient of determination R² = 1 − SS_res/SS_tot
 * (SS_tot about this split's own mean). With a mask, over the known entries of each column only
 * (count is then the rows; a column with no known entry here gets NaN).
 */
export function splitMetrics(
  model: Material,
  strain: Float64Array,
  stress: Float64Array,
  n: number,
  sigma: ArrayLike<number>,
  mask?: Uint8Array,
): SplitMetrics {
  const d = model.dim;
  const rmse = new Array<number>(d).fill(0);
  const relRmse = new Array<number>(d).fill(0);
  const r2 = new Array<number>(d).fill(0);
  if (n === 0) return { count: 0, rmse, relRmse, r2 };
  const pred = new Float64Array(n * d);
  model.evaluate(strain, n, { stress: pred });
  const known = (i: number, k: number) => mask === undefined || mask[i * d + k] === 1;
  for (let k = 0; k < d; k++) {
    let mean = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (!known(i, k)) continue;
      mean += stress[i * d + k];
      count++;
    }
    mean /= count;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      if (!known(i, k)) continue;
      const y = stress[i * d + k];
      res += (pred[i * d + k] - y) ** 2;
      tot += (y - mean) ** 2;
    }
    rmse[k] = count > 0 ? Math.sqrt(res / count) : Number.NaN;
    relRmse[k] = sigma[k] > 0 ? rmse[k] / sigma[k] : Number.NaN;
    r2[k] = tot > 0 ? 1 - res / tot : Number.NaN;
  }
  return { count: n, rmse, relRmse, r2 };
}
