import type { Material } from "../core/material.js";
import { UserError } from "../util/errors.js";
import type { TestMode, TestPoint } from "./dataset.js";
import { solveMixedControl } from "./paths.js";

/**
 * A material's response in a homogeneous test under that test's own boundary conditions
 * (docs/theory.md, section "Test curves"), membrane (d = 3) or 3D principal (d = 6):
 *  - uniaxial: E11 imposed, S22 = S12 = 0 solved by Newton with the material's tangent (the sheet
 *    contracts as the law wants: λ2 comes out, anisotropic laws included);
 *  - equibiaxial, biaxial, pure shear (λ2 = 1): both stretches imposed;
 *  - simple shear: x = (0, γ²/2, γ) imposed, P12 = S12 + γ S22;
 *  - principal (3D): three stretches imposed.
 * Returns the nominal stresses P_ii = λ_i S_ii and the stretches the test ended at.
 */
export interface TestResponse {
  lambda1: number;
  lambda2: number;
  P11: number;
  P22: number;
  P33?: number;
  P12?: number;
}

/**
 * The responses at the given points of one test (points of a uniaxial curve are solved by
 * continuation outward from λ = 1, in order of distance from it, so the order of the input does
 * not matter).
 */
export function predictTest(
  material: Material,
  points: readonly TestPoint[],
  options: { lenient?: boolean } = {},
): TestResponse[] {
  const d = material.dim;
  const out: TestResponse[] = new Array(points.length);
  const s = new Float64Array(d);
  const x = new Float64Array(d);
  const uniaxial: number[] = [];
  points.forEach((p, i) => {
    if (p.mode === "principal") {
      if (d !== 6) throw new UserError(`a three-stretch test needs a 3D model (d = 6), got d = ${d}`);
      x.fill(0);
      const l = [p.lambda1, p.lambda2, p.lambda3 as number];
      for (let k = 0; k < 3; k++) x[k] = (l[k] * l[k] - 1) / 2;
      material.evaluate(x, 1, { stress: s });
      out[i] = { lambda1: l[0], lambda2: l[1], P11: l[0] * s[0], P22: l[1] * s[1], P33: l[2] * s[2] };
      return;
    }
    if (d !== 3)
      throw new UserError(`a ${p.mode} test of a sheet needs a membrane model (d = 3), got d = ${d}`);
    if (p.mode === "uniaxial") {
      uniaxial.push(i);
      return;
    }
    if (p.mode === "simple-shear") {
      const g = p.gamma as number;
      x[0] = 0;
      x[1] = (g * g) / 2;
      x[2] = g;
      material.evaluate(x, 1, { stress: s });
      out[i] = { lambda1: 1, lambda2: 1, P11: s[0] + g * s[2], P22: s[1], P12: s[2] + g * s[1] };
      return;
    }
    const l1 = p.lambda1;
    const l2 = p.mode === "equibiaxial" ? l1 : p.mode === "pure-shear" ? 1 : p.lambda2;
    x[0] = (l1 * l1 - 1) / 2;
    x[1] = (l2 * l2 - 1) / 2;
    x[2] = 0;
    material.evaluate(x, 1, { stress: s });
    out[i] = { lambda1: l1, lambda2: l2, P11: l1 * s[0], P22: l2 * s[1] };
  });
  if (uniaxial.length > 0) {
    // continuation: tension points upward from λ = 1, compression points downward
    const control = [true, false, false];
    for (const side of [1, -1]) {
      const order = uniaxial
        .filter((i) => (side > 0 ? points[i].lambda1 >= 1 : points[i].lambda1 < 1))
        .sort((a, b) => side * (points[a].lambda1 - points[b].lambda1));
      let start: ArrayLike<number> = new Float64Array(3);
      let failed = false;
      for (const i of order) {
        if (failed) {
          out[i] = { lambda1: points[i].lambda1, lambda2: Number.NaN, P11: Number.NaN, P22: Number.NaN };
          continue;
        }
        const l = points[i].lambda1;
        const target = Float64Array.of((l * l - 1) / 2, 0, 0);
        // a first guess with isotropic contraction, unless the previous point is closer
        const guess = start[0] === 0 ? Float64Array.of(target[0], (1 / l - 1) / 2, 0) : start;
        let sol: ReturnType<typeof solveMixedControl>;
        try {
          sol = solveMixedControl(material, control, target, guess);
        } catch (err) {
          // lenient (a plotted curve): NaN from the first point Newton cannot reach onward
          if (!(options.lenient && err instanceof UserError)) throw err;
          failed = true;
          out[i] = { lambda1: l, lambda2: Number.NaN, P11: Number.NaN, P22: Number.NaN };
          continue;
        }
        start = sol.strain;
        const l2 = Math.sqrt(1 + 2 * sol.strain[1]);
        out[i] = { lambda1: l, lambda2: l2, P11: l * sol.stress[0], P22: l2 * sol.stress[1] };
      }
    }
  }
  return out;
}

/** The points of a model curve: `mode` at the stretches given (γ for simple shear). */
export function curvePoints(mode: TestMode, values: readonly number[], lambda2?: number): TestPoint[] {
  return values.map((v) => {
    if (mode === "simple-shear") return { mode, curve: mode, lambda1: 1, lambda2: 1, gamma: v };
    const l2 =
      mode === "uniaxial"
        ? 1 / Math.sqrt(v)
        : mode === "equibiaxial"
          ? v
          : mode === "pure-shear"
            ? 1
            : (lambda2 ?? 1);
    return { mode, curve: mode, lambda1: v, lambda2: l2 };
  });
}
