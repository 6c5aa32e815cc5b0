import type { Dataset } from "../data/dataset.js";
import { materialInfo, materialNames } from "../data/materials/index.js";
import type { GuaranteeReport } from "../model/checks.js";
import { UserError } from "../util/errors.js";
import { energyUnit, strainNames, stressNames, stressUnit } from "./components.js";
import type { PlotSeries, ReportContext } from "./context.js";
import type { Figure } from "./figure.js";
import { curvesFigure } from "./figures/curves.js";
import { type TimeSeriesTable, timeSeriesFigure } from "./figures/fe.js";
import { lossFigure } from "./figures/loss.js";
import { mapFigures } from "./figures/maps.js";
import { parityFigure } from "./figures/parity.js";
import { testCurvesFigure, testMetricsTable } from "./figures/test-curves.js";
import { guaranteesTable, runGuaranteeChecks } from "./guarantees.js";
import { escapeHtml, htmlPage } from "./html.js";
import { referenceLaw } from "./reference.js";
import { renderSvg, scopeSvgIds } from "./render-svg.js";
import { evaluationRows } from "./split.js";
import { metricsTable, modelTable, type ReportModel } from "./summary.js";

export interface BuildReportOptions {
  /** the first model is the report's subject; the others are compared with it */
  models: ReportModel[];
  /** strain–stress data (parity plots, training points on the maps, the reference law's name) */
  data?: Dataset;
  /** FE experiment outputs already read (CSV time series with a header row) from `dir` */
  fe?: { dir: string; tables: TimeSeriesTable[]; skipped: string[] };
  /**
   * the reference law to draw (a name of src/data/materials); default: the data's, else the one
   * recorded with the first model's training data
   */
  material?: string;
  /** guarantee reports already computed (one per model, in order), e.g. by the demo; else run here */
  guarantees?: GuaranteeReport[];
  /** the report's title (default: "miann report: <first model>") */
  title?: string;
}

/** The report's page and its figures (each with its SVG as inlined in the page). */
export interface ReportContent {
  html: string;
  figures: { figure: Figure; svg: string }[];
}

/**
 * Builds one self-contained HTML report of one or more models in memory: summary, training
 * history, parity, stress–strain curves, energy and stability maps, the guarantees table and FE
 * time series. No file system here (writeReport in index.ts reads and writes; the browser
 * playground offers the page as a download).
 */
export async function buildReport(options: BuildReportOptions): Promise<ReportContent> {
  const { models, data } = options;
  if (models.length === 0) throw new UserError("report: at least one model is required");
  const d = models[0].model.dim;
  for (const m of models) {
    if (m.model.dim !== d) {
      throw new UserError(
        `${m.path}: model has ${m.model.dim} strain components, expected ${d} like ${models[0].path}`,
      );
    }
  }
  if (data && data.dim !== d) {
    throw new UserError(
      `${data.source ?? "data"}: data has ${data.dim} strain components, the model expects ${d}`,
    );
  }
  const fe = options.fe;
  const labels = uniqueLabels(models);
  const materialName = options.material ?? data?.material ?? recordedString(models, "material");
  // the law's parameters when they were not the defaults (recorded with the data or the model)
  const materialParams =
    options.material !== undefined
      ? undefined
      : data?.material !== undefined
        ? data.materialParams
        : recordedParams(models);
  const reference = referenceLaw(materialName, d, materialParams);
  if (options.material !== undefined && !reference) {
    throw new UserError(
      `--material ${options.material}: expected a built-in reference law with d = ${d} (${materialNames()
        .filter((name) => materialInfo(name).dim === d)
        .join(", ")})`,
    );
  }
  const series: PlotSeries[] = [];
  if (reference)
    series.push({ label: `reference (${reference.name})`, material: reference.material, reference: true });
  for (let i = 0; i < models.length; i++) {
    series.push({ label: labels[i], material: models[i].model, reference: false });
  }
  const unit = stressUnit(
    recordedString(models, "stressUnit") ?? recordedString(models, "unit"),
    reference?.stressUnit,
  );
  const ctx: ReportContext = {
    dim: d,
    series,
    data,
    strainNames: strainNames(d),
    stressNames: stressNames(d),
    stressUnit: unit,
    energyUnit: energyUnit(unit),
    ...strainExtent(d, data, models),
  };

  const sections: { id: string; title: string; html: string }[] = [];
  const figures: { figure: Figure; svg: string }[] = [];
  const notes: string[] = [];
  const addFigures = async (id: string, title: string, intro: string, figs: Figure[]) => {
    const parts: string[] = intro ? [intro] : [];
    for (const f of figs) {
      const svg = scopeSvgIds(await renderSvg(f.spec), `${f.id}-`);
      figures.push({ figure: f, svg });
      // a section with one figure of the same name needs no second heading
      const heading = f.title === title ? "" : `<h3>${escapeHtml(f.title)}</h3>\n`;
      parts.push(
        `<figure class="plot" id="fig-${f.id}">\n${heading}${svg}\n<figcaption>${escapeHtml(f.caption)}</figcaption>\n</figure>`,
      );
    }
    sections.push({ id, title, html: parts.join("\n") });
  };

  const metrics = metricsTable(models, labels, ctx.stressNames);
  sections.push({
    id: "models",
    title: "Models",
    html:
      modelTable(models, labels) + (metrics ? `\n<h3>Errors recorded by the trainer</h3>\n${metrics}` : ""),
  });

  const loss = lossFigure(
    models.map((m, i) => ({ label: labels[i], history: m.file.training?.history ?? [] })),
  );
  if (loss) await addFigures("history", "Training history", "", [loss]);
  else notes.push("No training history in the model file(s): the loss plot is omitted.");

  if (data) {
    const split = evaluationRows(models[0].model, models[0].file.training, data);
    const parity = parityFigure(ctx, split.rows, split.label);
    const splitNotes = split.note ? [split.note] : [];
    const otherSplit = labels.slice(1).filter((_, i) => !sameSplit(models[0], models[i + 1]));
    if (otherSplit.length > 0 && split.rows.length < data.n) {
      splitNotes.push(
        `These are the test rows of ${labels[0]}; ${otherSplit.join(", ")} was trained with another ` +
          "seed or split (or has no record of it), so some of them may be its training rows.",
      );
    }
    if (parity)
      await addFigures(
        "parity",
        "Parity",
        splitNotes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join("\n"),
        [parity],
      );
  } else {
    notes.push("No data given (--data): parity plots are omitted and the maps show no training points.");
  }

  const lab = testCurvesFigure(ctx);
  if (lab) await addFigures("test-curves", "Test curves", testMetricsTable(ctx) ?? "", [lab]);

  await addFigures(
    "curves",
    "Stress–strain curves",
    reference
      ? ""
      : `<p class="note">The data's reference law is unknown, so only the models are drawn (name a built-in law with --material to draw it).</p>`,
    [curvesFigure(ctx)],
  );
  await addFigures("maps", "Energy and material stability", "", mapFigures(ctx));

  sections.push({
    id: "guarantees",
    title: "Guarantees",
    html: guaranteesTable(
      options.guarantees?.length === models.length ? options.guarantees : runGuaranteeChecks(models, data),
      labels,
    ),
  });

  if (fe !== undefined) {
    const { tables, skipped } = fe;
    const intro =
      tables.length === 0
        ? `<p class="note">No CSV time series with a header row in ${escapeHtml(fe.dir)}.</p>`
        : skipped.length > 0
          ? `<p class="note">Skipped (no header row): ${escapeHtml(skipped.join(", "))}.</p>`
          : "";
    await addFigures("fe", "Finite-element experiments", intro, tables.map(timeSeriesFigure));
  }

  const title = options.title ?? `miann report: ${labels[0]}`;
  const meta =
    `${escapeHtml(models.map((m) => m.path).join(", "))}` +
    (data ? ` · data: ${escapeHtml(data.source ?? "in memory")} (${data.n} rows)` : "") +
    (notes.length ? `<br>${notes.map(escapeHtml).join("<br>")}` : "");
  return { html: htmlPage(title, meta, sections), figures };
}

