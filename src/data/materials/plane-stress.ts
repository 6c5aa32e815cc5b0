import type { Material, MaterialOutput } from "../../core/material.js";

/** solid Voigt indices: the in-plane components [11, 22, 12] and the out-of-plane [33, 23, 13] */
const IN_PLANE = [0, 1, 5] as const;
const OUT_OF_PLANE = [2, 3, 4] as const;

/**
 * A membrane (d = 3) made from a solid law (d = 6) by plane stress: at each point the out-of-plane
 * strains E33, 2E23, 2E13 are solved by Newton with the solid's tangent so that S33 = S23 = S13 = 0
 * (to 1e-12 of the largest stress, or until the correction is at the rounding level), then the in-plane stress is [S11, S22, S12] and the tangent the
 * statically condensed one, C_pp − C_po C_oo⁻¹ C_op (the exact derivative of the in-plane stress
 * along the plane-stress manifold). Energy per unit reference volume (multiply by the thickness for
 * N/m). A point where Newton fails (an inadmissible strain) gets NaN. No allocation per point.
 */
export class PlaneStress implements Material {
  readonly name: string;
  readonly dim = 3;
  readonly hasEnergy: boolean;
  private readonly x6 = new Float64Array(6);
  private readonly trial = new Float64Array(6);
  private readonly s6 = new Float64Array(6);
  private readonly t6 = new Float64Array(36);
  private readonly w1 = new Float64Array(1);
  private readonly inv = new Float64Array(9);
  private readonly dz = new Float64Array(3);

  constructor(
    readonly solid: Material,
    private readonly options: { tolerance?: number; maxIterations?: number } = {},
  ) {
    if (solid.dim !== 6) throw new RangeError(`plane stress needs a solid law (d = 6), got d = ${solid.dim}`);
    this.name = `${solid.name} (plane stress)`;
    this.hasEnergy = solid.hasEnergy;
  }

  evaluate(strain: Float64Array, n: number, out: MaterialOutput): void {
    const { x6, s6, t6, w1 } = this;
    const energy = out.energy && this.hasEnergy ? w1 : undefined;
    for (let p = 0; p < n; p++) {
      x6.fill(0);
      x6[0] = strain[p * 3];
      x6[1] = strain[p * 3 + 1];
      x6[5] = strain[p * 3 + 2];
      // start from the incompressible thickness strain, C33 = 1/det C (in-plane): exact for rubbers
      const detC2 = (1 + 2 * x6[0]) * (1 + 2 * x6[1]) - x6[5] * x6[5];
      if (detC2 > 0) x6[2] = 0.5 * (1 / detC2 - 1);
      const ok = this.solveOutOfPlane(energy);
      const s = out.stress;
      for (let a = 0; a < 3; a++) s[p * 3 + a] = ok ? s6[IN_PLANE[a]] : Number.NaN;
      if (out.energy) out.energy[p] = ok && energy ? w1[0] : Number.NaN;
      const t = out.tangent;
      if (!t) continue;
      if (!ok) {
        t.fill(Number.NaN, p * 9, p * 9 + 9);
        continue;
      }
      this.invertOutOfPlaneBlock();
      const inv = this.inv;
      for (let a = 0; a < 3; a++) {
        for (let b = 0; b < 3; b++) {
          let v = t6[IN_PLANE[a] * 6 + IN_PLANE[b]];
          for (let k = 0; k < 3; k++) {
            const cak = t6[IN_PLANE[a] * 6 + OUT_OF_PLANE[k]];
            for (let l = 0; l < 3; l++) v -= cak * inv[k * 3 + l] * t6[OUT_OF_PLANE[l] * 6 + IN_PLANE[b]];
          }
          t[p * 9 + a * 3 + b] = v;
        }
      }
    }
  }

  /** Newton on the out-of-plane strains of x6; leaves s6, t6 (and energy) at the solution */
  private solveOutOfPlane(energy: Float64Array | undefined): boolean {
    const { x6, trial, s6, t6, dz, inv } = this;
    const tol = this.options.tolerance ?? 1e-12;
    const maxIt = this.options.maxIterations ?? 50;
    this.solid.evaluate(x6, 1, { stress: s6, tangent: t6 });
    let r = outOfPlaneResidual(s6);
    for (let it = 0; it < maxIt; it++) {
      if (!Number.isFinite(r)) return false;
      if (r <= tol * stressScale(s6)) break;
      if (!this.invertOutOfPlaneBlock()) return false;
      for (let k = 0; k < 3; k++) {
        dz[k] = 0;
        for (let l = 0; l < 3; l++) dz[k] -= inv[k * 3 + l] * s6[OUT_OF_PLANE[l]];
      }
      // a correction at the rounding level of the strain: converged as far as float64 allows
      // (nearly incompressible laws amplify the rounding of J − 1 by the bulk modulus)
      if (Math.max(Math.abs(dz[0]), Math.abs(dz[1]), Math.abs(dz[2])) <= 1e-14) break;
      let step = 1;
      let accepted = false;
      for (let h = 0; h < 30; h++) {
        trial.set(x6);
        for (let k = 0; k < 3; k++) trial[OUT_OF_PLANE[k]] += step * dz[k];
        this.solid.evaluate(trial, 1, { stress: s6 });
        const rt = outOfPlaneResidual(s6);
        if (Number.isFinite(rt) && (rt < r || step === 1)) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) return false;
      x6.set(trial);
      this.solid.evaluate(x6, 1, { stress: s6, tangent: t6 });
      r = outOfPlaneResidual(s6);
      if (it === maxIt - 1) return false;
    }
    if (energy) this.solid.evaluate(x6, 1, { stress: s6, tangent: t6, energy });
    return Number.isFinite(r);
  }

  /** inverse of the out-of-plane block C_oo (rows/columns 33, 23, 13) of t6 into inv; false when singular */
  private invertOutOfPlaneBlock(): boolean {
    const { t6, inv } = this;
    // C_oo = [[a, b, c], [d, e, f], [g, h, k]] over solid indices 2, 3, 4
    const a = t6[14];
    const b = t6[15];
    const c = t6[16];
    const d = t6[20];
    const e = t6[21];
    const f = t6[22];
    const g = t6[26];
    const h = t6[27];
    const k = t6[28];
    const c00 = e * k - f * h;
    const c01 = c * h - b * k;
    const c02 = b * f - c * e;
    const det = a * c00 + d * c01 + g * c02;
    if (!(Math.abs(det) > 0) || !Number.isFinite(det)) return false;
    const r = 1 / det;
    inv[0] = c00 * r;
    inv[1] = c01 * r;
    inv[2] = c02 * r;
    inv[3] = (f * g - d * k) * r;
    inv[4] = (a * k - c * g) * r;
    inv[5] = (c * d - a * f) * r;
    inv[6] = (d * h - e * g) * r;
    inv[7] = (b * g - a * h) * r;
    inv[8] = (a * e - b * d) * r;
    return true;
  }
}

/** max |S33|, |S23|, |S13| of a solid stress */
function outOfPlaneResidual(s: Float64Array): number {
  return Math.max(Math.abs(s[2]), Math.abs(s[3]), Math.abs(s[4]));
}

/** max(1, max |s_k|): the scale of the convergence test */
function stressScale(s: Float64Array): number {
  let m = 1;
  for (let a = 0; a < 6; a++) m = Math.max(m, Math.abs(s[a]));
  return m;
}

/** a membrane law from a solid one by plane stress (see PlaneStress) */
export function planeStress(solid: Material): Material {
  return new PlaneStress(solid);
}
