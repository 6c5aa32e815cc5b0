import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifactDir, scratchDir } from "../support/scratch.js";
import { findTool } from "../support/tools.js";

/**
 * The browser playground (dist/playground.html) in headless Chromium, opened from file:// and
 * served by `miann playground`, against the built CLI: the same data, the same training (same
 * parameters to 1e-12 as `miann train --threads 1`), figures with marks, no console error, no
 * request leaving the page, a malformed file refused with the reader's message, a downloaded
 * model that `miann predict` evaluates to the page's stress. One browser launch for all of it.
 */
const chromiumTool = findTool("chromium");
const CLI = join(process.cwd(), "dist/cli/miann.js");
const PAGE = join(process.cwd(), "dist/playground.html");
/** screenshots for a person to look at: kept with MIANN_TEST_ARTIFACTS=<folder> (test/support/scratch.ts) */
const SHOTS = artifactDir("playground");
/** the exact comparison with a short budget on file:// (the full defaults run once, served) */
const SMALL_EPOCHS = 40;
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];

/** the few browser globals the page-side callbacks use (tsconfig has no DOM library) */
interface BrowserGlobals {
  crossOriginIsolated: boolean;
  DataTransfer: new () => { items: { add(f: unknown): void } };
  File: new (parts: string[], name: string, options: { type: string }) => unknown;
}

interface ModelJson {
  params: number[];
  training: { metrics: { test: { relRmse: number[] } }; settings: Record<string, unknown> };
}

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runs the CLI in the background (it trains while the browser does) */
function cliAsync(args: string[], cwd: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.on("close", (status) => resolve({ status, stderr }));
  });
}

function maxParamDiff(a: number[], b: number[]): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

/** what a page did that a test must see: console errors and every request */
function watch(page: Page): { errors: string[]; requests: string[] } {
  const seen = { errors: [] as string[], requests: [] as string[] };
  page.on("console", (m) => {
    if (m.type() === "error") seen.errors.push(m.text());
  });
  page.on("pageerror", (e) => seen.errors.push(e.message));
  page.on("request", (r) => seen.requests.push(r.url()));
  return seen;
}

async function downloadText(page: Page, file: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click(`a[data-file="${file}"]`)]);
  return readFileSync((await download.path())!, "utf8");
}

/** every figure of the results, with how many marks its SVG drew */
async function figureMarks(page: Page): Promise<{ id: string; marks: number }[]> {
  return page.$$eval("#figures figure.plot", (figs) =>
    figs.map((f) => ({ id: f.id, marks: f.querySelectorAll("svg g.role-mark > *").length })),
  );
}

async function trainAndTime(page: Page, url: string, duringShot?: string): Promise<number> {
  const t0 = performance.now();
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("#data-status.ok", { timeout: 60_000 });
  await page.click("#train");
  if (duringShot) {
    // a while into the run: the live loss curve and the per-component errors
    await page.waitForSelector("#loss-live polyline");
    await page.waitForTimeout(3000);
    await page.screenshot({ path: duringShot });
  }
  await page.waitForSelector("body[data-state=trained]", { timeout: 240_000 });
  return (performance.now() - t0) / 1000;
}

