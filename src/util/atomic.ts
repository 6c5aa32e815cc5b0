import { randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { UserError } from "./errors.js";

/**
 * Atomic writes: the content goes to a hidden temporary file beside the target
 * (`.NAME.<pid>.<hex>.tmp`), which then takes the target's name, so a reader (or a crash) never
 * sees a half-written file. With `replace: false` the last step never replaces a file that is there
 * by then (a second run, a file the user put there meanwhile): it is a hard link, which fails when
 * the name exists, where the file system has them, else a check just before the rename.
 */
export interface WriteOptions {
  /** replace a file that is already at the path (default true; false: --force was not given) */
  replace?: boolean;
}

/** An output that could not be written: a UserError with the file-system code (ENOSPC, EACCES ...). */
export class OutputWriteError extends UserError {
  constructor(
    message: string,
    readonly path: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const pending = new Set<string>();
let exitHook = false;

/** temporary files of writes in progress: removed when the process exits or is interrupted */
function track(tmp: string): void {
  pending.add(tmp);
  if (!exitHook) {
    exitHook = true;
    process.once("exit", removePendingTemps);
  }
}

/** Removes every temporary file of a write that has not finished (on exit, error or a signal). */
export function removePendingTemps(): void {
  for (const tmp of pending) rmSync(tmp, { force: true });
  pending.clear();
}

/** The temporary name of a write to `path`. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
}

const REASONS: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  EISDIR: "it is a folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  ENOENT: "no such folder",
  EEXIST: "a file of that name exists",
  EIO: "input/output error",
  ENAMETOOLONG: "the name is too long",
};

/** "ENOSPC: no space left on the device" */
export function describeCode(code: string): string {
  return REASONS[code] ? `${code}: ${REASONS[code]}` : code;
}

/** A file-system error while writing `path` as a one-line UserError; anything else is rethrown. */
export function writeError(path: string, err: unknown): UserError {
  if (err instanceof UserError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (typeof code !== "string") throw err;
  return new OutputWriteError(`${path}: cannot write the file (${describeCode(code)})`, path, code);
}

function appeared(path: string): UserError {
  return new OutputWriteError(
    `${path}: a file of that name appeared while miann was working; it was not replaced (pass --force to replace it)`,
    path,
    "EEXIST",
  );
}

/** Gives the finished temporary file the target's name (see WriteOptions.replace). */
function commit(tmp: string, path: string, replace: boolean): void {
  if (replace) {
    renameSync(tmp, path);
    return;
  }
  try {
    linkSync(tmp, path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw appeared(path);
    // no hard links here (some network and FAT file systems): check, then rename
    if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") {
      if (existsSync(path)) throw appeared(path);
      renameSync(tmp, path);
      return;
    }
    throw err;
  }
  rmSync(tmp, { force: true });
}

function makeParent(path: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (err) {
    throw writeError(path, err);
  }
}

/** Writes a file atomically; a file-system failure is a one-line OutputWriteError, no temp file left. */
export function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): void {
  writeChunksAtomic(path, [data], options);
}

/** Writes the chunks one after another into a temporary file, then commits it (see writeFileAtomic). */
export function writeChunksAtomic(
  path: string,
  chunks: Iterable<string | Uint8Array>,
  options: WriteOptions = {},
): void {
  makeParent(path);
  const tmp = tempPathFor(path);
  let fd: number | undefined;
  try {
    track(tmp);
    fd = openSync(tmp, "wx");
    for (const chunk of chunks) writeAll(fd, chunk);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    commit(tmp, path, options.replace ?? true);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw writeError(path, err);
  } finally {
    pending.delete(tmp);
  }
}

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/**
 * writeChunksAtomic that gives the event loop a turn between chunks, with SIGINT, SIGTERM and SIGHUP
 * handled meanwhile: the temporary file is removed and the process ends with 128 + the signal's
 * number. For large outputs (data generate, predict -o), where Ctrl-C may come during the write.
 */
export async function writeChunksAtomicAsync(
  path: string,
  chunks: Iterable<string | Uint8Array>,
  options: WriteOptions = {},
): Promise<void> {
  makeParent(path);
  const tmp = tempPathFor(path);
  const handlers = Object.entries(SIGNALS).map(([signal, code]) => {
    const handler = (): void => {
      removePendingTemps();
      process.exit(code);
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  let fd: number | undefined;
  try {
    track(tmp);
    fd = openSync(tmp, "wx");
    for (const chunk of chunks) {
      writeAll(fd, chunk);
      await new Promise((resolve) => setImmediate(resolve));
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    commit(tmp, path, options.replace ?? true);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw writeError(path, err);
  } finally {
    pending.delete(tmp);
    for (const off of handlers) off();
  }
}

/** writeSync until every byte is out (a single call may write less) */
function writeAll(fd: number, chunk: string | Uint8Array): void {
  const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}
