import type { MaterialInfo } from "./law.js";
import { checkParameterNames, numberParameter, PointwiseLaw } from "./law.js";
import { cauchyGreen3, inverseSymmetric3, isotropicStress, isotropicTangent } from "./tensors3d.js";

/**
 * The neo-Hookean law exactly as Abaqus and CalculiX (*HYPERELASTIC, NEO HOOKE with C10, D1) define
 * it, in C = I + 2E, J = √det C, Ī1 = J^(−2/3) I1:
 *   U = C10 (Ī1 − 3) + (J − 1)²/D1
 *   S = 2 C10 J^(−2/3) (I − I1/3 C⁻¹) + (2/D1) J (J − 1) C⁻¹
 *   ℂ = [4C10 J^(−2/3) I1/9 + (2/D1)(2J − 1) J] C⁻¹⊗C⁻¹ + [4C10 J^(−2/3) I1/3 − (4/D1) J (J − 1)] 𝕀(C⁻¹)
 *       − 4C10/3 J^(−2/3) (I⊗C⁻¹ + C⁻¹⊗I)
 * Units: C10 in Pa, D1 in 1/Pa. Small-strain moduli: shear μ = 2 C10, bulk K = 2/D1. The defaults
 * (C10 = 0.2 MPa, D1 = 2/K with K = 1.8667 MPa) match "neohookean"'s defaults at small strain.
 * Needs det C > 0: elsewhere NaN.
 */
export class NeoHookeanAbaqus extends PointwiseLaw {
  readonly name = "neohookean-abaqus";
  readonly dim = 6;
  readonly C10: number;
  readonly D1: number;
  private readonly C = new Float64Array(9);
  private readonly Ci = new Float64Array(9);

  constructor(params: Record<string, unknown> = {}) {
    super();
    checkParameterNames(this.name, params, ["C10", "D1"]);
    this.C10 = numberParameter(this.name, params, "C10", 0.2e6);
    this.D1 = numberParameter(this.name, params, "D1", 2 / (1.6e6 + (2 * 0.4e6) / 3));
  }

  static info(): MaterialInfo {
    const m = new NeoHookeanAbaqus();
    return {
      name: "neohookean-abaqus",
      dim: 6,
      description: "neo-Hookean as in CalculiX/Abaqus *HYPERELASTIC, NEO HOOKE: U = C10(Ī1−3) + (J−1)²/D1",
      parameters: [
        { name: "C10", value: m.C10, unit: "Pa", description: "C10 = μ/2" },
        { name: "D1", value: m.D1, unit: "1/Pa", description: "D1 = 2/K (K bulk modulus)" },
      ],
      strainRange: { normal: 0.3, shear: 0.3 },
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
    const { C, Ci, C10, D1 } = this;
    const D = cauchyGreen3(x, xo, C);
    if (!(D > 0)) return this.inadmissible(s, so, t, to);
    inverseSymmetric3(C, D, Ci);
    const J = Math.sqrt(D);
    const Jm23 = D ** (-1 / 3);
    const I1 = C[0] + C[4] + C[8];
    const iso = 2 * C10 * Jm23;
    isotropicStress(iso, -iso * (I1 / 3) + (2 / D1) * J * (J - 1), Ci, s, so);
    if (t) {
      isotropicTangent(
        2 * iso * (I1 / 9) + (2 / D1) * (2 * J - 1) * J,
        2 * iso * (I1 / 3) - (4 / D1) * J * (J - 1),
        -(2 / 3) * iso,
        Ci,
        t,
        to,
      );
    }
    return C10 * (Jm23 * I1 - 3) + ((J - 1) * (J - 1)) / D1;
  }
}
