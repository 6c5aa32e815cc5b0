import { describe, expect, it } from "vitest";
import { createMaterial } from "../../src/data/materials/index.js";
import { greenLagrange, minEigenvalueOfC, strainToVoigt } from "../../src/data/measures.js";
import {
  biaxialStrain,
  pureShearStrain,
  randomWalkStrain,
  simpleShearStrain,
  solveMixedControl,
  uniaxialStress,
  uniaxialTension,
} from "../../src/data/paths.js";
import { Random } from "../../src/util/random.js";

function stressAt(name: string, x: ArrayLike<number>): Float64Array {
  const m = createMaterial(name);
  const s = new Float64Array(m.dim);
  m.evaluate(Float64Array.from(x), 1, { stress: s });
  return s;
}

describe("strain-controlled paths are the Green–Lagrange strains of their F", () => {
  it("simple shear F = I + k e_i⊗e_j (membrane and solid)", () => {
    const k = 0.4;
    const m = simpleShearStrain(3, [k]);
    strainToVoigt(greenLagrange([1, k, 0, 1])).forEach((v, i) => {
      expect(m[i]).toBeCloseTo(v, 15);
    });
    const F = [1, 0, 0, 0, 1, k, 0, 0, 1]; // e2⊗e3
    const x = simpleShearStrain(6, [k], 1, 2);
    strainToVoigt(greenLagrange(F)).forEach((v, i) => {
      expect(x[i]).toBeCloseTo(v, 15);
    });
  });

  it("pure shear F = diag(λ, 1/λ)", () => {
    const a = 0.3;
    const l = Math.sqrt(1 + 2 * a);
    const x = pureShearStrain(3, [a]);
    const e = strainToVoigt(greenLagrange([l, 0, 0, 1 / l]));
    for (let k = 0; k < 3; k++) expect(x[k]).toBeCloseTo(e[k], 15);
  });

  it("biaxial at a ratio", () => {
    expect(Array.from(biaxialStrain(6, [0.1, 0.2], -0.5, 2, 0))).toEqual([
      -0.05, 0, 0.1, 0, 0, 0, -0.1, 0, 0.2, 0, 0, 0,
    ]);
  });
});

describe("stress-controlled paths (Newton with the material tangent)", () => {
  it("uniaxial stress on the fabric hits its target to 1e-10 with free lateral edges", () => {
    const targets = [50, 400, 1500, 4000, -800];
    for (const axis of [0, 1]) {
      const { strain, stress } = uniaxialStress(createMaterial("fabric"), targets, axis);
      targets.forEach((t, p) => {
        const s = stressAt("fabric", strain.subarray(p * 3, p * 3 + 3)); // re-evaluated independently
        for (let k = 0; k < 3; k++) {
          const want = k === axis ? t : 0;
          expect(Math.abs(s[k] - want)).toBeLessThanOrEqual(1e-10 * Math.max(1, Math.abs(t)));
          expect(stress[p * 3 + k]).toBe(s[k]);
        }
      });
    }
  });

  it("incompressible neo-Hookean membrane: S11 = μt(1 − λ⁻³), λ2 = λ^(−1/2) (closed form)", () => {
    const targets = [20, 100, 250, 380];
    const { strain } = uniaxialStress(createMaterial("neohookean-membrane"), targets);
    targets.forEach((t, p) => {
      const lam = (1 - t / 400) ** (-1 / 3);
      expect(strain[p * 3]).toBeCloseTo((lam * lam - 1) / 2, 11);
      expect(strain[p * 3 + 1]).toBeCloseTo((1 / lam - 1) / 2, 11);
      expect(strain[p * 3 + 2]).toBeCloseTo(0, 12);
    });
  });

  it("a 3D law: uniaxial stress and strain-controlled tension leave the lateral faces free", () => {
    const m = createMaterial("neohookean-abaqus");
    // (the second Piola–Kirchhoff stress of a nearly incompressible neo-Hookean bar saturates at 2C10)
    const { strain } = uniaxialStress(m, [1e5, 3e5], 2);
    const s = stressAt("neohookean-abaqus", strain.subarray(6, 12));
    expect(Math.abs(s[2] - 3e5)).toBeLessThanOrEqual(1e-10 * 3e5);
    for (const k of [0, 1, 3, 4, 5]) expect(Math.abs(s[k])).toBeLessThanOrEqual(1e-10 * 3e5);
    const tension = uniaxialTension(m, [0.05, 0.2], 1);
    expect(tension.strain[6 + 1]).toBe(0.2);
    for (const k of [0, 2, 3, 4, 5]) expect(Math.abs(tension.stress[6 + k])).toBeLessThan(1e-6);
    expect(tension.strain[6]).toBeLessThan(0); // lateral contraction
  });

  it("mixed control: prescribed shear strain with zero normal stresses", () => {
    const sol = solveMixedControl(createMaterial("fabric"), [false, false, true], [0, 0, 0.25], [0, 0, 0]);
    expect(sol.strain[2]).toBe(0.25);
    expect(Math.abs(sol.stress[0])).toBeLessThan(1e-9);
    expect(Math.abs(sol.stress[1])).toBeLessThan(1e-9);
  });

  it("an unreachable target is a UserError, not a hang", () => {
    // the incompressible neo-Hookean membrane's S11 = μt(1 − λ⁻³) stays below μt = 400 N/m
    expect(() => uniaxialStress(createMaterial("neohookean-membrane"), [500])).toThrow(
      /Newton did not reach/,
    );
  });
});

describe("random walk in strain space", () => {
  it("stays in its box and admissible, and repeats with the seed", () => {
    const opts = () => ({
      rng: new Random(3),
      step: [0.1, 0.1, 0.2],
      limit: [0.45, 0.45, 0.9],
      minEigenvalue: 0.1,
    });
    const walk = randomWalkStrain(3, 2000, opts());
    for (let p = 0; p < 2000; p++) {
      const x = walk.subarray(p * 3, p * 3 + 3);
      expect(minEigenvalueOfC(x)).toBeGreaterThan(0.1);
      expect(Math.abs(x[0])).toBeLessThanOrEqual(0.45);
      expect(Math.abs(x[2])).toBeLessThanOrEqual(0.9);
    }
    expect(randomWalkStrain(3, 2000, opts())).toEqual(walk);
    // it explores: reaches near the box edges
    let maxG = 0;
    for (let p = 0; p < 2000; p++) maxG = Math.max(maxG, Math.abs(walk[p * 3 + 2]));
    expect(maxG).toBeGreaterThan(0.5);
  });
});
