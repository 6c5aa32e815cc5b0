import { minEigenvalueOfC } from "../data/measures.js";

/**
 * What a user should hear about the strains a model is evaluated at: rows that are not a real
 * deformation (min eig(2E + I) ≤ 0, for d = 3 and 6), and rows beyond the range the model was
 * trained on (|x_k| > D_k, the training data's max |x_k| kept as the strain scale), where a
 * model's stress is an extrapolation. One line each; none when all is well.
 */
export function strainWarnings(
  strain: Float64Array,
  n: number,
  d: number,
  trainedRange?: readonly number[],
): string[] {
  const warnings: string[] = [];
  if (d === 3 || d === 6) {
    let bad = 0;
    let first = -1;
    for (let m = 0; m < n; m++) {
      if (!(minEigenvalueOfC(strain.subarray(m * d, m * d + d)) > 0)) {
        bad++;
        if (first < 0) first = m;
      }
    }
    if (bad > 0) {
      warnings.push(
        `${bad} of ${n} rows are not a real deformation (min eig(2E + I) ≤ 0, first: data row ${first + 1}); ` +
          "a model's stress there has no physical meaning",
      );
    }
  }
  if (trainedRange !== undefined && trainedRange.length === d) {
    let beyond = 0;
    let worst = 1;
    for (let m = 0; m < n; m++) {
      let out = false;
      for (let k = 0; k < d; k++) {
        const ratio = Math.abs(strain[m * d + k]) / trainedRange[k];
        if (ratio > 1 + 1e-12) {
          out = true;
          worst = Math.max(worst, ratio);
        }
      }
      if (out) beyond++;
    }
    if (beyond > 0) {
      warnings.push(
        `${beyond} of ${n} rows lie outside the training data's strain range (up to ${worst.toPrecision(3)}× ` +
          "max |x_k|): the stress there is an extrapolation (convexity keeps it stable, not accurate)",
      );
    }
  }
  return warnings;
}
