/**
 * Scratch directories for the bench's runs (training data, models, exported modules): inside one
 * folder per bench process, `<os.tmpdir()>/miann-bench-<pid>-XXXXXX`. Each caller removes its own
 * directory when its stage ends (try/finally), and the folder goes when the process exits, after
 * an error too. Ctrl-C and SIGTERM end Node without an `exit` event (the bench installs no signal
 * handler, so that Ctrl-C stops it at once): the folder stays, and the next bench run removes every
 * `miann-bench-<pid>-*` whose process is gone before it makes its own. None of this is timed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { removeOrphanedFolders } from "../src/util/process-folders.js";

let folder: string | undefined;

function benchFolder(): string {
  if (folder) return folder;
  const parent = os.tmpdir();
  removeOrphanedFolders(parent, "miann-bench");
  const made = mkdtempSync(join(parent, `miann-bench-${process.pid}-`));
  process.once("exit", () => rmSync(made, { recursive: true, force: true }));
  folder = made;
  return made;
}

/** A new empty directory `<prefix>XXXXXX` in this bench process's folder; remove it when done. */
export function benchScratchDir(prefix: string): string {
  return mkdtempSync(join(benchFolder(), prefix));
}
