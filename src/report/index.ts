import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Dataset } from "../data/dataset.js";
import type { GuaranteeReport } from "../model/checks.js";
import { writeFileAtomic } from "../util/atomic.js";
import { UserError } from "../util/errors.js";
import { buildReport } from "./build.js";
import { readTimeSeriesDir } from "./fe-tables.js";
import { svgToPng } from "./render.js";
import type { ReportModel } from "./summary.js";

export { type BuildReportOptions, buildReport, type ReportContent } from "./build.js";
export type { ReportModel, ReportModelFile } from "./summary.js";

export interface ReportOptions {
  /** the first model is the report's subject; the others are compared with it */
  models: ReportModel[];
  /** strain–stress data (parity plots, training points on the maps, the reference law's name) */
  data?: Dataset;
  /** a directory of FE experiment outputs (CSV time series with a header row) */
  feDir?: string;
  /** the HTML file to write (atomically; an existing file is replaced) */
  out: string;
  /** also write every figure as PNG into this directory */
  pngDir?: string;
  /**
   * the reference law to draw (a name of src/data/materials); default: the data's, else the one
   * recorded with the first model's training data
   */
  material?: string;
  /** guarantee reports already computed (one per model, in order), e.g. by the demo; else run here */
  guarantees?: GuaranteeReport[];
  /** the report's title (default: "miann report: <first model>") */
  title?: string;
  /**
   * replace an existing report or PNG file (default true); false: a UserError names the first
   * file that exists, before anything is written
   */
  overwrite?: boolean;
}

export interface ReportResult {
  path: string;
  figures: number;
  bytes: number;
  /** the PNG files written (empty without pngDir) */
  png: string[];
}

/**
 * Writes one self-contained HTML report of one or more models (buildReport in build.ts makes the
 * page): summary, training history, parity, stress–strain curves, energy and stability maps, the
 * guarantees table and FE time series.
 */
export async function writeReport(options: ReportOptions): Promise<ReportResult> {
  // read the inputs first, so that a bad FE folder fails before any rendering
  const fe =
    options.feDir !== undefined ? { dir: options.feDir, ...readTimeSeriesDir(options.feDir) } : undefined;
  const { html, figures } = await buildReport({
    models: options.models,
    data: options.data,
    fe,
    material: options.material,
    guarantees: options.guarantees,
    title: options.title,
  });
  const pngDir = options.pngDir;
  const pngPaths = pngDir === undefined ? [] : figures.map(({ figure }) => join(pngDir, `${figure.id}.png`));
  if (options.overwrite === false) {
    for (const path of [options.out, ...pngPaths]) {
      if (existsSync(path)) throw new UserError(`${path}: already exists; use --force to replace it`);
    }
  }
  // rasterise first, so a failure leaves no report without its PNGs
  const pngData = figures.map(({ svg }, i) => (i < pngPaths.length ? svgToPng(svg) : undefined));
  const replace = options.overwrite !== false;
  for (let i = 0; i < pngPaths.length; i++) writeOutput(pngPaths[i], pngData[i]!, replace);
  // the HTML last: a PNG that cannot be written leaves no report that looks complete
  writeOutput(options.out, html, replace);
  return { path: options.out, figures: figures.length, bytes: Buffer.byteLength(html), png: pngPaths };
}

/** Writes atomically; a file-system refusal (a folder in the way, no permission) is a UserError. */
function writeOutput(path: string, data: string | Uint8Array, replace: boolean): void {
  writeFileAtomic(path, data, { replace });
}
