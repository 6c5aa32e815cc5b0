/**
 * The invariant kinematics of the polyconvex family (docs/theory.md, section "The polyconvex
 * family"): the network input y(x) and its derivatives B = ∂y/∂x, per sample, from the
 * Green–Lagrange strain x in Voigt order (engineering shear). Data only: nothing here depends on
 * the network's parameters, so a model computes these once per data set.
 *
 * Voigt rule: for f(C) with C = I + 2E, ∂f/∂x_a = 2 (∂f/∂C)_ij for every pair a ↔ (i, j)
 * (shear entries count C_ij and C_ji), so S = ∂ψ/∂x is the second Piola–Kirchhoff stress.
 *
 * compressible (d = 6, m = 4): y = (I1 − 3, I2 − 3, J − 1, 1 − J),
 *   I1 = tr C, I2 = ½((tr C)² − tr C²), J = √det C;
 *   B rows: 2e, 2 voigt(I1 I − C), J d, −J d with e = (1,1,1,0,0,0), d = voigt(C⁻¹).
 * membrane (d = 3, m = 2, incompressible, plane stress): C33 = 1/det C2,
 *   y = (I1 − 3, I2 − 3), I1 = tr C2 + C33, I2 = det C2 + C33 tr C2 (the total derivative through
 *   C33(x) removes the pressure: S33 = 0).
 * norms (either variant, two more inputs): ‖F‖ − √3 = √I1 − √3 and ‖cof F‖ − √3 = √I2 − √3, convex
 *   in F and cof F like I1 and I2 but growing linearly, so a convex non-decreasing network can
 *   also follow energies that grow slower than I1 (Ogden terms with α < 2).
 */

export type PolyconvexVariant = "compressible" | "membrane";

/** the strain dimension d and the network input width m of each variant (without the norms) */
export const VARIANT_DIMS: Record<PolyconvexVariant, { d: number; m: number }> = {
  compressible: { d: 6, m: 4 },
  membrane: { d: 3, m: 2 },
};

/** d and m of a variant, with or without the norm inputs ‖F‖, ‖cof F‖ */
export function inputDims(variant: PolyconvexVariant, norms = false): { d: number; m: number } {
  const { d, m } = VARIANT_DIMS[variant];
  return { d, m: norms ? m + 2 : m };
}

/** the Voigt pairs (i, j) of the solid: 11, 22, 33, 23, 13, 12 */
const PAIRS6: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 1],
  [2, 2],
  [1, 2],
  [0, 2],
  [0, 1],
];
/** the same pairs as flat index tables: entry (i, j) of Voigt index a is at PI[a] * 3 + PJ[a] */
const PI = Int32Array.from(PAIRS6, (p) => p[0]);
const PJ = Int32Array.from(PAIRS6, (p) => p[1]);

/** Per-sample invariant data of n strains (every array row-major per sample). */
export interface InvariantData {
  n: number;
  /** n × m: the unscaled network input y */
  y: Float64Array;
  /** n × m × d: ∂y/∂x */
  B: Float64Array;
  /** n: J (compressible; 1 for the membrane) */
  J: Float64Array;
  /** n × d: ∂J/∂x = J d (compressible only; zeros for the membrane) */
  k: Float64Array;
  /** n: u = J + 1/J − 2, the growth term's argument (compressible) */
  u: Float64Array;
  /** n: γ = 2u(1 − J⁻²), so that the growth term's stress is g γ k */
  gamma: Float64Array;
}

/** An empty holder for n samples of a variant. */
export function allocateInvariants(variant: PolyconvexVariant, n: number, norms = false): InvariantData {
  const { d, m } = inputDims(variant, norms);
  return {
    n,
    y: new Float64Array(n * m),
    B: new Float64Array(n * m * d),
    J: new Float64Array(n),
    k: new Float64Array(n * d),
    u: new Float64Array(n),
    gamma: new Float64Array(n),
  };
}

/** the symmetric 3×3 C = I + 2E of one solid strain (row-major) */
function rightCauchyGreen6(x: ArrayLike<number>, o: number, C: Float64Array): void {
  C[0] = 1 + 2 * x[o];
  C[4] = 1 + 2 * x[o + 1];
  C[8] = 1 + 2 * x[o + 2];
  C[5] = C[7] = x[o + 3];
  C[2] = C[6] = x[o + 4];
  C[1] = C[3] = x[o + 5];
}

