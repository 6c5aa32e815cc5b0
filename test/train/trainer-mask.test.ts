import { describe, expect, it } from "vitest";
import type { Dataset } from "../../src/data/dataset.js";
import { splitMetrics } from "../../src/train/metrics.js";
import { lossSigma } from "../../src/train/sigma.js";
import { train } from "../../src/train/trainer.js";
import { Random } from "../../src/util/random.js";
import { toyDataset, toyModel } from "./helpers.js";

// The trainer on data with unknown stress components: the mask reaches the loss (full batch and
// mini-batches), σ, validation and every metric, and an unknown target is never read.

function masked(n: number, seed: number, fill: number): Dataset {
  const ds = toyDataset(n, seed);
  const rng = new Random(seed + 1);
  const mask = new Uint8Array(n * 2).map(() => (rng.uniform() < 0.3 ? 0 : 1));
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) ds.stress[i] = fill;
  return { ...ds, mask };
}

describe("training with unknown stress components", () => {
  for (const batch of [0, 16]) {
    it(`${batch === 0 ? "full batch" : "mini-batches"}: the unknown targets are never read (NaN or 1e6 there: the same bits)`, () => {
      const opts = { epochs: 40, batch, seed: 3, val: 0.2, test: 0.2 };
      const a = toyModel(2);
      const ra = train(a, masked(120, 4, Number.NaN), opts);
      const b = toyModel(2);
      const rb = train(b, masked(120, 4, 1e6), opts);
      expect(Array.from(b.params)).toEqual(Array.from(a.params));
      const losses = (r: typeof ra) => r.record.history.map((e) => [e.train, e.val]);
      expect(losses(rb)).toEqual(losses(ra));
      expect(Number.isFinite(ra.metrics.test!.rmse[0])).toBe(true);
      // and the loss really learns from the known entries
      const h = ra.record.history;
      expect(h[h.length - 1].train).toBeLessThan(0.5 * h[0].train);
    });
  }

  it("σ and the metrics are those over the known entries, computed directly", () => {
    const ds = masked(200, 9, Number.NaN);
    const model = toyModel(5);
    const r = train(model, ds, { epochs: 20, seed: 1, val: 0.15, test: 0.15 });
    const tr = r.split.train;
    for (let k = 0; k < 2; k++) {
      const vals = Array.from(tr)
        .filter((m) => ds.mask![m * 2 + k] === 1)
        .map((m) => ds.stress[m * 2 + k]);
      const mean = vals.reduce((a, v) => a + v, 0) / vals.length;
      const sd = Math.sqrt(vals.reduce((a, v) => a + (v - mean) ** 2, 0) / vals.length);
      expect(r.sigma[k]).toBeCloseTo(sd, 10);
    }
    // test RMSE by hand over the known test entries
    const te = Array.from(r.split.test);
    const x = Float64Array.from(te.flatMap((m) => [ds.strain[2 * m], ds.strain[2 * m + 1]]));
    const pred = new Float64Array(te.length * 2);
    model.evaluate(x, te.length, { stress: pred });
    for (let k = 0; k < 2; k++) {
      let ss = 0;
      let c = 0;
      te.forEach((m, i) => {
        if (ds.mask![m * 2 + k] === 0) return;
        ss += (pred[i * 2 + k] - ds.stress[m * 2 + k]) ** 2;
        c++;
      });
      expect(r.metrics.test!.rmse[k]).toBeCloseTo(Math.sqrt(ss / c), 10);
    }
  });

  it("metrics of an all-ones mask equal the unmasked metrics", () => {
    const ds = toyDataset(50, 2);
    const model = toyModel(1);
    const sigma = Float64Array.of(10, 20);
    const a = splitMetrics(model, ds.strain, ds.stress, 50, sigma);
    const b = splitMetrics(model, ds.strain, ds.stress, 50, sigma, new Uint8Array(100).fill(1));
    expect(b).toEqual(a);
  });

  it("a constant stress column (all-zero, say) trains with the other column's σ; an unknown-only column is an error", () => {
    const ds = toyDataset(100, 3);
    for (let m = 0; m < 100; m++) ds.stress[m * 2 + 1] = 0;
    const r = train(toyModel(1), ds, { epochs: 10 });
    expect(r.sigma[1]).toBe(r.sigma[0]);
    expect(
      r.events.some((e) => /constant over the training rows: weighted by the other columns' σ/.test(e)),
    ).toBe(true);
    const mask = new Uint8Array(200).fill(1);
    for (let m = 0; m < 100; m++) mask[m * 2 + 1] = 0;
    expect(() => train(toyModel(1), { ...ds, mask }, { epochs: 5 })).toThrow(
      /has no known value in the training rows/,
    );
  });

  it("lossSigma: every column constant → the largest |t| (1 when all zero)", () => {
    expect(Array.from(lossSigma(Float64Array.of(3, -5, 3, -5), 2, 2).sigma)).toEqual([5, 5]);
    expect(Array.from(lossSigma(new Float64Array(4), 2, 2).sigma)).toEqual([1, 1]);
  });
});
