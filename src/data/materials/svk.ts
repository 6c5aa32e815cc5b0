import type { MaterialInfo } from "./law.js";
import { checkParameterNames, numberParameter, PointwiseLaw } from "./law.js";

/**
 * Saint Venant–Kirchhoff solid: W = λ/2 (tr E)² + μ E:E, S = λ tr(E) I + 2μ E. In Voigt with
 * engineering shear: W = λ/2 (x1 + x2 + x3)² + μ (x1² + x2² + x3²) + μ/2 (x4² + x5² + x6²).
 * Units: λ, μ (Lamé constants) in Pa or any stress unit, stresses in the same unit. Convex in E and
 * defined for every strain (no J); it softens unphysically in strong compression.
 */
export class Svk extends PointwiseLaw {
  readonly name = "svk";
  readonly dim = 6;
  readonly lambda: number;
  readonly mu: number;

  constructor(params: Record<string, unknown> = {}) {
    super();
    checkParameterNames(this.name, params, ["lambda", "mu"]);
    this.lambda = numberParameter(this.name, params, "lambda", 1.6e6, "nonnegative");
    this.mu = numberParameter(this.name, params, "mu", 0.4e6);
  }

  static info(): MaterialInfo {
    const m = new Svk();
    return {
      name: "svk",
      dim: 6,
      description: "Saint Venant–Kirchhoff solid (rubber-like constants by default, ν = 0.4)",
      parameters: [
        { name: "lambda", value: m.lambda, unit: "Pa", description: "first Lamé constant λ" },
        { name: "mu", value: m.mu, unit: "Pa", description: "shear modulus μ" },
      ],
      strainRange: { normal: 0.1, shear: 0.1 },
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
    const { lambda, mu } = this;
    const tr = x[xo] + x[xo + 1] + x[xo + 2];
    let w = 0.5 * lambda * tr * tr;
    for (let a = 0; a < 3; a++) {
      const e = x[xo + a];
      const g = x[xo + 3 + a];
      s[so + a] = lambda * tr + 2 * mu * e;
      s[so + 3 + a] = mu * g;
      w += mu * e * e + 0.5 * mu * g * g;
    }
    if (t) {
      t.fill(0, to, to + 36);
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) t[to + a * 6 + b] = lambda;
        t[to + a * 7] += 2 * mu;
        t[to + (3 + a) * 7] = mu;
      }
    }
    return w;
  }
}
