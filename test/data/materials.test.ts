import { describe, expect, it } from "vitest";
import type { Material } from "../../src/core/material.js";
import { createMaterial, materialInfo, materialNames } from "../../src/data/materials/index.js";
import { closedFormEigenvalues, condensePlaneStress, minEigenvalueOfC } from "../../src/data/measures.js";
import { Random } from "../../src/util/random.js";

function evalPoint(m: Material, x: number[]) {
  const d = m.dim;
  const out = { stress: new Float64Array(d), tangent: new Float64Array(d * d), energy: new Float64Array(1) };
  m.evaluate(Float64Array.from(x), 1, out);
  return { s: Array.from(out.stress), t: Array.from(out.tangent), w: out.energy[0] };
}

/** admissible random strains within the law's plausible range, away from the fibres' kink at 0 */
function samplePoints(name: string, count: number, seed: number): number[][] {
  const info = materialInfo(name);
  const rng = new Random(seed);
  const d = info.dim;
  const points: number[][] = [];
  while (points.length < count) {
    const x = Array.from({ length: d }, (_, k) => {
      const shear = d === 3 ? k === 2 : k >= 3;
      return rng.range(-1, 1) * (shear ? info.strainRange.shear : info.strainRange.normal);
    });
    if (minEigenvalueOfC(x) > 0.2) points.push(x);
  }
  return points;
}

describe.each(materialNames())("reference law %s", (name) => {
  const m = createMaterial(name);
  const d = m.dim;

  it("is stress-free with zero energy at zero strain", () => {
    const { s, w } = evalPoint(m, new Array(d).fill(0));
    expect(w).toBe(0);
    for (const v of s)
      expect(Math.abs(v)).toBeLessThan(1e-9 * Math.max(1, ...evalPoint(m, new Array(d).fill(0)).t));
  });

  it("stress = ∂W/∂x and tangent = ∂s/∂x (central differences), tangent symmetric", () => {
    const h = 1e-6;
    for (const x of samplePoints(name, 12, 7)) {
      const { s, t } = evalPoint(m, x);
      const scaleS = Math.max(...s.map(Math.abs), 1e-300);
      const scaleT = Math.max(...t.map(Math.abs));
      for (let k = 0; k < d; k++) {
        const xp = x.slice();
        const xm = x.slice();
        xp[k] += h;
        xm[k] -= h;
        const p = evalPoint(m, xp);
        const q = evalPoint(m, xm);
        expect(Math.abs((p.w - q.w) / (2 * h) - s[k])).toBeLessThan(1e-6 * scaleS + 1e-9 * scaleT);
        for (let j = 0; j < d; j++) {
          expect(Math.abs((p.s[j] - q.s[j]) / (2 * h) - t[j * d + k])).toBeLessThan(1e-6 * scaleT);
          expect(t[j * d + k]).toBeCloseTo(t[k * d + j], 6);
        }
      }
    }
  });

  it("writes NaN (not an exception) where C = 2E + I is not positive definite, if it needs J", () => {
    const x = new Array(d).fill(0);
    x[0] = -0.7; // C11 = −0.4
    const { s } = evalPoint(m, x);
    const needsJ =
      name.startsWith("neohookean") ||
      name === "fibre" ||
      (name.endsWith("-membrane") && name !== "svk-membrane");
    expect(s.every((v) => Number.isNaN(v))).toBe(needsJ);
  });
});

describe("fabric", () => {
  const fabric = createMaterial("fabric");

  it("has a positive semidefinite tangent on a grid far beyond the data (convex in E)", () => {
    const g = [-0.3, -0.1, -0.01, 0, 0.01, 0.05, 0.1, 0.2, 0.4];
    const gs = [-1, -0.3, -0.05, 0, 0.05, 0.3, 1];
    for (const e1 of g)
      for (const e2 of g)
        for (const gamma of gs) {
          const { t } = evalPoint(fabric, [e1, e2, gamma]);
          // the 2×2 normal block and the shear entry (uncoupled) must be PSD
          const [lmin] = closedFormEigenvalues([t[0], t[1], t[3], t[4]]);
          expect(lmin).toBeGreaterThan(0);
          expect(t[8]).toBeGreaterThan(0);
          expect(t[2]).toBe(0);
          expect(t[5]).toBe(0);
        }
  });

  it("stiffens in yarn tension and locks in shear as documented", () => {
    const t0 = evalPoint(fabric, [0.001, 0, 0]).t[0];
    const t10 = evalPoint(fabric, [0.1, 0, 0]).t[0];
    const tc = evalPoint(fabric, [-0.05, 0, 0]).t[0];
    expect(tc).toBe(20e3); // compression: base only
    expect(t0).toBeCloseTo(40e3, -2);
    expect(t10).toBeCloseTo(20e3 + 20e3 * Math.exp(0.5) * 2, 6);
    const s = (g: number) => evalPoint(fabric, [0, 0, g]).s[2];
    expect(s(0.3)).toBeCloseTo(1e3 * 0.3 + 5e4 * 0.027, 9);
    expect(s(0.3) / 0.3).toBeGreaterThan(4 * (s(0.01) / 0.01));
  });
});

