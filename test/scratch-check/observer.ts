import { readdirSync, writeFileSync } from "node:fs";

/**
 * globalSetup after scratch-root.ts: its teardown runs first (vitest tears down in reverse order)
 * and writes the run's root and what is still in it to $SCRATCH_CHECK_REPORT.
 */
export default function observer(): () => void {
  const root = process.env.TMPDIR ?? "";
  return () => {
    const report = process.env.SCRATCH_CHECK_REPORT;
    if (report) writeFileSync(report, JSON.stringify({ root, entries: readdirSync(root).sort() }));
  };
}
