import { describe, expect, it } from "vitest";
import { parameterLayout } from "../../src/core/layout.js";
import { createModel } from "../../src/model/create.js";
import { NetworkModel } from "../../src/model/network-model.js";
import { scalingFromData, unitScaling } from "../../src/model/scaling.js";
import { UserError } from "../../src/util/errors.js";
import { fixturePaths, loadFixture, relativeError } from "../core/fixture.js";
import { randomParams, randomPoints } from "../core/random-model.js";

describe.each(Object.keys(fixturePaths) as (keyof typeof fixturePaths)[])(
  "NetworkModel with D = 1, κ = 1 reproduces the fixture %s",
  (name) => {
    const f = loadFixture(name);
    const model = new NetworkModel(
      { kind: "miann", inputDim: f.d, hidden: [...f.layout.hidden] },
      f.params,
      unitScaling(f.d),
    );
    it("stress, tangent, energy, loss, gradient", () => {
      const stress = new Float64Array(f.n * f.d);
      const tangent = new Float64Array(f.n * f.d * f.d);
      const energy = new Float64Array(f.n);
      model.evaluate(f.inputs, f.n, { stress, tangent, energy });
      expect(relativeError(stress, f.stress)).toBeLessThan(1e-10);
      expect(relativeError(tangent, f.tangent)).toBeLessThan(1e-10);
      expect(relativeError(energy, f.energy)).toBeLessThan(1e-10);
      const grad = new Float64Array(f.layout.size);
      const loss = model.lossAndGradient(f.inputs, f.targets, f.n, f.sigma, grad);
      expect(relativeError([loss], [f.loss])).toBeLessThan(1e-10);
      expect(relativeError(grad, f.grad)).toBeLessThan(1e-10);
    });
  },
);

describe("NetworkModel in physical units with D, κ ≠ 1", () => {
  const d = 3;
  const spec = { kind: "miann" as const, inputDim: d, hidden: [6, 5] };
  const layout = parameterLayout(d, spec.hidden);
  const scaling = { strainScale: [0.02, 0.05, 0.03], stressScale: 1500 };
  const model = new NetworkModel(spec, randomParams(layout, 5, { convex: true }), scaling);
  const n = 6;
  const x = randomPoints(n, d, 9, 1);
  for (let m = 0; m < n; m++) for (let k = 0; k < d; k++) x[m * d + k] *= scaling.strainScale[k];
  const at = (p: Float64Array) => {
    const stress = new Float64Array(d);
    const energy = new Float64Array(1);
    model.evaluate(p, 1, { stress, energy });
    return { stress, energy: energy[0] };
  };

  it("stress is the FD of the energy, the tangent the FD of the stress", () => {
    const stress = new Float64Array(n * d);
    const tangent = new Float64Array(n * d * d);
    model.evaluate(x, n, { stress, tangent });
    const p = new Float64Array(d);
    for (let m = 0; m < n; m++) {
      for (let j = 0; j < d; j++) {
        const h = 1e-5 * scaling.strainScale[j];
        p.set(x.subarray(m * d, m * d + d));
        p[j] += h;
        const plus = at(p);
        p[j] -= 2 * h;
        const minus = at(p);
        const sFd = (plus.energy - minus.energy) / (2 * h);
        expect(Math.abs(sFd - stress[m * d + j])).toBeLessThan(1e-6 * Math.max(1, Math.abs(sFd)));
        for (let i = 0; i < d; i++) {
          const cFd = (plus.stress[i] - minus.stress[i]) / (2 * h);
          expect(Math.abs(cFd - tangent[(m * d + i) * d + j])).toBeLessThan(
            1e-6 * Math.max(1, Math.abs(cFd)),
          );
        }
      }
    }
  });

  it("zero strain gives zero stress exactly and zero energy", () => {
    const s0 = at(new Float64Array(d));
    expect(Array.from(s0.stress)).toEqual([0, 0, 0]);
    expect(s0.energy).toBe(0);
  });

  it("the physical loss is the σ-normalised mean of the physical stress error, its gradient the FD", () => {
    const y = randomPoints(n, d, 12, 300);
    const sigma = Float64Array.from([250, 400, 90]);
    const stress = new Float64Array(n * d);
    model.evaluate(x, n, { stress });
    let direct = 0;
    for (let i = 0; i < n * d; i++) direct += ((stress[i] - y[i]) / sigma[i % d]) ** 2;
    direct /= n * d;
    const grad = new Float64Array(layout.size);
    const loss = model.lossAndGradient(x, y, n, sigma, grad);
    expect(Math.abs(loss - direct)).toBeLessThan(1e-12 * direct);
    const scratch = new Float64Array(layout.size);
    const p = model.params;
    let gmax = 0;
    for (const g of grad) gmax = Math.max(gmax, Math.abs(g));
    for (const i of [
      layout.W1 + 2,
      layout.b1,
      layout.layers[0].Q + 3,
      layout.layers[0].S,
      layout.qOut,
      layout.A + 1,
      layout.alpha,
      layout.beta,
    ]) {
      const v = p[i];
      const h = 1e-6 * Math.max(1, Math.abs(v));
      p[i] = v + h;
      const lp = model.lossAndGradient(x, y, n, sigma, scratch);
      p[i] = v - h;
      const lm = model.lossAndGradient(x, y, n, sigma, scratch);
      p[i] = v;
      expect(Math.abs((lp - lm) / (2 * h) - grad[i])).toBeLessThan(1e-6 * gmax);
    }
  });
});

