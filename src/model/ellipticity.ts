import { symmetricEigenvalues } from "../core/eigen.js";
import type { Material } from "../core/material.js";
import { greenLagrange, strainToVoigt, VOIGT_PAIRS } from "../data/measures.js";
import type { Random } from "../util/random.js";

/**
 * Ellipticity (rank-one convexity) of a hyperelastic law given in the project's Voigt measures
 * (docs/theory.md, section "The polyconvex family"): at a deformation F (k × k, k = 3 for a solid,
 * 2 for a membrane's in-plane F), the acoustic tensor for a unit direction n,
 *   Q_ij = (n·S n) δ_ij + F_iM Ĉ_MN F_jN,   Ĉ_MN = Σ_KL ℂ_MKNL n_K n_L,
 * with S the second Piola–Kirchhoff stress and ℂ = ∂S/∂E (the Voigt tangent T: ℂ_MKNL = T_ab for
 * a ↔ (M,K), b ↔ (N,L)), must be positive semidefinite for every n. ∂²ψ/∂F∂F is then rank-one
 * convex; a polyconvex energy is elliptic for every F, far outside any data.
 */

export interface EllipticityResult {
  /** deformations checked */
  count: number;
  /** deformations where some direction gave a negative eigenvalue (below −tolerance × scale) */
  failures: number;
  /** deformations with a NaN/Inf stress or tangent */
  nonFinite: number;
  /** the most negative min-eigenvalue / max-eigenvalue over all F and directions */
  worstRelative: number;
  /** index of the F where worstRelative was found */
  worstAt: number;
}

/** the Voigt index of each tensor pair (i, j), for k = 2 (d = 3) and k = 3 (d = 6) */
function voigtIndex(k: number): number[][] {
  const pairs = VOIGT_PAIRS[k === 2 ? 3 : 6];
  const idx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  pairs.forEach(([i, j], a) => {
    idx[i][j] = a;
    idx[j][i] = a;
  });
  return idx;
}

const VOIGT_INDEX_2 = voigtIndex(2);
const VOIGT_INDEX_3 = voigtIndex(3);

/**
 * count random deformation gradients (k × k, row-major) with det F log-uniform in [detMin,
 * detMax]: a random matrix I + G (G entries normal, spread `spread`) with positive determinant,
 * scaled to the drawn det F.
 */
export function randomDeformations(
  k: number,
  count: number,
  rng: Random,
  options: { detMin?: number; detMax?: number; spread?: number } = {},
): Float64Array {
  const detMin = options.detMin ?? 0.2;
  const detMax = options.detMax ?? 20;
  const spread = options.spread ?? 0.5;
  const out = new Float64Array(count * k * k);
  const F = new Float64Array(k * k);
  for (let c = 0; c < count; c++) {
    let det = 0;
    while (!(det > 1e-3)) {
      for (let i = 0; i < k * k; i++) F[i] = (i % (k + 1) === 0 ? 1 : 0) + spread * rng.normal();
      det = determinant(F, k);
      if (det < 0) {
        for (let j = 0; j < k; j++) F[j] = -F[j]; // flip the first row
        det = -det;
      }
    }
    const target = Math.exp(Math.log(detMin) + (Math.log(detMax) - Math.log(detMin)) * rng.uniform());
    const s = (target / det) ** (1 / k);
    for (let i = 0; i < k * k; i++) out[c * k * k + i] = s * F[i];
  }
  return out;
}

export function determinant(F: ArrayLike<number>, k: number): number {
  if (k === 2) return F[0] * F[3] - F[1] * F[2];
  return (
    F[0] * (F[4] * F[8] - F[5] * F[7]) -
    F[1] * (F[3] * F[8] - F[5] * F[6]) +
    F[2] * (F[3] * F[7] - F[4] * F[6])
  );
}

/** The Voigt Green–Lagrange strains of count deformations (k × k each). */
export function strainsOf(F: Float64Array, k: number, count: number): Float64Array {
  const d = k === 2 ? 3 : 6;
  const x = new Float64Array(count * d);
  for (let c = 0; c < count; c++) {
    x.set(strainToVoigt(greenLagrange(F.subarray(c * k * k, (c + 1) * k * k))), c * d);
  }
  return x;
}

