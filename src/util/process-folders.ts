/**
 * Scratch folders named for the process that made them (`<prefix>-<pid>-XXXXXX`): a run killed
 * before it could remove its own folder leaves it, and a later run removes every such folder whose
 * process is gone. Used by the test suite's scratch root and the bench's scratch folder.
 */
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** whether a process with this id exists (EPERM: it does, but is another user's) */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the folders `<prefix>-<pid>-XXXXXX` in `parent` whose process is gone (never this
 * process's own); returns their names. A folder that cannot be removed (another user's) is left.
 */
export function removeOrphanedFolders(parent: string, prefix: string): string[] {
  const pattern = new RegExp(`^${prefix}-(\\d+)-[A-Za-z0-9]{6}$`);
  const removed: string[] = [];
  for (const entry of readdirSync(parent)) {
    const m = pattern.exec(entry);
    if (!m || Number(m[1]) === process.pid || processAlive(Number(m[1]))) continue;
    try {
      rmSync(join(parent, entry), { recursive: true, force: true });
      removed.push(entry);
    } catch {
      // another user's, or in use: not ours to force
    }
  }
  return removed;
}
