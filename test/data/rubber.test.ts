import { describe, expect, it } from "vitest";
import { createMaterial, materialInfo, materialNames } from "../../src/data/materials/index.js";
import { principalStretches } from "../../src/data/test-curves.js";
import { Random } from "../../src/util/random.js";

// The incompressible rubber sheets (Mooney–Rivlin, Ogden, Yeoh, Gent): stress = dW/dx and tangent
// = ds/dx by central finite differences at random admissible states (including the equal-
// eigenvalue limit of the Ogden spectral form), and the nominal stresses of the three principal
// tests against their closed forms.

const RUBBER = ["mooney-rivlin-membrane", "ogden-membrane", "yeoh-membrane", "gent-membrane"];

function randomStates(n: number, seed: number): Float64Array {
  const rng = new Random(seed);
  const x = new Float64Array(n * 3);
  for (let m = 0; m < n; m++) {
    // stretches 0.6..2.2 on rotated axes: C2 = R diag(λ1², λ2²) Rᵀ
    const l1 = rng.range(0.6, 2.2);
    const l2 = m % 5 === 0 ? l1 : rng.range(0.6, 2.2);
    const th = rng.range(0, Math.PI);
    const c = Math.cos(th);
    const s = Math.sin(th);
    const C11 = c * c * l1 * l1 + s * s * l2 * l2;
    const C22 = s * s * l1 * l1 + c * c * l2 * l2;
    const C12 = c * s * (l1 * l1 - l2 * l2);
    x[m * 3] = (C11 - 1) / 2;
    x[m * 3 + 1] = (C22 - 1) / 2;
    x[m * 3 + 2] = C12;
  }
  return x;
}

describe("rubber sheets: energy, stress, tangent", () => {
  it("are registered reference laws of d = 3 with parameters in MPa", () => {
    for (const name of RUBBER) {
      expect(materialNames()).toContain(name);
      expect(materialInfo(name).dim).toBe(3);
      expect(materialInfo(name).parameters.some((p) => p.unit === "MPa")).toBe(true);
    }
  });

  for (const name of RUBBER) {
    it(`${name}: s = dW/dx and T = ds/dx by central differences, T symmetric, s(0) = 0`, () => {
      const law = createMaterial(name);
      const n = 40;
      const x = randomStates(n, 7);
      const s = new Float64Array(n * 3);
      const t = new Float64Array(n * 9);
      const w = new Float64Array(n);
      law.evaluate(x, n, { stress: s, tangent: t, energy: w });
      const sp = new Float64Array(3);
      const sm = new Float64Array(3);
      const wp = new Float64Array(1);
      const wm = new Float64Array(1);
      for (let m = 0; m < n; m++) {
        let scale = 0;
        for (let i = 0; i < 9; i++) scale = Math.max(scale, Math.abs(t[m * 9 + i]));
        for (let j = 0; j < 3; j++) {
          const h = 1e-6;
          const xp = x.slice(m * 3, m * 3 + 3);
          const xm = x.slice(m * 3, m * 3 + 3);
          xp[j] += h;
          xm[j] -= h;
          law.evaluate(xp, 1, { stress: sp, energy: wp });
          law.evaluate(xm, 1, { stress: sm, energy: wm });
          const dW = (wp[0] - wm[0]) / (2 * h);
          expect(Math.abs(dW - s[m * 3 + j]), `${name} dW/dx${j + 1} at ${m}`).toBeLessThan(
            1e-7 * Math.max(1, Math.abs(s[m * 3 + j])),
          );
          for (let i = 0; i < 3; i++) {
            const fd = (sp[i] - sm[i]) / (2 * h);
            expect(Math.abs(fd - t[m * 9 + i * 3 + j]), `${name} T${i + 1}${j + 1} at ${m}`).toBeLessThan(
              1e-6 * scale,
            );
            expect(Math.abs(t[m * 9 + i * 3 + j] - t[m * 9 + j * 3 + i])).toBeLessThan(1e-10 * scale);
          }
        }
      }
      const s0 = new Float64Array(3);
      law.evaluate(new Float64Array(3), 1, { stress: s0 });
      for (const v of s0) expect(Math.abs(v)).toBeLessThan(1e-15);
    });
  }
});

