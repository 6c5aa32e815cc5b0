import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

/**
 * Scratch directories for tests, always removed: never mkdtemp in os.tmpdir() in a test.
 *
 *   const dir = scratchDir("import-");   // at the top of a file, in a hook or in a test
 *
 * Each is a new, empty directory inside the run's scratch root (scratch-root.ts, vitest's
 * globalSetup: made before the run, removed after it, on failure and Ctrl-C too). The directories
 * a test file made are removed after its last test (scratch-cleanup.ts, a vitest setupFile), so a
 * long run does not pile them up; a file needs no afterAll of its own for them.
 */

const made: string[] = [];

/** The run's scratch root (exists during the run, removed at its end). */
export function scratchRoot(): string {
  return inject("scratchRoot");
}

/** A new empty directory named `<prefix>XXXXXX` in the run's scratch root. */
export function scratchDir(prefix = "scratch-"): string {
  const dir = mkdtempSync(join(scratchRoot(), prefix));
  made.push(dir);
  return dir;
}

/**
 * A directory for files a person may want to look at after the run (screenshots, PNGs): with
 * MIANN_TEST_ARTIFACTS=<folder> it is <folder>/<name>, kept; otherwise a scratch directory,
 * removed like the others.
 */
export function artifactDir(name: string): string {
  const keep = process.env.MIANN_TEST_ARTIFACTS;
  if (!keep) return scratchDir(`${name}-`);
  const dir = join(keep, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Removes every directory scratchDir made in this test file (after the file's own afterAll). */
export function removeScratchDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}
