import type { Model } from "../model/types.js";

/** an observation of one row of a batch: h·s(x_row) measured as `value`, weighed by σ_column */
export interface RowObservation {
  row: number;
  h: readonly number[];
  value: number;
  column: number;
}

/**
 * The masked loss plus linear observations of the stress (a simple-shear point measures
 * P12 = S12 + γ S22; docs/theory.md, section "Test curves"):
 *   L = [ Σ_known ((s_k − t_k)/σ_k)² + Σ_o ((h_o·s − v_o)/σ_o)² ] / (Σw + N_obs).
 * Computed through the model's own masked loss with no second kernel: at the current parameters
 * the gradient of ½((h·s − v)/σ_o)² is that of ½((s_k − t'_k)/σ_k)² summed over k with the
 * effective targets t'_k = s_k − σ_k² h_k (h·s − v)/σ_o² (s from one forward pass), so the
 * observed rows' components are switched on in the mask with those targets and the kernel's
 * gradient is rescaled from its Σw' to Σw + N_obs. The loss value is assembled exactly. The
 * observed components of a row must be unknown in `mask` (they are, for simple shear).
 */
export function observedLossAndGradient(
  model: Model,
  strain: Float64Array,
  stress: Float64Array,
  n: number,
  sigma: Float64Array,
  grad: Float64Array,
  mask: Uint8Array | undefined,
  observations: readonly RowObservation[],
): number {
  if (observations.length === 0) return model.lossAndGradient(strain, stress, n, sigma, grad, mask);
  const d = model.dim;
  const rows = [...new Set(observations.map((o) => o.row))];
  const local = new Map(rows.map((r, i) => [r, i]));
  const xr = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    xr.set(strain.subarray(r * d, r * d + d), i * d);
  });
  const s = new Float64Array(rows.length * d);
  model.evaluate(xr, rows.length, { stress: s });
  const y = Float64Array.from(stress.subarray(0, n * d));
  const w = mask ? Uint8Array.from(mask.subarray(0, n * d)) : new Uint8Array(n * d).fill(1);
  let known = 0;
  for (let i = 0; i < n * d; i++) known += w[i];
  let obsSum = 0;
  const touched = new Set<number>();
  for (const o of observations) {
    const i = local.get(o.row) as number;
    let hs = 0;
    for (let k = 0; k < d; k++) hs += o.h[k] * s[i * d + k];
    const so = sigma[o.column];
    const r = (hs - o.value) / so;
    obsSum += r * r;
    for (let k = 0; k < d; k++) {
      if (o.h[k] === 0) continue;
      const at = o.row * d + k;
      if (!touched.has(at)) {
        if (w[at] === 1)
          throw new RangeError(`observation on row ${o.row}: component ${k + 1} is also known`);
        touched.add(at);
        y[at] = s[i * d + k];
        w[at] = 1;
      }
      y[at] -= (sigma[k] * sigma[k] * o.h[k] * r) / so;
    }
  }
  let weight = 0;
  for (let i = 0; i < n * d; i++) weight += w[i];
  const total = known + observations.length;
  const lk = model.lossAndGradient(strain, y, n, sigma, grad, w);
  const f = weight / total;
  for (let p = 0; p < grad.length; p++) grad[p] *= f;
  // the kernel's loss holds the effective targets' terms ((s − t')/σ_k)²: replace them
  let effective = 0;
  for (const at of touched) {
    const k = at % d;
    const i = local.get((at - k) / d) as number;
    effective += ((s[i * d + k] - y[at]) / sigma[k]) ** 2;
  }
  return (lk * weight - effective + obsSum) / total;
}