/** nominal P11 of the law at a principal test's state, and its S22 */
function nominal(
  name: string,
  params: Record<string, unknown>,
  mode: "uniaxial" | "equibiaxial" | "pure-shear",
  l: number,
) {
  const [l1, l2] = principalStretches(mode, l);
  const x = Float64Array.of((l1 * l1 - 1) / 2, (l2 * l2 - 1) / 2, 0);
  const s = new Float64Array(3);
  createMaterial(name, params).evaluate(x, 1, { stress: s });
  return { P: l1 * s[0], S22: s[1], S12: s[2] };
}

describe("closed forms of the principal tests", () => {
  const stretches = [0.5, 0.7, 0.9, 1, 1.3, 2, 3.5, 6];
  it("Mooney–Rivlin: P = 2(λ − λ⁻²)(c1 + c2/λ), 2(λ − λ⁻⁵)(c1 + c2λ²), 2(λ − λ⁻³)(c1 + c2); uniaxial S22 = 0", () => {
    const c1 = 0.21;
    const c2 = 0.037;
    const params = { c1, c2 };
    for (const l of stretches) {
      const u = nominal("mooney-rivlin-membrane", params, "uniaxial", l);
      expect(u.P).toBeCloseTo(2 * (l - l ** -2) * (c1 + c2 / l), 13);
      expect(Math.abs(u.S22)).toBeLessThan(1e-13);
      expect(u.S12).toBe(0);
      expect(nominal("mooney-rivlin-membrane", params, "equibiaxial", l).P).toBeCloseTo(
        2 * (l - l ** -5) * (c1 + c2 * l * l),
        12,
      );
      expect(nominal("mooney-rivlin-membrane", params, "pure-shear", l).P).toBeCloseTo(
        2 * (l - l ** -3) * (c1 + c2),
        13,
      );
    }
  });

  it("Ogden (3 terms, Treloar's fit): P = Σ μ(λ^(α−1) − λ^(−α/2−1)), Σ μ(λ^(α−1) − λ^(−2α−1)), Σ μ(λ^(α−1) − λ^(−α−1))", () => {
    const mu = [0.63, 0.0012, -0.01];
    const alpha = [1.3, 5, -2];
    const sum = (f: (m: number, a: number) => number) => mu.reduce((acc, m, p) => acc + f(m, alpha[p]), 0);
    for (const l of stretches) {
      const u = nominal("ogden-membrane", {}, "uniaxial", l);
      const want = sum((m, a) => m * (l ** (a - 1) - l ** (-a / 2 - 1)));
      expect(Math.abs(u.P - want)).toBeLessThan(1e-12 * Math.max(1, Math.abs(want)));
      expect(Math.abs(u.S22)).toBeLessThan(1e-12);
      const e = nominal("ogden-membrane", {}, "equibiaxial", l).P;
      const we = sum((m, a) => m * (l ** (a - 1) - l ** (-2 * a - 1)));
      expect(Math.abs(e - we)).toBeLessThan(1e-12 * Math.max(1, Math.abs(we)));
      const p = nominal("ogden-membrane", {}, "pure-shear", l).P;
      const wp = sum((m, a) => m * (l ** (a - 1) - l ** (-a - 1)));
      expect(Math.abs(p - wp)).toBeLessThan(1e-12 * Math.max(1, Math.abs(wp)));
    }
  });

  it("Ogden with one term α = 2 is neo-Hookean (= Mooney–Rivlin with c2 = 0, μ = 2c1)", () => {
    for (const l of stretches) {
      for (const mode of ["uniaxial", "equibiaxial", "pure-shear"] as const) {
        const o = nominal("ogden-membrane", { mu: 0.5, alpha: 2 }, mode, l).P;
        const m = nominal("mooney-rivlin-membrane", { c1: 0.25, c2: 0 }, mode, l).P;
        expect(Math.abs(o - m)).toBeLessThan(1e-13 * Math.max(1, Math.abs(m)));
      }
    }
  });

  it("refuses an unstable Ogden term and mismatched lists", () => {
    expect(() => createMaterial("ogden-membrane", { mu: [0.5], alpha: [-2] })).toThrow(/μα > 0/);
    expect(() => createMaterial("ogden-membrane", { mu: [0.5, 0.1], alpha: [2] })).toThrow(/one α per μ/);
  });
});
