import { UserError } from "../../util/errors.js";
import type { MaterialInfo } from "./law.js";
import { checkParameterNames, numberParameter, PointwiseLaw } from "./law.js";

/**
 * Saint Venant–Kirchhoff membrane in plane stress: S = C E with the plane-stress stiffness
 *   C = Et / (1 − ν²) [[1, ν, 0], [ν, 1, 0], [0, 0, (1 − ν)/2]]   (engineering shear in x)
 * and W = ½ xᵀ C x. This is exactly the 3D SVK law with S33 = 0 condensed out (the condensation
 * of a law linear in E is linear), with Young's modulus E and thickness t entering as E·t.
 * Units: Et in N/m, stresses in N/m. Defined for every strain (it does not need J); like every
 * SVK law it softens unphysically in strong compression, but it is convex in E.
 */
export class SvkMembrane extends PointwiseLaw {
  readonly name = "svk-membrane";
  readonly dim = 3;
  readonly Et: number;
  readonly nu: number;
  private readonly c: number;

  constructor(params: Record<string, unknown> = {}) {
    super();
    checkParameterNames(this.name, params, ["Et", "nu"]);
    this.Et = numberParameter(this.name, params, "Et", 4e5);
    this.nu = numberParameter(this.name, params, "nu", 0.35, "any");
    if (!(this.nu > -1 && this.nu < 1)) throw new UserError("material svk-membrane: nu must lie in (−1, 1)");
    this.c = this.Et / (1 - this.nu * this.nu);
  }

  static info(): MaterialInfo {
    const m = new SvkMembrane();
    return {
      name: "svk-membrane",
      dim: 3,
      description: "Saint Venant–Kirchhoff membrane in plane stress (a 0.1 mm polyester film by default)",
      parameters: [
        { name: "Et", value: m.Et, unit: "N/m", description: "Young's modulus × thickness (4 GPa × 0.1 mm)" },
        { name: "nu", value: m.nu, unit: "-", description: "Poisson's ratio" },
      ],
      strainRange: { normal: 0.05, shear: 0.05 },
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
    const { c, nu } = this;
    const g = 0.5 * c * (1 - nu);
    const e1 = x[xo];
    const e2 = x[xo + 1];
    const e3 = x[xo + 2];
    s[so] = c * (e1 + nu * e2);
    s[so + 1] = c * (nu * e1 + e2);
    s[so + 2] = g * e3;
    if (t) {
      t[to] = c;
      t[to + 1] = c * nu;
      t[to + 2] = 0;
      t[to + 3] = c * nu;
      t[to + 4] = c;
      t[to + 5] = 0;
      t[to + 6] = 0;
      t[to + 7] = 0;
      t[to + 8] = g;
    }
    return 0.5 * (e1 * s[so] + e2 * s[so + 1] + e3 * s[so + 2]);
  }
}
