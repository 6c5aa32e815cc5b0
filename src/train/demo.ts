import { join } from "node:path";
import { symmetricEigenvalues } from "../core/eigen.js";
import { writeCsv } from "../data/csv.js";
import type { Dataset } from "../data/dataset.js";
import { generateDataset } from "../data/generate.js";
import { checkGuarantees, type GuaranteeReport } from "../model/checks.js";
import { createModel } from "../model/create.js";
import { modelToFile } from "../model/file-format.js";
import { saveModel } from "../model/save-model.js";
import { scalingFromData } from "../model/scaling.js";
import type { Model, ModelKind } from "../model/types.js";
import { ADAM_BETA2, type TrainOptions, type TrainResult, train } from "./trainer.js";

/**
 * The demo of the paper's comparison (issue 4): the default woven-fabric data, three models
 * trained by the same trainer with the same budget, and for each the numbers that tell them
 * apart — test error, error on a band of larger strains than any seen in training
 * (extrapolation), |s(0)|, the smallest tangent eigenvalue over a wide grid, and the guarantees
 * C1–C4 of docs/theory.md, section "The guarantees and how check tests them" as checked by checkGuarantees.
 */

export interface DemoOptions {
  /** output folder; default "miann-demo" */
  dir?: string;
  samples?: number;
  seed?: number;
  /** fewer samples and epochs: a smoke run of a few seconds */
  quick?: boolean;
  /** epochs per model; default 400 (quick: 60) */
  epochs?: number;
  /** mini-batch size for Adam */
  batch?: number;
  threads?: number;
  /** model kinds to train, in order; default all three */
  kinds?: ModelKind[];
  /** attaches fast kernels to a model; returns a release function */
  attachKernels?: (model: Model) => () => void;
  onModelStart?: (kind: ModelKind) => TrainOptions["onProgress"] | undefined;
  onEvent?: (kind: ModelKind, message: string) => void;
}

export interface DemoModelResult {
  kind: ModelKind;
  model: Model;
  file: string;
  training: TrainResult;
  /** RMSE/σ per component on the test split */
  test: number[];
  /** RMSE/σ per component (σ of the training split) on the extrapolation band */
  extrapolation: number[];
  /** |s(0)| (Euclidean norm, data units) */
  stressAtZero: number;
  /** smallest eigenvalue of the symmetric part of the tangent over the wide grid */
  minTangentEigenvalue: number;
  /** largest |C − Cᵀ| / |C| over the wide grid */
  asymmetry: number;
  guarantees: GuaranteeReport;
}

export interface DemoResult {
  dir: string;
  data: Dataset;
  extrapolationData: Dataset;
  /** the strain amplitude band of the training data and of the extrapolation data */
  bands: { train: [number, number]; extrapolation: [number, number] };
  /** half-width of the wide grid per strain component */
  gridRange: number[];
  models: DemoModelResult[];
  files: string[];
  seconds: number;
}

/** The training data's amplitude band and the larger one held out for extrapolation. */
export const DEMO_BANDS = {
  train: [0, 0.1] as [number, number],
  extrapolation: [0.1, 0.13] as [number, number],
};

