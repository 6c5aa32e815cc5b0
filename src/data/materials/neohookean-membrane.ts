import type { MaterialInfo } from "./law.js";
import { checkParameterNames, numberParameter, PointwiseLaw } from "./law.js";

/**
 * Incompressible neo-Hookean membrane in plane stress (closed form). With the in-plane
 * C = I + 2E = [[a, γ], [γ, b]] (a = 1 + 2E11, b = 1 + 2E22, γ = 2E12) and incompressibility
 * C33 = 1/det C, D = det C = ab − γ²:
 *   W = (μt/2) (C11 + C22 + C33 − 3) = (μt/2) (2E11 + 2E22 + 1/D − 1)
 *   S = μt (I − C⁻¹/D):  s = μt [1 − b/D², 1 − a/D², γ/D²]
 * (the out-of-plane pressure is eliminated by S33 = 0). Units: μt in N/m (shear modulus ×
 * thickness), stresses in N/m. Needs C positive definite (a > 0, D > 0): elsewhere NaN.
 * Not convex in E everywhere (it is polyconvex in F): a convex network can only approximate it
 * where it is locally convex.
 */
export class NeoHookeanMembrane extends PointwiseLaw {
  readonly name = "neohookean-membrane";
  readonly dim = 3;
  readonly mut: number;

  constructor(params: Record<string, unknown> = {}) {
    super();
    checkParameterNames(this.name, params, ["mut"]);
    this.mut = numberParameter(this.name, params, "mut", 400);
  }

  static info(): MaterialInfo {
    return {
      name: "neohookean-membrane",
      dim: 3,
      description:
        "incompressible neo-Hookean membrane, C33 = 1/det C (a 1 mm natural rubber sheet by default)",
      parameters: [
        {
          name: "mut",
          value: new NeoHookeanMembrane().mut,
          unit: "N/m",
          description: "shear modulus × thickness (0.4 MPa × 1 mm)",
        },
      ],
      strainRange: { normal: 0.5, shear: 0.5 },
    };
  }

  point(
    x: Float64Array,
    xo: number,
    s: Float64Array,
    so: number,
    t: Float64Array | undefined,
    to: number,
  ): number {
    const a = 1 + 2 * x[xo];
    const b = 1 + 2 * x[xo + 1];
    const g = x[xo + 2];
    const D = a * b - g * g;
    if (!(a > 0 && D > 0)) return this.inadmissible(s, so, t, to);
    const m = this.mut;
    const D2 = 1 / (D * D);
    const D3 = D2 / D;
    s[so] = m * (1 - b * D2);
    s[so + 1] = m * (1 - a * D2);
    s[so + 2] = m * g * D2;
    if (t) {
      // derivatives of D: ∂D/∂x = [2b, 2a, −2γ]
      const t12 = m * (4 * a * b * D3 - 2 * D2);
      const t13 = -4 * m * b * g * D3;
      const t23 = -4 * m * a * g * D3;
      t[to] = 4 * m * b * b * D3;
      t[to + 1] = t12;
      t[to + 2] = t13;
      t[to + 3] = t12;
      t[to + 4] = 4 * m * a * a * D3;
      t[to + 5] = t23;
      t[to + 6] = t13;
      t[to + 7] = t23;
      t[to + 8] = m * (D2 + 4 * g * g * D3);
    }
    return 0.5 * m * (a + b - 2 + 1 / D - 1);
  }
}
