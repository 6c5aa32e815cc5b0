import type { Material, MaterialOutput } from "../../core/material.js";
import { UserError } from "../../util/errors.js";

/** One documented parameter of a reference law. */
export interface ParameterInfo {
  name: string;
  value: number | string | readonly number[];
  /** SI unit, or "-" for a dimensionless number */
  unit: string;
  description: string;
}

/** What `miann data materials` prints and what the data generator needs to know of a law. */
export interface MaterialInfo {
  name: string;
  /** Voigt dimension: 3 (membrane, stresses in N/m) or 6 (solid, stresses in Pa) */
  dim: 3 | 6;
  description: string;
  parameters: ParameterInfo[];
  /**
   * a plausible strain range for generated data: the largest normal Green–Lagrange strain and the
   * largest engineering shear strain (the generator's amplitude 1 = these values)
   */
  strainRange: { normal: number; shear: number };
}

/**
 * A closed-form hyperelastic law evaluated point by point. Subclasses write the stress (and the
 * tangent when asked) at the given offsets and return the energy; where the law needs J and the
 * strain is inadmissible (det(2E + I) ≤ 0), they write NaN and return NaN rather than throw, so one
 * bad point in a batch does not stop a solver that may step back.
 */
export abstract class PointwiseLaw implements Material {
  abstract readonly name: string;
  abstract readonly dim: number;
  readonly hasEnergy = true;

  evaluate(strain: Float64Array, n: number, out: MaterialOutput): void {
    const d = this.dim;
    const { stress, tangent, energy } = out;
    for (let p = 0; p < n; p++) {
      const w = this.point(strain, p * d, stress, p * d, tangent, p * d * d);
      if (energy) energy[p] = w;
    }
  }

  /** stress at s[so..so+d), tangent (when given) at t[to..to+d²), returns the energy */
  abstract point(
    x: Float64Array,
    xo: number,
    s: Float64Array,
    so: number,
    t: Float64Array | undefined,
    to: number,
  ): number;

  /** the NaN answer for an inadmissible strain */
  protected inadmissible(s: Float64Array, so: number, t: Float64Array | undefined, to: number): number {
    const d = this.dim;
    s.fill(Number.NaN, so, so + d);
    t?.fill(Number.NaN, to, to + d * d);
    return Number.NaN;
  }
}

/** reads a numeric parameter, falling back to its default; positive when asked */
export function numberParameter(
  law: string,
  params: Record<string, unknown>,
  name: string,
  fallback: number,
  constraint: "positive" | "nonnegative" | "any" = "positive",
): number {
  const v = params[name] ?? fallback;
  const ok =
    typeof v === "number" &&
    Number.isFinite(v) &&
    (constraint === "any" || (constraint === "positive" ? v > 0 : v >= 0));
  if (!ok) {
    const want = constraint === "any" ? "a finite number" : `a ${constraint} number`;
    throw new UserError(`material ${law}: parameter ${name} must be ${want}, got ${String(v)}`);
  }
  return v as number;
}

/** rejects parameter names a law does not know */
export function checkParameterNames(law: string, params: Record<string, unknown>, known: string[]): void {
  for (const key of Object.keys(params)) {
    if (!known.includes(key)) {
      throw new UserError(`material ${law}: unknown parameter '${key}' (known: ${known.join(", ")})`);
    }
  }
}
