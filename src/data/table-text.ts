import { CsvError, parse } from "csv-parse/sync";
import { located, UserError } from "../util/errors.js";

/**
 * The text side of the CSV/TSV reader: lines and fields to a table of finite numbers, with the
 * one-line errors naming "file:line:column". No file system here (src/data/csv.ts reads a file in
 * chunks and feeds them; the browser playground feeds a dropped file's text), so both give the
 * same table and the same messages.
 */

/** A rectangular table of finite numbers read from a delimited text file. */
export interface NumericTable {
  /** column names: the header's, or "1", "2", ... when the file has no header */
  names: string[];
  /** whether the first row was a header (it is iff any of its fields is not a number) */
  hasHeader: boolean;
  rows: number;
  cols: number;
  /** rows × cols, row-major */
  values: Float64Array;
  /** the 1-based line of the header row, when there is one */
  headerLine?: number;
  /** the 1-based line of the file where data row `row` (0-based) stands, for error messages */
  lineOf(row: number): number;
  /** the text after "# generated:" of such a comment line above the header (miann data generate) */
  generated?: string;
}

export interface ReadTableOptions {
  /**
   * field delimiter; default: tab for .tsv/.tab, comma for .csv, otherwise sniffed from the first
   * data line (tab, comma or semicolon; runs of whitespace when it has none of them). " " means runs
   * of whitespace.
   */
  delimiter?: string;
  /** an empty field is NaN ("not measured") instead of an error; the caller decides where it may be */
  emptyAsNaN?: boolean;
}

/** Incremental parser: write() the text in pieces of any size (split anywhere), then end(). */
export interface TableParser {
  write(text: string): void;
  end(): NumericTable;
}

// A decimal number, as written by every tool that writes CSV (no hex, no empty field).
/** the longest line the reader accepts (a row of numbers; a file without line breaks is refused) */
export const MAX_LINE_CHARS = 4 << 20;

/** the most numbers allocated ahead from the row estimate (the table grows by doubling beyond it) */
const MAX_PREALLOCATED = 1 << 23;

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;

/** The extension of a file name, lower case, with its dot ("" when none). */
export function extensionOf(name: string): string {
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot).toLowerCase() : "";
}

/**
 * Parses the whole text of a CSV/TSV file named `name` (the name is for the delimiter's default
 * and for messages). Same table and same errors as readNumericTable on a file with this text.
 */
export function parseNumericTable(name: string, text: string, options: ReadTableOptions = {}): NumericTable {
  const head = text.slice(0, 1 << 16);
  const delimiter = options.delimiter ?? delimiterFor(name, head);
  const parser = tableParser(name, delimiter, estimateRows(text.length, head), options);
  parser.write(text);
  return parser.end();
}

/**
 * A parser of the lines of a numeric table: a UTF-8 byte-order mark is dropped, LF, CRLF (and CR
 * alone, in a text without LF) end a line, lines starting with '#' and empty lines are skipped.
 * A line with a double quote goes through csv-parse (RFC 4180 quoting: "S, 11", ""escaped"");
 * every other line is a plain split, several times faster, which matters for files of a million
 * rows. (A quoted field cannot span lines: a numeric table has no use for one.) The first row is a
 * header iff any of its fields is not a number. Anything malformed (a field that is not a finite
 * number, a row with a different number of fields, an empty file, duplicate header names) throws
 * a UserError naming "file:line:column" and what was expected. Columns are 1-based field numbers.
 * `expectedRows` sizes the first allocation (estimateRows).
 */
