import { type Figure, round, SCHEMA, thinIndices } from "../figure.js";
import { FIGURE_CONFIG, SERIES_COLOURS } from "../theme.js";

/** the file name of a path (either separator) */
function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\")) + 1);
}

/** Rows drawn per series, so a long simulation keeps the report small. */
const MAX_ROWS = 1500;

/** A CSV time series: header names and numeric columns. */
export interface TimeSeriesTable {
  file: string;
  names: string[];
  columns: Float64Array[];
}

/** Columns drawn per file (one panel each). */
const MAX_PANELS = 12;

/**
 * One figure per FE time series: the first column on the x axis, every other column in its own
 * panel below the previous one (the columns of one file carry different quantities and units:
 * energies, residuals, displacements), sharing the x axis. A panel gets a log y axis when its values
 * are all positive and span more than 3 decades (the residuals of a Newton solve, for instance).
 */
export function timeSeriesFigure(table: TimeSeriesTable, index: number): Figure {
  const file = basename(table.file);
  const n = table.columns[0].length;
  const rows: Record<string, string | number>[] = [];
  const series = table.names.slice(1, 1 + MAX_PANELS);
  const panels = series.map((name, k) => {
    const c = k + 1;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const r of thinIndices(n, MAX_ROWS)) {
      const y = table.columns[c][r];
      min = Math.min(min, y);
      max = Math.max(max, y);
      // 12 digits: a column may vary in its 6th digit (an energy that is conserved)
      rows.push({ series: name, x: round(table.columns[0][r], 12), y: round(y, 12) });
    }
    const log = min > 0 && max / min > 1e3;
    const last = k === series.length - 1;
    return {
      width: 560,
      height: 110,
      transform: [{ filter: { field: "series", equal: name } }],
      mark: { type: "line" as const, strokeWidth: 1.6, point: n <= 40, color: SERIES_COLOURS[0] },
      encoding: {
        x: {
          field: "x",
          type: "quantitative" as const,
          title: last ? table.names[0] : null,
          axis: last ? {} : { labels: false },
        },
        y: {
          field: "y",
          type: "quantitative" as const,
          title: name,
          scale: log ? { type: "log" as const } : { zero: false },
          axis: log ? { format: "~e" } : {},
        },
      },
    };
  });
  const omitted = table.names.length - 1 - series.length;
  return {
    id: `fe-${index + 1}-${file.replace(/\.csv$/i, "").replace(/[^A-Za-z0-9-]/g, "-")}`,
    title: `FE experiment: ${file}`,
    caption:
      `Each column of ${file} against its first column, ${table.names[0]}` +
      `${n > MAX_ROWS ? ` (${MAX_ROWS} of ${n} rows drawn)` : ""}` +
      `${omitted > 0 ? `; ${omitted} more column(s) not drawn` : ""}. Log axes where a column spans many decades.`,
    spec: {
      $schema: SCHEMA,
      config: FIGURE_CONFIG,
      data: { values: rows },
      spacing: 8,
      vconcat: panels,
      resolve: { scale: { x: "shared" } },
    },
  };
}
