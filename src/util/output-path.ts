import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { describeCode } from "./atomic.js";
import { UserError } from "./errors.js";

/**
 * "May I write this output?" — the one place every command that writes asks, before its work
 * starts (so a long training never ends on a path that cannot be written):
 * - the name is not empty and does not end in '/' (a file) or is not a file (a folder);
 * - an existing output is replaced only with --force, and a file output is never a folder;
 * - the output is never one of the command's inputs, nor inside an input folder, even with --force;
 * - the folder it goes into can be written: probed by creating and removing a temporary file.
 * It also removes temporary files that an earlier, killed write to the same name left behind.
 * The final write is atomic and, without --force, never replaces a file that appeared meanwhile
 * (util/atomic.ts, `replace: false`).
 */
export interface OutputPathOptions {
  /** --force was given: an existing output may be replaced */
  force?: boolean;
  /** the command's inputs (files or folders), with what they are for the message */
  inputs?: readonly { path: string | undefined; what: string }[];
  /** the option naming the output, for messages (default "-o") */
  option?: string;
  /** "file" (default) or "folder" (demo, fe) */
  kind?: "file" | "folder";
  /** for a folder: an existing one is fine (its contents are checked by the command) */
  existingFolderOk?: boolean;
  /** may exist without --force (e.g. the --resume checkpoint a run continues) */
  mayExist?: boolean;
}

/** Checks an output path (see above); every refusal is a one-line UserError. */
export function checkOutputPath(path: string, options: OutputPathOptions = {}): void {
  const option = options.option ?? "-o";
  const kind = options.kind ?? "file";
  if (path.trim() === "") throw new UserError(`${option}: expected a ${kind} name, got "${path}"`);
  if (kind === "file" && /[/\\]$/.test(path)) {
    throw new UserError(`${path}: ends in '/', so it names a folder; ${option} expects a file name`);
  }
  for (const input of options.inputs ?? []) {
    if (input.path === undefined || input.path === "") continue;
    if (samePath(path, input.path)) {
      throw new UserError(
        `${path}: is ${input.what}, an input of this command; choose another ${option} (--force does not change this)`,
      );
    }
    if (isInside(path, input.path)) {
      throw new UserError(
        `${path}: lies inside ${input.path} (${input.what}), an input of this command; choose another ${option}`,
      );
    }
  }
  const stat = statOrUndefined(path);
  if (stat) {
    if (kind === "file" && stat.isDirectory()) {
      throw new UserError(`${path}: is a folder; ${option} expects the name of a file to write`);
    }
    if (kind === "folder" && !stat.isDirectory()) {
      throw new UserError(`${path}: exists and is not a folder; ${option} expects an output folder`);
    }
    if (kind === "file" && !options.force && !options.mayExist) {
      throw new UserError(`${path}: already exists; pass --force to replace it`);
    }
  }
  const folder = kind === "folder" && stat ? path : dirname(path);
  probeWritable(path, folder);
  if (kind === "file") sweepStaleTemps(path);
}

/** The same file: the same resolved name, or (both existing) the same device and inode. */
export function samePath(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const sa = statOrUndefined(a);
  const sb = statOrUndefined(b);
  return sa !== undefined && sb !== undefined && sa.dev === sb.dev && sa.ino === sb.ino;
}

/** `path` lies strictly inside the folder `folder` */
function isInside(path: string, folder: string): boolean {
  const f = resolve(folder);
  return resolve(path).startsWith(f.endsWith(sep) ? f : f + sep);
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * The nearest existing folder on the way to `folder` must be a folder and writable (the missing
 * rest is created on writing): a temporary file is created there and removed.
 */
function probeWritable(path: string, folder: string): void {
  let dir = folder === "" ? "." : folder;
  for (;;) {
    const s = statOrUndefined(dir);
    if (s) {
      if (!s.isDirectory()) {
        throw new UserError(`${path}: cannot write here: ${dir} is a file, not a folder`);
      }
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const probe = join(dir, `.miann-probe.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    closeSync(openSync(probe, "wx"));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (typeof code !== "string") throw err;
    throw new UserError(`${path}: cannot write in the folder ${dir} (${describeCode(code)})`);
  }
  rmSync(probe, { force: true });
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes `.NAME.<pid>.<hex>.tmp` beside `path` whose process is no longer running: what a write
 * killed with `kill -9` (or interrupted while its folder could not be cleaned) left behind.
 * Returns the files removed.
 */
export function sweepStaleTemps(path: string): string[] {
  const dir = dirname(path);
  const name = basename(path);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  const prefix = `.${name}.`;
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith(".tmp")) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length));
    if (!m || alive(Number(m[1]))) continue;
    rmSync(join(dir, entry), { force: true });
    removed.push(join(dir, entry));
  }
  return removed;
}

/**
 * A name beside `path` that does not exist yet: `path` itself, else NAME.1.EXT, NAME.2.EXT ...
 * (for files miann picks itself, such as the checkpoint of an interrupted run).
 */
export function freshPath(path: string): string {
  if (!existsSync(path)) return path;
  const base = basename(path);
  const dot = base.indexOf(".", 1);
  const stem = dot > 0 ? base.slice(0, dot) : base;
  const ext = dot > 0 ? base.slice(dot) : "";
  for (let k = 1; ; k++) {
    const candidate = join(dirname(path), `${stem}.${k}${ext}`);
    if (!existsSync(candidate)) return candidate;
  }
}
