/**
 * The playground's training worker: reads data (built-in or a dropped file's text, through the
 * same readers as the CLI), trains on the WebAssembly kernels on this one thread (a worker may
 * block; the page's main thread may not), and renders the report's figures, the model file, the C
 * export and the HTML report. Bundled by scripts/build-playground.mjs into dist/playground.html.
 */

import type { Dataset } from "../data/dataset.js";
import { parseDataset } from "../data/dataset-text.js";
import { generateDataset, voigtNames } from "../data/generate.js";
import { exportableFromModelFile } from "../export/exportable.js";
import { generateExport } from "../export/generate-export.js";
import { attachFastKernels } from "../kernels/attach.js";
import { createModel } from "../model/create.js";
import { modelToFile, serializeModelFile } from "../model/file-format.js";
import { scalingFromData } from "../model/scaling.js";
import type { Model } from "../model/types.js";
import { buildReport } from "../report/build.js";
import { guaranteesTable, runGuaranteeChecks } from "../report/guarantees.js";
import { metricsTable } from "../report/summary.js";
import { splitMetrics } from "../train/metrics.js";
import { columnStd, gatherRows, splitIndices } from "../train/split.js";
import { type TrainOptions, trainAsync } from "../train/trainer.js";
import { UserError } from "../util/errors.js";
import { sha256Text } from "../util/sha256.js";
import type { BuiltinDataset, FromWorker, ToWorker, TrainOutcome, TrainRequest } from "./protocol.js";

