import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The run test/support/scratch.test.ts starts to show the scratch cleanup: the same globalSetup
// and setupFile as the suite, one file (not matched by the suite's include), and an observer that
// records what is left in the root just before the root's own teardown.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/scratch-check/*.check.ts"],
    globalSetup: ["test/support/scratch-root.ts", "test/scratch-check/observer.ts"],
    setupFiles: ["test/support/scratch-cleanup.ts"],
    pool: "forks",
    testTimeout: 60_000,
  },
});
