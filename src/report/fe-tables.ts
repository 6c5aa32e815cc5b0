import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { located, UserError } from "../util/errors.js";
import type { TimeSeriesTable } from "./figures/fe.js";

/** The FE experiments' CSV time series on disk, read for the report's FE section (Node side). */

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
