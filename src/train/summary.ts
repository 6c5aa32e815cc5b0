import type { SplitMetrics } from "../model/types.js";
import type { QuadraticTermDiagnostic } from "./diagnostic.js";
import type { TrainResult } from "./trainer.js";

/**
 * Plain-text summaries of a training run for the terminal: the metrics table (per split, per
 * stress component: RMSE in the data's units, RMSE/σ, R²) and the §8 quadratic-term diagnostic.
 */

export function formatMetricsTable(
  metrics: TrainResult["metrics"],
  componentNames: readonly string[],
): string {
  const rows: string[][] = [["split", "rows", "component", "RMSE", "RMSE/σ", "R²"]];
  const splits: [string, SplitMetrics | undefined][] = [
    ["train", metrics.train],
    ["val", metrics.val],
    ["test", metrics.test],
  ];
  for (const [name, m] of splits) {
    if (!m || m.count === 0) continue;
    m.rmse.forEach((rmse, k) => {
      rows.push([
        k === 0 ? name : "",
        k === 0 ? String(m.count) : "",
        componentNames[k] ?? `s${k + 1}`,
        formatNumber(rmse),
        formatPercent(m.relRmse[k]),
        Number.isFinite(m.r2[k]) ? m.r2[k].toFixed(6) : "n/a",
      ]);
    });
  }
  return alignColumns(rows);
}

export function formatDiagnostic(diag: QuadraticTermDiagnostic, componentNames: readonly string[]): string {
  const rows: string[][] = [["component", "quadratic-term stiffness", "smallest data stiffness", ""]];
  diag.quadraticStiffness.forEach((q, k) => {
    rows.push([
      componentNames[k] ?? `s${k + 1}`,
      formatNumber(q),
      formatNumber(diag.dataMinStiffness[k]),
      diag.nonConvexData?.[k] ? "data not convex" : diag.exceeds[k] ? "EXCEEDS" : "ok",
    ]);
  });
  return alignColumns(rows);
}

export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3);
  return v.toPrecision(4);
}

export function formatPercent(v: number): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : "n/a";
}

/** left-aligns the first column, right-aligns the others */
export function alignColumns(rows: string[][]): string {
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) widths[i] = Math.max(widths[i] ?? 0, [...r[i]].length);
  }
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}
