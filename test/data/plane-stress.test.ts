import { describe, expect, it } from "vitest";
import type { Material } from "../../src/core/material.js";
import { createMaterial, planeStress } from "../../src/data/materials/index.js";

function at(m: Material, x: number[]) {
  const out = { stress: new Float64Array(3), tangent: new Float64Array(9), energy: new Float64Array(1) };
  m.evaluate(Float64Array.from(x), 1, out);
  return out;
}

const points = [
  [0.05, -0.02, 0.1],
  [0.3, 0.1, -0.2],
  [-0.15, 0.2, 0.05],
];

describe("plane stress from a solid law", () => {
  it("of SVK is the SVK membrane (E = μ(3λ+2μ)/(λ+μ), ν = λ/2(λ+μ), t = 1)", () => {
    const lambda = 1.6e6;
    const mu = 0.4e6;
    const membrane = createMaterial("svk-membrane", {
      Et: (mu * (3 * lambda + 2 * mu)) / (lambda + mu),
      nu: lambda / (2 * (lambda + mu)),
    });
    const condensed = planeStress(createMaterial("svk", { lambda, mu }));
    for (const x of points) {
      const a = at(condensed, x);
      const b = at(membrane, x);
      for (let k = 0; k < 3; k++) expect(a.stress[k]).toBeCloseTo(b.stress[k], 4);
      for (let k = 0; k < 9; k++) expect(a.tangent[k]).toBeCloseTo(b.tangent[k], 3);
      expect(a.energy[0]).toBeCloseTo(b.energy[0], 4);
    }
  });

  it("of a nearly incompressible neo-Hookean solid approaches the incompressible membrane", () => {
    const C10 = 0.2e6;
    const solid = createMaterial("neohookean-abaqus", { C10, D1: 2 / (1e4 * 2 * C10) }); // K = 10⁴ μ
    const membrane = createMaterial("neohookean-membrane", { mut: 2 * C10 });
    for (const x of points) {
      const a = at(planeStress(solid), x).stress;
      const b = at(membrane, x).stress;
      const scale = Math.max(...Array.from(b, Math.abs));
      for (let k = 0; k < 3; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(2e-3 * scale);
    }
  });

  it("stress = ∂W/∂x and tangent = ∂s/∂x along the plane-stress manifold (central differences)", () => {
    const m = planeStress(createMaterial("fibre", { direction: [1, 1, 0.5] }));
    const h = 1e-6;
    for (const x of points) {
      const { stress, tangent } = at(m, x);
      const sc = Math.max(...Array.from(stress, Math.abs));
      const tc = Math.max(...Array.from(tangent, Math.abs));
      for (let k = 0; k < 3; k++) {
        const xp = x.slice();
        const xm = x.slice();
        xp[k] += h;
        xm[k] -= h;
        const p = at(m, xp);
        const q = at(m, xm);
        expect(Math.abs((p.energy[0] - q.energy[0]) / (2 * h) - stress[k])).toBeLessThan(1e-6 * sc);
        for (let j = 0; j < 3; j++) {
          expect(Math.abs((p.stress[j] - q.stress[j]) / (2 * h) - tangent[j * 3 + k])).toBeLessThan(
            1e-5 * tc,
          );
        }
      }
    }
  });

  it("gives NaN, not an exception, for an inadmissible in-plane strain", () => {
    const { stress, tangent } = at(planeStress(createMaterial("neohookean")), [-0.6, 0, 0]);
    expect(Array.from(stress).every(Number.isNaN)).toBe(true);
    expect(Array.from(tangent).every(Number.isNaN)).toBe(true);
  });
});
