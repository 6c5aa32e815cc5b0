/**
 * Strain and stress measures (docs/theory.md, section "Conventions"), on plain row-major number arrays.
 *
 * Shapes of a deformation gradient F (row-major):
 *   3×3 (9 numbers): a solid;
 *   2×2 (4 numbers): in-plane deformation of a membrane (reference and current plane coincide);
 *   3×2 (6 numbers): a membrane in 3D space, F = [x,1 x,2] maps the 2D reference plane into 3D.
 * C = FᵀF and E = ½(C − I) are 2×2 for a membrane and 3×3 for a solid.
 * Voigt order: membrane [11, 22, 12], solid [11, 22, 33, 23, 13, 12]; strain with engineering shear
 * (x = 2E12), stress with tensor shear.
 */

/** the (i, j) tensor indices of each Voigt component, for d = 3 (membrane) and d = 6 (solid) */
export const VOIGT_PAIRS: Record<3 | 6, readonly (readonly [number, number])[]> = {
  3: [
    [0, 0],
    [1, 1],
    [0, 1],
  ],
  6: [
    [0, 0],
    [1, 1],
    [2, 2],
    [1, 2],
    [0, 2],
    [0, 1],
  ],
};

/** rows and columns of a deformation gradient given its number of entries (9, 4 or 6) */
export function gradientShape(F: ArrayLike<number>): { rows: number; cols: number } {
  if (F.length === 9) return { rows: 3, cols: 3 };
  if (F.length === 4) return { rows: 2, cols: 2 };
  if (F.length === 6) return { rows: 3, cols: 2 };
  throw new Error(`deformation gradient with ${F.length} entries: expected 9 (3×3), 4 (2×2) or 6 (3×2)`);
}

/** right Cauchy–Green tensor C = FᵀF (cols × cols, row-major) */
export function rightCauchyGreen(F: ArrayLike<number>): number[] {
  const { rows, cols } = gradientShape(F);
  const C = new Array<number>(cols * cols).fill(0);
  for (let i = 0; i < cols; i++)
    for (let j = 0; j < cols; j++) {
      let s = 0;
      for (let k = 0; k < rows; k++) s += F[k * cols + i] * F[k * cols + j];
      C[i * cols + j] = s;
    }
  return C;
}

/** Green–Lagrange strain tensor E = ½(FᵀF − I) (cols × cols, row-major) */
export function greenLagrange(F: ArrayLike<number>): number[] {
  const C = rightCauchyGreen(F);
  const n = Math.round(Math.sqrt(C.length));
  return C.map((c, k) => 0.5 * (c - (k % (n + 1) === 0 ? 1 : 0)));
}

/** symmetric strain tensor (2×2 or 3×3) → Voigt with engineering shear */
export function strainToVoigt(E: ArrayLike<number>): number[] {
  const n = E.length === 4 ? 2 : 3;
  return VOIGT_PAIRS[n === 2 ? 3 : 6].map(([i, j]) => (i === j ? 1 : 2) * E[i * n + j]);
}

/** Voigt strain (engineering shear) → symmetric tensor (2×2 or 3×3) */
export function voigtToStrain(x: ArrayLike<number>): number[] {
  return fromVoigt(x, 0.5);
}

/** symmetric stress tensor (2×2 or 3×3) → Voigt (tensor shear) */
export function stressToVoigt(S: ArrayLike<number>): number[] {
  const n = S.length === 4 ? 2 : 3;
  return VOIGT_PAIRS[n === 2 ? 3 : 6].map(([i, j]) => S[i * n + j]);
}

/** Voigt stress (tensor shear) → symmetric tensor (2×2 or 3×3) */
export function voigtToStress(s: ArrayLike<number>): number[] {
  return fromVoigt(s, 1);
}

function fromVoigt(v: ArrayLike<number>, shearFactor: number): number[] {
  if (v.length !== 3 && v.length !== 6)
    throw new Error(`Voigt vector of length ${v.length}: expected 3 or 6`);
  const n = v.length === 3 ? 2 : 3;
  const T = new Array<number>(n * n).fill(0);
  VOIGT_PAIRS[v.length as 3 | 6].forEach(([i, j], a) => {
    const value = (i === j ? 1 : shearFactor) * v[a];
    T[i * n + j] = value;
    T[j * n + i] = value;
  });
  return T;
}

