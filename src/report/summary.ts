import type { Model, SplitMetrics, TrainingRecord } from "../model/types.js";
import { formatNumber } from "./format.js";
import { type Cell, escapeHtml, htmlTable } from "./html.js";

/** The parts of a model file (src/model/file.ts) the report reads; all optional. */
export interface ReportModelFile {
  name?: string;
  kind?: string;
  training?: TrainingRecord;
}

/** A model as the report receives it: the live model, its file and where it was loaded from. */
export interface ReportModel {
  model: Model;
  file: ReportModelFile;
  path: string;
}

function seconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return "–";
  return s < 120 ? `${s.toFixed(1)} s` : `${(s / 60).toFixed(1)} min`;
}

function settingValue(v: unknown): string {
  if (typeof v === "number") return formatNumber(v);
  if (typeof v === "string" || typeof v === "boolean") return String(v);
  return JSON.stringify(v) ?? String(v);
}

/** The model table: one column per model, one row per property (architecture, scaling, training). */
export function modelTable(models: ReportModel[], labels: string[]): string {
  const get = (f: (m: ReportModel) => string): Cell[] => models.map(f);
  const last = (m: ReportModel) => m.file.training?.history.at(-1);
  const rows: [string, Cell[]][] = [
    ["file", get((m) => m.path)],
    ["kind", get((m) => m.model.spec.kind)],
    [
      "architecture",
      get(
        (m) =>
          `${m.model.spec.inputDim} → ${m.model.spec.hidden.join("–")} → ${m.model.spec.kind === "regression" ? m.model.spec.inputDim : 1}`,
      ),
    ],
    ["parameters", get((m) => String(m.model.params.length))],
    ["strain scale D", get((m) => m.model.scaling.strainScale.map(formatNumber).join(", "))],
    ["stress scale κ", get((m) => formatNumber(m.model.scaling.stressScale))],
    // recorded only by files of earlier versions (run times are kept out of model files now)
    ...(models.some((m) => m.file.training?.seconds !== undefined)
      ? ([["training time", get((m) => seconds(m.file.training?.seconds))]] as [string, Cell[]][])
      : []),
    ["epochs", get((m) => (last(m) ? String(last(m)!.epoch) : "–"))],
    [
      "best epoch",
      get((m) => (m.file.training?.bestEpoch !== undefined ? String(m.file.training.bestEpoch) : "–")),
    ],
    ["final training loss", get((m) => (last(m) ? formatNumber(last(m)!.train) : "–"))],
    ["final validation loss", get((m) => (last(m)?.val !== undefined ? formatNumber(last(m)!.val!) : "–"))],
    ["σ per stress component", get((m) => m.file.training?.sigma.map(formatNumber).join(", ") ?? "–")],
    [
      "training settings",
      models.map((m) => {
        const s = m.file.training?.settings;
        if (!s || Object.keys(s).length === 0) return "–";
        return {
          html: Object.entries(s)
            .filter(([, v]) => v !== undefined && v !== null)
            .map(([k, v]) => `${escapeHtml(k)} = ${escapeHtml(settingValue(v))}`)
            .join("<br>"),
        };
      }),
    ],
    [
      "data",
      models.map((m) => {
        const s = m.file.training?.data;
        if (!s || Object.keys(s).length === 0) return "–";
        return {
          html: Object.entries(s)
            .filter(([, v]) => v !== undefined && v !== null)
            .map(([k, v]) => `${escapeHtml(k)} = ${escapeHtml(settingValue(v))}`)
            .join("<br>"),
        };
      }),
    ],
  ];
  return htmlTable(
    ["", ...labels],
    rows.map(([name, cells]) => [name, ...cells]),
    "models",
  );
}

/** Per model and split, the errors the trainer recorded: RMSE/σ (%) and R² per stress component. */
export function metricsTable(
  models: ReportModel[],
  labels: string[],
  stressNames: string[],
): string | undefined {
  const rows: Cell[][] = [];
  models.forEach((m, i) => {
    const metrics = m.file.training?.metrics;
    if (!metrics) return;
    for (const split of ["train", "val", "test"] as const) {
      const s: SplitMetrics | undefined = metrics[split];
      if (!s) continue;
      rows.push([
        labels[i],
        split,
        s.count,
        ...s.relRmse.map((v) => `${(100 * v).toFixed(2)} %`),
        ...s.r2.map((v) => v.toFixed(5)),
      ]);
    }
  });
  if (rows.length === 0) return undefined;
  return htmlTable(
    [
      "model",
      "split",
      "rows",
      ...stressNames.map((n) => `RMSE/σ ${n}`),
      ...stressNames.map((n) => `R² ${n}`),
    ],
    rows,
    "num",
  );
}
