import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { symmetricEigenvalues } from "../../src/core/eigen.js";

describe("symmetricEigenvalues", () => {
  it("closed forms: diagonal, 2×2 [[a,b],[b,c]], and the 1D Laplacian tridiag(−1,2,−1)", () => {
    const out = new Float64Array(3);
    symmetricEigenvalues([3, 0, 0, 0, -1, 0, 0, 0, 2], 3, out);
    expect(Array.from(out)).toEqual([-1, 2, 3]);
    const [a, b, c] = [2, 1.5, -0.5];
    const o2 = new Float64Array(2);
    symmetricEigenvalues([a, b, b, c], 2, o2);
    const mid = (a + c) / 2;
    const r = Math.hypot((a - c) / 2, b);
    expect(o2[0]).toBeCloseTo(mid - r, 14);
    expect(o2[1]).toBeCloseTo(mid + r, 14);
    const n = 6;
    const L = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      L[i * n + i] = 2;
      if (i > 0) L[i * n + i - 1] = -1;
      if (i < n - 1) L[i * n + i + 1] = -1;
    }
    const e = new Float64Array(n);
    symmetricEigenvalues(L, n, e);
    for (let k = 1; k <= n; k++) expect(e[k - 1]).toBeCloseTo(2 - 2 * Math.cos((k * Math.PI) / (n + 1)), 13);
  });

  it("a tiny negative eigenvalue of a rank-deficient matrix is resolved relative to ‖A‖", () => {
    // A = u uᵀ + v vᵀ − 1e-9 w wᵀ with orthonormal u, v, w: eigenvalues −1e-9, 1, 1 (scaled by 1e4)
    const s = Math.SQRT1_2;
    const u = [s, s, 0];
    const v = [0, 0, 1];
    const w = [s, -s, 0];
    const A = new Float64Array(9);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) A[i * 3 + j] = 1e4 * (u[i] * u[j] + v[i] * v[j] - 1e-9 * w[i] * w[j]);
    const e = new Float64Array(3);
    symmetricEigenvalues(A, 3, e);
    // ‖A‖ ≈ 1.4e4: the eigenvalue is resolved to ~1e-16·‖A‖ (A itself is rounded at that level)
    expect(Math.abs(e[0] + 1e-5)).toBeLessThan(1e-15 * 1.4e4);
    expect(e[1]).toBeCloseTo(1e4, 10);
  });

  it("trace and Frobenius norm are preserved (random symmetric matrices)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 36, maxLength: 36 }),
        (vals) => {
          const d = 6;
          const A = new Float64Array(d * d);
          for (let i = 0; i < d; i++)
            for (let j = 0; j < d; j++) A[i * d + j] = vals[Math.min(i, j) * d + Math.max(i, j)];
          const e = new Float64Array(d);
          symmetricEigenvalues(A, d, e);
          let tr = 0;
          let fro = 0;
          for (let i = 0; i < d; i++) tr += A[i * d + i];
          for (const x of A) fro += x * x;
          const sum = e.reduce((s, x) => s + x, 0);
          const sq = e.reduce((s, x) => s + x * x, 0);
          expect(Math.abs(sum - tr)).toBeLessThan(1e-12 * (1 + Math.sqrt(fro)) * d);
          expect(Math.abs(sq - fro)).toBeLessThan(1e-12 * (1 + fro) * d);
          for (let i = 1; i < d; i++) expect(e[i]).toBeGreaterThanOrEqual(e[i - 1]);
        },
      ),
      { numRuns: 50, seed: 42 },
    );
  });
});