/**
 * A deformation with this Voigt strain: F = Lᵀ from the Cholesky factor of C = I + 2E = L Lᵀ
 * (any F with FᵀF = C gives the same acoustic eigenvalues). NaN entries when C is not positive
 * definite (the strain of no deformation).
 */
export function deformationOf(
  x: ArrayLike<number>,
  offset: number,
  k: number,
  out: Float64Array,
  at = 0,
): void {
  const d = k === 2 ? 3 : 6;
  const C = new Float64Array(k * k);
  VOIGT_PAIRS[d as 3 | 6].forEach(([i, j], a) => {
    const v = i === j ? 1 + 2 * x[offset + a] : x[offset + a];
    C[i * k + j] = v;
    C[j * k + i] = v;
  });
  const L = new Float64Array(k * k);
  for (let j = 0; j < k; j++) {
    let s = C[j * k + j];
    for (let p = 0; p < j; p++) s -= L[j * k + p] ** 2;
    const ljj = s > 0 ? Math.sqrt(s) : Number.NaN;
    L[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let t = C[i * k + j];
      for (let p = 0; p < j; p++) t -= L[i * k + p] * L[j * k + p];
      L[i * k + j] = t / ljj;
    }
  }
  // F = Lᵀ
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) out[at + i * k + j] = L[j * k + i];
}

/** count unit directions in k dimensions (uniform on the sphere / circle). */
export function randomDirections(k: number, count: number, rng: Random): Float64Array {
  const out = new Float64Array(count * k);
  for (let c = 0; c < count; c++) {
    let norm = 0;
    while (!(norm > 1e-8)) {
      norm = 0;
      for (let i = 0; i < k; i++) {
        out[c * k + i] = rng.normal();
        norm += out[c * k + i] ** 2;
      }
      norm = Math.sqrt(norm);
    }
    for (let i = 0; i < k; i++) out[c * k + i] /= norm;
  }
  return out;
}

/**
 * The extreme eigenvalues of the acoustic tensor at one deformation F (k × k) over the given unit
 * directions, from the Voigt stress s (d) and tangent T (d × d) at F's strain: out[0] the smallest
 * eigenvalue over all directions, out[1] the largest |eigenvalue| (the stiffest direction).
 */
export function acousticExtremes(
  Fc: ArrayLike<number>,
  stress: ArrayLike<number>,
  T: ArrayLike<number>,
  k: number,
  directions: Float64Array,
  out: Float64Array,
): void {
  const d = k === 2 ? 3 : 6;
  const idx = k === 2 ? VOIGT_INDEX_2 : VOIGT_INDEX_3;
  const nDir = directions.length / k;
  const Q = new Float64Array(k * k);
  const Chat = new Float64Array(k * k);
  const S = new Float64Array(k * k);
  const eig = new Float64Array(k);
  const work = new Float64Array(k * k);
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) S[i * k + j] = stress[idx[i][j]];
  let minEig = Number.POSITIVE_INFINITY;
  let maxEig = 0;
  for (let q = 0; q < nDir; q++) {
    const n = directions.subarray(q * k, q * k + k);
    let nSn = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) nSn += n[i] * S[i * k + j] * n[j];
    // Ĉ_MN = Σ_KL ℂ_MKNL n_K n_L
    for (let M = 0; M < k; M++) {
      for (let N = 0; N < k; N++) {
        let v = 0;
        for (let K = 0; K < k; K++) {
          const a = idx[M][K];
          for (let L = 0; L < k; L++) v += T[a * d + idx[N][L]] * n[K] * n[L];
        }
        Chat[M * k + N] = v;
      }
    }
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) {
        let v = i === j ? nSn : 0;
        for (let M = 0; M < k; M++) {
          let t = 0;
          for (let N = 0; N < k; N++) t += Chat[M * k + N] * Fc[j * k + N];
          v += Fc[i * k + M] * t;
        }
        Q[i * k + j] = v;
      }
    }
    symmetricEigenvalues(Q, k, eig, work);
    minEig = Math.min(minEig, eig[0]);
    maxEig = Math.max(maxEig, Math.abs(eig[k - 1]), Math.abs(eig[0]));
  }
  out[0] = minEig;
  out[1] = maxEig;
}

