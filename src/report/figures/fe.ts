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
