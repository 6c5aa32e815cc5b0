import { describe, expect, it } from "vitest";
import {
  cauchyFromSecond,
  closedFormEigenvalues,
  condensePlaneStress,
  det,
  firstPiolaFromSecond,
  greenLagrange,
  inverse,
  matMul,
  minEigenvalueOfC,
  rightCauchyGreen,
  secondFromCauchy,
  secondPiolaFromFirst,
  strainToVoigt,
  stressToVoigt,
  voigtToStrain,
  voigtToStress,
} from "../../src/data/measures.js";

function rotation(axis: number[], angle: number): number[] {
  const n = Math.hypot(axis[0], axis[1], axis[2]);
  const [x, y, z] = axis.map((v) => v / n);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [
    t * x * x + c,
    t * x * y - s * z,
    t * x * z + s * y,
    t * x * y + s * z,
    t * y * y + c,
    t * y * z - s * x,
    t * x * z - s * y,
    t * y * z + s * x,
    t * z * z + c,
  ];
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-13): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++)
    expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i])));
}

describe("strain measures against closed forms", () => {
  it("simple shear F = I + k e1⊗e2 gives E12 = k/2, E22 = k²/2", () => {
    const k = 0.37;
    const E = greenLagrange([1, k, 0, 0, 1, 0, 0, 0, 1]);
    close(strainToVoigt(E), [0, (k * k) / 2, 0, 0, 0, k]);
  });

  it("a rigid rotation gives E = 0, and R·U gives the E of U", () => {
    const R = rotation([1, 2, -0.5], 0.9);
    close(greenLagrange(R), new Array(9).fill(0));
    const U = [1.2, 0.1, 0, 0.1, 0.9, 0.05, 0, 0.05, 1.1];
    close(greenLagrange(matMul(R, U, 3, 3, 3)), greenLagrange(U));
  });

  it("a membrane F (3×2) stretched in-plane then rotated into 3D gives C = diag(λ1², λ2²)", () => {
    const R = rotation([0.3, -1, 0.4], 1.1);
    const F = matMul(R, [1.3, 0, 0, 0.8, 0, 0], 3, 3, 2);
    close(rightCauchyGreen(F), [1.69, 0, 0, 0.64]);
    close(strainToVoigt(greenLagrange(F)), [(1.69 - 1) / 2, (0.64 - 1) / 2, 0]);
  });

  it("Voigt round trips (engineering shear strain, tensor shear stress)", () => {
    const x = [0.1, -0.2, 0.3, 0.05, -0.07, 0.11];
    const E = voigtToStrain(x);
    expect(E[1]).toBeCloseTo(0.055, 15); // E12 = x6 / 2
    expect(E[5]).toBeCloseTo(0.025, 15); // E23 = x4 / 2
    close(strainToVoigt(E), x);
    const s = [1, 2, 3];
    expect(voigtToStress(s)).toEqual([1, 3, 3, 2]);
    close(stressToVoigt(voigtToStress(s)), s);
  });
});

describe("stress measures", () => {
  const F = [1.2, 0.3, -0.1, 0.05, 0.9, 0.2, 0.1, -0.15, 1.05];
  const S = [5, 1, -2, 1, 3, 0.5, -2, 0.5, 4];

  it("pure stretch: σ_ii = λ_i² S_ii / J", () => {
    const l = [1.3, 0.8, 1.1];
    const sigma = cauchyFromSecond([l[0], 0, 0, 0, l[1], 0, 0, 0, l[2]], [2, 0, 0, 0, 3, 0, 0, 0, 5]);
    const J = l[0] * l[1] * l[2];
    close([sigma[0], sigma[4], sigma[8]], [(l[0] ** 2 * 2) / J, (l[1] ** 2 * 3) / J, (l[2] ** 2 * 5) / J]);
  });

  it("S → P → S and S → σ → S are identities; σ is symmetric; P = J σ F⁻ᵀ", () => {
    const P = firstPiolaFromSecond(F, S);
    close(secondPiolaFromFirst(F, P), S, 1e-12);
    const sigma = cauchyFromSecond(F, S);
    close(sigma, [sigma[0], sigma[3], sigma[6], sigma[1], sigma[4], sigma[7], sigma[2], sigma[5], sigma[8]]);
    close(secondFromCauchy(F, sigma), S, 1e-12);
    const FiT = inverse(F);
    const JsF = matMul(
      sigma,
      [FiT[0], FiT[3], FiT[6], FiT[1], FiT[4], FiT[7], FiT[2], FiT[5], FiT[8]],
      3,
      3,
      3,
    );
    close(
      JsF.map((v) => v * det(F)),
      P,
      1e-12,
    );
  });

  it("a membrane F (3×2): S → P → S", () => {
    const Fm = [1.1, 0.2, 0.1, 0.9, 0.3, -0.2];
    const Sm = [3, 1, 1, 2];
    close(secondPiolaFromFirst(Fm, firstPiolaFromSecond(Fm, Sm)), Sm, 1e-12);
  });
});

describe("eigenvalues and admissibility", () => {
  it("eigenvalues of R diag(a, b, c) Rᵀ are a, b, c", () => {
    const R = rotation([2, -1, 0.7], 0.6);
    const A = matMul(matMul(R, [0.4, 0, 0, 0, 2.5, 0, 0, 0, -1], 3, 3, 3), [...inverse(R)], 3, 3, 3);
    close(closedFormEigenvalues(A), [-1, 0.4, 2.5], 1e-12);
    close(closedFormEigenvalues([1, 0, 0, 0, 1, 0, 0, 0, 3]), [1, 1, 3]);
    close(closedFormEigenvalues([2, 1, 1, 2]), [1, 3]);
  });

  it("min eigenvalue of C = 2E + I: uniaxial E11 = −0.5 is the limit", () => {
    expect(minEigenvalueOfC([-0.4, 0, 0])).toBeCloseTo(0.2, 14);
    expect(minEigenvalueOfC([-0.6, 0, 0, 0, 0, 0])).toBeCloseTo(-0.2, 14);
    // simple shear strains are always admissible: C = [[1, k], [k, 1 + k²]], det 1
    const k = 2;
    const [l1, l2] = closedFormEigenvalues([1, k, k, 1 + k * k]);
    expect(minEigenvalueOfC([0, (k * k) / 2, k])).toBeCloseTo(l1, 14);
    expect(l1 * l2).toBeCloseTo(1, 12);
    expect(Number.isNaN(minEigenvalueOfC([0.1]))).toBe(true);
  });
});

describe("plane-stress condensation", () => {
  it("condensing isotropic linear elasticity gives E/(1−ν²)[[1,ν,0],[ν,1,0],[0,0,(1−ν)/2]]", () => {
    const lambda = 1.6;
    const mu = 0.4;
    const C6 = new Array(36).fill(0);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) C6[a * 6 + b] = lambda;
      C6[a * 7] += 2 * mu;
      C6[(a + 3) * 7] = mu;
    }
    const E = (mu * (3 * lambda + 2 * mu)) / (lambda + mu);
    const nu = lambda / (2 * (lambda + mu));
    const c = E / (1 - nu * nu);
    close(condensePlaneStress(C6), [c, c * nu, 0, c * nu, c, 0, 0, 0, (c * (1 - nu)) / 2], 1e-13);
  });
});
