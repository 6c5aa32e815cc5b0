import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { symmetricEigenvalues } from "../../src/core/eigen.js";
import { parameterLayout } from "../../src/core/layout.js";
import { NetworkModel } from "../../src/model/network-model.js";
import { randomParams, randomPoints } from "./random-model.js";

/**
 * Properties that hold for every MIANN by construction (docs/theory.md, section "The guarantees and how check tests them"), over random architectures,
 * parameters (α, β far from 1), scalings and points (also 100× outside the unit box).
 */
const arbitraryCase = fc.record({
  d: fc.constantFrom(1, 2, 3, 6),
  hidden: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 3 }),
  seed: fc.integer({ min: 0, max: 1e6 }),
  alpha: fc.constantFrom(0.2, 0.7, 1, 2, 5),
  beta: fc.constantFrom(0.2, 0.7, 1, 3, 5),
  boxScale: fc.constantFrom(0.01, 1, 100),
  kappa: fc.double({ min: 0.1, max: 1e4, noNaN: true }),
});

describe("MIANN properties (fast-check)", () => {
  it("C symmetric and PSD, s(0) = 0 and W(0) = 0 exactly, W ≥ 0", () => {
    fc.assert(
      fc.property(arbitraryCase, ({ d, hidden, seed, alpha, beta, boxScale, kappa }) => {
        const layout = parameterLayout(d, hidden);
        const params = randomParams(layout, seed, { convex: true, alpha, beta });
        const strainScale = Array.from(randomPoints(d, 1, seed + 7)).map((v) => 0.05 + Math.abs(v));
        const model = new NetworkModel({ kind: "miann", inputDim: d, hidden }, params, {
          strainScale,
          stressScale: kappa,
        });
        const n = 8;
        const x = randomPoints(n, d, seed + 3, boxScale);
        for (let m = 0; m < n; m++) for (let k = 0; k < d; k++) x[m * d + k] *= strainScale[k];
        const stress = new Float64Array(n * d);
        const tangent = new Float64Array(n * d * d);
        const energy = new Float64Array(n);
        model.evaluate(x, n, { stress, tangent, energy });
        const eig = new Float64Array(d);
        // scale of the rounding in W = κ(Ñ(x') − Ñ(0) − g₀·x'): κ·eps·|terms|
        const raw = new Float64Array(n + 1);
        const xs = x.map((v, i) => v / strainScale[i % d]);
        model.kernels.potential(params, xs, n, raw);
        const n0 = new Float64Array(1);
        model.kernels.potential(params, new Float64Array(d), 1, n0);
        for (let m = 0; m < n; m++) {
          const C = tangent.subarray(m * d * d, (m + 1) * d * d);
          let norm = 0;
          for (const c of C) norm += c * c;
          norm = Math.sqrt(norm);
          for (let i = 0; i < d; i++)
            for (let j = 0; j < d; j++)
              expect(Math.abs(C[i * d + j] - C[j * d + i])).toBeLessThanOrEqual(1e-12 * norm);
          symmetricEigenvalues(C, d, eig);
          expect(eig[0]).toBeGreaterThanOrEqual(-1e-10 * norm);
          expect(Number.isFinite(energy[m]) && stress.every(Number.isFinite)).toBe(true);
          const roundoff = 1e-12 * kappa * (Math.abs(raw[m]) + Math.abs(n0[0]) + Math.abs(energy[m] / kappa));
          expect(energy[m]).toBeGreaterThanOrEqual(-roundoff);
        }
        const s0 = new Float64Array(d);
        const w0 = new Float64Array(1);
        model.evaluate(new Float64Array(d), 1, { stress: s0, energy: w0 });
        for (const v of s0) expect(v).toBe(0);
        expect(w0[0]).toBe(0);
      }),
      { numRuns: 100, seed: 20260127 },
    );
  });

  it("the unconstrained potential keeps C1 and the zero-strain corrections: C symmetric, s(0) = W(0) = 0", () => {
    fc.assert(
      fc.property(arbitraryCase, ({ d, hidden, seed, alpha, beta, boxScale, kappa }) => {
        const layout = parameterLayout(d, hidden);
        const params = randomParams(layout, seed, { convex: false, alpha, beta });
        const model = new NetworkModel({ kind: "potential", inputDim: d, hidden }, params, {
          strainScale: new Array<number>(d).fill(0.1),
          stressScale: kappa,
        });
        const n = 4;
        const x = randomPoints(n, d, seed + 3, 0.1 * boxScale);
        const tangent = new Float64Array(n * d * d);
        model.evaluate(x, n, { stress: new Float64Array(n * d), tangent });
        for (let m = 0; m < n; m++) {
          const C = tangent.subarray(m * d * d, (m + 1) * d * d);
          const norm = Math.sqrt(C.reduce((acc, c) => acc + c * c, 0));
          for (let i = 0; i < d; i++)
            for (let j = 0; j < d; j++)
              expect(Math.abs(C[i * d + j] - C[j * d + i])).toBeLessThanOrEqual(1e-12 * norm);
        }
        const s0 = new Float64Array(d);
        const w0 = new Float64Array(1);
        model.evaluate(new Float64Array(d), 1, { stress: s0, energy: w0 });
        for (const v of s0) expect(v).toBe(0);
        expect(w0[0]).toBe(0);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("no NaN or Infinity when the activations see |u| = 1e3", () => {
    // one unit, d = 1: a = W1 x + b1 with W1 = 1, b1 = 0, so β²a = ±1e3 at x = ±1e3/β²
    for (const beta of [0.2, 1, 5]) {
      const layout = parameterLayout(1, [1, 1]);
      const p = new Float64Array(layout.size);
      p[layout.W1] = 1;
      p[layout.layers[0].Q] = 1;
      p[layout.qOut] = 1;
      p[layout.alpha] = 1;
      p[layout.beta] = beta;
      const model = new NetworkModel({ kind: "miann", inputDim: 1, hidden: [1, 1] }, p, {
        strainScale: [1],
        stressScale: 1,
      });
      const x = Float64Array.from([1e3 / (beta * beta), -1e3 / (beta * beta)]);
      const stress = new Float64Array(2);
      const tangent = new Float64Array(2);
      const energy = new Float64Array(2);
      model.evaluate(x, 2, { stress, tangent, energy });
      const grad = new Float64Array(layout.size);
      const loss = model.lossAndGradient(x, Float64Array.from([1, -1]), 2, Float64Array.from([1]), grad);
      for (const v of [...stress, ...tangent, ...energy, loss, ...grad])
        expect(Number.isFinite(v)).toBe(true);
    }
  });
});
