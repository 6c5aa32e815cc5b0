import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchDir } from "../support/scratch.js";

/**
 * The playground build (scripts/build-playground.mjs) is the check that the code the browser runs
 * imports no Node built-in: shown here to fail, naming the importing file, on an entry that does,
 * and to take a module's browser side (X.browser.ts) where there is one.
 */
const SCRIPT = join(process.cwd(), "scripts/build-playground.mjs");
const SRC = join(process.cwd(), "src");
const dir = scratchDir("bundle-");

function buildWith(worker: string): { status: number | null; stderr: string; html: string } {
  const entry = mkdtempSync(join(dir, "entry-"));
  writeFileSync(join(entry, "worker.ts"), worker);
  writeFileSync(
    join(entry, "page.ts"),
    "declare const __MIANN_WORKER_SOURCE__: string;\nconsole.log(__MIANN_WORKER_SOURCE__);\n",
  );
  writeFileSync(
    join(entry, "page.html"),
    '<meta http-equiv="Content-Security-Policy" content="%CSP%"><script>/*%SCRIPT%*/</script>\n',
  );
  const out = join(entry, "out.html");
  const r = spawnSync(process.execPath, [SCRIPT], {
    encoding: "utf8",
    env: { ...process.env, MIANN_PLAYGROUND_SRC: entry, MIANN_PLAYGROUND_OUT: out },
    timeout: 120_000,
  });
  let html = "";
  try {
    html = readFileSync(out, "utf8");
  } catch {
    // no output on failure
  }
  return { status: r.status, stderr: r.stderr, html };
}

describe("the playground bundle's check for Node built-ins", () => {
  it("fails on a module of the graph that imports one, naming it", () => {
    writeFileSync(
      join(dir, "uses-fs.ts"),
      'import { readFileSync } from "node:fs";\nexport const f = () => readFileSync("x");\n',
    );
    const r = buildWith(`import { f } from "${join(dir, "uses-fs.js")}";\nconsole.log(f);\n`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("node:fs is a Node built-in, imported by");
    expect(r.stderr).toContain("uses-fs.ts");
    // a bare built-in name is refused too
    const bare = buildWith('import os from "os";\nconsole.log(os);\n');
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain("os is a Node built-in");
  }, 120_000);

  it("builds the kernels through their browser sides (no worker_threads, no fs), with a CSP that allows no request", () => {
    const r = buildWith(
      `import { createWasmKernels } from "${join(SRC, "kernels/wasm-kernels.js")}";\nconsole.log(createWasmKernels);\n`,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.html).toContain("default-src 'none'");
    expect(r.html).not.toContain("connect-src");
    // the Node pool would have put worker_threads' Worker into the bundle; the browser side has none
    expect(r.html).toContain("the browser playground runs the kernels on one thread");
  }, 120_000);
});
