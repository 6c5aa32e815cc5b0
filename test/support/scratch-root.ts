import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { removeOrphanedFolders } from "../../src/util/process-folders.js";

/**
 * vitest globalSetup (main process): the one directory a test run writes its scratch files into,
 * removed when the run ends. Tests get directories inside it from `scratchDir` (scratch.ts).
 *
 * - `<os.tmpdir()>/miann-test-<pid>-XXXXXX`, made before any test file runs and handed to the test
 *   processes with vitest's provide/inject (`scratchRoot`, and `scratchParent`: the temp folder it
 *   is in).
 * - TMPDIR is pointed at it for the run, inherited by the test processes and everything they spawn
 *   (the CLI, gcc, gfortran, Python, Chromium's profile): a file anything puts in "the temp folder"
 *   lands here and goes with it. The old TMPDIR is restored in the teardown.
 * - Removed recursively in the teardown, which vitest runs after passing and failing runs alike. On
 *   Ctrl-C, SIGINT or SIGTERM vitest ends the process without a teardown and without removing its
 *   own folder of transformed modules (`project.tmpDir`, `<os.tmpdir()>/<nanoid>`): the `exit`
 *   event, which fires then, removes both. (Ctrl-C stops the test processes too; a signal sent to
 *   vitest's process alone leaves them running to the end of their current file, and what they
 *   write after the root is gone is not removed.)
 * - SIGKILL (or a power cut) runs no code: the root stays, and so does vitest's folder. The next run
 *   removes every `miann-test-<pid>-*` whose process is gone, before it starts (a run in progress
 *   elsewhere on the machine is alive and keeps its root; one tmpdir shared across PID namespaces
 *   would defeat this check). vitest's own folder has no owner in its name and is left.
 */

declare module "vitest" {
  export interface ProvidedContext {
    /** this run's scratch root (removed at the end of the run) */
    scratchRoot: string;
    /** the temp folder the root is in: os.tmpdir() of the run before TMPDIR pointed at the root */
    scratchParent: string;
  }
}

/** Removes the roots of earlier runs that ended without their teardown (killed with SIGKILL). */
export function removeStaleRoots(parent: string): string[] {
  return removeOrphanedFolders(parent, "miann-test");
}

export default function setup(project: TestProject): () => void {
  const parent = tmpdir();
  removeStaleRoots(parent);
  const root = mkdtempSync(join(parent, `miann-test-${process.pid}-`));
  const oldTmpdir = process.env.TMPDIR;
  const remove = (): void => {
    if (oldTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = oldTmpdir;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
  const interrupted = (): void => {
    remove();
    rmSync(project.tmpDir, { recursive: true, force: true });
  };
  process.once("exit", interrupted);
  process.env.TMPDIR = root;
  project.provide("scratchRoot", root);
  project.provide("scratchParent", parent);
  return () => {
    process.off("exit", interrupted);
    remove();
  };
}
