/**
 * Scratch-free helpers for closed-form 3D laws written in C = I + 2E (Voigt order
 * [11, 22, 33, 23, 13, 12], engineering shear strain, tensor shear stress). A Voigt tangent entry is
 * D_ab = ℂ_ijkl with (i, j) the pair of component a and (k, l) of component b, where
 * ℂ = 2 ∂S/∂C = ∂S/∂E (minor symmetry makes the engineering-shear factor come out right).
 */

/** tensor indices of the six Voigt components */
export const VI = [0, 1, 2, 1, 0, 0] as const;
export const VJ = [0, 1, 2, 2, 2, 1] as const;

/** writes C = I + 2E (3×3 row-major) from the Voigt strain at x[xo..xo+6); returns det C */
export function cauchyGreen3(x: Float64Array, xo: number, C: Float64Array): number {
  const c11 = 1 + 2 * x[xo];
  const c22 = 1 + 2 * x[xo + 1];
  const c33 = 1 + 2 * x[xo + 2];
  const c23 = x[xo + 3];
  const c13 = x[xo + 4];
  const c12 = x[xo + 5];
  C[0] = c11;
  C[1] = c12;
  C[2] = c13;
  C[3] = c12;
  C[4] = c22;
  C[5] = c23;
  C[6] = c13;
  C[7] = c23;
  C[8] = c33;
  return c11 * (c22 * c33 - c23 * c23) - c12 * (c12 * c33 - c23 * c13) + c13 * (c12 * c23 - c22 * c13);
}

/** writes the inverse of the symmetric 3×3 C (with determinant D) into Ci */
export function inverseSymmetric3(C: Float64Array, D: number, Ci: Float64Array): void {
  const r = 1 / D;
  Ci[0] = (C[4] * C[8] - C[5] * C[7]) * r;
  Ci[1] = (C[2] * C[7] - C[1] * C[8]) * r;
  Ci[2] = (C[1] * C[5] - C[2] * C[4]) * r;
  Ci[4] = (C[0] * C[8] - C[2] * C[6]) * r;
  Ci[5] = (C[2] * C[3] - C[0] * C[5]) * r;
  Ci[8] = (C[0] * C[4] - C[1] * C[3]) * r;
  Ci[3] = Ci[1];
  Ci[6] = Ci[2];
  Ci[7] = Ci[5];
}

/** writes the Voigt stress S = α I + β C⁻¹ */
export function isotropicStress(
  alpha: number,
  beta: number,
  Ci: Float64Array,
  s: Float64Array,
  so: number,
): void {
  for (let a = 0; a < 6; a++) {
    const i = VI[a];
    const j = VJ[a];
    s[so + a] = (i === j ? alpha : 0) + beta * Ci[i * 3 + j];
  }
}

/**
 * writes the Voigt tangent ℂ = a C⁻¹⊗C⁻¹ + b 𝕀(C⁻¹) + c (I⊗C⁻¹ + C⁻¹⊗I), where
 * 𝕀(C⁻¹)_ijkl = ½ (C⁻¹_ik C⁻¹_jl + C⁻¹_il C⁻¹_jk) (so that ∂C⁻¹/∂C = −𝕀(C⁻¹))
 */
export function isotropicTangent(
  a: number,
  b: number,
  c: number,
  Ci: Float64Array,
  t: Float64Array,
  to: number,
): void {
  for (let p = 0; p < 6; p++) {
    const i = VI[p];
    const j = VJ[p];
    const cij = Ci[i * 3 + j];
    const dij = i === j ? 1 : 0;
    for (let q = 0; q < 6; q++) {
      const k = VI[q];
      const l = VJ[q];
      const ckl = Ci[k * 3 + l];
      const dkl = k === l ? 1 : 0;
      const sym = 0.5 * (Ci[i * 3 + k] * Ci[j * 3 + l] + Ci[i * 3 + l] * Ci[j * 3 + k]);
      t[to + p * 6 + q] = a * cij * ckl + b * sym + c * (dij * ckl + cij * dkl);
    }
  }
}
