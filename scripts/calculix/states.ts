import type { Material } from "../../src/core/material.js";
import type { Dataset } from "../../src/data/dataset.js";
import { solveMixedControl } from "../../src/data/paths.js";
import { Random } from "../../src/util/random.js";
import type { LoadCase } from "./decks.js";

/**
 * The homogeneous states of the verification's load cases for any material (a reference law or a
 * trained model), in miann's Voigt order x = [E11, E22, E33, 2E23, 2E13, 2E12]:
 *   uniaxial: E11 given, S22 = S33 = 0;  biaxial: E11 = E22 given, S33 = 0;
 *   shear: F = I + γ e1⊗e2, so x = [0, γ²/2, 0, 0, 0, γ].
 * `amount` is the displacement of the loaded face (stretch − 1) or γ.
 */
export function homogeneousStrain(material: Material, loadCase: LoadCase, amount: number): Float64Array {
  if (loadCase === "shear") return Float64Array.from([0, (amount * amount) / 2, 0, 0, 0, amount]);
  const e = ((1 + amount) ** 2 - 1) / 2;
  const controlled =
    loadCase === "uniaxial" ? [true, false, false, true, true, true] : [true, true, false, true, true, true];
  const value = loadCase === "uniaxial" ? [e, 0, 0, 0, 0, 0] : [e, e, 0, 0, 0, 0];
  return solveMixedControl(material, controlled, value, new Float64Array(6)).strain;
}

/** F of a homogeneous state: diagonal stretches for uniaxial/biaxial, simple shear for shear */
export function deformationGradient(loadCase: LoadCase, x: Float64Array, amount: number): number[] {
  if (loadCase === "shear") return [1, amount, 0, 0, 1, 0, 0, 0, 1];
  const l = [0, 1, 2].map((k) => Math.sqrt(1 + 2 * x[k]));
  return [l[0], 0, 0, 0, l[1], 0, 0, 0, l[2]];
}

/** Cauchy stress σ = F S Fᵀ / J in CalculiX's print order sxx, syy, szz, sxy, sxz, syz */
export function cauchy(material: Material, x: Float64Array, F: number[]): number[] {
  const s = new Float64Array(6);
  material.evaluate(x, 1, { stress: s });
  const S = [s[0], s[5], s[4], s[5], s[1], s[3], s[4], s[3], s[2]];
  const FS = new Array(9).fill(0);
  const tau = new Array(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) FS[i * 3 + j] += F[i * 3 + k] * S[k * 3 + j];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) tau[i * 3 + j] += FS[i * 3 + k] * F[j * 3 + k];
  const J =
    F[0] * (F[4] * F[8] - F[5] * F[7]) -
    F[1] * (F[3] * F[8] - F[5] * F[6]) +
    F[2] * (F[3] * F[7] - F[4] * F[6]);
  return [tau[0], tau[4], tau[8], tau[1], tau[2], tau[5]].map((v) => v / J);
}

/**
 * Training data for the verification's model: the reference law along the three load paths (up
 * to `reach` times the verification's amounts, and in compression for the uniaxial path), each
 * point with seeded perturbations of all six strain components, so the network sees the
 * neighbourhood (and so the tangent) of every state the solver visits.
 */
export function pathDataset(
  law: Material,
  amounts: Record<LoadCase, number>,
  options: { pointsPerPath: number; perturbations: number; spread: number; seed: number },
): Dataset {
  const rng = new Random(options.seed);
  const centres: Float64Array[] = [];
  for (const loadCase of ["uniaxial", "biaxial", "shear"] as LoadCase[]) {
    const reach = 1.25 * amounts[loadCase];
    const from = loadCase === "uniaxial" ? -0.3 * reach : loadCase === "shear" ? -reach : -0.2 * reach;
    for (let i = 0; i < options.pointsPerPath; i++) {
      const a = from + ((reach - from) * i) / (options.pointsPerPath - 1);
      centres.push(homogeneousStrain(law, loadCase, a));
    }
  }
  const n = centres.length * (1 + options.perturbations);
  const strain = new Float64Array(n * 6);
  let row = 0;
  for (const c of centres) {
    strain.set(c, row++ * 6);
    for (let p = 0; p < options.perturbations; p++) {
      for (let k = 0; k < 6; k++) strain[row * 6 + k] = c[k] + options.spread * rng.normal();
      row++;
    }
  }
  const stress = new Float64Array(n * 6);
  law.evaluate(strain, n, { stress });
  return { dim: 6, n, strain, stress, source: "CalculiX verification paths", material: law.name };
}