export function tableParser(
  path: string,
  delimiter: string,
  expectedRows: number,
  options: { emptyAsNaN?: boolean } = {},
): TableParser {
  let names: string[] | undefined;
  let hasHeader = false;
  let headerLine: number | undefined;
  let cols = -1;
  let rows = 0;
  let values = new Float64Array(0);
  let lines = new Int32Array(0);

  const onRecord = (record: string[], line: number): void => {
    if (record.length === 1 && record[0].trim() === "") return; // a blank line
    if (cols < 0) {
      cols = record.length;
      hasHeader = record.some((f) => !NUMBER.test(f.trim()));
      if (hasHeader) {
        names = record.map((f) => f.trim());
        headerLine = line;
        checkHeader(path, line, names);
        return;
      }
      names = record.map((_, j) => String(j + 1));
    }
    if (record.length !== cols) {
      const col = Math.min(record.length, cols) + 1;
      throw new UserError(
        located(
          path,
          line,
          col,
          `expected ${cols} fields (as in the ${hasHeader ? "header" : "first row"}), got ${record.length}`,
        ),
      );
    }
    if ((rows + 1) * cols > values.length) {
      // first growth to the size estimated from the file's length, then by doubling
      const target = rows === 0 ? Math.min(expectedRows * cols, MAX_PREALLOCATED) : values.length * 2;
      const grown = new Float64Array(Math.max(target, (rows + 1) * cols));
      grown.set(values);
      values = grown;
    }
    if (rows >= lines.length) {
      const grown = new Int32Array(
        Math.max(lines.length * 2, rows === 0 ? Math.min(expectedRows, MAX_PREALLOCATED) : 0),
      );
      grown.set(lines);
      lines = grown;
    }
    const base = rows * cols;
    for (let j = 0; j < cols; j++) {
      const raw = record[j];
      const v = Number(raw);
      // Number() also accepts what is not a decimal number: "" and blanks (→ 0), 0x1f, 0b1, 0o7
      if (Number.isFinite(v) && isDecimalShaped(raw, v)) {
        values[base + j] = v;
        continue;
      }
      const field = raw.trim();
      if (field === "" && options.emptyAsNaN) {
        values[base + j] = Number.NaN;
        continue;
      }
      const what =
        NON_FINITE.test(field) || (NUMBER.test(field) && !Number.isFinite(v))
          ? "expected a finite number"
          : field === ""
            ? "expected a number, got an empty field"
            : "expected a number";
      const got = field === "" ? "" : `, got '${shorten(field)}'${delimiterHint(field, delimiter)}`;
      throw new UserError(located(path, line, j + 1, `${what}${got}`));
    }
    lines[rows] = line;
    rows++;
  };

  let generated: string | undefined;
  let line = 0;
  let rest = "";
  let first = true;
  let sawNewline = false;
  const tooLong = (at: number) =>
    new UserError(
      located(
        path,
        at,
        undefined,
        `the line is longer than ${MAX_LINE_CHARS >> 20} MiB; expected one row of numbers per line`,
      ),
    );
  const emit = (content: string) => {
    line++;
    if (content.length > MAX_LINE_CHARS) throw tooLong(line);
    if (content.charCodeAt(content.length - 1) === 13) content = content.slice(0, -1);
    if (content.length === 0) return;
    if (content.charCodeAt(0) === 35 /* # */) {
      // "# generated: <law> …", as `miann data generate` writes it: where synthetic data came from
      const m = /^#\s*generated:\s*(.*)$/.exec(content);
      if (m && generated === undefined && cols < 0) generated = m[1].trim();
      return;
    }
    if (delimiter === WHITESPACE) onRecord(splitWhitespace(content), line);
    else if (content.includes('"')) onRecord(parseQuotedLine(path, line, content, delimiter), line);
    else onRecord(content.split(delimiter), line);
  };

  return {
    write(chunk: string): void {
      let text = rest + chunk;
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let start = 0;
      for (let end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n", start)) {
        sawNewline = true;
        emit(text.slice(start, end));
        start = end + 1;
      }
      rest = text.slice(start);
      if (rest.length > MAX_LINE_CHARS) throw tooLong(line + 1);
    },
    end(): NumericTable {
      if (rest.length > 0) {
        if (!sawNewline && rest.includes("\r")) for (const part of rest.split("\r")) emit(part);
        else emit(rest);
        rest = "";
      }
      if (cols < 0) throw new UserError(`${path}: the file is empty; expected rows of numbers`);
      if (rows === 0) {
        throw new UserError(`${path}: the file has a header but no data rows; expected rows of numbers`);
      }
      const lineTable = lines;
      return {
        names: names!,
        hasHeader,
        rows,
        cols,
        // a view when the estimate was close (no copy of a large table), a compact copy otherwise
        values:
          values.length <= 1.25 * rows * cols
            ? values.subarray(0, rows * cols)
            : values.slice(0, rows * cols),
        lineOf: (row: number) => lineTable[row],
        ...(generated !== undefined ? { generated } : {}),
        ...(headerLine !== undefined ? { headerLine } : {}),
      };
    },
  };
}

