import { describe, expect, it } from "vitest";
import { positiveWeight } from "../../src/core/activations.js";
import { initialParameters } from "../../src/core/init.js";
import { parameterLayout } from "../../src/core/layout.js";

describe("initialParameters (docs/theory.md, section: the training trap of the quadratic term)", () => {
  const layout = parameterLayout(3, [16, 16, 8]);
  it("convex: P(Q) ≈ 1/fan-in (geometric mean within 20%), all positive; A = 0.1 I, α = 1, β = 3", () => {
    const p = initialParameters(layout, { seed: 3, convex: true });
    const alpha = p[layout.alpha];
    expect(alpha).toBe(1);
    expect(p[layout.beta]).toBe(3);
    expect(Array.from(p.subarray(layout.A, layout.A + 9))).toEqual([0.1, 0, 0, 0, 0.1, 0, 0, 0, 0.1]);
    for (const l of layout.layers) {
      let logSum = 0;
      const count = l.width * l.inputWidth;
      for (let i = 0; i < count; i++) logSum += Math.log(positiveWeight(p[l.Q + i], alpha) * l.inputWidth);
      expect(Math.abs(logSum / count)).toBeLessThan(Math.log(1.2));
    }
    expect(p.every(Number.isFinite)).toBe(true);
  });
  it("non-convex: signed weights of Glorot size", () => {
    const p = initialParameters(layout, { seed: 3, convex: false });
    const l = layout.layers[0];
    const q = Array.from(p.subarray(l.Q, l.Q + l.width * l.inputWidth));
    expect(q.some((v) => v < 0) && q.some((v) => v > 0)).toBe(true);
    const rms = Math.sqrt(q.reduce((s, v) => s + v * v, 0) / q.length);
    expect(rms).toBeGreaterThan(0.5 * Math.sqrt(2 / 32));
    expect(rms).toBeLessThan(1.5 * Math.sqrt(2 / 32));
  });
});
