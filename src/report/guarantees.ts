import type { Dataset } from "../data/dataset.js";
import { checkGuarantees, type GuaranteeMeasure, type GuaranteeReport } from "../model/checks.js";
import { thinIndices } from "./figure.js";
import { formatNumber } from "./format.js";
import { type Cell, escapeHtml, htmlTable } from "./html.js";
import type { ReportModel } from "./summary.js";

/** Data points the checks run at (on top of their own random points up to 10× the data range). */
const MAX_CHECK_POINTS = 500;

/**
 * Runs the guarantee checks of `miann check` (src/model/checks.ts: C1–C4 of docs/theory.md, section "The guarantees and how check tests them") on every
 * model, at (up to 500 of) the data's strains when given.
 */
export function runGuaranteeChecks(models: ReportModel[], data: Dataset | undefined): GuaranteeReport[] {
  let points: Float64Array | undefined;
  let n = 0;
  if (data && data.n > 0) {
    const rows = thinIndices(data.n, MAX_CHECK_POINTS);
    const d = data.dim;
    points = new Float64Array(rows.length * d);
    rows.forEach((r, i) => {
      for (let k = 0; k < d; k++) points![i * d + k] = data.strain[r * d + k];
    });
    n = rows.length;
  }
  return models.map((m) => checkGuarantees(m.model, points ? { points, n, seed: 1 } : { seed: 1 }));
}

function measureText(m: GuaranteeMeasure): string {
  const value = m.value === null ? "–" : formatNumber(m.value);
  return `${m.name} = ${value}${m.limit ? ` (${m.limit})` : ""}`;
}

/** The guarantees table: one row per guarantee, one column per model; verdict, numbers and note. */
export function guaranteesTable(reports: GuaranteeReport[], labels: string[]): string {
  if (reports.length === 0) return "";
  const ids = reports[0].guarantees.map((g) => g.id);
  const rows: Cell[][] = ids.map((id) => {
    const title = reports[0].guarantees.find((g) => g.id === id)?.title ?? "";
    const cells: Cell[] = reports.map((r) => {
      const g = r.guarantees.find((x) => x.id === id);
      if (!g) return "–";
      const verdict = g.pass ? `<span class="pass">pass</span>` : `<span class="fail">FAIL</span>`;
      const measures = g.measures.map((m) => escapeHtml(measureText(m))).join("<br>");
      return {
        html: `${verdict}<br><small>${measures}</small><br><small class="note-text">${escapeHtml(g.note)}</small>`,
      };
    });
    return [`${id} ${title}`, ...cells];
  });
  const overall: Cell[] = reports.map((r) => ({
    html: r.pass ? `<span class="pass">all pass</span>` : `<span class="fail">some fail</span>`,
  }));
  rows.push(["overall", ...overall]);
  const first = reports[0];
  const where =
    `Checked at ${first.points} data points and ${first.samples} random points up to 10× the data range ` +
    `(max |x_k| = ${first.range.map(formatNumber).join(", ")}).`;
  return `<p>${escapeHtml(where)}</p>\n${htmlTable(["guarantee", ...labels], rows, "guarantees")}`;
}
