import { describe, expect, it } from "vitest";
import { parameterLayout } from "../../src/core/layout.js";
import { createReferenceKernels } from "../../src/core/network.js";
import { randomParams, randomPoints } from "./random-model.js";

/** Central finite differences against the analytic derivatives of the reference kernels. */
describe.each([true, false])("reference kernels vs finite differences (convex = %s)", (convex) => {
  const d = 3;
  const layout = parameterLayout(d, [5, 4, 3]);
  const k = createReferenceKernels(layout, { convex });
  const params = randomParams(layout, 11, { convex });
  const n = 7;
  const x = randomPoints(n, d, 3, 0.8);
  const y = randomPoints(n, d, 4, 2);
  const sigma = Float64Array.from([0.7, 1.3, 0.4]);

  it("parameter gradient of the loss, every group", () => {
    const grad = new Float64Array(layout.size);
    k.lossAndGradient(params, x, y, sigma, n, grad);
    const g2 = new Float64Array(layout.size);
    const fd = new Float64Array(layout.size);
    const p = Float64Array.from(params);
    for (let i = 0; i < layout.size; i++) {
      const h = 1e-6 * Math.max(1, Math.abs(params[i]));
      p[i] = params[i] + h;
      const lp = k.lossAndGradient(p, x, y, sigma, n, g2);
      p[i] = params[i] - h;
      const lm = k.lossAndGradient(p, x, y, sigma, n, g2);
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
    // per group: relative to the group's own scale (1e-4), above the FD rounding noise (~1e-9 here)
    for (const [name, from, to] of groups) {
      if (!convex && name === "alpha") {
        expect(grad[from], "alpha is unused without convexity").toBe(0);
        expect(Math.abs(fd[from])).toBeLessThan(1e-12);
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

  it("gradient is the FD of the potential, Hessian the FD of the gradient", () => {
    const g = new Float64Array(n * d);
    const H = new Float64Array(n * d * d);
    k.gradient(params, x, n, g);
    k.hessian(params, x, n, H);
    const xp = new Float64Array(d);
    const one = new Float64Array(1);
    const gp = new Float64Array(d);
    const gm = new Float64Array(d);
    for (let m = 0; m < n; m++) {
      for (let j = 0; j < d; j++) {
        const h = 1e-5;
        for (let i = 0; i < d; i++) xp[i] = x[m * d + i];
        xp[j] += h;
        k.potential(params, xp, 1, one);
        const Np = one[0];
        k.gradient(params, xp, 1, gp);
        xp[j] -= 2 * h;
        k.potential(params, xp, 1, one);
        const Nm = one[0];
        k.gradient(params, xp, 1, gm);
        const gScale = Math.max(1, Math.abs(g[m * d + j]));
        expect(Math.abs((Np - Nm) / (2 * h) - g[m * d + j])).toBeLessThan(1e-8 * gScale);
        for (let i = 0; i < d; i++) {
          const fd = (gp[i] - gm[i]) / (2 * h);
          expect(Math.abs(fd - H[(m * d + i) * d + j])).toBeLessThan(1e-7 * Math.max(1, Math.abs(fd)));
        }
      }
    }
  });
});

describe("reference kernels reuse their effective weights only while the parameters are unchanged", () => {
  it("in-place parameter changes (as an optimiser makes them) are always seen", () => {
    const layout = parameterLayout(3, [4, 3]);
    const k = createReferenceKernels(layout, { convex: true });
    const p = randomParams(layout, 2, { convex: true });
    const x = randomPoints(3, 3, 5);
    const y = randomPoints(3, 3, 6);
    const sigma = Float64Array.from([1, 2, 3]);
    const before = new Float64Array(3);
    k.potential(p, x, 3, before);
    p[layout.layers[0].Q] += 0.5;
    p[layout.alpha] *= 1.1;
    const after = new Float64Array(3);
    k.potential(p, x, 3, after);
    const fresh = createReferenceKernels(layout, { convex: true });
    const expected = new Float64Array(3);
    fresh.potential(p, x, 3, expected);
    expect(Array.from(after)).toEqual(Array.from(expected));
    expect(Array.from(after)).not.toEqual(Array.from(before));
    // the loss needs the derivatives of P too, which potential() did not compute
    const g1 = new Float64Array(layout.size);
    const g2 = new Float64Array(layout.size);
    expect(k.lossAndGradient(p, x, y, sigma, 3, g1)).toBe(fresh.lossAndGradient(p, x, y, sigma, 3, g2));
    expect(Array.from(g1)).toEqual(Array.from(g2));
  });
});
