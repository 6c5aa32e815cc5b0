import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../src/data/generate.js";
import { createModel } from "../../src/model/create.js";
import { modelToFile } from "../../src/model/file.js";
import { scalingFromData } from "../../src/model/scaling.js";
import type { ModelKind } from "../../src/model/types.js";
import { type ReportResult, writeReport } from "../../src/report/index.js";
import { train } from "../../src/train/trainer.js";
import { artifactDir, scratchDir } from "../support/scratch.js";
import { findTool } from "../support/tools.js";

/** $CHROME_PATH, else Debian's /usr/bin/chromium (test/support/tools.ts); skipped when missing */
const browserTool = findTool("chromium");
const LAUNCH_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
];
/** the part of the browser's window the print check uses (tsconfig has no DOM library) */
interface BrowserWindow {
  getComputedStyle(e: unknown): { getPropertyValue(p: string): string };
}

/** where the screenshot and the PNGs go, for a person to look at: kept with MIANN_TEST_ARTIFACTS=<folder> */
const OUTPUT = artifactDir("report");

describe("the HTML report in headless Chromium", () => {
  let result: ReportResult;
  let dir: string;

  beforeAll(async () => {
    dir = scratchDir("report-");
    // the demo's built-in dataset: 5,000 fabric samples
    const data = generateDataset({ samples: 5000, seed: 1 });
    const scaling = scalingFromData(data.strain, data.stress, data.n, data.dim);
    const models = (["miann", "potential", "regression"] as ModelKind[]).map((kind) => {
      const model = createModel(
        { kind, inputDim: 3, hidden: kind === "regression" ? [16, 16] : [8, 8] },
        { seed: 3, scaling },
      );
      const record =
        kind === "miann" ? train(model, data, { epochs: 4, optimizer: "adam" }).record : undefined;
      return { model, file: modelToFile(model, { name: kind, training: record }), path: `${kind}.json` };
    });
    const fe = join(dir, "fe");
    mkdirSync(fe);
    writeFileSync(
      join(fe, "energies.csv"),
      `time,kinetic,strain\n${Array.from({ length: 50 }, (_, i) => `${i * 0.01},${Math.sin(i / 8) ** 2},${Math.cos(i / 8) ** 2}`).join("\n")}\n`,
    );
    result = await writeReport({ models, data, feDir: fe, out: join(dir, "report.html"), pngDir: OUTPUT });
  });

  it("is a single file under 5 MB with every figure inline", () => {
    expect(result.bytes).toBeLessThan(5e6);
    expect(statSync(result.path).size).toBe(result.bytes);
    const html = readFileSync(result.path, "utf8");
    // nothing that could load a resource: no script, link, image, import or non-local url()
    expect(html.match(/<script|<link|<img|<iframe|src=|@import|url\((?!#)/i)?.[0]).toBeUndefined();
    // ids are unique across the inlined SVGs (clip paths and gradients of one figure only)
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // loss, parity, curves, 2 slices × (energy + stability), FE
    expect(result.figures).toBe(8);
    expect((html.match(/<figure class="plot"/g) ?? []).length).toBe(result.figures);
    expect(result.png).toHaveLength(result.figures);
    for (const png of result.png) expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
  });

  it.skipIf(!browserTool.ok)(
    "renders every figure, logs no error and requests nothing but itself",
    async () => {
      const browser = await chromium.launch({ executablePath: browserTool.command, args: LAUNCH_ARGS });
      try {
        const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        page.on("pageerror", (e) => errors.push(e.message));
        await page.route("**/*", (route) => {
          requests.push(route.request().url());
          return route.request().url().startsWith("file:") ? route.continue() : route.abort();
        });
        const url = pathToFileURL(result.path).href;
        await page.goto(url, { waitUntil: "load" });
        const marks = await page.$$eval("figure.plot", (figs) =>
          figs.map((f) => ({
            id: f.id,
            svg: f.querySelectorAll("svg").length,
            marks: f.querySelectorAll("svg g.role-mark > *").length,
            width: f.querySelector("svg")?.getBoundingClientRect().width ?? 0,
          })),
        );
        expect(marks).toHaveLength(result.figures);
        for (const m of marks) {
          expect(m.svg, m.id).toBe(1);
          expect(m.marks, m.id).toBeGreaterThan(0);
          expect(m.width, m.id).toBeGreaterThan(100);
        }
        expect(errors).toEqual([]);
        expect(requests.every((r) => r === url || r.startsWith("data:"))).toBe(true);
        await page.screenshot({ path: join(OUTPUT, "report.png"), fullPage: true });
        expect(statSync(join(OUTPUT, "report.png")).size).toBeGreaterThan(10_000);
        // printable: the print stylesheet drops the navigation and keeps figures whole
        await page.emulateMedia({ media: "print" });
        const style = (selector: string, property: string) =>
          page.$eval(
            selector,
            (e, p) => (globalThis as unknown as BrowserWindow).getComputedStyle(e).getPropertyValue(p),
            property,
          );
        expect(await style("nav", "display")).toBe("none");
        expect(await style("figure", "break-inside")).toBe("avoid");
      } finally {
        await browser.close();
      }
    },
  );
});
