import { afterAll, describe, expect, it } from "vitest";
import {
  createWasmRegressionKernels,
  type DisposableRegressionKernels,
} from "../../src/kernels/regression-kernels.js";
import { createRegressionModel, type RegressionModel } from "../../src/model/regression.js";
import { Random } from "../../src/util/random.js";

// The masked loss of the regression baseline (unknown stress components, docs/theory.md, section
// "Unknown stress components"): L = Σ w ((s − t)/σ)² / Σ w. Pinned against an independent sum over
// the model's own stress, finite differences on every parameter group, the unmasked loss for an
// all-ones mask, and the WebAssembly kernel against the TypeScript reference.

const spec = { kind: "regression" as const, inputDim: 3, hidden: [5, 4] };
const scaling = { strainScale: [0.1, 0.2, 0.05], stressScale: 300 };

function model(seed: number): RegressionModel {
  const m = createRegressionModel(spec, undefined, scaling, seed) as RegressionModel;
  const rng = new Random(seed + 17);
  for (let i = 0; i < m.params.length; i++) m.params[i] += rng.range(-0.3, 0.3);
  return m;
}

/** n rows, a mask with about a third unknown (unknown targets NaN) */
function maskedSample(n: number, seed: number) {
  const rng = new Random(seed);
  const x = new Float64Array(n * 3).map(() => rng.range(-0.1, 0.1));
  const y = new Float64Array(n * 3).map(() => rng.range(-500, 500));
  const mask = new Uint8Array(n * 3).map(() => (rng.uniform() < 0.35 ? 0 : 1));
  mask[0] = 1;
  for (let i = 0; i < y.length; i++) if (mask[i] === 0) y[i] = Number.NaN;
  return { x, y, mask };
}

const groups = (): [string, number, number][] => {
  const widths = [3, 5, 4, 3];
  const out: [string, number, number][] = [];
  let off = 0;
  for (let l = 1; l < widths.length; l++) {
    out.push([`W${l}`, off, widths[l] * widths[l - 1]]);
    off += widths[l] * widths[l - 1];
    out.push([`b${l}`, off, widths[l]]);
    off += widths[l];
  }
  return out;
};

const created: DisposableRegressionKernels[] = [];
afterAll(() => {
  for (const k of created) k.dispose();
});