describe("closed forms", () => {
  it("neo-Hookean membrane, equibiaxial stretch λ: Cauchy σ = μt(λ² − λ⁻⁴)", () => {
    const m = createMaterial("neohookean-membrane", { mut: 300 });
    for (const lam of [0.8, 1.2, 1.7]) {
      const e = (lam * lam - 1) / 2;
      const { s } = evalPoint(m, [e, e, 0]);
      expect(lam * lam * s[0]).toBeCloseTo(300 * (lam ** 2 - lam ** -4), 9);
      expect(s[1]).toBeCloseTo(s[0], 12);
    }
  });

  it("SVK membrane = 3D SVK with S33 = 0 condensed out (E = μ(3λ+2μ)/(λ+μ), ν = λ/2(λ+μ))", () => {
    const lambda = 1.6e6;
    const mu = 0.4e6;
    const solid = evalPoint(createMaterial("svk", { lambda, mu }), [0.01, 0, 0, 0, 0, 0]).t;
    const Et = (mu * (3 * lambda + 2 * mu)) / (lambda + mu);
    const membrane = evalPoint(
      createMaterial("svk-membrane", { Et, nu: lambda / (2 * (lambda + mu)) }),
      [0.02, -0.01, 0.03],
    ).t;
    const condensed = condensePlaneStress(solid);
    for (let k = 0; k < 9; k++) expect(membrane[k]).toBeCloseTo(condensed[k], 4);
  });

  it("both neo-Hookean forms reduce to linear elasticity λ I⊗I + 2μ 𝕀 at zero strain", () => {
    const lambda = 1.6e6;
    const mu = 0.4e6;
    const K = lambda + (2 * mu) / 3;
    const linear = evalPoint(createMaterial("svk", { lambda, mu }), [0, 0, 0, 0, 0, 0]).t;
    const bw = evalPoint(createMaterial("neohookean", { lambda, mu }), [0, 0, 0, 0, 0, 0]).t;
    const abq = evalPoint(
      createMaterial("neohookean-abaqus", { C10: mu / 2, D1: 2 / K }),
      [0, 0, 0, 0, 0, 0],
    ).t;
    for (let k = 0; k < 36; k++) {
      expect(bw[k]).toBeCloseTo(linear[k], 4);
      expect(abq[k]).toBeCloseTo(linear[k], 4);
    }
  });

  it("neo-Hookean (Abaqus form) under volume-preserving uniaxial stretch: σ11 = 2C10(λ² − 1/λ)", () => {
    const C10 = 0.2e6;
    const m = createMaterial("neohookean-abaqus", { C10, D1: 1e-6 });
    const lam = 1.4;
    const lt = 1 / Math.sqrt(lam);
    const { s } = evalPoint(m, [(lam * lam - 1) / 2, (lt * lt - 1) / 2, (lt * lt - 1) / 2, 0, 0, 0]);
    // J = 1: σ = F S Fᵀ; the lateral Cauchy stress is the (arbitrary) pressure, remove it
    const sigma11 = lam * lam * s[0];
    const sigma22 = lt * lt * s[1];
    expect(sigma11 - sigma22).toBeCloseTo(2 * C10 * (lam * lam - 1 / lam), 4);
  });

  it("fibre adds k1 t exp(k2 t²) along the fibre only in tension", () => {
    const base = createMaterial("fibre", { k1: 0 });
    const fib = createMaterial("fibre", { k1: 2e6, k2: 10, direction: [0, 0, 2] });
    const x = [0.01, 0.02, 0.15, 0, 0, 0];
    const ds = evalPoint(fib, x).s[2] - evalPoint(base, x).s[2];
    expect(ds).toBeCloseTo(2e6 * 0.15 * Math.exp(10 * 0.15 ** 2), 4);
    const xc = [0.01, 0.02, -0.1, 0, 0, 0];
    expect(evalPoint(fib, xc).s).toEqual(evalPoint(base, xc).s);
  });

  it("rejects unknown names and parameters with a UserError", () => {
    expect(() => createMaterial("rubber")).toThrow(/unknown material 'rubber'; expected one of fabric/);
    expect(() => createMaterial("svk", { E: 1 })).toThrow(/unknown parameter 'E'/);
    expect(() => createMaterial("svk", { mu: -1 })).toThrow(/mu must be a positive number/);
  });
});
