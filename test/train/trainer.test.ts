import { describe, expect, it } from "vitest";
import { generateDataset } from "../../src/data/generate.js";
import { createModel } from "../../src/model/create.js";
import { scalingFromData } from "../../src/model/scaling.js";
import { checkpointToJson, parseCheckpoint, type TrainerCheckpoint } from "../../src/train/checkpoint.js";
import { gatherRows } from "../../src/train/split.js";
import { SMALL_DATA, type TrainOptions, train, trainAsync } from "../../src/train/trainer.js";
import { nanOnCall, toyDataset, toyModel } from "./helpers.js";

const data = toyDataset(300);

const fabricScaling = (d: ReturnType<typeof generateDataset>) =>
  scalingFromData(d.strain, d.stress, d.n, d.dim);

/** the σ-normalised validation loss of the model's current parameters, computed independently */
function valLoss(model: ReturnType<typeof toyModel>, rows: Uint32Array, sigma: Float64Array): number {
  const x = gatherRows(data.strain, 2, rows);
  const y = gatherRows(data.stress, 2, rows);
  const s = new Float64Array(rows.length * 2);
  model.evaluate(x, rows.length, { stress: s });
  let l = 0;
  for (let i = 0; i < s.length; i++) l += ((s[i] - y[i]) / sigma[i % 2]) ** 2;
  return l / s.length;
}

