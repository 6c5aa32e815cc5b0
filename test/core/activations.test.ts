import { describe, expect, it } from "vitest";
import {
  phi,
  phiDbeta,
  phiPrime,
  phiPrimeDbeta,
  phiSecond,
  positiveWeight,
  positiveWeightDalpha,
  positiveWeightDq,
  sigmoid,
  sigmoidPrime,
  softplus,
  softplusInverse,
} from "../../src/core/activations.js";

const fd = (f: (t: number) => number, t: number, h = 1e-6) => (f(t + h) - f(t - h)) / (2 * h);

describe("activations", () => {
  it("closed forms: softplus(0) = ln 2, sigmoid(0) = 1/2, agree with the naive forms where those are exact", () => {
    expect(softplus(0)).toBe(Math.LN2);
    expect(sigmoid(0)).toBe(0.5);
    for (const u of [-30, -5, -0.3, 0.7, 4, 30]) {
      expect(softplus(u)).toBeCloseTo(Math.log1p(Math.exp(u)), 14);
      expect(sigmoid(u)).toBeCloseTo(1 / (1 + Math.exp(-u)), 15);
      expect(sigmoidPrime(u)).toBeCloseTo(sigmoid(u) * sigmoid(-u), 15);
      expect(softplusInverse(softplus(u))).toBeCloseTo(u, u < -20 ? 6 : 12);
    }
  });

  it("exact at |u| = 1e3 and beyond; never NaN or Infinity for finite input", () => {
    expect(softplus(1e3)).toBe(1e3);
    expect(softplus(-1e3)).toBe(0); // e^-1000 underflows: 0 is the correctly rounded value
    expect(sigmoid(1e3)).toBe(1);
    expect(sigmoid(-1e3)).toBe(0);
    for (const a of [-1e3, -1e2, 1e2, 1e3]) {
      for (const beta of [0.2, 1, 5]) {
        const vals = [
          phi(a, beta),
          phiPrime(a, beta),
          phiSecond(a, beta),
          phiDbeta(a, beta),
          phiPrimeDbeta(a, beta),
        ];
        for (const v of vals) expect(Number.isFinite(v)).toBe(true);
      }
      for (const alpha of [0.2, 1, 5]) {
        for (const v of [
          positiveWeight(a, alpha),
          positiveWeightDq(a, alpha),
          positiveWeightDalpha(a, alpha),
        ])
          expect(Number.isFinite(v)).toBe(true);
      }
    }
    // phi(a) = a²/2 exactly in the linear regime of softplus (β²a ≫ 1)
    expect(phi(1e3, 1)).toBe(5e5);
    expect(phiPrime(1e3, 1)).toBe(1e3);
    expect(phiSecond(1e3, 1)).toBe(1);
  });

  it("every derivative agrees with central finite differences", () => {
    for (const a of [-2, -0.4, 0.1, 0.8, 3]) {
      for (const beta of [0.5, 1.3, 3]) {
        expect(phiPrime(a, beta)).toBeCloseTo(
          fd((t) => phi(t, beta), a),
          8,
        );
        expect(phiSecond(a, beta)).toBeCloseTo(
          fd((t) => phiPrime(t, beta), a),
          7,
        );
        expect(phiDbeta(a, beta)).toBeCloseTo(
          fd((b) => phi(a, b), beta),
          7,
        );
        expect(phiPrimeDbeta(a, beta)).toBeCloseTo(
          fd((b) => phiPrime(a, b), beta),
          7,
        );
      }
      for (const alpha of [0.3, 1, 2.5]) {
        expect(positiveWeightDq(a, alpha)).toBeCloseTo(
          fd((q) => positiveWeight(q, alpha), a),
          8,
        );
        expect(positiveWeightDalpha(a, alpha)).toBeCloseTo(
          fd((al) => positiveWeight(a, al), alpha),
          7,
        );
        expect(positiveWeight(a, alpha)).toBeGreaterThan(0);
      }
    }
  });
});