export function runDemo(options: DemoOptions = {}): DemoResult {
  const started = performance.now();
  const dir = options.dir ?? "miann-demo";
  const quick = options.quick ?? false;
  const samples = options.samples ?? (quick ? 1000 : 5000);
  const seed = options.seed ?? 1;
  const epochs = options.epochs ?? (quick ? 60 : 400);
  const kinds = options.kinds ?? ["miann", "potential", "regression"];
  const data = generateDataset({
    samples,
    seed,
    minStrain: DEMO_BANDS.train[0],
    maxStrain: DEMO_BANDS.train[1],
  });
  const extrapolationData = generateDataset({
    samples: Math.max(200, Math.round(samples / 5)),
    seed: seed + 1,
    paths: "random",
    minStrain: DEMO_BANDS.extrapolation[0],
    maxStrain: DEMO_BANDS.extrapolation[1],
  });
  const d = data.dim;
  const files: string[] = [];
  const names = data.names ?? defaultNames(d);
  const table = (ds: Dataset): Float64Array => {
    const v = new Float64Array(ds.n * 2 * d);
    for (let i = 0; i < ds.n; i++) {
      for (let k = 0; k < d; k++) {
        v[i * 2 * d + k] = ds.strain[i * d + k];
        v[i * 2 * d + d + k] = ds.stress[i * d + k];
      }
    }
    return v;
  };
  const dataFile = join(dir, "data.csv");
  writeCsv(dataFile, [...names.strain, ...names.stress], table(data), 2 * d);
  const extraFile = join(dir, "extrapolation.csv");
  writeCsv(extraFile, [...names.strain, ...names.stress], table(extrapolationData), 2 * d);
  files.push(dataFile, extraFile);

  const gridRange = new Array<number>(d).fill(0);
  for (let i = 0; i < data.n; i++) {
    for (let k = 0; k < d; k++) gridRange[k] = Math.max(gridRange[k], 3 * Math.abs(data.strain[i * d + k]));
  }
  const grid = wideGrid(gridRange, d <= 3 ? 11 : 5);
  const scaling = scalingFromData(data.strain, data.stress, data.n, d);
  const models: DemoModelResult[] = [];
  for (const kind of kinds) {
    const model = createModel({ kind, inputDim: d, hidden: [16, 16, 8] }, { seed, scaling });
    const release = options.attachKernels?.(model) ?? (() => {});
    try {
      // the demo's own recipe (its figures in the README were measured with it), not train's defaults
      const training = train(model, data, {
        epochs,
        seed,
        optimizer: "adam+lbfgs",
        adamFraction: 0.75,
        batch: options.batch ?? 64,
        adamBeta2: ADAM_BETA2,
        lrHold: 0,
        threads: options.threads,
        onProgress: options.onModelStart?.(kind),
        onEvent: (e) => options.onEvent?.(kind, e),
        dataInfo: { source: data.source, material: data.material, rows: data.n, generator: "demo" },
      });
      const file = join(dir, `${kind}.json`);
      saveModel(file, modelToFile(model, { name: `demo ${kind}`, training: training.record }));
      files.push(file);
      const s0 = new Float64Array(d);
      model.evaluate(new Float64Array(d), 1, { stress: s0 });
      const tangent = tangentStats(model, grid);
      models.push({
        kind,
        model,
        file,
        training,
        test: training.metrics.test?.relRmse ?? [],
        extrapolation: relativeRmse(model, extrapolationData, training.sigma),
        stressAtZero: Math.hypot(...s0),
        minTangentEigenvalue: tangent.minEigenvalue,
        asymmetry: tangent.asymmetry,
        guarantees: checkGuarantees(model, { points: data.strain, n: data.n, seed }),
      });
    } finally {
      release();
    }
  }
  return {
    dir,
    data,
    extrapolationData,
    bands: DEMO_BANDS,
    gridRange,
    models,
    files,
    seconds: (performance.now() - started) / 1000,
  };
}

function defaultNames(d: number): { strain: string[]; stress: string[] } {
  if (d === 3) return { strain: ["E11", "E22", "G12"], stress: ["S11", "S22", "S12"] };
  return {
    strain: Array.from({ length: d }, (_, k) => `x${k + 1}`),
    stress: Array.from({ length: d }, (_, k) => `s${k + 1}`),
  };
}

/** RMSE/σ_k of a model on a dataset */
export function relativeRmse(model: Model, ds: Dataset, sigma: Float64Array): number[] {
  const d = ds.dim;
  const pred = new Float64Array(ds.n * d);
  model.evaluate(ds.strain, ds.n, { stress: pred });
  const out: number[] = [];
  for (let k = 0; k < d; k++) {
    let s = 0;
    for (let i = 0; i < ds.n; i++) s += (pred[i * d + k] - ds.stress[i * d + k]) ** 2;
    out.push(Math.sqrt(s / Math.max(1, ds.n)) / sigma[k]);
  }
  return out;
}

/** a tensor grid of `per` points per component over [−r_k, r_k] */
export function wideGrid(range: number[], per: number): { x: Float64Array; n: number } {
  const d = range.length;
  const n = per ** d;
  const x = new Float64Array(n * d);
  for (let m = 0; m < n; m++) {
    let idx = m;
    for (let k = 0; k < d; k++) {
      const j = idx % per;
      idx = Math.floor(idx / per);
      x[m * d + k] = range[k] * (per === 1 ? 0 : -1 + (2 * j) / (per - 1));
    }
  }
  return { x, n };
}

/** smallest eigenvalue of the symmetric part of the tangent, and the largest relative asymmetry */
export function tangentStats(
  model: Model,
  grid: { x: Float64Array; n: number },
): {
  minEigenvalue: number;
  asymmetry: number;
} {
  const d = model.dim;
  const { x, n } = grid;
  const stress = new Float64Array(n * d);
  const tangent = new Float64Array(n * d * d);
  model.evaluate(x, n, { stress, tangent });
  const eig = new Float64Array(d);
  const work = new Float64Array(d * d);
  let minEigenvalue = Number.POSITIVE_INFINITY;
  let asymmetry = 0;
  for (let m = 0; m < n; m++) {
    const off = m * d * d;
    symmetricEigenvalues(tangent, d, eig, work, off);
    minEigenvalue = Math.min(minEigenvalue, eig[0]);
    let norm = 0;
    let skew = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        norm += tangent[off + i * d + j] ** 2;
        skew += (tangent[off + i * d + j] - tangent[off + j * d + i]) ** 2;
      }
    }
    if (norm > 0) asymmetry = Math.max(asymmetry, Math.sqrt(skew / 2 / norm));
  }
  return { minEigenvalue, asymmetry };
}