/** the part of a dedicated worker's global scope used here (the project compiles without DOM types) */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  onmessage: ((event: { data: ToWorker }) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;
const post = (message: FromWorker): void => scope.postMessage(message);

/** the file name the model is saved under (and the reports and exports name) */
const MODEL_NAME = "model.json";
const VAL = 0.15;
const TEST = 0.15;

const BUILTINS: (BuiltinDataset & { make: () => Dataset })[] = [
  {
    id: "fabric",
    label: "Woven fabric membrane (the demo's data: 5000 strain–stress pairs)",
    command: "miann data generate -o data.csv",
    make: () => generateDataset(),
  },
];

let data: { set: Dataset; file: string } | undefined;
let trained: Model | undefined;
let stop = { aborted: false };
let busy = false;

function message(err: unknown): string {
  if (err instanceof UserError) return err.message;
  return `internal error: ${err instanceof Error ? err.message : String(err)}`;
}

function loaded(set: Dataset, file: string): void {
  data = { set, file };
  trained = undefined;
  const names = set.names ?? { strain: voigtNames(set.dim).strain, stress: voigtNames(set.dim).stress };
  post({
    type: "dataset",
    summary: { name: file, rows: set.n, dim: set.dim, strainNames: names.strain, stressNames: names.stress },
  });
}

/** the trainer's options exactly as `miann train <file> --threads 1` builds them from these settings */
export function trainOptions(request: TrainRequest, set: Dataset, file: string): TrainOptions {
  return {
    optimizer: "adam+lbfgs",
    epochs: request.epochs,
    lr: request.lr,
    batch: request.batch,
    seed: request.seed,
    val: VAL,
    test: TEST,
    threads: 1,
    dataInfo: { file, rows: set.n, source: set.source, material: set.material },
  };
}

async function train(request: TrainRequest): Promise<void> {
  if (!data) throw new UserError("choose a data set first");
  const { set, file } = data;
  const d = set.dim;
  const scaling = scalingFromData(set.strain, set.stress, set.n, d);
  const model = createModel(
    { kind: request.kind, inputDim: d, hidden: request.hidden },
    { seed: request.seed, scaling },
  );
  const release = attachFastKernels(model, { threads: 1 });
  try {
    const options = trainOptions(request, set, file);
    // the validation rows of the trainer's split, for the live per-component errors
    const split = splitIndices(set.n, { val: VAL, test: TEST, seed: request.seed });
    const trY = gatherRows(set.stress, d, split.train);
    const sigma = columnStd(trY, split.train.length, d);
    const vaX = gatherRows(set.strain, d, split.val);
    const vaY = gatherRows(set.stress, d, split.val);
    let lastPost = 0;
    let lastMetrics = 0;
    options.onProgress = (p) => {
      const now = performance.now();
      const last = p.epoch === p.epochs - 1;
      if (now - lastPost < 100 && !last) return;
      lastPost = now;
      let relRmse: number[] | undefined;
      if ((now - lastMetrics > 400 || last) && split.val.length > 0) {
        lastMetrics = now;
        relRmse = splitMetrics(model, vaX, vaY, split.val.length, sigma).relRmse.map((v) => 100 * v);
      }
      post({ type: "progress", ...p, relRmse });
    };
    stop = { aborted: false };
    const result = await trainAsync(model, set, options, stop);
    post({ type: "stage", message: "checking the guarantees and drawing the figures" });
    const file0 = modelToFile(model, { name: MODEL_NAME, training: result.record });
    const modelText = serializeModelFile(file0);
    const models = [{ model, file: file0, path: MODEL_NAME }];
    const guarantees = runGuaranteeChecks(models, set);
    const report = await buildReport({ models, data: set, guarantees });
    const names = set.names?.stress ?? voigtNames(d).stress;
    const test = result.metrics.test ?? result.metrics.val ?? result.metrics.train;
    const outcome: TrainOutcome = {
      summary:
        `${model.name} (${model.params.length} parameters): ${result.epochs} epochs in ${result.seconds.toFixed(1)} s, ` +
        `${result.stopped === "interrupted" ? "stopped" : result.stopped}; kept the parameters of epoch ${result.bestEpoch} ` +
        `(best ${result.metrics.val ? "validation" : "training"} loss)`,
      metricsHtml: metricsTable(models, ["this model"], names) ?? "",
      guaranteesHtml: guaranteesTable(guarantees, ["this model"]),
      testRelRmse: test.relRmse.map((v) => 100 * v),
      figures: report.figures.map(({ figure, svg }) => ({
        id: figure.id,
        title: figure.title,
        caption: figure.caption,
        svg,
      })),
      modelFile: modelText,
      reportHtml: report.html,
      warnings: result.events.filter((e) => e.startsWith("warning: ")).map((e) => e.slice(9)),
      params: Array.from(model.params),
    };
    try {
      const exportable = exportableFromModelFile(file0, sha256Text(modelText), MODEL_NAME);
      const [source, header] = generateExport(exportable, "c", "material.c");
      outcome.cSource = source.text;
      outcome.cHeader = header.text;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      outcome.cRefused = err.message;
    }
    trained = model;
    post({ type: "trained", outcome });
  } finally {
    release();
  }
}

function evaluate(strain: number[]): void {
  if (!trained) throw new UserError("train a model first");
  const d = trained.dim;
  if (strain.length !== d || !strain.every(Number.isFinite)) {
    throw new UserError(`expected ${d} finite strain components`);
  }
  const stress = new Float64Array(d);
  trained.evaluate(Float64Array.from(strain), 1, { stress });
  post({ type: "evaluated", strain, stress: Array.from(stress) });
}

scope.onmessage = (event) => {
  const m = event.data;
  if (m.type === "stop") {
    stop.aborted = true;
    return;
  }
  if (m.type === "evaluate") {
    try {
      evaluate(m.strain);
    } catch (err) {
      post({ type: "evaluate-error", message: message(err) });
    }
    return;
  }
  if (busy) return;
  if (m.type === "builtin") {
    const b = BUILTINS.find((x) => x.id === m.id);
    if (b) loaded(b.make(), "data.csv");
  } else if (m.type === "file") {
    try {
      loaded(parseDataset(m.name, m.text), m.name);
    } catch (err) {
      data = undefined;
      trained = undefined;
      post({ type: "data-error", message: message(err) });
    }
  } else if (m.type === "train") {
    busy = true;
    train(m.request)
      .catch((err) => post({ type: "train-error", message: message(err) }))
      .finally(() => {
        busy = false;
      });
  }
};

post({ type: "ready", builtins: BUILTINS.map(({ id, label, command }) => ({ id, label, command })) });
