import { randomBytes } from "node:crypto";
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { StringDecoder } from "node:string_decoder";
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
function cannotRead(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code !== "string") throw err;
  return new UserError(`${path}: cannot read the file (${code})`);
}

/** the first 64 KiB of the file, for sniffing the delimiter */
function readHead(path: string): Buffer {
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
 * atomically (a temporary file beside the target, then a rename). Numbers are written in
 * JavaScript's shortest round-trip form, so reading the file back gives the same float64 values bit
 * for bit. Streams in chunks: no whole-file string in memory. With `unknownAsEmpty`, NaN (an
 * unknown stress) is written as an empty field, which the dataset reader reads back as unknown.
 */
export function writeCsv(
  path: string,
  names: string[],
  values: Float64Array,
  cols: number,
  options: { delimiter?: string; unknownAsEmpty?: boolean; comment?: string } = {},
): void {
  if (names.length !== cols) throw new Error(`writeCsv: ${names.length} names for ${cols} columns`);
  if (values.length % cols !== 0) throw new Error("writeCsv: values.length is not a multiple of cols");
  const ext = extname(path).toLowerCase();
  const sep = options.delimiter ?? (ext === ".tsv" || ext === ".tab" ? "\t" : ",");
  const rows = values.length / cols;
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, "w");
    if (options.comment !== undefined) writeAll(fd, `# ${options.comment.replace(/[\r\n]+/g, " ")}\n`);
    writeAll(fd, `${names.map(quoteName).join(sep)}\n`);
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
      writeAll(fd, `${parts.join("\n")}\n`);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** writeSync until every byte is out (a single call may write less) */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}

function quoteName(name: string): string {
  // quoted when it holds a delimiter or quote, or starts with '#' (which would make the header a comment)
  return /[",\n\r\t;]|^#|^\s|\s$/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}
