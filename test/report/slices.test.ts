import { describe, expect, it } from "vitest";
import type { Material, MaterialOutput } from "../../src/core/material.js";
import { sliceFields, sliceGrid, standardSlices } from "../../src/report/slices.js";

/** W = ½ xᵀ S x with tangent C = S + K (K antisymmetric): the symmetric part is S. */
function quadratic(S: number[], K: number[] = new Array(9).fill(0)): Material {
  return {
    name: "quadratic",
    dim: 3,
    hasEnergy: true,
    evaluate(x: Float64Array, n: number, out: MaterialOutput) {
      for (let p = 0; p < n; p++) {
        let w = 0;
        for (let i = 0; i < 3; i++) {
          let s = 0;
          for (let j = 0; j < 3; j++) s += S[3 * i + j] * x[3 * p + j];
          out.stress[3 * p + i] = s;
          w += 0.5 * x[3 * p + i] * s;
        }
        if (out.energy) out.energy[p] = w;
        if (out.tangent) for (let k = 0; k < 9; k++) out.tangent[9 * p + k] = S[k] + K[k];
      }
    },
  };
}

describe("slice maps", () => {
  // eigenvalues of S: 1 and 3 (the 2×2 block) and −0.5
  const S = [2, 1, 0, 1, 2, 0, 0, 0, -0.5];

  it("grid points carry the two slice components and zero elsewhere", () => {
    const g = sliceGrid(3, { i: 0, j: 2 }, [-1, 1], [0, 2], 5);
    expect(g.n).toBe(25);
    const p = 3 * 5 + 4; // row j = 3, column i = 4
    expect(Array.from(g.strain.subarray(3 * p, 3 * p + 3))).toEqual([1, 0, 1.5]);
  });

  it("the smallest eigenvalue is the closed form, for a symmetric and a non-symmetric tangent", () => {
    const g = sliceGrid(3, { i: 0, j: 1 }, [-0.1, 0.1], [-0.1, 0.1], 4);
    for (const K of [undefined, [0, 3, -1, -3, 0, 2, 1, -2, 0]]) {
      const { minEigenvalue, energy } = sliceFields(quadratic(S, K), g, 3);
      for (let p = 0; p < g.n; p++) {
        expect(minEigenvalue[p]).toBeCloseTo(-0.5, 12);
        const x = g.strain.subarray(3 * p, 3 * p + 3);
        expect(energy[p]).toBeCloseTo(0.5 * (2 * x[0] ** 2 + 2 * x[0] * x[1] + 2 * x[1] ** 2), 14);
      }
    }
  });

  it("a material without energy or tangent leaves NaN (the map omits it)", () => {
    const g = sliceGrid(3, { i: 0, j: 1 }, [0, 1], [0, 1], 3);
    const stressOnly: Material = {
      name: "stress only",
      dim: 3,
      hasEnergy: false,
      evaluate: (_x, n, out) => out.stress.fill(0, 0, 3 * n),
    };
    const f = sliceFields(stressOnly, g, 3);
    expect(f.energy.every(Number.isNaN)).toBe(true);
    expect(f.minEigenvalue.every(Number.isNaN)).toBe(true);
  });

  it("membranes and solids get two slices, d = 1 none", () => {
    expect(standardSlices(3)).toHaveLength(2);
    expect(standardSlices(6)).toEqual([
      { i: 0, j: 1 },
      { i: 0, j: 5 },
    ]);
    expect(standardSlices(1)).toHaveLength(0);
  });
});
