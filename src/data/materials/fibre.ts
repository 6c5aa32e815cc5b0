import { UserError } from "../../util/errors.js";
import type { MaterialInfo } from "./law.js";
import { checkParameterNames, numberParameter, PointwiseLaw } from "./law.js";
import { NeoHookean } from "./neohookean.js";
import { Svk } from "./svk.js";

/**
 * A fibre-reinforced solid: an isotropic matrix (compressible neo-Hookean, or Saint
 * Venant–Kirchhoff) plus exponential stiffening along one fibre family of unit direction a,
 * in tension only (docs/theory.md, section "Reference laws convex in E"):
 *   W = W_matrix(E) + (k1 / 2k2) (exp(k2 ⟨a·E·a⟩²) − 1),   ⟨t⟩ = max(t, 0)
 * a·E·a = m·x with m = [a1², a2², a3², a2a3, a1a3, a1a2] (x has engineering shear), so the fibre
 * adds f'(t) m to the stress and f''(t) m mᵀ to the tangent. (a·E·a = (I4 − 1)/2 with I4 = a·C·a.)
 * Units: λ, μ, k1 in Pa; k2 and the direction dimensionless. With the SVK matrix the law is convex
 * in E; with the neo-Hookean matrix it needs det C > 0 (elsewhere NaN).
 */
export class Fibre extends PointwiseLaw {
  readonly name = "fibre";
  readonly dim = 6;
  readonly matrix: NeoHookean | Svk;
  readonly k1: number;
  readonly k2: number;
  readonly direction: readonly number[];
  private readonly m = new Float64Array(6);

  constructor(params: Record<string, unknown> = {}) {
    super();
    const law = "fibre";
    checkParameterNames(law, params, ["matrix", "lambda", "mu", "k1", "k2", "direction"]);
    const kind = params.matrix ?? "neohookean";
    const matrixParams: Record<string, unknown> = {};
    if (params.lambda !== undefined) matrixParams.lambda = params.lambda;
    if (params.mu !== undefined) matrixParams.mu = params.mu;
    if (kind === "neohookean") this.matrix = new NeoHookean(matrixParams);
    else if (kind === "svk") this.matrix = new Svk(matrixParams);
    else throw new UserError(`material fibre: matrix must be "neohookean" or "svk", got ${String(kind)}`);
    this.k1 = numberParameter(law, params, "k1", 2e6, "nonnegative");
    this.k2 = numberParameter(law, params, "k2", 10, "nonnegative");
    const dir = params.direction ?? [1, 0, 0];
    const norm = Array.isArray(dir) && dir.length === 3 ? Math.hypot(dir[0], dir[1], dir[2]) : Number.NaN;
    if (!(norm > 0 && Number.isFinite(norm))) {
      throw new UserError("material fibre: direction must be three finite numbers, not all zero");
    }
    const a = (dir as number[]).map((v) => v / norm);
    this.direction = a;
    this.m.set([a[0] * a[0], a[1] * a[1], a[2] * a[2], a[1] * a[2], a[0] * a[2], a[0] * a[1]]);
  }

  static info(): MaterialInfo {
    const m = new Fibre();
    return {
      name: "fibre",
      dim: 6,
      description:
        "fibre-reinforced solid: neo-Hookean (or SVK) matrix + exponential stiffening along a unit " +
        "fibre direction, tension only",
      parameters: [
        { name: "matrix", value: "neohookean", unit: "-", description: 'matrix law: "neohookean" or "svk"' },
        { name: "lambda", value: m.matrix.lambda, unit: "Pa", description: "matrix first Lamé constant λ" },
        { name: "mu", value: m.matrix.mu, unit: "Pa", description: "matrix shear modulus μ" },
        { name: "k1", value: m.k1, unit: "Pa", description: "fibre stiffness k1" },
        { name: "k2", value: m.k2, unit: "-", description: "fibre exponential rate k2" },
        { name: "direction", value: m.direction, unit: "-", description: "fibre direction a (normalised)" },
      ],
      strainRange: { normal: 0.2, shear: 0.2 },
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
    const w = this.matrix.point(x, xo, s, so, t, to);
    if (Number.isNaN(w)) return w;
    const { m, k1, k2 } = this;
    let fibreStrain = 0;
    for (let a = 0; a < 6; a++) fibreStrain += m[a] * x[xo + a];
    if (!(fibreStrain > 0)) return w;
    const e = Math.exp(k2 * fibreStrain * fibreStrain);
    const d1 = k1 * fibreStrain * e;
    for (let a = 0; a < 6; a++) s[so + a] += d1 * m[a];
    if (t) {
      const d2 = k1 * e * (1 + 2 * k2 * fibreStrain * fibreStrain);
      for (let a = 0; a < 6; a++) for (let b = 0; b < 6; b++) t[to + a * 6 + b] += d2 * m[a] * m[b];
    }
    const fibre =
      k2 > 0
        ? (k1 / (2 * k2)) * Math.expm1(k2 * fibreStrain * fibreStrain)
        : 0.5 * k1 * fibreStrain * fibreStrain;
    return w + fibre;
  }
}