/**
 * The acoustic-tensor check of a material at count deformations F (k × k each) over the given
 * unit directions: per F, min eigenvalue / max eigenvalue over all directions (relative to the
 * stiffest direction at that F); an F fails when that falls below −tolerance.
 */
export function checkEllipticity(
  material: Material,
  F: Float64Array,
  k: number,
  count: number,
  directions: Float64Array,
  tolerance: number,
): EllipticityResult {
  const d = material.dim;
  const x = strainsOf(F, k, count);
  const stress = new Float64Array(count * d);
  const tangent = new Float64Array(count * d * d);
  material.evaluate(x, count, { stress, tangent });
  const extremes = new Float64Array(2);
  let failures = 0;
  let nonFinite = 0;
  let worstRelative = Number.POSITIVE_INFINITY;
  let worstAt = 0;
  for (let c = 0; c < count; c++) {
    const s = stress.subarray(c * d, (c + 1) * d);
    const T = tangent.subarray(c * d * d, (c + 1) * d * d);
    if (!s.every(Number.isFinite) || !T.every(Number.isFinite)) {
      nonFinite++;
      failures++;
      worstRelative = Number.NEGATIVE_INFINITY;
      worstAt = c;
      continue;
    }
    acousticExtremes(F.subarray(c * k * k, (c + 1) * k * k), s, T, k, directions, extremes);
    const [minEig, maxEig] = extremes;
    const rel = maxEig > 0 ? minEig / maxEig : minEig;
    if (!(rel >= -tolerance)) failures++;
    if (rel < worstRelative) {
      worstRelative = rel;
      worstAt = c;
    }
  }
  return { count, failures, nonFinite, worstRelative, worstAt };
}

/**
 * count unit directions spread evenly (a fixed set, the same every call): k = 2 the angles
 * πq/count of the half circle; k = 3 a Fibonacci spiral over the upper half sphere. Half suffices:
 * Q(F, −n) = Q(F, n).
 */
export function evenDirections(k: number, count: number): Float64Array {
  const out = new Float64Array(count * k);
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let q = 0; q < count; q++) {
    if (k === 2) {
      out[2 * q] = Math.cos((Math.PI * q) / count);
      out[2 * q + 1] = Math.sin((Math.PI * q) / count);
    } else {
      const z = 1 - (q + 0.5) / count;
      const r = Math.sqrt(1 - z * z);
      out[3 * q] = r * Math.cos(golden * q);
      out[3 * q + 1] = r * Math.sin(golden * q);
      out[3 * q + 2] = z;
    }
  }
  return out;
}

/**
 * Per strain point (n × d, d = 3 membrane with in-plane directions, d = 6 solid), the smallest
 * eigenvalue of the acoustic tensor over the given directions, in stress units, from the stress
 * and tangent already evaluated there: negative where the material is not elliptic. NaN where the
 * strain is no deformation (det C ≤ 0) or the stress or tangent is not finite.
 */
export function acousticMinima(
  strain: Float64Array,
  stress: Float64Array,
  tangent: Float64Array,
  n: number,
  d: 3 | 6,
  directions: Float64Array,
  out: Float64Array,
): void {
  const k = d === 3 ? 2 : 3;
  const F = new Float64Array(k * k);
  const extremes = new Float64Array(2);
  for (let p = 0; p < n; p++) {
    out[p] = Number.NaN;
    const s = stress.subarray(p * d, (p + 1) * d);
    const T = tangent.subarray(p * d * d, (p + 1) * d * d);
    if (!s.every(Number.isFinite) || !T.every(Number.isFinite)) continue;
    deformationOf(strain, p * d, k, F);
    if (!F.every(Number.isFinite)) continue;
    acousticExtremes(F, s, T, k, directions, extremes);
    out[p] = extremes[0];
  }
}
