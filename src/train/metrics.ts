import type { Material } from "../core/material.js";
import type { SplitMetrics } from "../model/types.js";

/**
 * Error metrics of a model on one split, per stress component k: RMSE, RMSE/σ_k (σ of the training
 * split, the loss's normalisation) and the coefficient of determination R² = 1 − SS_res/SS_tot
 * (SS_tot about this split's own mean).
 */
export function splitMetrics(
  model: Material,
  strain: Float64Array,
  stress: Float64Array,
  n: number,
  sigma: ArrayLike<number>,
): SplitMetrics {
  const d = model.dim;
  const rmse = new Array<number>(d).fill(0);
  const relRmse = new Array<number>(d).fill(0);
  const r2 = new Array<number>(d).fill(0);
  if (n === 0) return { count: 0, rmse, relRmse, r2 };
  const pred = new Float64Array(n * d);
  model.evaluate(strain, n, { stress: pred });
  for (let k = 0; k < d; k++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += stress[i * d + k];
    mean /= n;
    let res = 0;
    let tot = 0;
    for (let i = 0; i < n; i++) {
      const y = stress[i * d + k];
      res += (pred[i * d + k] - y) ** 2;
      tot += (y - mean) ** 2;
    }
    rmse[k] = Math.sqrt(res / n);
    relRmse[k] = sigma[k] > 0 ? rmse[k] / sigma[k] : Number.NaN;
    r2[k] = tot > 0 ? 1 - res / tot : Number.NaN;
  }
  return { count: n, rmse, relRmse, r2 };
}
