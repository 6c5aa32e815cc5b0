/**
 * End-to-end training speed (part of `npm run bench`): the demo's setting — miann 16-16-8 on
 * 5,000 fabric samples, Adam mini-batches then L-BFGS, a fixed epoch budget with early stopping
 * off — once on the TypeScript reference kernels and once on the WebAssembly kernels, same seed.
 * Wall seconds of the whole train() call (splits, optimiser, validation, metrics included).
 */
import type { NetworkKernels } from "../src/core/kernels.js";
import { generateDataset } from "../src/data/generate.js";
import { createKernels } from "../src/kernels/index.js";
import { createModel } from "../src/model/create.js";
import { NetworkModel } from "../src/model/network-model.js";
import { scalingFromData } from "../src/model/scaling.js";
import { train } from "../src/train/trainer.js";

export interface TrainingBench {
  backend: string;
  threads: number;
  seconds: number;
  epochs: number;
  trainLoss: number;
}

export function benchTraining(epochs: number, threads: number[]): TrainingBench[] {
  const data = generateDataset({ material: "fabric", samples: 5000, seed: 1 });
  const scaling = scalingFromData(data.strain, data.stress, data.n, data.dim);
  const out: TrainingBench[] = [];
  const cases: { backend: "reference" | "wasm"; threads: number }[] = [
    { backend: "reference", threads: 1 },
    ...threads.map((t) => ({ backend: "wasm" as const, threads: t })),
  ];
  for (const c of cases) {
    const model = createModel(
      { kind: "miann", inputDim: data.dim, hidden: [16, 16, 8] },
      { seed: 1, scaling },
    );
    let kernels: (NetworkKernels & { dispose(): void }) | undefined;
    if (model instanceof NetworkModel) {
      kernels = createKernels(model.layout, { convex: true, backend: c.backend, threads: c.threads });
      model.setKernels(kernels);
    }
    const t0 = performance.now();
    const r = train(model, data, {
      epochs,
      seed: 1,
      patience: epochs + 1,
      optimizer: "adam+lbfgs",
      adamFraction: 0.75,
      batch: 64,
    });
    const seconds = (performance.now() - t0) / 1e3;
    kernels?.dispose();
    const last = r.record.history[r.record.history.length - 1];
    out.push({
      backend: c.backend,
      threads: c.threads,
      seconds,
      epochs: r.epochs,
      trainLoss: last?.train ?? Number.NaN,
    });
  }
  return out;
}
