import { describe, expect, it } from "vitest";
import { generateTestCurves } from "../../src/data/generate-test-curves.js";
import { testCurvesToDataset } from "../../src/data/test-curves.js";
import { createModel } from "../../src/model/create.js";
import { scalingFromData } from "../../src/model/scaling.js";
import { evaluateOnData } from "../../src/train/evaluate.js";
import { trainWithRestarts } from "../../src/train/restarts.js";
import { train } from "../../src/train/trainer.js";

// Training on test curves end to end (a MIANN, masked network kernels): every row trains by
// default, simple shear enters through its observation, restarts are deterministic and keep the
// lowest final training loss.

const { points } = generateTestCurves({
  material: "mooney-rivlin-membrane",
  tests: ["uniaxial", "equibiaxial", "pure-shear", "simple-shear"],
  points: 8,
  maxStretch: 1.6,
});
const data = testCurvesToDataset(points);
const make = (seed: number) =>
  createModel(
    { kind: "miann", inputDim: 3, hidden: [8, 8] },
    { seed, scaling: scalingFromData(data.strain, data.stress, data.n, 3, data.mask) },
  );

describe("training on test curves", () => {
  it("trains on every row by default, fits the simple-shear P12 through its observation", () => {
    const model = make(1);
    const before = evaluateOnData(model, data).tests!.find((t) => t.mode === "simple-shear")!;
    const r = train(model, data, { epochs: 300 });
    expect(r.split.train.length).toBe(data.n);
    expect(r.split.val.length + r.split.test.length).toBe(0);
    const after = evaluateOnData(model, data).tests!;
    const shear = after.find((t) => t.mode === "simple-shear")!;
    expect(shear.rmse).toBeLessThan(0.1 * before.rmse);
    // every mode learnt from its measured nominal stress (a small net, 300 epochs: not a fit study)
    for (const t of after) expect(t.r2, t.mode).toBeGreaterThan(0.9);
  });

  it("restarts: same options, same bits; the kept run has the lowest final training loss", async () => {
    const opts = { epochs: 60 };
    const a = await trainWithRestarts(make, data, opts, 3);
    const b = await trainWithRestarts(make, data, opts, 3);
    expect(Array.from(b.model.params)).toEqual(Array.from(a.model.params));
    expect(a.losses).toHaveLength(3);
    expect(a.result.trainLoss).toBe(Math.min(...a.losses));
    expect(a.seed).toBe(1 + a.losses.indexOf(Math.min(...a.losses)));
    // the three runs differ (different seeds)
    expect(new Set(a.losses).size).toBe(3);
  });
});
