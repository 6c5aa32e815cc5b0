import type { Material } from "../core/material.js";

/**
 * The one-dimensional equilibrium of a long membrane tube under internal pressure p, independent of
 * the finite-element code. Reference radius R, the tube held at its length (axial stretch 1), hoop
 * stretch λ, hoop along material axis 1: E = [½(λ² − 1), 0, 0]. The hoop tension per unit current
 * length is T = λ S_θθ / λ_z = λ S_θθ (times t for a law per unit volume), and equilibrium of a
 * half ring gives T = p r = p λ R, hence the scalar equation
 *   t · S_θθ(½(λ² − 1), 0, 0) = p R,
 * solved here by a bracketed, safeguarded Newton iteration on λ (dS/dλ = λ ∂S_θθ/∂E_θθ).
 */
export interface TubeSolution {
  /** hoop stretch λ (current radius = λ R) */
  stretch: number;
  radius: number;
  /** second Piola–Kirchhoff hoop stress S_θθ */
  hoopStress: number;
  /** true hoop tension per unit current length, λ t S_θθ */
  hoopTension: number;
}

/** Solves t·S_θθ(λ) = p R; returns undefined when the law gives no solution with λ in (1, 10]. */
export function tubeEquilibrium(
  material: Material,
  pressure: number,
  radius: number,
  thickness = 1,
): TubeSolution | undefined {
  const x = new Float64Array(3);
  const s = new Float64Array(3);
  const c = new Float64Array(9);
  const target = pressure * radius;
  const g = (lambda: number): { value: number; slope: number; stress: number } => {
    x[0] = 0.5 * (lambda * lambda - 1);
    material.evaluate(x, 1, { stress: s, tangent: c });
    return { value: thickness * s[0] - target, slope: thickness * c[0] * lambda, stress: s[0] };
  };
  let lo = 1;
  let hi = 1;
  let glo = g(lo).value;
  if (glo === 0) return { stretch: 1, radius, hoopStress: g(1).stress, hoopTension: thickness * g(1).stress };
  const sign = Math.sign(glo);
  // expand the bracket upward (inflation); pressure ≥ 0 expected
  let ghi = glo;
  while (Math.sign(ghi) === sign) {
    lo = hi;
    glo = ghi;
    hi = hi < 2 ? hi + 0.05 : hi * 1.5;
    if (hi > 10) return undefined;
    ghi = g(hi).value;
    if (!Number.isFinite(ghi)) return undefined;
  }
  let lambda = 0.5 * (lo + hi);
  for (let it = 0; it < 200; it++) {
    const { value, slope } = g(lambda);
    if (value === 0) break;
    if (Math.sign(value) === sign) lo = lambda;
    else hi = lambda;
    let next = lambda - value / slope;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - lambda) <= 1e-15 * lambda) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  const stress = g(lambda).stress;
  return {
    stretch: lambda,
    radius: lambda * radius,
    hoopStress: stress,
    hoopTension: lambda * thickness * stress,
  };
}
