/**
 * The messages between the playground page (page.ts, the browser's main thread) and its training
 * worker (worker.ts). Types only: the page imports nothing else from the library, so everything
 * that computes runs in the worker, where the kernels may block.
 */

/** A data set the page offers without a file. */
export interface BuiltinDataset {
  id: string;
  label: string;
  /** the CLI command that writes the same rows to data.csv */
  command: string;
}

/**
 * What the page asks the worker to train, as `miann train` options: a field left undefined is an
 * option not given (the trainer's default for these data, as in the CLI).
 */
export interface TrainRequest {
  kind: "miann" | "potential" | "regression" | "polyconvex";
  hidden: number[];
  epochs?: number;
  seed: number;
  lr?: number;
  batch?: number;
}

export type ToWorker =
  | { type: "builtin"; id: string }
  | { type: "file"; name: string; text: string }
  | { type: "train"; request: TrainRequest }
  | { type: "stop" }
  | { type: "evaluate"; strain: number[] };

export interface DatasetSummary {
  name: string;
  rows: number;
  dim: number;
  strainNames: string[];
  stressNames: string[];
}

/** One figure as rendered for the page: the report's Vega-Lite spec, drawn to SVG in the worker. */
export interface RenderedFigure {
  id: string;
  title: string;
  caption: string;
  svg: string;
}

export interface TrainOutcome {
  /** the summary line: epochs, seconds, why it stopped, which epoch was kept */
  summary: string;
  /** the metrics table (HTML, the report's) */
  metricsHtml: string;
  /** the guarantees table (HTML, the report's) */
  guaranteesHtml: string;
  /** test (or validation) RMSE/σ per stress component, in % */
  testRelRmse: number[];
  figures: RenderedFigure[];
  /** files to download */
  modelFile: string;
  reportHtml: string;
  /** C99 source and header, or why there are none (a regression model has no potential) */
  cSource?: string;
  cHeader?: string;
  cRefused?: string;
  warnings: string[];
  params: number[];
}

export type FromWorker =
  | { type: "ready"; builtins: BuiltinDataset[] }
  | { type: "dataset"; summary: DatasetSummary }
  | { type: "data-error"; message: string }
  | {
      type: "progress";
      epoch: number;
      epochs: number;
      phase: string;
      train: number;
      val?: number;
      seconds: number;
      /** validation RMSE/σ per component (%), now and then */
      relRmse?: number[];
    }
  | { type: "stage"; message: string }
  | { type: "trained"; outcome: TrainOutcome }
  | { type: "train-error"; message: string }
  | { type: "evaluated"; strain: number[]; stress: number[] }
  | { type: "evaluate-error"; message: string };
