/**
 * Eigenvalues of a real symmetric d×d matrix by the cyclic Jacobi method: plane rotations zero the
 * off-diagonal entries one by one until they are negligible (quadratic convergence; accurate to
 * rounding relative to ‖A‖ for every eigenvalue, including tiny negative ones, which is what a
 * positive-semidefiniteness check needs). Only the symmetric part of `a` is used: (a + aᵀ)/2.
 *
 * `a` is row-major d×d and is not modified; the eigenvalues are written into `out` in ascending
 * order. `work` (length ≥ d²) avoids an allocation when given.
 */
export function symmetricEigenvalues(
  a: ArrayLike<number>,
  d: number,
  out: Float64Array,
  work: Float64Array = new Float64Array(d * d),
  offset = 0,
): void {
  const m = work;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) m[i * d + j] = 0.5 * (a[offset + i * d + j] + a[offset + j * d + i]);
  }
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const v = m[i * d + j] * m[i * d + j];
        total += v;
        if (i !== j) off += v;
      }
    }
    if (off <= 1e-30 * total || off === 0) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q];
        if (apq === 0) continue;
        const app = m[p * d + p];
        const aqq = m[q * d + q];
        // rotation angle that zeroes m[p][q] (Golub & Van Loan, Algorithm 8.4.1)
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const mkp = m[k * d + p];
          const mkq = m[k * d + q];
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          const mpk = m[p * d + k];
          const mqk = m[q * d + k];
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
      }
    }
  }
  for (let i = 0; i < d; i++) out[i] = m[i * d + i];
  out.subarray(0, d).sort();
}
