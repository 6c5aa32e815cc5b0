import { writeFileAtomic } from "../util/atomic.js";

/**
 * CSV time series (energies, Newton convergence): a header row and one row per record, numbers
 * written with full float64 round-trip precision (String(x) is the shortest exact form). The first
 * column is the natural x axis (time, Newton iteration, load step), so `miann report --fe DIR`
 * can plot every file as is.
 *
 * Non-finite values are never written (a CSV reader would refuse them): with "rows", a record
 * holding one (a simulation that blew up) is left out; with "columns", a column holding one (a
 * comparison that has no value) is left out. Either way a leading "# …" comment line says what was
 * left out.
 */
export function writeSeriesCsv(
  path: string,
  columns: string[],
  rows: ArrayLike<number>[],
  nonFinite: "rows" | "columns" = "rows",
): void {
  const finite = (row: ArrayLike<number>, c: number) => Number.isFinite(row[c]);
  let keepColumns = columns.map((_, c) => c);
  let keepRows = rows;
  const notes: string[] = [];
  if (nonFinite === "columns") {
    const dropped = keepColumns.filter((c) => !rows.every((row) => finite(row, c)));
    if (dropped.length > 0) {
      notes.push(`# left out (not finite): ${dropped.map((c) => columns[c]).join(", ")}`);
      keepColumns = keepColumns.filter((c) => !dropped.includes(c));
    }
  } else {
    keepRows = rows.filter((row) => columns.every((_, c) => finite(row, c)));
    if (keepRows.length < rows.length)
      notes.push(`# left out ${rows.length - keepRows.length} record(s) with non-finite values`);
  }
  const lines = [...notes, keepColumns.map((c) => columns[c]).join(",")];
  for (const row of keepRows) lines.push(keepColumns.map((c) => String(row[c])).join(","));
  lines.push("");
  writeFileAtomic(path, lines.join("\n"));
}