describe.skipIf(!chromiumTool.ok)("the browser playground in headless Chromium", () => {
  let dir: string;
  let browser: Browser;
  let server: ChildProcess | undefined;
  let serverUrl: string;
  let cliDefault: Promise<{ status: number | null; stderr: string }>;

  beforeAll(async () => {
    dir = scratchDir("playground-");
    expect(cli(["data", "generate", "-o", "data.csv"], dir).status).toBe(0);
    const small = cli(
      [
        "train",
        "data.csv",
        "--threads",
        "1",
        "--epochs",
        String(SMALL_EPOCHS),
        "-o",
        "small.json",
        "--quiet",
      ],
      dir,
    );
    expect(small.status, small.stderr).toBe(0);
    // the full defaults train while the browser works
    cliDefault = cliAsync(["train", "data.csv", "--threads", "1", "-o", "default.json", "--quiet"], dir);
    server = spawn(process.execPath, [CLI, "playground", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    serverUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      server!.stdout!.on("data", (c) => {
        out += c;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) resolve(m[1]);
      });
      server!.on("exit", (code) => reject(new Error(`miann playground exited with ${code}`)));
    });
    browser = await chromium.launch({ executablePath: chromiumTool.command, args: LAUNCH_ARGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill("SIGTERM");
  });

  it("from file://: trains like `miann train --threads 1`, draws every figure, refuses a malformed file, and its model predicts in the CLI", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, acceptDownloads: true });
    const seen = watch(page);
    const url = pathToFileURL(PAGE).href;
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector("#data-status.ok", { timeout: 60_000 });
    await page.screenshot({ path: join(SHOTS, "1-before.png") });
    expect(await page.isDisabled("#train")).toBe(false);
    expect(await page.textContent("#cli")).toContain(
      "miann data generate -o data.csv && miann train data.csv --threads 1",
    );

    await page.fill("#epochs", String(SMALL_EPOCHS));
    expect(await page.textContent("#cli")).toContain(`--epochs ${SMALL_EPOCHS}`);
    await page.click("#train");
    await page.waitForSelector("#loss-live polyline");
    await page.waitForSelector("body[data-state=trained]", { timeout: 120_000 });
    await page.screenshot({ path: join(SHOTS, "3-after.png"), fullPage: true });

    // the same parameters and test errors as the CLI with the same settings
    const pageModel = JSON.parse(await downloadText(page, "model.json")) as ModelJson;
    const cliModel = JSON.parse(readFileSync(join(dir, "small.json"), "utf8")) as ModelJson;
    const diff = maxParamDiff(pageModel.params, cliModel.params);
    console.log(
      `playground (file://, ${SMALL_EPOCHS} epochs) vs miann train --threads 1: max parameter difference ${diff}`,
    );
    expect(diff).toBeLessThanOrEqual(1e-12);
    const rel = (m: ModelJson) => m.training.metrics.test.relRmse;
    for (let k = 0; k < 3; k++) expect(rel(pageModel)[k]).toBeCloseTo(rel(cliModel)[k], 12);
    expect(pageModel.training.settings.data).toBe(cliModel.training.settings.data);

    // loss, parity, curves, 2 × (energy + stability): every one drew marks
    const figures = await figureMarks(page);
    expect(figures.map((f) => f.id).sort()).toEqual(
      [
        "fig-curves",
        "fig-energy-E11-2E12",
        "fig-energy-E11-E22",
        "fig-loss",
        "fig-parity",
        "fig-stability-E11-2E12",
        "fig-stability-E11-E22",
      ].sort(),
    );
    for (const f of figures) expect(f.marks, f.id).toBeGreaterThan(0);
    expect(await page.$$eval("#guarantees td.pass, #guarantees .pass", (e) => e.length)).toBeGreaterThan(0);

    // the page's stress at a strain = miann predict's on the downloaded model file
    await page.fill("#strain-0", "0.05");
    await page.fill("#strain-1", "0.03");
    await page.fill("#strain-2", "0.02");
    await page.click("#evaluate button[type=submit]");
    await page.waitForSelector("#stress-out .stress");
    const pageStress = await page.$$eval("#stress-out .stress", (s) =>
      s.map((e) => Number(e.getAttribute("data-value"))),
    );
    writeFileSync(join(dir, "page-model.json"), JSON.stringify(pageModel));
    writeFileSync(join(dir, "strain.csv"), "E11,E22,G12\n0.05,0.03,0.02\n");
    const predicted = cli(["predict", "page-model.json", "strain.csv"], dir);
    expect(predicted.status, predicted.stderr).toBe(0);
    const row = predicted.stdout.trim().split("\n")[1].split(",").map(Number);
    expect(pageStress).toHaveLength(3);
    for (let k = 0; k < 3; k++) {
      expect(Math.abs(pageStress[k] - row[3 + k])).toBeLessThanOrEqual(
        1e-12 * Math.max(1, Math.abs(row[3 + k])),
      );
    }
    expect(await downloadText(page, "material.c")).toContain("Generated by miann");

    // a malformed CSV, dropped on the page: the reader's own one-line message, training disabled
    const bad = "E11,E22,G12,S11,S22,S12\n0.01,0,0,200,40,0\n0.02,0,0,oops,80,0\n";
    writeFileSync(join(dir, "bad.csv"), bad);
    const cliMessage = cli(["train", "bad.csv", "-o", "bad-model.json"], dir)
      .stderr.trim()
      .replace(/^miann: /, "");
    expect(cliMessage).toBe("bad.csv:3:4: expected a number, got 'oops'");
    // a DataTransfer holding the file, made in the page (the project's types have no DOM)
    const transfer = await page.evaluateHandle((text) => {
      const g = globalThis as unknown as BrowserGlobals;
      const t = new g.DataTransfer();
      t.items.add(new g.File([text], "bad.csv", { type: "text/csv" }));
      return t;
    }, bad);
    await page.dispatchEvent("#drop", "drop", { dataTransfer: transfer });
    await page.waitForSelector("#data-error:not([hidden])");
    expect(await page.textContent("#data-error")).toBe(cliMessage);
    expect(await page.isDisabled("#train")).toBe(true);
    expect(await page.isHidden("#results")).toBe(true);
    await page.locator("h1").scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, "4-malformed.png") });

    expect(seen.errors).toEqual([]);
    // the page itself, its worker (a blob: URL made in the page) and inline data: nothing else
    const foreign = seen.requests.filter(
      (r) => r !== url && !r.startsWith("blob:") && !r.startsWith("data:"),
    );
    expect(foreign).toEqual([]);
    for (const f of ["1-before.png", "3-after.png"])
      expect(statSync(join(SHOTS, f)).size).toBeGreaterThan(10_000);
    await page.close();
  }, 240_000);

  it("served by `miann playground`: cross-origin isolated, the defaults reach the CLI's parameters and test RMSE/σ", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, acceptDownloads: true });
    const seen = watch(page);
    const seconds = await trainAndTime(page, serverUrl, join(SHOTS, "2-during.png"));
    console.log(
      `playground served by miann playground: open → trained fabric model (defaults) in ${seconds.toFixed(1)} s`,
    );
    expect(await page.evaluate(() => (globalThis as unknown as BrowserGlobals).crossOriginIsolated)).toBe(
      true,
    );
    const pageModel = JSON.parse(await downloadText(page, "model.json")) as ModelJson;
    const done = await cliDefault;
    expect(done.status, done.stderr).toBe(0);
    const cliModel = JSON.parse(readFileSync(join(dir, "default.json"), "utf8")) as ModelJson;
    const diff = maxParamDiff(pageModel.params, cliModel.params);
    console.log(`playground (served, defaults) vs miann train --threads 1: max parameter difference ${diff}`);
    expect(diff).toBeLessThanOrEqual(1e-12);
    const relPage = pageModel.training.metrics.test.relRmse;
    const relCli = cliModel.training.metrics.test.relRmse;
    console.log(
      `test RMSE/σ: page ${relPage.map((v) => (100 * v).toFixed(3)).join(", ")} %; CLI ${relCli.map((v) => (100 * v).toFixed(3)).join(", ")} %`,
    );
    for (let k = 0; k < 3; k++) expect(relPage[k]).toBeCloseTo(relCli[k], 12);
    for (const f of await figureMarks(page)) expect(f.marks, f.id).toBeGreaterThan(0);
    expect(statSync(join(SHOTS, "2-during.png")).size).toBeGreaterThan(10_000);
    expect(seen.errors).toEqual([]);
    const origin = new URL(serverUrl).origin;
    const foreign = seen.requests.filter(
      (r) => !r.startsWith(origin) && !r.startsWith("blob:") && !r.startsWith("data:"),
    );
    expect(foreign).toEqual([]);

    // and the same page, from file://, the time to a trained model with the defaults
    const filePage = await browser.newPage({ viewport: { width: 1366, height: 860 } });
    const fileSeconds = await trainAndTime(filePage, pathToFileURL(PAGE).href);
    console.log(
      `playground from file://: open → trained fabric model (defaults) in ${fileSeconds.toFixed(1)} s`,
    );
    await filePage.close();
    await page.close();
  }, 300_000);
});