/** right Cauchy–Green tensor C = I + 2E from a Voigt strain (d = 3 → 2×2, d = 6 → 3×3) */
export function cauchyGreenFromVoigt(x: ArrayLike<number>): number[] {
  const E = voigtToStrain(x);
  const n = x.length === 3 ? 2 : 3;
  return E.map((e, k) => 2 * e + (k % (n + 1) === 0 ? 1 : 0));
}

/** product of row-major matrices a (m×k) and b (k×n) */
export function matMul(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  m: number,
  k: number,
  n: number,
): number[] {
  const c = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let l = 0; l < k; l++) s += a[i * k + l] * b[l * n + j];
      c[i * n + j] = s;
    }
  return c;
}

/** transpose of a row-major m×n matrix */
export function transpose(a: ArrayLike<number>, m: number, n: number): number[] {
  const t = new Array<number>(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

/** determinant of a 2×2 or 3×3 row-major matrix */
export function det(a: ArrayLike<number>): number {
  if (a.length === 4) return a[0] * a[3] - a[1] * a[2];
  if (a.length === 9)
    return (
      a[0] * (a[4] * a[8] - a[5] * a[7]) -
      a[1] * (a[3] * a[8] - a[5] * a[6]) +
      a[2] * (a[3] * a[7] - a[4] * a[6])
    );
  throw new Error(`det of a matrix with ${a.length} entries: expected 4 or 9`);
}

/** inverse of a 2×2 or 3×3 row-major matrix (by cofactors) */
export function inverse(a: ArrayLike<number>): number[] {
  const D = det(a);
  if (a.length === 4) return [a[3] / D, -a[1] / D, -a[2] / D, a[0] / D];
  return [
    (a[4] * a[8] - a[5] * a[7]) / D,
    (a[2] * a[7] - a[1] * a[8]) / D,
    (a[1] * a[5] - a[2] * a[4]) / D,
    (a[5] * a[6] - a[3] * a[8]) / D,
    (a[0] * a[8] - a[2] * a[6]) / D,
    (a[2] * a[3] - a[0] * a[5]) / D,
    (a[3] * a[7] - a[4] * a[6]) / D,
    (a[1] * a[6] - a[0] * a[7]) / D,
    (a[0] * a[4] - a[1] * a[3]) / D,
  ];
}

/** first Piola–Kirchhoff stress P = F S (F rows × cols, S cols × cols; P rows × cols) */
export function firstPiolaFromSecond(F: ArrayLike<number>, S: ArrayLike<number>): number[] {
  const { rows, cols } = gradientShape(F);
  return matMul(F, S, rows, cols, cols);
}

/**
 * second Piola–Kirchhoff stress from the first: S = F⁻¹P for a square F; for a 3×2 membrane F,
 * S = (FᵀF)⁻¹FᵀP (F has full column rank, and P = F S lies in its range).
 */
export function secondPiolaFromFirst(F: ArrayLike<number>, P: ArrayLike<number>): number[] {
  const { rows, cols } = gradientShape(F);
  if (rows === cols) return matMul(inverse(F), P, cols, cols, cols);
  const FtP = matMul(transpose(F, rows, cols), P, cols, rows, cols);
  return matMul(inverse(rightCauchyGreen(F)), FtP, cols, cols, cols);
}

/**
 * Cauchy stress σ = J⁻¹ F S Fᵀ with J = det F (square F). For a 3×2 membrane F the result is the
 * 3×3 membrane (force per current length) stress with J the area ratio √det(FᵀF).
 */
export function cauchyFromSecond(F: ArrayLike<number>, S: ArrayLike<number>): number[] {
  const { rows, cols } = gradientShape(F);
  const J = rows === cols ? det(F) : Math.sqrt(det(rightCauchyGreen(F)));
  const FS = matMul(F, S, rows, cols, cols);
  return matMul(FS, transpose(F, rows, cols), rows, cols, rows).map((v) => v / J);
}

/** second Piola–Kirchhoff stress from Cauchy: S = J F⁻¹ σ F⁻ᵀ (square F) */
export function secondFromCauchy(F: ArrayLike<number>, sigma: ArrayLike<number>): number[] {
  const { rows, cols } = gradientShape(F);
  if (rows !== cols) throw new Error("secondFromCauchy needs a square deformation gradient");
  const Fi = inverse(F);
  const J = det(F);
  return matMul(matMul(Fi, sigma, cols, cols, cols), transpose(Fi, cols, cols), cols, cols, cols).map(
    (v) => v * J,
  );
}

/** eigenvalues of a symmetric 2×2 or 3×3 row-major matrix, ascending (closed form) */
export function closedFormEigenvalues(a: ArrayLike<number>): number[] {
  if (a.length === 4) {
    const m = 0.5 * (a[0] + a[3]);
    const r = Math.hypot(0.5 * (a[0] - a[3]), a[1]);
    return [m - r, m + r];
  }
  // Trigonometric solution of the characteristic cubic (Smith 1961).
  const p1 = a[1] * a[1] + a[2] * a[2] + a[5] * a[5];
  const q = (a[0] + a[4] + a[8]) / 3;
  if (p1 === 0) return [a[0], a[4], a[8]].sort((u, v) => u - v);
  const p2 = (a[0] - q) ** 2 + (a[4] - q) ** 2 + (a[8] - q) ** 2 + 2 * p1;
  const p = Math.sqrt(p2 / 6);
  const B = Array.from(a, (v, k) => (v - (k % 4 === 0 ? q : 0)) / p);
  const r = Math.min(1, Math.max(-1, det(B) / 2));
  const phi = Math.acos(r) / 3;
  const e1 = q + 2 * p * Math.cos(phi);
  const e3 = q + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [e3, 3 * q - e1 - e3, e1];
}

/**
 * Admissibility of a Voigt strain: the smallest eigenvalue of C = 2E + I (a real deformation needs
 * it > 0). For d other than 3 or 6 there is no tensor to build: returns NaN.
 */
export function minEigenvalueOfC(x: ArrayLike<number>): number {
  if (x.length === 3) {
    // C = [[1 + 2x1, x3], [x3, 1 + 2x2]]: eigenvalues 1 + x1 + x2 ∓ √((x1 − x2)² + x3²)
    return 1 + x[0] + x[1] - Math.hypot(x[0] - x[1], x[2]);
  }
  if (x.length !== 6) return Number.NaN;
  return closedFormEigenvalues(cauchyGreenFromVoigt(x))[0];
}

/**
 * Plane stress of an incompressible membrane: C33 = 1 / det C (2×2 in-plane C), so the thickness
 * stretch is λ3 = 1/√det C and the current thickness is t·λ3.
 */
export function incompressibleC33(C2: ArrayLike<number>): number {
  return 1 / det(C2);
}

/**
 * Plane-stress (static) condensation of a 6×6 Voigt tangent to the 3×3 in-plane tangent
 * [11, 22, 12]: with the out-of-plane stresses S33 = S23 = S13 = 0,
 * C_red = C_pp − C_po C_oo⁻¹ C_op (p = in-plane components, o = out-of-plane).
 */
export function condensePlaneStress(C6: ArrayLike<number>): number[] {
  const p = [0, 1, 5];
  const o = [2, 3, 4];
  const Coo = o.flatMap((i) => o.map((j) => C6[i * 6 + j]));
  const Cinv = inverse(Coo);
  const out = new Array<number>(9);
  for (let a = 0; a < 3; a++)
    for (let b = 0; b < 3; b++) {
      let s = C6[p[a] * 6 + p[b]];
      for (let k = 0; k < 3; k++)
        for (let l = 0; l < 3; l++) s -= C6[p[a] * 6 + o[k]] * Cinv[k * 3 + l] * C6[o[l] * 6 + p[b]];
      out[a * 3 + b] = s;
    }
  return out;
}
