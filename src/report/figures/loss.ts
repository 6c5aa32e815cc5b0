import type { HistoryEntry } from "../../model/types.js";
import { type Figure, round, SCHEMA, thinIndices } from "../figure.js";
import { FIGURE_CONFIG, seriesScale } from "../theme.js";

/** History entries drawn per model (a line of 400 points is smooth at any width a report has). */
const MAX_ENTRIES = 400;

/**
 * Training and validation loss against epoch for every model that has a history, log-scaled
 * (the σ-normalised loss of docs/theory.md, section "The loss"). Returns undefined when no model has a history.
 */
export function lossFigure(histories: { label: string; history: HistoryEntry[] }[]): Figure | undefined {
  const rows: { model: string; split: string; epoch: number; loss: number }[] = [];
  for (const { label, history } of histories) {
    // at most MAX_ENTRIES per model, evenly thinned, the last entry always kept
    const keep = thinIndices(history.length, MAX_ENTRIES);
    if (keep.length > 0 && keep[keep.length - 1] !== history.length - 1) keep.push(history.length - 1);
    for (const i of keep) {
      const h = history[i];
      if (Number.isFinite(h.train) && h.train > 0) {
        rows.push({ model: label, split: "training", epoch: h.epoch, loss: round(h.train) });
      }
      if (h.val !== undefined && Number.isFinite(h.val) && h.val > 0) {
        rows.push({ model: label, split: "validation", epoch: h.epoch, loss: round(h.val) });
      }
    }
  }
  if (rows.length === 0) return undefined;
  const labels = histories.filter((h) => h.history.length > 0).map((h) => h.label);
  return {
    id: "loss",
    title: "Training history",
    caption:
      "Loss against epoch, log scale: the σ-normalised mean squared stress error " +
      "(1 ≈ predicting the mean). Solid: training split; dashed: validation split.",
    spec: {
      $schema: SCHEMA,
      config: FIGURE_CONFIG,
      width: 560,
      height: 300,
      data: { values: rows },
      mark: { type: "line", strokeWidth: 1.8 },
      encoding: {
        x: { field: "epoch", type: "quantitative", title: "epoch" },
        y: {
          field: "loss",
          type: "quantitative",
          scale: { type: "log" },
          title: "loss (σ-normalised MSE, –)",
          axis: { format: "~e" },
        },
        color: { field: "model", type: "nominal", title: "model", scale: seriesScale(labels) },
        strokeDash: {
          field: "split",
          type: "nominal",
          title: "split",
          scale: {
            domain: ["training", "validation"],
            range: [
              [1, 0],
              [6, 4],
            ],
          },
        },
        detail: { field: "split" },
      },
    },
  };
}
