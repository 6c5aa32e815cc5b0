import { closeSync, openSync, readSync, statSync } from "node:fs";
import { extname } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { type WriteOptions, writeChunksAtomic, writeChunksAtomicAsync } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import {
  delimiterFor,
  estimateRows,
  type NumericTable,
  type ReadTableOptions,
  tableParser,
} from "./table-text.js";

export { type NumericTable, parseNumericTable, type ReadTableOptions } from "./table-text.js";

/**
 * Reads a CSV/TSV file of numbers, with or without a header row: the file streams through in
 * chunks (never whole in memory) into the text parser of table-text.ts, which owns the format and
 * the one-line errors naming "file:line:column". Lines starting with '#' and empty lines are
 * skipped; columns are 1-based field numbers.
 */
export function readNumericTable(path: string, options: ReadTableOptions = {}): NumericTable {
  const head = readHead(path);
  const delimiter = options.delimiter ?? delimiterFor(path, head.toString("utf8"));
  const parser = tableParser(path, delimiter, estimateRows(fileSize(path), head.toString("latin1")), options);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw cannotRead(path, err);
  }
  try {
    const decoder = new StringDecoder("utf8");
    const buffer = Buffer.alloc(CHUNK_BYTES);
    for (;;) {
      let count: number;
      try {
        count = readSync(fd, buffer, 0, buffer.length, null);
      } catch (err) {
        throw cannotRead(path, err);
      }
      parser.write(count > 0 ? decoder.write(buffer.subarray(0, count)) : decoder.end());
      if (count === 0) break;
    }
  } finally {
    closeSync(fd);
  }
  return parser.end();
}

/** bytes read per chunk: the file streams through, never whole in memory */
const CHUNK_BYTES = 1 << 22;

/** a file-system error (ENOENT, EISDIR, EACCES ...) as a UserError; anything else is a bug: rethrown */
export function cannotRead(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code !== "string") throw err;
  if (path === "-") return new UserError(NO_STDIN);
  if (code === "ESPIPE") return new UserError(`${path}: ${NO_PIPES}`);
  return new UserError(`${path}: cannot read the file (${code === "ENOENT" ? "no such file" : code})`);
}

const NO_STDIN = "-: reading standard input is not supported; save the data to a file and name it";
const NO_PIPES = "is a pipe; miann reads regular files only (save the data to a file first)";

export function checkRegularFile(path: string): void {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
  if (stat.isFIFO() || stat.isCharacterDevice() || stat.isSocket())
    throw new UserError(`${path}: ${NO_PIPES}`);
  if (stat.isDirectory()) throw new UserError(`${path}: is a folder; expected a data file`);
}

/** the first 64 KiB of the file, for sniffing the delimiter */
function readHead(path: string): Buffer {
  checkRegularFile(path);
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const head = Buffer.alloc(1 << 16);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } catch (err) {
    throw cannotRead(path, err);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (err) {
    throw cannotRead(path, err);
  }
}

/**
 * Writes a header row and rows×cols numbers as CSV (tab-separated when the path ends in .tsv/.tab),
 * atomically (a temporary file beside the target, then a rename; see util/atomic.ts, `replace`).
 * Numbers are written in JavaScript's shortest round-trip form, so reading the file back gives the
 * same float64 values bit for bit. Streams in chunks: no whole-file string in memory. With
 * `unknownAsEmpty`, NaN (an unknown stress) is written as an empty field, which the dataset reader
 * reads back as unknown.
 */
/** writeCsv's options: the delimiter, NaN as an empty field, and replace (see util/atomic.ts) */
export type CsvWriteOptions = {
  delimiter?: string;
  unknownAsEmpty?: boolean;
  comment?: string;
} & WriteOptions;

export function writeCsv(
  path: string,
  names: string[],
  values: Float64Array,
  cols: number,
  options: CsvWriteOptions = {},
): void {
  writeChunksAtomic(path, csvChunks(path, names, values, cols, options), options);
}

/** writeCsv giving the event loop a turn between chunks: Ctrl-C during a large write cleans up. */
export async function writeCsvAsync(
  path: string,
  names: string[],
  values: Float64Array,
  cols: number,
  options: CsvWriteOptions = {},
): Promise<void> {
  await writeChunksAtomicAsync(path, csvChunks(path, names, values, cols, options), options);
}

function* csvChunks(
  path: string,
  names: string[],
  values: Float64Array,
  cols: number,
  options: CsvWriteOptions,
): Generator<string> {
  const delimiter = options.delimiter;
  if (names.length !== cols) throw new Error(`writeCsv: ${names.length} names for ${cols} columns`);
  if (values.length % cols !== 0) throw new Error("writeCsv: values.length is not a multiple of cols");
  const ext = extname(path).toLowerCase();
  const sep = delimiter ?? (ext === ".tsv" || ext === ".tab" ? "\t" : ",");
  const rows = values.length / cols;
  if (options.comment !== undefined) yield `# ${options.comment.replace(/[\r\n]+/g, " ")}\n`;
  yield `${names.map(quoteName).join(sep)}\n`;
  const chunkRows = 8192;
  const parts: string[] = [];
  for (let r0 = 0; r0 < rows; r0 += chunkRows) {
    parts.length = 0;
    const r1 = Math.min(rows, r0 + chunkRows);
    for (let r = r0; r < r1; r++) {
      let line = "";
      for (let j = 0; j < cols; j++) {
        const v = values[r * cols + j];
        const text = Object.is(v, -0) ? "-0" : options.unknownAsEmpty && Number.isNaN(v) ? "" : String(v);
        line += (j ? sep : "") + text;
      }
      parts.push(line);
    }
    yield `${parts.join("\n")}\n`;
  }
}

function quoteName(name: string): string {
  // quoted when it holds a delimiter or quote, or starts with '#' (which would make the header a comment)
  return /[",\n\r\t;]|^#|^\s|\s$/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}
