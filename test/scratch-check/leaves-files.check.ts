import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { scratchDir, scratchRoot } from "../support/scratch.js";

// Run by test/support/scratch.test.ts (with its own TMPDIR), not by the suite. SCRATCH_CHECK=fail
// makes the run fail; SCRATCH_CHECK=wait makes it wait (for a signal) after writing the root and
// this process's id to $SCRATCH_CHECK_READY.

const top = scratchDir("check-top-");
let hook = "";
beforeAll(() => {
  hook = scratchDir("check-hook-");
  writeFileSync(join(hook, "f"), "x");
});

it("writes into scratch directories, the temp folder and a child process's temp folder", () => {
  const own = scratchDir("check-test-");
  mkdirSync(join(own, "a", "b"), { recursive: true });
  writeFileSync(join(own, "a", "b", "f"), "x");
  // strays: code that uses the temp folder itself, here and in a process it starts
  mkdtempSync(join(tmpdir(), "stray-"));
  const child = spawnSync(process.execPath, [
    "-e",
    'require("fs").writeFileSync(require("path").join(require("os").tmpdir(), "child-stray"), "x")',
  ]);
  expect(child.status).toBe(0);
  expect(tmpdir()).toBe(scratchRoot());
  for (const path of [top, hook, own, join(tmpdir(), "child-stray")]) expect(existsSync(path)).toBe(true);
});

it("fails when told to", () => {
  expect(process.env.SCRATCH_CHECK).not.toBe("fail");
});

it("waits when told to", async () => {
  if (process.env.SCRATCH_CHECK !== "wait") return;
  writeFileSync(process.env.SCRATCH_CHECK_READY ?? "", `${scratchRoot()}\n${process.pid}\n`);
  await new Promise((resolve) => setTimeout(resolve, 30_000));
});
