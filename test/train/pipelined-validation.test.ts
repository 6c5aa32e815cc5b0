import { afterAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/data/generate.js";
import { attachFastKernels } from "../../src/kernels/attach.js";
import { createModel } from "../../src/model/create.js";
import { familyOf } from "../../src/model/families/index.js";
import type { Model } from "../../src/model/types.js";
import { checkpointToJson, parseCheckpoint } from "../../src/train/checkpoint.js";
import { type TrainOptions, type TrainResult, train } from "../../src/train/trainer.js";

// On two threads the trainer validates a mini-batch epoch on the worker while the next epoch trains
// (Model.evaluateStressLater), and does that epoch's bookkeeping when it collects the result. A run
// must be the same, bit for bit and event for event, as one that validates on the spot (one thread).

const data = generateDataset({ samples: 600 });
const spec = { kind: "miann" as const, inputDim: 3, hidden: [8, 8] };
const releases: (() => void)[] = [];
afterAll(() => {
  for (const r of releases) r();
});

/** a model on the WebAssembly kernels; on 2 threads its worker has booted, and collected validations are counted */
async function modelOn(threads: number): Promise<{ model: Model; pipelined: () => number }> {
  const scaling = familyOf("miann").scalingFromData(spec, data.strain, data.stress, data.n, data.mask);
  const model = createModel(spec, { seed: 1, scaling });
  releases.push(attachFastKernels(model, { threads }));
  const later = model.evaluateStressLater?.bind(model);
  let started = 0;
  if (threads > 1 && later) {
    // the first call starts the workers; wait until one is served on the other thread
    const probe = new Float64Array(3 * 4);
    for (let i = 0; i < 400; i++) {
      const finish = later(data.strain, 4, probe);
      if (finish) {
        finish();
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    model.evaluateStressLater = (strain, n, stress) => {
      const finish = later(strain, n, stress);
      if (finish) started++;
      return finish;
    };
  }
  return { model, pipelined: () => started };
}

function sameRun(a: TrainResult, b: TrainResult): void {
  expect(b.record.history).toEqual(a.record.history);
  expect(b.events).toEqual(a.events);
  expect(b.stopped).toBe(a.stopped);
  expect(b.epochs).toBe(a.epochs);
  expect(b.bestEpoch).toBe(a.bestEpoch);
  expect(b.metrics).toEqual(a.metrics);
}

describe("validation on the worker thread during the next epoch", () => {
  it("gives the same parameters, history, events and metrics as validating on the spot", async () => {
    const options: TrainOptions = { epochs: 40, batch: 48, seed: 2, threads: 2 };
    const one = await modelOn(1);
    const two = await modelOn(2);
    const progress: number[] = [];
    const a = train(one.model, data, { ...options, threads: 1 });
    const b = train(two.model, data, { ...options, onProgress: (p) => progress.push(p.epoch) });
    expect(two.pipelined()).toBeGreaterThan(30);
    expect(one.pipelined()).toBe(0);
    expect(Array.from(two.model.params)).toEqual(Array.from(one.model.params));
    sameRun(a, b);
    // every epoch reported once, in order
    expect(progress).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("stops early at the same epoch, with the same note", async () => {
    const options: TrainOptions = { epochs: 200, batch: 48, seed: 3, lr: 0.05, patience: 3 };
    const one = await modelOn(1);
    const two = await modelOn(2);
    const a = train(one.model, data, { ...options, threads: 1 });
    const b = train(two.model, data, { ...options, threads: 2 });
    expect(a.stopped).toBe("early-stop");
    expect(two.pipelined()).toBeGreaterThan(3);
    expect(Array.from(two.model.params)).toEqual(Array.from(one.model.params));
    sameRun(a, b);
  });

  it("writes the same checkpoints, and a run resumed from one ends the same", async () => {
    const saved = (into: Map<number, string>): TrainOptions => ({
      epochs: 30,
      batch: 48,
      checkpointEvery: 10,
      onCheckpoint: (ck) => into.set(ck.epoch, checkpointToJson(ck)),
    });
    const ckOne = new Map<number, string>();
    const ckTwo = new Map<number, string>();
    const one = await modelOn(1);
    const two = await modelOn(2);
    const a = train(one.model, data, { ...saved(ckOne), threads: 1 });
    const b = train(two.model, data, { ...saved(ckTwo), threads: 2 });
    expect(two.pipelined()).toBeGreaterThan(20);
    expect([...ckTwo.keys()]).toEqual([10, 20]);
    // the checkpoints differ only in the thread count of their settings
    const strip = (t: string) => t.replace(/"threads":\d+/g, "");
    expect(strip(ckTwo.get(20)!)).toBe(strip(ckOne.get(20)!));
    sameRun(a, b);
    const resumed = await modelOn(2);
    const c = train(resumed.model, data, {
      epochs: 30,
      batch: 48,
      threads: 2,
      resume: parseCheckpoint(ckTwo.get(10)!, "ck.json"),
    });
    expect(Array.from(resumed.model.params)).toEqual(Array.from(two.model.params));
    expect(c.metrics).toEqual(b.metrics);
  });
});
