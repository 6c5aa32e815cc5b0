import { UserError } from "../../util/errors.js";
import type { MaterialInfo } from "./law.js";
import { checkParameterNames, numberParameter, PointwiseLaw } from "./law.js";

/**
 * A woven fabric membrane (docs/theory.md, section "Reference laws convex in E"), convex in E by construction:
 *
 *   W(x) = ½ xᵀ C0 x + f_warp(E11) + f_weft(E22) + g4 γ⁴/4,   x = [E11, E22, γ = 2E12]
 *   f(t) = (k / 2a₂) (exp(a₂ ⟨t⟩²) − 1),   ⟨t⟩ = max(t, 0)   (yarns stiffen in tension only)
 *
 * C0 = [[c11, c12, 0], [c12, c22, 0], [0, 0, g2]] is the orthotropic small-strain stiffness, g2 the
 * small-strain shear stiffness, g4 the shear locking at large shear angles (yarns jam). Each term is
 * convex in x (C0 positive definite, f convex and nondecreasing in a linear function of x, γ⁴
 * convex), so the tangent is positive semidefinite everywhere and s(0) = 0, W(0) = 0.
 * Units: stresses and stiffnesses in N/m (force per unit width), strains dimensionless. The default
 * values are of plausible magnitude for a ripstop nylon parachute canopy fabric (~40 g/m²): a
 * tensile tangent stiffness per yarn direction of 20 kN/m in compression, 40 kN/m at the onset of
 * tension rising to ~86 kN/m at 10% yarn strain, a shear stiffness of 1 kN/m (twenty times lower)
 * and shear locking (the γ³ term overtaking the linear one) beyond a shear angle of ~0.14 rad.
 * The tangent has a jump in ∂²W/∂E11² (and E22) at zero yarn strain (C¹ energy): fine for data and
 * for Newton.
 */
export class Fabric extends PointwiseLaw {
  readonly name = "fabric";
  readonly dim = 3;
  readonly c11: number;
  readonly c12: number;
  readonly c22: number;
  readonly g2: number;
  readonly kWarp: number;
  readonly kWeft: number;
  readonly a2: number;
  readonly g4: number;

  constructor(params: Record<string, unknown> = {}) {
    super();
    const law = "fabric";
    checkParameterNames(law, params, ["c11", "c12", "c22", "g2", "kWarp", "kWeft", "a2", "g4"]);
    this.c11 = numberParameter(law, params, "c11", 20e3);
    this.c12 = numberParameter(law, params, "c12", 4e3, "any");
    this.c22 = numberParameter(law, params, "c22", 20e3);
    this.g2 = numberParameter(law, params, "g2", 1e3);
    this.kWarp = numberParameter(law, params, "kWarp", 20e3, "nonnegative");
    this.kWeft = numberParameter(law, params, "kWeft", 20e3, "nonnegative");
    this.a2 = numberParameter(law, params, "a2", 50, "nonnegative");
    this.g4 = numberParameter(law, params, "g4", 5e4, "nonnegative");
    if (this.c12 * this.c12 >= this.c11 * this.c22) {
      throw new UserError("material fabric: c12² must be below c11·c22 (C0 positive definite)");
    }
  }

  static info(): MaterialInfo {
    const f = new Fabric();
    return {
      name: "fabric",
      dim: 3,
      description:
        "woven fabric membrane (ripstop nylon parachute canopy): orthotropic base, exponential yarn " +
        "stiffening in tension along warp (1) and weft (2), shear locking; convex in E",
      parameters: [
        { name: "c11", value: f.c11, unit: "N/m", description: "small-strain warp stiffness C0[1,1]" },
        { name: "c12", value: f.c12, unit: "N/m", description: "Poisson coupling C0[1,2]" },
        { name: "c22", value: f.c22, unit: "N/m", description: "small-strain weft stiffness C0[2,2]" },
        { name: "g2", value: f.g2, unit: "N/m", description: "small-strain shear stiffness C0[3,3]" },
        { name: "kWarp", value: f.kWarp, unit: "N/m", description: "warp yarn stiffening k" },
        { name: "kWeft", value: f.kWeft, unit: "N/m", description: "weft yarn stiffening k" },
        { name: "a2", value: f.a2, unit: "-", description: "exponential rate a₂ of yarn stiffening" },
        { name: "g4", value: f.g4, unit: "N/m", description: "shear locking g₄ (term g₄γ⁴/4)" },
      ],
      strainRange: { normal: 0.1, shear: 0.3 },
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
    const e1 = x[xo];
    const e2 = x[xo + 1];
    const g = x[xo + 2];
    const { c11, c12, c22, g2, a2, g4 } = this;
    // yarn terms f(t) = (k/2a₂)(exp(a₂⟨t⟩²) − 1): f' = k⟨t⟩exp(a₂t²), f'' = k exp(a₂t²)(1 + 2a₂t²)
    const t1 = Math.max(e1, 0);
    const t2 = Math.max(e2, 0);
    const x1 = Math.exp(a2 * t1 * t1);
    const x2 = Math.exp(a2 * t2 * t2);
    const f1 = a2 > 0 ? (this.kWarp / (2 * a2)) * Math.expm1(a2 * t1 * t1) : 0.5 * this.kWarp * t1 * t1;
    const f2 = a2 > 0 ? (this.kWeft / (2 * a2)) * Math.expm1(a2 * t2 * t2) : 0.5 * this.kWeft * t2 * t2;
    const g3 = g * g * g;
    s[so] = c11 * e1 + c12 * e2 + this.kWarp * t1 * x1;
    s[so + 1] = c12 * e1 + c22 * e2 + this.kWeft * t2 * x2;
    s[so + 2] = g2 * g + g4 * g3;
    if (t) {
      t[to] = c11 + (e1 > 0 ? this.kWarp * x1 * (1 + 2 * a2 * t1 * t1) : 0);
      t[to + 1] = c12;
      t[to + 2] = 0;
      t[to + 3] = c12;
      t[to + 4] = c22 + (e2 > 0 ? this.kWeft * x2 * (1 + 2 * a2 * t2 * t2) : 0);
      t[to + 5] = 0;
      t[to + 6] = 0;
      t[to + 7] = 0;
      t[to + 8] = g2 + 3 * g4 * g * g;
    }
    return (
      0.5 * (c11 * e1 * e1 + 2 * c12 * e1 * e2 + c22 * e2 * e2 + g2 * g * g) + f1 + f2 + 0.25 * g4 * g3 * g
    );
  }
}