describe("scalingFromData", () => {
  it("D = max |x| per column (1 for an all-zero column), κ = max σ_k D_k with population σ", () => {
    // 2 rows, d = 3: strain columns max |x| = 0.2, 0 (→ 1), 0.5; stress σ = 1, 3, 0.5
    const strain = Float64Array.from([0.1, 0, -0.5, -0.2, 0, 0.25]);
    const stress = Float64Array.from([1, 3, 0, 3, -3, 1]);
    const s = scalingFromData(strain, stress, 2, 3);
    expect(s.strainScale).toEqual([0.2, 1, 0.5]);
    expect(s.stressScale).toBeCloseTo(Math.max(1 * 0.2, 3 * 1, 0.5 * 0.5), 14);
  });
});

describe("createModel", () => {
  const scaling = unitScaling(3);
  it("same seed → same parameters bit for bit; another seed → different", () => {
    const spec = { kind: "miann" as const, inputDim: 3, hidden: [8, 4] };
    const a = createModel(spec, { seed: 7, scaling });
    const b = createModel(spec, { seed: 7, scaling });
    const c = createModel(spec, { seed: 8, scaling });
    expect(Buffer.from(a.params.buffer).equals(Buffer.from(b.params.buffer))).toBe(true);
    expect(Buffer.from(a.params.buffer).equals(Buffer.from(c.params.buffer))).toBe(false);
  });
  it("dispatches on the kind", () => {
    expect(createModel({ kind: "potential", inputDim: 3, hidden: [4] }, { seed: 1, scaling })).toBeInstanceOf(
      NetworkModel,
    );
    const r = createModel({ kind: "regression", inputDim: 3, hidden: [4] }, { seed: 1, scaling });
    expect(r.hasEnergy).toBe(false);
    expect(r.spec.kind).toBe("regression");
  });
  it("rejects parameters of the wrong size and bad specs with a UserError", () => {
    expect(() =>
      createModel(
        { kind: "miann", inputDim: 3, hidden: [4] },
        { seed: 1, scaling, params: new Float64Array(5) },
      ),
    ).toThrow(UserError);
    expect(() =>
      createModel(
        { kind: "regression", inputDim: 3, hidden: [4] },
        { seed: 1, scaling, params: new Float64Array(5) },
      ),
    ).toThrow(/regression 4 model with d = 3 has \d+ parameters, got 5/);
    expect(() => createModel({ kind: "miann", inputDim: 3, hidden: [0] }, { seed: 1, scaling })).toThrow(
      UserError,
    );
    expect(() => createModel({ kind: "miann", inputDim: 2, hidden: [4] }, { seed: 1, scaling })).toThrow(
      /strain scale must hold 2/,
    );
  });
});

