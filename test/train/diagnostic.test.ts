import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parameterLayout } from "../../src/core/layout.js";
import type { Model } from "../../src/model/types.js";
import { dataMinStiffness, kthSmallest, quadraticTermDiagnostic } from "../../src/train/diagnostic.js";
import { Random } from "../../src/util/random.js";

/** random strains in a box; stress from a law given per point */
function sample(n: number, law: (x: number[]) => number[], half: number[]) {
  const rng = new Random(4);
  const d = half.length;
  const strain = new Float64Array(n * d);
  const stress = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const x = half.map((h) => rng.range(-h, h));
    const s = law(x);
    for (let k = 0; k < d; k++) {
      strain[i * d + k] = x[k];
      stress[i * d + k] = s[k];
    }
  }
  return { strain, stress };
}

describe("kthSmallest (the neighbourhood threshold of the stiffness estimate)", () => {
  it("is the entry a sort puts at index k, for any array and k, ties and signed zeros included", () => {
    // few distinct values, so ties are common; −0 and 0 compare equal, as in the sort's threshold test
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true }), fc.constant(-0));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 200 }), fc.nat(), (values, seed) => {
        const k = seed % values.length;
        const sorted = Float64Array.from(values).sort();
        const got = kthSmallest(Float64Array.from(values), k);
        expect(got === sorted[k]).toBe(true);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it("refuses an index outside the array", () => {
    expect(() => kthSmallest(new Float64Array(3), 3)).toThrow(RangeError);
    expect(() => kthSmallest(new Float64Array(3), -1)).toThrow(RangeError);
  });
});

describe("data stiffness estimate (the diagnostic of docs/theory.md, the training trap of the quadratic term)", () => {
  it("recovers the diagonal of a linear law exactly", () => {
    const C = [
      [20e3, 4e3, 0],
      [4e3, 15e3, 0],
      [0, 0, 1e3],
    ];
    const law = (x: number[]) => C.map((row) => row.reduce((s, c, j) => s + c * x[j], 0));
    const { strain, stress } = sample(1500, law, [0.1, 0.1, 0.3]);
    const k = dataMinStiffness(strain, stress, 1500, 3);
    expect(k[0]).toBeCloseTo(20e3, 6);
    expect(k[1]).toBeCloseTo(15e3, 6);
    expect(k[2]).toBeCloseTo(1e3, 6);
  });

  it("finds the soft region of a stiffening law: min of 1000 + 3·g4·γ² is 1000 at γ = 0", () => {
    const law = (x: number[]) => [5e3 * x[0], 1000 * x[1] + 5e4 * x[1] ** 3];
    const { strain, stress } = sample(4000, law, [0.1, 0.3]);
    const k = dataMinStiffness(strain, stress, 4000, 2);
    expect(k[0]).toBeCloseTo(5e3, 6);
    // the 5th percentile of local fits sits a little above the minimum of the tangent
    expect(k[1]).toBeGreaterThan(1000);
    expect(k[1]).toBeLessThan(1000 + 3 * 5e4 * 0.05 ** 2);
  });

  it("the quadratic-term stiffness is κ·2(AᵀA)_kk/D_k², and a floor above the data is flagged for miann only", () => {
    const d = 2;
    const layout = parameterLayout(d, [3]);
    const params = new Float64Array(layout.size);
    // A = [[1, 2], [0.5, 3]]: (AᵀA)_00 = 1 + 0.25, (AᵀA)_11 = 4 + 9
    params.set([1, 2, 0.5, 3], layout.A);
    const fake = (kind: "miann" | "potential"): Model =>
      ({
        spec: { kind, inputDim: d, hidden: [3] },
        params,
        scaling: { strainScale: [0.1, 0.2], stressScale: 50 },
      }) as unknown as Model;
    const expected = [(50 * 2 * 1.25) / 0.01, (50 * 2 * 13) / 0.04];
    const diag = quadraticTermDiagnostic(fake("miann"), [20000, 10000])!;
    expect(diag.quadraticStiffness[0]).toBeCloseTo(expected[0], 9);
    expect(diag.quadraticStiffness[1]).toBeCloseTo(expected[1], 9);
    expect(diag.exceeds).toEqual([false, true]);
    expect(diag.warning).toMatch(/component 2: 3.250e\+4 > 1.000e\+4/);
    expect(quadraticTermDiagnostic(fake("potential"), [20000, 10000])!.exceeds).toEqual([false, false]);
    // a negative data stiffness is non-convex data, not a trap that training could escape
    const soft = quadraticTermDiagnostic(fake("miann"), [20000, -500])!;
    expect(soft.exceeds).toEqual([false, false]);
    expect(soft.nonConvexData).toEqual([false, true]);
    expect(soft.warning).toMatch(/negative tangent stiffness in component\(s\) 2/);
    expect(soft.warning).not.toMatch(/raise beta/);
  });
});
