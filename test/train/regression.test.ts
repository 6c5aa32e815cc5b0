import { describe, expect, it } from "vitest";
import { createRegressionModel, regressionParameterCount } from "../../src/model/regression.js";
import { Random } from "../../src/util/random.js";

const spec = { kind: "regression" as const, inputDim: 3, hidden: [5, 4] };
const scaling = { strainScale: [0.1, 0.2, 0.05], stressScale: 300 };

function sample(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rng = new Random(seed);
  const x = new Float64Array(n * 3).map(() => rng.range(-0.1, 0.1));
  const y = new Float64Array(n * 3).map(() => rng.range(-500, 500));
  return { x, y };
}

describe("regression baseline", () => {
  it("counts its parameters by the closed form", () => {
    expect(regressionParameterCount(3, [5, 4])).toBe(3 * 5 + 5 + 5 * 4 + 4 + 4 * 3 + 3);
    expect(createRegressionModel(spec, undefined, scaling, 1).params.length).toBe(59);
  });

  it("loss gradient equals central finite differences on every parameter", () => {
    const model = createRegressionModel(spec, undefined, scaling, 7);
    const rng = new Random(3);
    for (let i = 0; i < model.params.length; i++) model.params[i] += rng.range(-0.3, 0.3);
    const { x, y } = sample(6, 11);
    const sigma = new Float64Array([120, 80, 40]);
    const g = new Float64Array(model.params.length);
    const scratch = new Float64Array(model.params.length);
    model.lossAndGradient(x, y, 6, sigma, g);
    for (let i = 0; i < model.params.length; i++) {
      const p0 = model.params[i];
      const h = 1e-6 * Math.max(1, Math.abs(p0));
      model.params[i] = p0 + h;
      const fp = model.lossAndGradient(x, y, 6, sigma, scratch);
      model.params[i] = p0 - h;
      const fm = model.lossAndGradient(x, y, 6, sigma, scratch);
      model.params[i] = p0;
      const fd = (fp - fm) / (2 * h);
      expect(Math.abs(g[i] - fd)).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
    }
  });

  it("loss is the σ-normalised mean square of its own stress prediction", () => {
    const model = createRegressionModel(spec, undefined, scaling, 2);
    const { x, y } = sample(4, 5);
    const sigma = new Float64Array([1, 2, 3]);
    const s = new Float64Array(12);
    model.evaluate(x, 4, { stress: s });
    let expected = 0;
    for (let i = 0; i < 12; i++) expected += ((s[i] - y[i]) / sigma[i % 3]) ** 2;
    expected /= 12;
    const loss = model.lossAndGradient(x, y, 4, sigma, new Float64Array(model.params.length));
    expect(loss).toBeCloseTo(expected, 10);
  });

  it("tangent equals the finite-difference Jacobian of the stress, which is not symmetric", () => {
    const model = createRegressionModel(spec, undefined, scaling, 9);
    const x = new Float64Array([0.03, -0.05, 0.01]);
    const C = new Float64Array(9);
    const s = new Float64Array(3);
    model.evaluate(x, 1, { stress: s, tangent: C });
    const sp = new Float64Array(3);
    const sm = new Float64Array(3);
    for (let j = 0; j < 3; j++) {
      const h = 1e-7;
      const xp = x.slice();
      const xm = x.slice();
      xp[j] += h;
      xm[j] -= h;
      model.evaluate(xp, 1, { stress: sp });
      model.evaluate(xm, 1, { stress: sm });
      for (let k = 0; k < 3; k++) {
        const fd = (sp[k] - sm[k]) / (2 * h);
        expect(Math.abs(C[k * 3 + j] - fd)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fd)));
      }
    }
    expect(Math.abs(C[1] - C[3])).toBeGreaterThan(1e-3 * Math.abs(C[1]));
  });

  it("same seed gives the same initial parameters; a wrong parameter count is a user error", () => {
    const a = createRegressionModel(spec, undefined, scaling, 4).params;
    const b = createRegressionModel(spec, undefined, scaling, 4).params;
    expect(b).toEqual(a);
    expect(() => createRegressionModel(spec, new Float64Array(3), scaling, 0)).toThrow(/59 parameters/);
  });
});
