import { writeFileAtomic } from "../util/atomic.js";

/**
 * CSV time series (energies, Newton convergence): a header row and one row per record, numbers
 * written with full float64 round-trip precision (String(x) is the shortest exact form).
 */
export function writeSeriesCsv(path: string, columns: string[], rows: ArrayLike<number>[]): void {
  const lines = [columns.join(",")];
  for (const row of rows) {
    const cells: string[] = [];
    for (let i = 0; i < row.length; i++) cells.push(String(row[i]));
    lines.push(cells.join(","));
  }
  lines.push("");
  writeFileAtomic(path, lines.join("\n"));
}
