import { describe, expect, it } from "vitest";
import { createModel } from "../../src/model/create.js";
import { createRegressionModel } from "../../src/model/regression.js";
import type { Model } from "../../src/model/types.js";
import { observedLossAndGradient, type RowObservation } from "../../src/train/observed-loss.js";
import { Random } from "../../src/util/random.js";

// Linear observations of the stress (simple shear: P12 = S12 + γ S22) in the loss: the value
// against a direct sum over the model's own stress, the gradient against central finite
// differences for a regression model and a MIANN, and no observations = the masked loss.

function batch(n: number, seed: number) {
  const rng = new Random(seed);
  const x = new Float64Array(n * 3).map(() => rng.range(-0.1, 0.1));
  const y = new Float64Array(n * 3).map(() => rng.range(-30, 30));
  const mask = new Uint8Array(n * 3).fill(1);
  const obs: RowObservation[] = [];
  // rows 0 and 2 are simple-shear points: all three components unknown, one observation each
  for (const row of [0, 2]) {
    const g = rng.range(0.1, 0.6);
    x[row * 3] = 0;
    x[row * 3 + 1] = (g * g) / 2;
    x[row * 3 + 2] = g;
    for (let k = 0; k < 3; k++) {
      mask[row * 3 + k] = 0;
      y[row * 3 + k] = Number.NaN;
    }
    obs.push({ row, h: [0, g, 1], value: rng.range(-20, 20), column: 2 });
  }
  mask[4] = 0;
  y[4] = Number.NaN;
  return { x, y, mask, obs };
}

function direct(
  model: Model,
  x: Float64Array,
  y: Float64Array,
  n: number,
  sigma: Float64Array,
  mask: Uint8Array,
  obs: RowObservation[],
): number {
  const s = new Float64Array(n * 3);
  model.evaluate(x, n, { stress: s });
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n * 3; i++) {
    if (mask[i] === 0) continue;
    sum += ((s[i] - y[i]) / sigma[i % 3]) ** 2;
    count++;
  }
  for (const o of obs) {
    const hs = o.h[0] * s[o.row * 3] + o.h[1] * s[o.row * 3 + 1] + o.h[2] * s[o.row * 3 + 2];
    sum += ((hs - o.value) / sigma[o.column]) ** 2;
    count++;
  }
  return sum / count;
}

const models: [string, () => Model][] = [
  [
    "regression",
    () => {
      const m = createRegressionModel(
        { kind: "regression", inputDim: 3, hidden: [6, 5] },
        undefined,
        { strainScale: [0.1, 0.1, 0.5], stressScale: 20 },
        4,
      );
      const rng = new Random(9);
      for (let i = 0; i < m.params.length; i++) m.params[i] += rng.range(-0.2, 0.2);
      return m;
    },
  ],
  [
    "miann",
    () =>
      createModel(
        { kind: "miann", inputDim: 3, hidden: [6, 5] },
        { seed: 3, scaling: { strainScale: [0.1, 0.1, 0.5], stressScale: 20 } },
      ),
  ],
];

describe("observations in the loss", () => {
  for (const [name, make] of models) {
    it(`${name}: loss = the direct sum, gradient = central finite differences on every parameter`, () => {
      const model = make();
      const { x, y, mask, obs } = batch(7, 5);
      const sigma = Float64Array.of(12, 9, 6);
      const g = new Float64Array(model.params.length);
      const scratch = new Float64Array(model.params.length);
      const loss = observedLossAndGradient(model, x, y, 7, sigma, g, mask, obs);
      const want = direct(model, x, y, 7, sigma, mask, obs);
      expect(Math.abs(loss - want)).toBeLessThan(1e-12 * want);
      let scale = 0;
      for (const v of g) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < model.params.length; i++) {
        const p0 = model.params[i];
        const h = 1e-6 * Math.max(1, Math.abs(p0));
        model.params[i] = p0 + h;
        const fp = direct(model, x, y, 7, sigma, mask, obs);
        model.params[i] = p0 - h;
        const fm = direct(model, x, y, 7, sigma, mask, obs);
        model.params[i] = p0;
        expect(Math.abs(g[i] - (fp - fm) / (2 * h)), `parameter ${i}`).toBeLessThan(
          1e-6 * Math.max(scale, 1e-3),
        );
      }
      // and without observations it is the masked loss itself, bit for bit
      const g1 = new Float64Array(model.params.length);
      const g2 = new Float64Array(model.params.length);
      const y2 = y.map((v) => (Number.isNaN(v) ? 0 : v));
      expect(observedLossAndGradient(model, x, y2, 7, sigma, g1, mask, [])).toBe(
        model.lossAndGradient(x, y2, 7, sigma, g2, mask),
      );
      expect(Array.from(g1)).toEqual(Array.from(g2));
      void scratch;
    });
  }
});
