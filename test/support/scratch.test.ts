import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { scratchDir, scratchRoot } from "./scratch.js";

/**
 * The scratch cleanup (scratch-root.ts, scratch.ts, scratch-cleanup.ts): checked in this run, and
 * by runs of test/scratch-check/ started here, each with its own TMPDIR (a scratch directory of
 * this run, so nothing of theirs can reach the real temp folder) that must be empty afterwards.
 */

const VITEST = join(process.cwd(), "node_modules/vitest/vitest.mjs");
const CONFIG = "test/scratch-check/vitest.config.ts";

function checkEnv(tmp: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp, ...extra };
  // this run's worker variables would make the inner vitest think it is a worker
  for (const key of Object.keys(env)) if (key.startsWith("VITEST")) delete env[key];
  return env;
}

function runCheck(tmp: string, extra: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [VITEST, "run", "--config", CONFIG], {
    env: checkEnv(tmp, extra),
    encoding: "utf8",
    timeout: 120_000,
  });
}

/** Starts a waiting check run; resolves with its root and worker pid once its test waits. */
async function startWaiting(tmp: string) {
  const ready = join(scratchDir("check-ready-"), "ready");
  const child = spawn(process.execPath, [VITEST, "run", "--config", CONFIG], {
    env: checkEnv(tmp, { SCRATCH_CHECK: "wait", SCRATCH_CHECK_READY: ready }),
    stdio: "ignore",
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on("exit", (code, signal) => resolve(signal ?? code)),
  );
  const end = Date.now() + 60_000;
  while (!existsSync(ready) || readFileSync(ready, "utf8").split("\n").length < 3) {
    if (Date.now() > end) throw new Error("the check run never got to its waiting test");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const [root, worker] = readFileSync(ready, "utf8").split("\n");
  return { child, exited, root, worker: Number(worker) };
}

/** The waiting test's process outlives a signal to vitest alone (see scratch-root.ts): end it. */
function endWorker(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}

describe("the run's scratch root", () => {
  it("exists during the run, directly in the temp folder, named for this run's vitest process", () => {
    const root = scratchRoot();
    expect(statSync(root).isDirectory()).toBe(true);
    expect(dirname(root)).toBe(inject("scratchParent"));
    expect(basename(root)).toMatch(/^miann-test-\d+-[A-Za-z0-9]{6}$/);
    // the pid of vitest's own process: this test process's parent (pool "forks"), or itself (threads)
    expect([process.ppid, process.pid]).toContain(Number(/^miann-test-(\d+)-/.exec(basename(root))?.[1]));
  });

  it("is the temp folder of the test processes and of what they start", () => {
    expect(tmpdir()).toBe(scratchRoot());
    const child = spawnSync(process.execPath, ["-p", "require('os').tmpdir()"], { encoding: "utf8" });
    expect(child.stdout.trim()).toBe(scratchRoot());
  });

  it("scratchDir gives a new empty directory in it each call, named by the prefix", () => {
    const a = scratchDir("probe-");
    const b = scratchDir("probe-");
    expect(a).not.toBe(b);
    for (const d of [a, b]) {
      expect(dirname(d)).toBe(scratchRoot());
      expect(basename(d)).toMatch(/^probe-[A-Za-z0-9]{6}$/);
      expect(readdirSync(d)).toEqual([]);
    }
  });
});

describe("a run leaves nothing in the temp folder", () => {
  it("passing: each file's directories go after its last test, the root (with strays) at the end", () => {
    const tmp = scratchDir("check-tmp-");
    const report = join(scratchDir("check-report-"), "report.json");
    const r = runCheck(tmp, { SCRATCH_CHECK_REPORT: report });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/3 passed/);
    // just before the root went: the test file's scratchDirs were gone, what was written into the
    // temp folder itself (here and by a child process) was still there
    const seen = JSON.parse(readFileSync(report, "utf8")) as { root: string; entries: string[] };
    expect(dirname(seen.root)).toBe(tmp);
    expect(seen.entries.some((e) => e.startsWith("check-"))).toBe(false);
    expect(seen.entries).toContain("child-stray");
    expect(seen.entries.some((e) => e.startsWith("stray-"))).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("failing: the teardown runs all the same", () => {
    const tmp = scratchDir("check-tmp-");
    const r = runCheck(tmp, { SCRATCH_CHECK: "fail" });
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/1 failed/);
    expect(readdirSync(tmp)).toEqual([]);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`interrupted with ${signal}: the exit hook removes the root and vitest's module folder`, async () => {
      const tmp = scratchDir("check-tmp-");
      const run = await startWaiting(tmp);
      try {
        expect(dirname(run.root)).toBe(tmp);
        expect(existsSync(run.root)).toBe(true);
        run.child.kill(signal);
        expect(await run.exited).not.toBe(0);
        expect(readdirSync(tmp)).toEqual([]);
      } finally {
        endWorker(run.worker);
      }
    });
  }

  it("killed with SIGKILL: the root stays, the next run removes it and keeps a live run's", async () => {
    const tmp = scratchDir("check-tmp-");
    const run = await startWaiting(tmp);
    try {
      run.child.kill("SIGKILL");
      expect(await run.exited).toBe("SIGKILL");
    } finally {
      endWorker(run.worker);
    }
    expect(existsSync(run.root)).toBe(true);
    // a root of a run still going (this test process stands for it) must survive the sweep
    const live = join(tmp, `miann-test-${process.pid}-abcdef`);
    mkdirSync(live);
    writeFileSync(join(live, "f"), "x");
    const r = runCheck(tmp);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(existsSync(run.root)).toBe(false);
    expect(existsSync(join(live, "f"))).toBe(true);
    // what SIGKILL leaves besides: vitest's folder of transformed modules (a nanoid, no owner)
    const left = readdirSync(tmp).filter((e) => e !== basename(live));
    expect(left.every((e) => /^[A-Za-z0-9_-]{21}$/.test(e))).toBe(true);
  });
});
