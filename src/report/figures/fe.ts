import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "csv-parse/sync";
import { located, UserError } from "../../util/errors.js";
import { type Figure, round, SCHEMA, thinIndices } from "../figure.js";
import { FIGURE_CONFIG, SERIES_COLOURS } from "../theme.js";

/** Rows drawn per series, so a long simulation keeps the report small. */
const MAX_ROWS = 1500;

/** A CSV time series: header names and numeric columns. */
export interface TimeSeriesTable {
  file: string;
  names: string[];
  columns: Float64Array[];
}

/**
 * Reads every CSV file with a header row in `dir` (sorted by name). A file whose first row is
 * numeric has no header and is skipped (listed in `skipped`); a malformed cell is a UserError
 * naming file, line and column.
 */
export function readTimeSeriesDir(dir: string): { tables: TimeSeriesTable[]; skipped: string[] } {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`${dir}: expected a directory of CSV files (--fe)`);
    entries = readdirSync(dir);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${dir}: cannot read the FE output directory (--fe): ${(err as Error).message}`);
  }
  const tables: TimeSeriesTable[] = [];
  const skipped: string[] = [];
  for (const name of entries.filter((e) => e.toLowerCase().endsWith(".csv")).sort()) {
    const path = join(dir, name);
    const table = readTimeSeries(path);
    if (table) tables.push(table);
    else skipped.push(name);
  }
  return { tables, skipped };
}

/** One CSV time series, or undefined when it has no header row or fewer than two columns/rows. */
export function readTimeSeries(path: string): TimeSeriesTable | undefined {
  let records: string[][];
  try {
    records = parse(readFileSync(path, "utf8"), {
      skip_empty_lines: true,
      trim: true,
      comment: "#",
      relax_column_count: false,
    }) as string[][];
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new UserError(located(path, e.lines, undefined, `not a CSV file: ${e.message.split("\n")[0]}`));
  }
  if (records.length < 2) return undefined;
  const header = records[0];
  if (header.length < 2 || header.every((h) => h !== "" && Number.isFinite(Number(h)))) return undefined;
  const columns = header.map(() => new Float64Array(records.length - 1));
  for (let r = 1; r < records.length; r++) {
    const rec = records[r];
    for (let c = 0; c < header.length; c++) {
      const v = Number(rec[c]);
      if (rec[c] === "" || !Number.isFinite(v)) {
        throw new UserError(
          located(path, r + 1, c + 1, `expected a finite number in column "${header[c]}", found "${rec[c]}"`),
        );
      }
      columns[c][r - 1] = v;
    }
  }
  return { file: path, names: header, columns };
}

/**
 * One figure per FE time series: the first column on the x axis, every other column a line,
 * labelled by column name. A log y axis when all values are positive and span > 3 decades
 * (residual norms of a Newton solve, for instance).
 */
export function timeSeriesFigure(table: TimeSeriesTable, index: number): Figure {
  const file = basename(table.file);
  const n = table.columns[0].length;
  const rows: Record<string, string | number>[] = [];
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  for (let c = 1; c < table.names.length; c++) {
    for (const r of thinIndices(n, MAX_ROWS)) {
      const y = table.columns[c][r];
      min = Math.min(min, y);
      max = Math.max(max, y);
      rows.push({ series: table.names[c], x: round(table.columns[0][r]), y: round(y) });
    }
  }
  const log = min > 0 && max / min > 1e3;
  const series = table.names.slice(1);
  return {
    id: `fe-${index + 1}-${file.replace(/\.csv$/i, "").replace(/[^A-Za-z0-9-]/g, "-")}`,
    title: `FE experiment: ${file}`,
    caption: `Columns of ${file} against its first column, ${table.names[0]}${n > MAX_ROWS ? ` (${MAX_ROWS} of ${n} rows drawn)` : ""}${log ? "; log scale" : ""}.`,
    spec: {
      $schema: SCHEMA,
      config: FIGURE_CONFIG,
      width: 560,
      height: 260,
      data: { values: rows },
      mark: { type: "line", strokeWidth: 1.6, point: n <= 40 },
      encoding: {
        x: { field: "x", type: "quantitative", title: table.names[0] },
        y: {
          field: "y",
          type: "quantitative",
          title: series.length === 1 ? series[0] : "value",
          scale: log ? { type: "log" } : { zero: false },
          axis: log ? { format: "~e" } : {},
        },
        color: {
          field: "series",
          type: "nominal",
          title: null,
          sort: series,
          scale: { domain: series, range: series.map((_, k) => SERIES_COLOURS[k % SERIES_COLOURS.length]) },
        },
      },
    },
  };
}
