import type { MaterialInfo } from "./law.js";
import { checkParameterNames, numberParameter, PointwiseLaw } from "./law.js";
import { cauchyGreen3, inverseSymmetric3, isotropicStress, isotropicTangent } from "./tensors3d.js";

/**
 * Compressible neo-Hookean solid (the form of Bonet & Wood), in C = I + 2E, J = √det C:
 *   W = μ/2 (I1 − 3) − μ ln J + λ/2 (ln J)²
 *   S = μ (I − C⁻¹) + λ ln J C⁻¹
 *   ℂ = λ C⁻¹⊗C⁻¹ + 2(μ − λ ln J) 𝕀(C⁻¹)
 * Units: λ, μ in Pa (any stress unit). Small-strain moduli: shear μ, bulk K = λ + 2μ/3.
 * This is NOT CalculiX's/Abaqus's *HYPERELASTIC, NEO HOOKE, which is
 * U = C10 (Ī1 − 3) + (J − 1)²/D1 (see "neohookean-abaqus"): the two agree at small strain when
 * C10 = μ/2 and D1 = 2/K, and differ at finite strain. Needs det C > 0: elsewhere NaN. Not convex
 * in E everywhere (polyconvex in F): a convex network can only approximate it where it is locally
 * convex (under strong compression it is not).
 */
export class NeoHookean extends PointwiseLaw {
  readonly name = "neohookean";
  readonly dim = 6;
  readonly lambda: number;
  readonly mu: number;
  private readonly C = new Float64Array(9);
  private readonly Ci = new Float64Array(9);

  constructor(params: Record<string, unknown> = {}) {
    super();
    checkParameterNames(this.name, params, ["lambda", "mu"]);
    this.lambda = numberParameter(this.name, params, "lambda", 1.6e6, "nonnegative");
    this.mu = numberParameter(this.name, params, "mu", 0.4e6);
  }

  static info(): MaterialInfo {
    const m = new NeoHookean();
    return {
      name: "neohookean",
      dim: 6,
      description:
        "compressible neo-Hookean solid W = μ/2(I1−3) − μ lnJ + λ/2 (lnJ)² (rubber-like by default)",
      parameters: [
        { name: "lambda", value: m.lambda, unit: "Pa", description: "first Lamé constant λ (K = λ + 2μ/3)" },
        { name: "mu", value: m.mu, unit: "Pa", description: "shear modulus μ" },
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
    const { C, Ci, lambda, mu } = this;
    const D = cauchyGreen3(x, xo, C);
    if (!(D > 0)) return this.inadmissible(s, so, t, to);
    inverseSymmetric3(C, D, Ci);
    const lnJ = 0.5 * Math.log(D);
    isotropicStress(mu, lambda * lnJ - mu, Ci, s, so);
    if (t) isotropicTangent(lambda, 2 * (mu - lambda * lnJ), 0, Ci, t, to);
    const I1 = C[0] + C[4] + C[8];
    return 0.5 * mu * (I1 - 3) - mu * lnJ + 0.5 * lambda * lnJ * lnJ;
  }
}