/** det and inverse of a symmetric 3×3 (row-major) */
function inverse3(C: Float64Array, D: Float64Array): number {
  const c00 = C[4] * C[8] - C[5] * C[7];
  const c01 = C[2] * C[7] - C[1] * C[8];
  const c02 = C[1] * C[5] - C[2] * C[4];
  const det = C[0] * c00 + C[3] * c01 + C[6] * c02;
  const inv = 1 / det;
  D[0] = c00 * inv;
  D[1] = c01 * inv;
  D[2] = c02 * inv;
  D[3] = (C[5] * C[6] - C[3] * C[8]) * inv;
  D[4] = (C[0] * C[8] - C[2] * C[6]) * inv;
  D[5] = (C[2] * C[3] - C[0] * C[5]) * inv;
  D[6] = (C[3] * C[7] - C[4] * C[6]) * inv;
  D[7] = (C[1] * C[6] - C[0] * C[7]) * inv;
  D[8] = (C[0] * C[4] - C[1] * C[3]) * inv;
  return det;
}

const scratchC = new Float64Array(9);
const scratchD = new Float64Array(9);

/**
 * Fills y, B, J, k, u, γ of n strains (n × d). A compressible strain with det C ≤ 0 (not a
 * deformation) gives NaN, which the callers report.
 */
export function computeInvariants(
  variant: PolyconvexVariant,
  strain: ArrayLike<number>,
  n: number,
  out: InvariantData,
  norms = false,
): void {
  if (!norms) {
    computeBase(variant, strain, n, out, VARIANT_DIMS[variant].m);
    return;
  }
  // the base invariants at stride m = base + 2, then ‖F‖ − √3 = √I1 − √3, ‖cof F‖ − √3 = √I2 − √3
  const { d, m } = inputDims(variant, true);
  computeBase(variant, strain, n, out, m);
  const mb = m - 2;
  const root3 = Math.sqrt(3);
  for (let s = 0; s < n; s++) {
    for (let r = 0; r < 2; r++) {
      const I = out.y[s * m + r] + 3;
      const root = Math.sqrt(I);
      out.y[s * m + mb + r] = root - root3;
      const from = (s * m + r) * d;
      const to = (s * m + mb + r) * d;
      // ∂√I = ∂I / (2√I)
      for (let a = 0; a < d; a++) out.B[to + a] = out.B[from + a] / (2 * root);
    }
  }
}

/** y, B, J, k, u, γ of the base invariants, written at a per-sample stride of `m` inputs */
function computeBase(
  variant: PolyconvexVariant,
  strain: ArrayLike<number>,
  n: number,
  out: InvariantData,
  m: number,
): void {
  if (variant === "compressible") {
    const C = scratchC;
    const D = scratchD;
    for (let s = 0; s < n; s++) {
      rightCauchyGreen6(strain, s * 6, C);
      const det = inverse3(C, D);
      const J = Math.sqrt(det);
      const I1 = C[0] + C[4] + C[8];
      let trC2 = 0;
      for (let i = 0; i < 9; i++) trC2 += C[i] * C[i];
      const I2 = 0.5 * (I1 * I1 - trC2);
      const y = s * m;
      out.y[y] = I1 - 3;
      out.y[y + 1] = I2 - 3;
      out.y[y + 2] = J - 1;
      out.y[y + 3] = 1 - J;
      const b = s * m * 6;
      for (let a = 0; a < 6; a++) {
        const [i, j] = PAIRS6[a];
        const normal = i === j ? 1 : 0;
        const da = D[i * 3 + j];
        out.B[b + a] = 2 * normal;
        out.B[b + 6 + a] = 2 * (I1 * normal - C[i * 3 + j]);
        out.B[b + 12 + a] = J * da;
        out.B[b + 18 + a] = -J * da;
        out.k[s * 6 + a] = J * da;
      }
      const u = J + 1 / J - 2;
      out.J[s] = J;
      out.u[s] = u;
      out.gamma[s] = 2 * u * (1 - 1 / (J * J));
    }
    return;
  }
  for (let s = 0; s < n; s++) {
    const o = s * 3;
    const c11 = 1 + 2 * strain[o];
    const c22 = 1 + 2 * strain[o + 1];
    const c12 = strain[o + 2];
    const det = c11 * c22 - c12 * c12;
    const c33 = 1 / det;
    const tau = c11 + c22;
    out.y[s * m] = tau + c33 - 3;
    out.y[s * m + 1] = det + c33 * tau - 3;
    // ∂Δ = (2C22, 2C11, −2C12), ∂C33 = −∂Δ/Δ², ∂τ = (2, 2, 0)
    const dDelta = [2 * c22, 2 * c11, -2 * c12];
    const dTau = [2, 2, 0];
    const b = s * m * 3;
    for (let a = 0; a < 3; a++) {
      const dC33 = -dDelta[a] * c33 * c33;
      out.B[b + a] = dTau[a] + dC33;
      out.B[b + 3 + a] = dDelta[a] + tau * dC33 + c33 * dTau[a];
    }
    out.J[s] = 1;
    out.u[s] = 0;
    out.gamma[s] = 0;
  }
}