/** Whether two models were trained on the same split (same seed, fractions and row count). */
function sameSplit(a: ReportModel, b: ReportModel): boolean {
  const sa = a.file.training?.settings;
  const sb = b.file.training?.settings;
  if (!sa || !sb) return false;
  return ["seed", "val", "test", "rows"].every((k) => sa[k] === sb[k]);
}

/** Labels for the legends: the model's name, else its file name; made unique. */
function uniqueLabels(models: ReportModel[]): string[] {
  const seen = new Map<string, number>();
  return models.map((m) => {
    const base = m.file.name?.trim() || m.path.replace(/^.*[\\/]/, "").replace(/\.json$/i, "");
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    return k === 1 ? base : `${base} (${k})`;
  });
}

/** The reference law's parameters recorded with the first model that names a material. */
function recordedParams(models: ReportModel[]): Record<string, unknown> | undefined {
  for (const m of models) {
    const data = m.file.training?.data;
    if (typeof data?.material !== "string") continue;
    const p = data.materialParams;
    return p && typeof p === "object" && !Array.isArray(p) ? (p as Record<string, unknown>) : undefined;
  }
  return undefined;
}

/** A string recorded in a model's training data record (material, unit), first model first. */
function recordedString(models: ReportModel[], key: string): string | undefined {
  for (const m of models) {
    const v = m.file.training?.data?.[key];
    if (typeof v === "string" && v !== "") return v;
  }
  return undefined;
}

/**
 * Per strain component, the largest |x_k| of the data, the interval the energy maps cover (the
 * data's range widened by a quarter of its span on each side, always containing 0) and the one the
 * stability maps cover (±3× the largest |x_k|, normal strains kept above −0.45 so that the
 * deformation stays admissible, E_kk > −½). Without data, the first model's strain scale D stands in
 * for the amplitude.
 */
function strainExtent(
  d: number,
  data: Dataset | undefined,
  models: ReportModel[],
): { amplitude: number[]; range: [number, number][]; wideRange: [number, number][] } {
  const amplitude: number[] = [];
  const range: [number, number][] = [];
  const wideRange: [number, number][] = [];
  // normal strain components (E_kk > −½ for an admissible deformation): 0, 1 (membrane), 0–2 (solid)
  const normal = d === 3 ? 2 : d === 6 ? 3 : 0;
  for (let k = 0; k < d; k++) {
    let lo = 0;
    let hi = 0;
    if (data && data.n > 0) {
      for (let r = 0; r < data.n; r++) {
        const x = data.strain[r * d + k];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    }
    if (hi - lo <= 0) {
      const D = models[0].model.scaling.strainScale[k];
      const a = Number.isFinite(D) && D > 0 ? D : 0.1;
      lo = -a;
      hi = a;
    }
    amplitude.push(Math.max(Math.abs(lo), Math.abs(hi)));
    const pad = 0.25 * (hi - lo);
    range.push([lo - pad, hi + pad]);
    const a = 3 * amplitude[k];
    wideRange.push([k < normal ? Math.max(-a, -0.45) : -a, a]);
  }
  return { amplitude, range, wideRange };
}
