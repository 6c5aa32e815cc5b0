import type { Material, MaterialOutput } from "../../src/core/material.js";

/**
 * Test double: plane-stress Saint Venant–Kirchhoff (per unit width) plus a quartic warp term
 * W += k E11⁴/4, so the tangent varies with strain. Closed form, independent of the FE code.
 */
export function svkMembrane(young = 1e4, poisson = 0.3, quartic = 5e5): Material {
  const a = young / (1 - poisson * poisson);
  const C = [a, a * poisson, 0, a * poisson, a, 0, 0, 0, young / (2 * (1 + poisson))];
  return {
    name: "svk-double",
    dim: 3,
    hasEnergy: true,
    evaluate(strain: Float64Array, n: number, out: MaterialOutput): void {
      for (let p = 0; p < n; p++) {
        const x = [strain[3 * p], strain[3 * p + 1], strain[3 * p + 2]];
        let w = 0;
        for (let r = 0; r < 3; r++) {
          let s = 0;
          for (let c = 0; c < 3; c++) s += C[3 * r + c] * x[c];
          out.stress[3 * p + r] = s;
          w += 0.5 * s * x[r];
        }
        out.stress[3 * p] += quartic * x[0] ** 3;
        w += (quartic * x[0] ** 4) / 4;
        if (out.tangent) {
          for (let k = 0; k < 9; k++) out.tangent[9 * p + k] = C[k];
          out.tangent[9 * p] += 3 * quartic * x[0] ** 2;
        }
        if (out.energy) out.energy[p] = w;
      }
    },
  };
}