/**
 * Second derivatives ∂²y_j/∂x² of one sample's m network inputs, each d × d (row-major), for the
 * tangent: compressible h = (∂²I1 = 0, ∂²I2, ∂²J, −∂²J), membrane h = (∂²I1, ∂²I2), and with the
 * norms ∂²√I = ∂²I/(2√I) − ∂I ∂Iᵀ/(4 I^{3/2}) for I1 and I2 (∂I from `inv`, sample s).
 */
export function invariantHessians(
  variant: PolyconvexVariant,
  strain: ArrayLike<number>,
  s: number,
  h: Float64Array[],
  inv?: InvariantData,
  norms = false,
): void {
  baseHessians(variant, strain, s, h);
  if (variant === "compressible") for (let i = 0; i < 36; i++) h[3][i] = -h[2][i];
  if (!norms || !inv) return;
  const { d, m } = inputDims(variant, true);
  const mb = m - 2;
  for (let r = 0; r < 2; r++) {
    const I = inv.y[s * m + r] + 3;
    const root = Math.sqrt(I);
    const dI = inv.B.subarray((s * m + r) * d, (s * m + r + 1) * d);
    const H = h[mb + r];
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++)
        H[a * d + b] = h[r][a * d + b] / (2 * root) - (dI[a] * dI[b]) / (4 * I * root);
    }
  }
}

function baseHessians(
  variant: PolyconvexVariant,
  strain: ArrayLike<number>,
  s: number,
  h: Float64Array[],
): void {
  if (variant === "compressible") {
    h[0].fill(0);
    // ∂²I2 = [[0,4,4],[4,0,4],[4,4,0]] ⊕ (−2 I₃)
    const H2 = h[1];
    H2.fill(0);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) if (a !== b) H2[a * 6 + b] = 4;
    for (let a = 3; a < 6; a++) H2[a * 6 + a] = -2;
    // ∂²J_ab = J (d_a d_b − (D_ik D_jl + D_il D_jk)), a ↔ (i,j), b ↔ (k,l)
    const C = scratchC;
    const D = scratchD;
    rightCauchyGreen6(strain, s * 6, C);
    const J = Math.sqrt(inverse3(C, D));
    const HJ = h[2];
    // symmetric in (a, b) (D is): the upper half, mirrored
    for (let a = 0; a < 6; a++) {
      const i = PI[a];
      const j = PJ[a];
      for (let b = a; b < 6; b++) {
        const k = PI[b];
        const l = PJ[b];
        const v =
          J * (D[i * 3 + j] * D[k * 3 + l] - (D[i * 3 + k] * D[j * 3 + l] + D[i * 3 + l] * D[j * 3 + k]));
        HJ[a * 6 + b] = v;
        HJ[b * 6 + a] = v;
      }
    }
    return;
  }
  const o = s * 3;
  const c11 = 1 + 2 * strain[o];
  const c22 = 1 + 2 * strain[o + 1];
  const c12 = strain[o + 2];
  const det = c11 * c22 - c12 * c12;
  const c33 = 1 / det;
  const tau = c11 + c22;
  const dDelta = [2 * c22, 2 * c11, -2 * c12];
  const d2Delta = [0, 4, 0, 4, 0, 0, 0, 0, -2];
  const dTau = [2, 2, 0];
  const [H1, H2] = h;
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const dC33a = -dDelta[a] * c33 * c33;
      const dC33b = -dDelta[b] * c33 * c33;
      // ∂²C33 = 2Δ⁻³ ∂Δ∂Δᵀ − Δ⁻² ∂²Δ
      const d2C33 = 2 * c33 * c33 * c33 * dDelta[a] * dDelta[b] - c33 * c33 * d2Delta[a * 3 + b];
      H1[a * 3 + b] = d2C33;
      H2[a * 3 + b] = d2Delta[a * 3 + b] + tau * d2C33 + dTau[a] * dC33b + dC33a * dTau[b];
    }
  }
}

/** c: B(0) = c ⊗ e for the compressible map, so n = c·∇N(0) makes S(0) = 0 (rows 2e, 4e, e, −e) */
export const COMPRESSIBLE_ZERO_DIRECTION: readonly number[] = [2, 4, 1, -1];