describe("NetworkModel after in-place parameter changes (as training makes them)", () => {
  it("sees the new parameters: s(0) stays exactly 0 and results equal a fresh model's", () => {
    const spec = { kind: "miann" as const, inputDim: 3, hidden: [5, 4] };
    const layout = parameterLayout(3, spec.hidden);
    const scaling = { strainScale: [0.1, 0.2, 0.3], stressScale: 50 };
    const model = new NetworkModel(spec, randomParams(layout, 8, { convex: true }), scaling);
    const x = randomPoints(4, 3, 1, 0.1);
    const first = new Float64Array(12);
    model.evaluate(x, 4, { stress: first });
    for (let i = 0; i < model.params.length; i++) model.params[i] += 0.01 * Math.sin(i);
    const stress = new Float64Array(12);
    const energy = new Float64Array(4);
    model.evaluate(x, 4, { stress, energy });
    const fresh = new NetworkModel(spec, Float64Array.from(model.params), scaling);
    const s2 = new Float64Array(12);
    const w2 = new Float64Array(4);
    fresh.evaluate(x, 4, { stress: s2, energy: w2 });
    expect(Array.from(stress)).toEqual(Array.from(s2));
    expect(Array.from(energy)).toEqual(Array.from(w2));
    expect(Array.from(stress)).not.toEqual(Array.from(first));
    const s0 = new Float64Array(3);
    model.evaluate(new Float64Array(3), 1, { stress: s0 });
    expect(Array.from(s0)).toEqual([0, 0, 0]);
  });
});

describe("NetworkModel masked loss in physical units", () => {
  it("equals the σ-normalised Σ w e² / Σ w from evaluate(), unknown (NaN) entries unread, FD gradient", () => {
    const d = 3;
    const spec = { kind: "miann" as const, inputDim: d, hidden: [5, 4] };
    const layout = parameterLayout(d, spec.hidden);
    const scaling = { strainScale: [0.02, 0.05, 0.03], stressScale: 800 };
    const model = new NetworkModel(spec, randomParams(layout, 8, { convex: true }), scaling);
    const n = 7;
    const x = randomPoints(n, d, 3, 1).map((v, i) => v * scaling.strainScale[i % d]);
    const t = randomPoints(n, d, 4, 500);
    const mask = Uint8Array.from({ length: n * d }, (_, i) => (i % 4 === 1 ? 0 : 1));
    const tNaN = t.map((v, i) => (mask[i] ? v : Number.NaN));
    const sigma = Float64Array.of(300, 200, 100);
    const s = new Float64Array(n * d);
    model.evaluate(x, n, { stress: s });
    let sum = 0;
    let w = 0;
    for (let i = 0; i < n * d; i++) {
      if (!mask[i]) continue;
      sum += ((s[i] - t[i]) / sigma[i % d]) ** 2;
      w++;
    }
    const grad = new Float64Array(layout.size);
    const loss = model.lossAndGradient(x, tNaN, n, sigma, grad, mask);
    expect(relativeError([loss], [sum / w])).toBeLessThan(1e-12);
    const p = model.params;
    const scratch = new Float64Array(layout.size);
    for (const i of [
      layout.W1,
      layout.b1 + 1,
      layout.layers[0].Q + 2,
      layout.qOut,
      layout.A + 4,
      layout.alpha,
      layout.beta,
    ]) {
      const v = p[i];
      const h = 1e-6 * Math.max(1, Math.abs(v));
      p[i] = v + h;
      const lp = model.lossAndGradient(x, tNaN, n, sigma, scratch, mask);
      p[i] = v - h;
      const lm = model.lossAndGradient(x, tNaN, n, sigma, scratch, mask);
      p[i] = v;
      expect(Math.abs(grad[i] - (lp - lm) / (2 * h))).toBeLessThan(1e-5 * Math.max(1, Math.abs(grad[i])));
    }
  });
});
