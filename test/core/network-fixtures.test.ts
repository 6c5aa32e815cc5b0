import { describe, expect, it } from "vitest";
import { createReferenceKernels } from "../../src/core/network.js";
import { type Fixture, fixturePaths, loadFixture, relativeError } from "./fixture.js";

const tol = 1e-10;

describe.each(Object.keys(fixturePaths) as (keyof typeof fixturePaths)[])(
  "reference kernels against the PyTorch fixture %s",
  (name) => {
    const f: Fixture = loadFixture(name);
    const k = createReferenceKernels(f.layout, { convex: true });
    const { d, n } = f;

    it("potential, also at zero", () => {
      const out = new Float64Array(n);
      k.potential(f.params, f.inputs, n, out);
      expect(relativeError(out, f.potential)).toBeLessThan(tol);
      const z = new Float64Array(1);
      k.potential(f.params, new Float64Array(d), 1, z);
      expect(relativeError(z, [f.potentialAtZero])).toBeLessThan(tol);
    });

    it("gradient at zero and stress = ∇N(x) − ∇N(0)", () => {
      const g0 = new Float64Array(d);
      k.gradient(f.params, new Float64Array(d), 1, g0);
      expect(relativeError(g0, f.gradientAtZero)).toBeLessThan(tol);
      const g = new Float64Array(n * d);
      k.gradient(f.params, f.inputs, n, g);
      const s = g.map((v, i) => v - g0[i % d]);
      expect(relativeError(s, f.stress)).toBeLessThan(tol);
    });

    it("energy W = N(x) − N(0) − ∇N(0)·x", () => {
      const N = new Float64Array(n);
      k.potential(f.params, f.inputs, n, N);
      const g0 = new Float64Array(d);
      k.gradient(f.params, new Float64Array(d), 1, g0);
      const N0 = new Float64Array(1);
      k.potential(f.params, new Float64Array(d), 1, N0);
      const W = N.map((v, m) => {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += g0[j] * f.inputs[m * d + j];
        return v - N0[0] - dot;
      });
      expect(relativeError(W, f.energy)).toBeLessThan(tol);
    });

    it("tangent (Hessian)", () => {
      const C = new Float64Array(n * d * d);
      k.hessian(f.params, f.inputs, n, C);
      expect(relativeError(C, f.tangent)).toBeLessThan(tol);
    });

    it("loss and every gradient group", () => {
      const grad = new Float64Array(f.layout.size);
      const loss = k.lossAndGradient(f.params, f.inputs, f.targets, f.sigma, n, grad);
      expect(relativeError([loss], [f.loss])).toBeLessThan(tol);
      const L = f.layout;
      const groups: [string, number, number][] = [
        ["W1", L.W1, L.b1],
        ["b1", L.b1, L.b1 + L.hidden[0]],
        ...L.layers.flatMap((l, i): [string, number, number][] => [
          [`Q${i + 2}`, l.Q, l.b],
          [`b${i + 2}`, l.b, l.S],
          [`S${i + 2}`, l.S, l.S + l.width * d],
        ]),
        ["qOut", L.qOut, L.A],
        ["A", L.A, L.alpha],
        ["alpha", L.alpha, L.alpha + 1],
        ["beta", L.beta, L.beta + 1],
      ];
      for (const [group, from, to] of groups) {
        const err = relativeError(grad.subarray(from, to), f.grad.subarray(from, to));
        expect(err, group).toBeLessThan(tol);
      }
    });
  },
);
