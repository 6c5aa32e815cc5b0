import { describe, expect, it } from "vitest";
import { parameterLayout } from "../../src/core/layout.js";
import { createReferenceKernels } from "../../src/core/network.js";
import { Random } from "../../src/util/random.js";
import { randomParams, randomPoints } from "./random-model.js";

// The loss with unknown stress components (a mask of known entries): finite differences of the
// masked loss for every parameter group, the all-ones mask equal to no mask, NaN targets in
// unknown entries never read, and an all-unknown batch giving 0.

function randomMask(n: number, d: number, seed: number): Uint8Array {
  const rng = new Random(seed);
  const mask = new Uint8Array(n * d);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() < 0.6 ? 1 : 0;
  mask[0] = 1;
  return mask;
}

describe.each([true, false])("masked loss of the reference kernels (convex = %s)", (convex) => {
  const d = 3;
  const layout = parameterLayout(d, [5, 4, 3]);
  const k = createReferenceKernels(layout, { convex });
  const params = randomParams(layout, 21, { convex });
  const n = 9;
  const x = randomPoints(n, d, 5, 0.8);
  const y = randomPoints(n, d, 6, 2);
  const sigma = Float64Array.from([0.7, 1.3, 0.4]);
  const mask = randomMask(n, d, 7);
  // unknown targets are NaN: the loss must never read them
  const yNaN = y.map((v, i) => (mask[i] === 0 ? Number.NaN : v));

  it("is Σ w e² / Σ w, computed independently from the stresses", () => {
    const g = new Float64Array(n * d);
    const g0 = new Float64Array(d);
    k.gradient(params, x, n, g);
    k.gradient(params, new Float64Array(d), 1, g0);
    let sum = 0;
    let weight = 0;
    for (let i = 0; i < n * d; i++) {
      if (mask[i] === 0) continue;
      const e = (g[i] - g0[i % d] - y[i]) / sigma[i % d];
      sum += e * e;
      weight++;
    }
    const grad = new Float64Array(layout.size);
    const loss = k.lossAndGradient(params, x, yNaN, sigma, n, grad, mask);
    expect(Math.abs(loss - sum / weight) / (sum / weight)).toBeLessThan(1e-14);
    expect(grad.every(Number.isFinite)).toBe(true);
  });

  it("parameter gradient = central finite differences, every group (NaN in unknown entries)", () => {
    const grad = new Float64Array(layout.size);
    k.lossAndGradient(params, x, yNaN, sigma, n, grad, mask);
    const scratch = new Float64Array(layout.size);
    const p = Float64Array.from(params);
    const fd = new Float64Array(layout.size);
    for (let i = 0; i < layout.size; i++) {
      const h = 1e-6 * Math.max(1, Math.abs(params[i]));
      p[i] = params[i] + h;
      const lp = k.lossAndGradient(p, x, yNaN, sigma, n, scratch, mask);
      p[i] = params[i] - h;
      const lm = k.lossAndGradient(p, x, yNaN, sigma, n, scratch, mask);
      p[i] = params[i];
      fd[i] = (lp - lm) / (2 * h);
    }
    const groups: [string, number, number][] = [
      ["W1", layout.W1, layout.b1],
      ["b1", layout.b1, layout.layers[0].Q],
      ...layout.layers.flatMap((l, i): [string, number, number][] => [
        [`Q${i + 2}`, l.Q, l.b],
        [`b${i + 2}`, l.b, l.S],
        [`S${i + 2}`, l.S, l.S + l.width * d],
      ]),
      ["qOut", layout.qOut, layout.A],
      ["A", layout.A, layout.alpha],
      ["alpha", layout.alpha, layout.alpha + 1],
      ["beta", layout.beta, layout.beta + 1],
    ];
    for (const [name, from, to] of groups) {
      if (!convex && name === "alpha") {
        expect(grad[from]).toBe(0);
        continue;
      }
      let scale = 0;
      for (let i = from; i < to; i++) scale = Math.max(scale, Math.abs(fd[i]));
      expect(scale, `${name} takes part in the loss`).toBeGreaterThan(1e-6);
      for (let i = from; i < to; i++) {
        expect(Math.abs(grad[i] - fd[i]), `${name}[${i - from}]`).toBeLessThan(1e-4 * scale + 1e-8);
      }
    }
  });

  it("an all-ones mask gives the unmasked loss and gradient (1e-14)", () => {
    const ga = new Float64Array(layout.size);
    const gb = new Float64Array(layout.size);
    const la = k.lossAndGradient(params, x, y, sigma, n, ga);
    const lb = k.lossAndGradient(params, x, y, sigma, n, gb, new Uint8Array(n * d).fill(1));
    expect(Math.abs(lb - la)).toBeLessThanOrEqual(1e-14 * la);
    for (let i = 0; i < layout.size; i++) {
      expect(Math.abs(gb[i] - ga[i])).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(ga[i])));
    }
  });

  it("changing an unknown target changes nothing; an all-unknown batch gives 0 and a zero gradient", () => {
    const ga = new Float64Array(layout.size);
    const gb = new Float64Array(layout.size);
    const la = k.lossAndGradient(params, x, yNaN, sigma, n, ga, mask);
    const y2 = y.map((v, i) => (mask[i] === 0 ? v + 100 : v));
    const lb = k.lossAndGradient(params, x, y2, sigma, n, gb, mask);
    expect(lb).toBe(la);
    expect(Array.from(gb)).toEqual(Array.from(ga));
    const g = new Float64Array(layout.size).fill(7);
    expect(k.lossAndGradient(params, x, yNaN, sigma, n, g, new Uint8Array(n * d))).toBe(0);
    expect(g.every((v) => v === 0)).toBe(true);
  });
});
