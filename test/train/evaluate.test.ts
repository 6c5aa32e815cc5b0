import { describe, expect, it } from "vitest";
import type { TestPoint } from "../../src/data/dataset.js";
import { generateTestCurves } from "../../src/data/generate-test-curves.js";
import { createMaterial } from "../../src/data/materials/index.js";
import { testCurvesToDataset } from "../../src/data/test-curves.js";
import { curvePoints, predictTest } from "../../src/data/test-predict.js";
import { evaluateOnData, evaluateTests } from "../../src/train/evaluate.js";

// evaluate's boundary-value solves against closed forms (Mooney–Rivlin as the model), the
// uniaxial Newton solve with free lateral contraction on an anisotropic law, and the metrics.

const c1 = 0.21;
const c2 = 0.037;
const mr = createMaterial("mooney-rivlin-membrane", { c1, c2 });
const stretches = [0.55, 0.7, 0.85, 1.1, 1.6, 2.5, 4, 6.5];

describe("each test under its own boundary conditions", () => {
  it("Mooney–Rivlin: uniaxial (S22 = 0 solved by Newton, started without the isotropic guess), equibiaxial, pure shear = closed forms", () => {
    const closed = {
      uniaxial: (l: number) => 2 * (l - l ** -2) * (c1 + c2 / l),
      equibiaxial: (l: number) => 2 * (l - l ** -5) * (c1 + c2 * l * l),
      "pure-shear": (l: number) => 2 * (l - l ** -3) * (c1 + c2),
    } as const;
    for (const mode of ["uniaxial", "equibiaxial", "pure-shear"] as const) {
      // shuffled order: the continuation sorts the points itself
      const pts = curvePoints(mode, [...stretches].reverse());
      const r = predictTest(mr, pts);
      pts.forEach((p, i) => {
        const want = closed[mode](p.lambda1);
        expect(Math.abs(r[i].P11 - want), `${mode} λ = ${p.lambda1}`).toBeLessThan(
          1e-10 * Math.max(1, Math.abs(want)),
        );
      });
      if (mode === "uniaxial") {
        pts.forEach((p, i) => {
          expect(r[i].lambda2).toBeCloseTo(1 / Math.sqrt(p.lambda1), 10);
        });
      }
    }
  });

  it("an anisotropic sheet in uniaxial tension contracts as it wants: S22 = S12 = 0 at the solved λ2, ≠ λ^(−1/2)", () => {
    const fabric = createMaterial("fabric");
    const pts = curvePoints("uniaxial", [1.02, 1.05, 1.08]);
    const r = predictTest(fabric, pts);
    for (let i = 0; i < pts.length; i++) {
      const l = pts[i].lambda1;
      const x = Float64Array.of((l * l - 1) / 2, (r[i].lambda2 ** 2 - 1) / 2, 0);
      const s = new Float64Array(3);
      fabric.evaluate(x, 1, { stress: s });
      expect(Math.abs(s[1])).toBeLessThan(1e-9 * Math.abs(s[0]));
      expect(Math.abs(r[i].P11 - l * s[0])).toBeLessThan(1e-9 * Math.abs(s[0]));
      expect(Math.abs(r[i].lambda2 - 1 / Math.sqrt(l))).toBeGreaterThan(1e-3);
    }
  });

  it("simple shear: P12 = S12 + γ S22 at x = (0, γ²/2, γ)", () => {
    const pts: TestPoint[] = curvePoints("simple-shear", [0.3, 0.8]);
    const r = predictTest(mr, pts);
    pts.forEach((p, i) => {
      const g = p.gamma as number;
      const s = new Float64Array(3);
      mr.evaluate(Float64Array.of(0, (g * g) / 2, g), 1, { stress: s });
      expect(r[i].P12).toBe(s[2] + g * s[1]);
      // Mooney–Rivlin in simple shear: P12 = 2(c1 + c2) γ exactly
      expect(r[i].P12).toBeCloseTo(2 * (c1 + c2) * g, 12);
    });
  });
});

describe("evaluateOnData", () => {
  it("the law that made the curves scores R² = 1 and RMSE ≈ 0 per mode; a scaled law is scored by the unclipped formula", () => {
    const { points } = generateTestCurves({
      material: "mooney-rivlin-membrane",
      params: { c1, c2 },
      points: 9,
    });
    const data = testCurvesToDataset(points);
    const ev = evaluateOnData(mr, data);
    expect(ev.tests!.map((t) => t.mode)).toEqual(["uniaxial", "equibiaxial", "pure-shear"]);
    for (const t of ev.tests!) {
      expect(t.rmse).toBeLessThan(1e-10);
      expect(t.r2).toBeGreaterThan(1 - 1e-12);
    }
    for (const k of [0, 1]) expect(ev.components.rmse[k]).toBeLessThan(1e-10);
    // twice the stiffness: P̂ = 2P, so SS_res = Σ P², R² = 1 − ΣP²/Σ(P − P̄)², below 0 for these curves
    const twice = createMaterial("mooney-rivlin-membrane", { c1: 2 * c1, c2: 2 * c2 });
    const { metrics } = evaluateTests(twice, points);
    for (const t of metrics) {
      const P = points.filter((p) => p.mode === t.mode).map((p) => p.P11 as number);
      const mean = P.reduce((a, v) => a + v, 0) / P.length;
      const want = 1 - P.reduce((a, v) => a + v * v, 0) / P.reduce((a, v) => a + (v - mean) ** 2, 0);
      expect(t.r2).toBeCloseTo(want, 9);
    }
    expect(metrics.some((t) => t.r2 < 0)).toBe(true);
  });
});