/** rows to expect from a file of `size` characters: size over the mean length of the first lines, plus 5 % */
export function estimateRows(size: number, head: string): number {
  const sample = head.split("\n").slice(1, -1);
  // no complete line in the head: the first line alone is longer than it
  const mean =
    sample.length > 0 ? sample.reduce((a, l) => a + l.length + 1, 0) / sample.length : head.length + 1;
  return Math.min(Math.ceil((1.05 * size) / Math.max(mean, 2)) + 16, 1 << 28);
}

/** one line with quotes, parsed by csv-parse; a malformed one is a UserError at that line */
function parseQuotedLine(path: string, line: number, content: string, delimiter: string): string[] {
  try {
    const records = parse(content, { delimiter, cast: false, relax_column_count: true }) as string[][];
    return records[0] ?? [""];
  } catch (err) {
    if (err instanceof CsvError) {
      throw new UserError(
        located(
          path,
          line,
          undefined,
          `malformed CSV: ${firstLine(err.message).replace(/ at line \d+/, "")}`,
        ),
      );
    }
    throw err;
  }
}

/**
 * Given that Number(raw) = v is finite: whether raw is a decimal number (what NUMBER matches, with
 * blanks around). Cheap checks first; the regular expression only for the rare doubtful field.
 */
function isDecimalShaped(raw: string, v: number): boolean {
  const c0 = raw.charCodeAt(0);
  const c1 = raw.charCodeAt(1) | 32; // lower case
  if (c0 === 48 /* 0 */ && (c1 === 120 || c1 === 98 || c1 === 111)) return false; // 0x 0b 0o
  if (v === 0 || c0 <= 32 || raw.charCodeAt(raw.length - 1) <= 32) return NUMBER.test(raw.trim());
  return true;
}

function splitWhitespace(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === "" ? [""] : trimmed.split(/\s+/).map((f) => f.replace(/^"(.*)"$/, "$1"));
}

function checkHeader(path: string, line: number, names: string[]): void {
  const seen = new Map<string, number>();
  names.forEach((name, j) => {
    if (name === "")
      throw new UserError(located(path, line, j + 1, "expected a column name, got an empty field"));
    const first = seen.get(name);
    if (first !== undefined) {
      throw new UserError(
        located(path, line, j + 1, `duplicate column name '${shorten(name)}' (also column ${first + 1})`),
      );
    }
    seen.set(name, j);
  });
}

/** the delimiter value meaning "runs of spaces or tabs" (files written by numpy.savetxt, Fortran) */
const WHITESPACE = " ";

/**
 * Tab for .tsv/.tab; comma for .csv, unless its first line has no comma but a semicolon (a
 * spreadsheet's export in a locale with decimal commas); otherwise the first of tab, comma, semicolon
 * found in the first line (of the file's first 64 KiB, `head`) that is neither empty nor a '#'
 * comment, and runs of whitespace when there is none of them.
 */
export function delimiterFor(path: string, head: string): string {
  const ext = extensionOf(path);
  if (ext === ".tsv" || ext === ".tab") return "\t";
  const first = head.split("\n").find((l) => l.trim() !== "" && !l.startsWith("#")) ?? "";
  if (ext === ".csv") return !first.includes(",") && first.includes(";") ? ";" : ",";
  for (const d of ["\t", ",", ";"]) if (first.includes(d)) return d;
  return WHITESPACE;
}

/** a hint for a field that holds another delimiter than the one in use (a mis-sniffed file) */
function delimiterHint(field: string, delimiter: string): string {
  if (delimiter !== "," && /^[+-]?\d*,\d+(?:[eE][+-]?\d+)?$/.test(field)) {
    return " (a decimal comma? miann reads decimal points only: export the file with '.' as decimal separator)";
  }
  for (const [d, name] of [
    [";", "';'"],
    ["\t", "tab"],
    [",", "','"],
  ] as const) {
    if (d !== delimiter && field.includes(d)) {
      return ` (the fields look separated by ${name}: pass --delimiter ${d === "\t" ? "tab" : `'${d}'`})`;
    }
  }
  return "";
}

function shorten(s: string): string {
  let printable = "";
  for (const c of s) {
    const code = c.charCodeAt(0);
    printable += code < 32 || code === 127 ? "?" : c;
  }
  return printable.length > 40 ? `${printable.slice(0, 37)}...` : printable;
}

function firstLine(s: string): string {
  return s.split("\n")[0];
}