describe("masked loss of the regression baseline", () => {
  it("is the mean of the σ-normalised squares over the known entries only", () => {
    const m = model(2);
    const { x, y, mask } = maskedSample(9, 4);
    const sigma = Float64Array.of(120, 80, 40);
    const s = new Float64Array(27);
    m.evaluate(x, 9, { stress: s });
    let sum = 0;
    let count = 0;
    for (let i = 0; i < 27; i++) {
      if (mask[i] === 0) continue;
      sum += ((s[i] - y[i]) / sigma[i % 3]) ** 2;
      count++;
    }
    const loss = m.lossAndGradient(x, y, 9, sigma, new Float64Array(m.params.length), mask);
    expect(Number.isFinite(loss)).toBe(true);
    expect(Math.abs(loss - sum / count)).toBeLessThan(1e-13 * (sum / count));
  });

  it("gradient equals central finite differences on every parameter group (W1, b1, ..., b3)", () => {
    const m = model(7);
    const { x, y, mask } = maskedSample(7, 11);
    const sigma = Float64Array.of(120, 80, 40);
    const g = new Float64Array(m.params.length);
    const scratch = new Float64Array(m.params.length);
    m.lossAndGradient(x, y, 7, sigma, g, mask);
    for (const [name, start, count] of groups()) {
      for (let i = start; i < start + count; i++) {
        const p0 = m.params[i];
        const h = 1e-6 * Math.max(1, Math.abs(p0));
        m.params[i] = p0 + h;
        const fp = m.lossAndGradient(x, y, 7, sigma, scratch, mask);
        m.params[i] = p0 - h;
        const fm = m.lossAndGradient(x, y, 7, sigma, scratch, mask);
        m.params[i] = p0;
        const fd = (fp - fm) / (2 * h);
        expect(Math.abs(g[i] - fd), `${name}[${i - start}]`).toBeLessThan(1e-6 * Math.max(1, Math.abs(fd)));
      }
    }
  });

  it("an all-ones mask gives the unmasked loss and gradient bit for bit; Σw = 0 gives 0", () => {
    const m = model(3);
    const { x, y } = maskedSample(70, 5);
    for (let i = 0; i < y.length; i++) if (Number.isNaN(y[i])) y[i] = 1.5;
    const sigma = Float64Array.of(1, 2, 3);
    const g1 = new Float64Array(m.params.length);
    const g2 = new Float64Array(m.params.length);
    const l1 = m.lossAndGradient(x, y, 70, sigma, g1);
    const l2 = m.lossAndGradient(x, y, 70, sigma, g2, new Uint8Array(210).fill(1));
    expect(l2).toBe(l1);
    expect(Array.from(g2)).toEqual(Array.from(g1));
    const g3 = new Float64Array(m.params.length).fill(5);
    expect(m.lossAndGradient(x, y, 70, sigma, g3, new Uint8Array(210))).toBe(0);
    expect(g3.every((v) => v === 0)).toBe(true);
  });

  it("a masked entry's target is never read: any value there gives the same bits", () => {
    const m = model(4);
    const { x, y, mask } = maskedSample(20, 8);
    const sigma = Float64Array.of(1, 2, 3);
    const g1 = new Float64Array(m.params.length);
    const g2 = new Float64Array(m.params.length);
    const l1 = m.lossAndGradient(x, y, 20, sigma, g1, mask);
    const y2 = y.map((v, i) => (mask[i] === 0 ? 1e300 : v));
    const l2 = m.lossAndGradient(x, y2, 20, sigma, g2, mask);
    expect(l2).toBe(l1);
    expect(Array.from(g2)).toEqual(Array.from(g1));
  });

  it("WebAssembly kernel = reference on masked batches (1e-12), 1 and 2 threads, finite targets under the mask too", () => {
    const m = model(5);
    for (const threads of [1, 2]) {
      const fast = createWasmRegressionKernels(spec, scaling, { threads, parallelThreshold: 0 });
      created.push(fast);
      for (const n of [1, 3, 37, 301]) {
        const { x, y, mask } = maskedSample(n, 40 + n);
        const sigma = Float64Array.of(100, 90, 50);
        const g1 = new Float64Array(m.params.length);
        const g2 = new Float64Array(m.params.length);
        const l1 = m.lossAndGradient(x, y, n, sigma, g1, mask);
        const l2 = fast.lossAndGradient(m.params, x, y, n, sigma, g2, mask);
        expect(Math.abs(l2 - l1) / l1, `n=${n} loss`).toBeLessThanOrEqual(1e-12);
        let scale = 0;
        for (const v of g1) scale = Math.max(scale, Math.abs(v));
        for (let i = 0; i < g1.length; i++)
          expect(Math.abs(g2[i] - g1[i])).toBeLessThanOrEqual(1e-11 * scale);
        // finite numbers under the mask: same result
        const yFinite = y.map((v, i) => (mask[i] === 0 ? 7 : v));
        const g3 = new Float64Array(m.params.length);
        expect(fast.lossAndGradient(m.params, x, yFinite, n, sigma, g3, mask)).toBe(l2);
        expect(Array.from(g3)).toEqual(Array.from(g2));
      }
      const g0 = new Float64Array(m.params.length).fill(1);
      const { x, y } = maskedSample(5, 1);
      expect(fast.lossAndGradient(m.params, x, y, 5, Float64Array.of(1, 1, 1), g0, new Uint8Array(15))).toBe(
        0,
      );
      expect(g0.every((v) => v === 0)).toBe(true);
    }
  });
});