describe("trainer", () => {
  it("reduces the loss and keeps the best validation parameters", () => {
    const model = toyModel();
    const r = train(model, data, { optimizer: "adam", epochs: 300, lr: 0.01, batch: 0 });
    const h = r.record.history;
    expect(h.length).toBe(300);
    expect(h[h.length - 1].train).toBeLessThan(h[0].train / 20);
    const bestInHistory = Math.min(...h.map((e) => e.val ?? Number.POSITIVE_INFINITY));
    const kept = valLoss(model, r.split.val, r.sigma);
    expect(kept).toBeLessThanOrEqual(bestInHistory * (1 + 1e-12));
    // split sizes 70/15/15 and σ from the training rows only
    expect([r.split.train.length, r.split.val.length, r.split.test.length]).toEqual([210, 45, 45]);
    const y = gatherRows(data.stress, 2, r.split.train);
    let mean = 0;
    for (let i = 0; i < 210; i++) mean += y[2 * i] / 210;
    let v = 0;
    for (let i = 0; i < 210; i++) v += (y[2 * i] - mean) ** 2 / 210;
    expect(r.sigma[0]).toBeCloseTo(Math.sqrt(v), 12);
    // RMSE/σ and R² are consistent with each other on the training split
    const m = r.metrics.train;
    expect(m.relRmse[0]).toBeCloseTo(m.rmse[0] / r.sigma[0], 14);
    expect(m.r2[0]).toBeCloseTo(1 - m.relRmse[0] ** 2, 10);
  });

  it("adam+lbfgs polishes well below what Adam alone reaches in the same budget", () => {
    const a = train(toyModel(), data, { optimizer: "adam", epochs: 200, batch: 0 });
    const b = train(toyModel(), data, { optimizer: "adam+lbfgs", epochs: 200, batch: 0, adamFraction: 0.5 });
    expect(b.metrics.val!.relRmse[0]).toBeLessThan(a.metrics.val!.relRmse[0]);
    expect(Math.max(...b.metrics.test!.relRmse)).toBeLessThan(0.07);
  });

  it("same seed gives identical parameters and metrics, bit for bit", () => {
    const opts: TrainOptions = { optimizer: "adam+lbfgs", epochs: 60, batch: 64, seed: 9 };
    const m1 = toyModel();
    const m2 = toyModel();
    const r1 = train(m1, data, opts);
    const r2 = train(m2, data, opts);
    expect(m2.params).toEqual(m1.params);
    expect(r2.metrics).toEqual(r1.metrics);
  });

  for (const [label, opts, at] of [
    ["full batch, resumed in the Adam phase", { epochs: 80, adamFraction: 0.5, batch: 0 }, 20],
    ["full batch, resumed in the L-BFGS phase", { epochs: 80, adamFraction: 0.5, batch: 0 }, 60],
    [
      "mini-batches with a plateau schedule",
      { optimizer: "adam", schedule: "plateau", batch: 50, epochs: 40 },
      20,
    ],
    [
      "mini-batches, β₂ 0.98 and a held learning rate, resumed in the hold",
      { optimizer: "adam", batch: 50, epochs: 40, adamBeta2: 0.98, lrHold: 0.3 },
      10,
    ],
  ] as const) {
    it(`resume from a checkpoint equals an uninterrupted run bit for bit (${label})`, () => {
      const checkpoints = new Map<number, string>();
      const options: TrainOptions = {
        ...opts,
        checkpointEvery: 10,
        onCheckpoint: (ck) => checkpoints.set(ck.epoch, checkpointToJson(ck)),
      };
      const full = toyModel();
      const r1 = train(full, data, options);
      const text = checkpoints.get(at);
      expect(text).toBeDefined();
      const ck: TrainerCheckpoint = parseCheckpoint(text!, "ck.json");
      const resumed = toyModel(99); // different initial parameters: the checkpoint must overwrite them
      const r2 = train(resumed, data, { ...opts, resume: ck });
      expect(resumed.params).toEqual(full.params);
      expect(r2.metrics).toEqual(r1.metrics);
      expect(r2.bestEpoch).toBe(r1.bestEpoch);
    });
  }

  it("a miann model on SMALL_DATA rows gets the fast recipe's β₂ and hold; fewer rows and other kinds do not record them", () => {
    const fabric = generateDataset({ samples: SMALL_DATA });
    const miann = createModel(
      { kind: "miann", inputDim: 3, hidden: [4] },
      { seed: 1, scaling: fabricScaling(fabric) },
    );
    const r = train(miann, fabric, { epochs: 10 });
    expect(r.record.settings).toMatchObject({ optimizer: "adam", batch: 48, adamBeta2: 0.98, lrHold: 0.3 });
    // round(0.3 · 10) = 3 epochs at lr 0.02, then the cosine over the remaining 7 down to 2e-4
    const lr = r.record.history.map((h) => h.lr!);
    expect(lr.slice(0, 4)).toEqual([0.02, 0.02, 0.02, 0.02]);
    expect(lr[4]).toBeCloseTo(2e-4 + 0.5 * (0.02 - 2e-4) * (1 + Math.cos(Math.PI / 7)), 15);
    // (the keys stay out of the other recipes' settings, so their earlier checkpoints still resume)
    const fewer = generateDataset({ samples: SMALL_DATA - 1 });
    const tiny = createModel(
      { kind: "miann", inputDim: 3, hidden: [4] },
      { seed: 1, scaling: fabricScaling(fewer) },
    );
    for (const other of [train(toyModel(), data, { epochs: 5 }), train(tiny, fewer, { epochs: 2 })]) {
      expect(other.record.settings).not.toHaveProperty("adamBeta2");
      expect(other.record.settings).not.toHaveProperty("lrHold");
    }
    expect(() => train(toyModel(), data, { epochs: 5, adamBeta2: 1 })).toThrow(/β₂ must be in \(0, 1\)/);
    expect(() => train(toyModel(), data, { epochs: 5, lrHold: 1 })).toThrow(/hold must be in \[0, 1\)/);
  });

  it("an interrupted async run writes a checkpoint from which the run finishes identically", async () => {
    const opts: TrainOptions = { epochs: 60, batch: 100 };
    const full = toyModel();
    train(full, data, opts);
    let saved: string | undefined;
    const signal = { aborted: false };
    const part = toyModel();
    const r = await trainAsync(
      part,
      data,
      {
        ...opts,
        onProgress: (p) => {
          if (p.epoch === 26) signal.aborted = true; // epochs count from 1
        },
        onCheckpoint: (ck) => {
          saved = checkpointToJson(ck);
        },
      },
      signal,
    );
    expect(r.stopped).toBe("interrupted");
    expect(r.epochs).toBe(26);
    const resumed = toyModel();
    train(resumed, data, { ...opts, resume: parseCheckpoint(saved!, "ck") });
    expect(resumed.params).toEqual(full.params);
  });

  it("rolls back on one non-finite gradient entry under a finite loss, wherever it is", () => {
    const P = toyModel().params.length;
    for (const [entry, value] of [
      [0, Number.NaN],
      [1, Number.POSITIVE_INFINITY],
      [2, Number.NEGATIVE_INFINITY],
      [3, Number.NaN],
      [P - 2, Number.NaN],
      [P - 1, Number.POSITIVE_INFINITY],
    ] as const) {
      const model = nanOnCall(toyModel(), 7, { gradientEntry: entry, value });
      const events: string[] = [];
      train(model, data, { optimizer: "adam", epochs: 30, batch: 0, onEvent: (e) => events.push(e) });
      // caught at the call that made it (full batch: call 7 is epoch 6), not one step later
      expect(events.filter((e) => /non-finite/.test(e))).toEqual([
        "epoch 6: non-finite loss or gradient (Adam); restored the last good parameters, step halved",
      ]);
      for (const v of model.params) expect(Number.isFinite(v)).toBe(true);
    }
  });

  it("survives a NaN injected mid-training: rolls back, lowers the step, says so", () => {
    const model = nanOnCall(toyModel(), 41);
    const events: string[] = [];
    const r = train(model, data, {
      optimizer: "adam",
      epochs: 100,
      batch: 0,
      onEvent: (e) => events.push(e),
    });
    expect(model.calls).toBeGreaterThan(41);
    expect(events.some((e) => /non-finite/.test(e))).toBe(true);
    expect(r.stopped).toBe("completed");
    const h = r.record.history;
    expect(Number.isFinite(h[h.length - 1].train)).toBe(true);
    expect(h[h.length - 1].train).toBeLessThan(h[0].train / 5);
    for (const v of model.params) expect(Number.isFinite(v)).toBe(true);
    // the learning rate after the rollback is half the schedule's
    const after = h.find((e) => e.epoch === 60)!;
    const reference = train(toyModel(), data, {
      optimizer: "adam",
      epochs: 100,
      batch: 0,
    }).record.history.find((e) => e.epoch === 60)!;
    expect(after.lr).toBeCloseTo(reference.lr! / 2, 15);
  });

  it("rejects a checkpoint made with other settings and data of the wrong dimension", () => {
    let ck: TrainerCheckpoint | undefined;
    train(toyModel(), data, { epochs: 20, checkpointEvery: 10, onCheckpoint: (c) => (ck = c) });
    expect(() => train(toyModel(), data, { epochs: 30, resume: ck })).toThrow(/epochs = 20/);
    expect(() => train(toyModel(), { ...data, dim: 3 })).toThrow(/3 strain components/);
    const other = { ...data, stress: data.stress.map((v) => v * 1.01) };
    expect(() => train(toyModel(), other, { epochs: 20, resume: ck })).toThrow(
      /checkpoint was made on other data/,
    );
    expect(() => parseCheckpoint("{}", "x.json")).toThrow(/x.json: not a miann checkpoint/);
  });
});
