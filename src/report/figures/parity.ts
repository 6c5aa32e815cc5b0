import type { ReportContext } from "../context.js";
import { type Figure, round, SCHEMA, thinIndices } from "../figure.js";
import { formatNumber } from "../format.js";
import { FIGURE_CONFIG, SERIES_COLOURS } from "../theme.js";

/** At most this many points per panel, so a large dataset keeps the report small. */
const MAX_POINTS = 500;

/**
 * Predicted against measured stress, one panel per (model, stress component), on the given rows
 * (the test split when it can be reconstructed). The diagonal is the perfect prediction; each
 * panel states its RMSE (in stress units) and R² over all the given rows.
 */
export function parityFigure(ctx: ReportContext, rows: number[], splitLabel: string): Figure | undefined {
  const data = ctx.data;
  const models = ctx.series.filter((s) => !s.reference);
  if (data === undefined || rows.length === 0 || models.length === 0) return undefined;
  const d = ctx.dim;
  const n = rows.length;
  const strain = new Float64Array(n * d);
  const measured = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < d; k++) {
      strain[r * d + k] = data.strain[rows[r] * d + k];
      measured[r * d + k] = data.stress[rows[r] * d + k];
    }
  }
  const predicted = new Float64Array(n * d);
  const shown = thinIndices(n, MAX_POINTS);
  const values: Record<string, string | number>[] = [];
  for (const series of models) {
    series.material.evaluate(strain, n, { stress: predicted });
    for (let k = 0; k < d; k++) {
      const component = `${ctx.stressNames[k]} (${ctx.stressUnit})`;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      let sse = 0;
      let mean = 0;
      // over the known entries only (an unknown stress, mask 0, has no measured value)
      const known = (r: number) => data.mask === undefined || data.mask[rows[r] * d + k] === 1;
      let count = 0;
      for (let r = 0; r < n; r++) {
        if (!known(r)) continue;
        mean += measured[r * d + k];
        count++;
      }
      if (count === 0) continue;
      mean /= count;
      let sst = 0;
      for (let r = 0; r < n; r++) {
        if (!known(r)) continue;
        const y = measured[r * d + k];
        const p = predicted[r * d + k];
        sse += (p - y) ** 2;
        sst += (y - mean) ** 2;
        lo = Math.min(lo, y, Number.isFinite(p) ? p : y);
        hi = Math.max(hi, y, Number.isFinite(p) ? p : y);
      }
      for (const r of shown) {
        if (!known(r)) continue;
        values.push({
          kind: "point",
          model: series.label,
          component,
          panel: panelOf(series.label, component),
          measured: round(measured[r * d + k]),
          predicted: round(predicted[r * d + k]),
        });
      }
      const panel = panelOf(series.label, component);
      values.push({ kind: "diagonal", model: series.label, component, panel, measured: lo, predicted: lo });
      values.push({ kind: "diagonal", model: series.label, component, panel, measured: hi, predicted: hi });
      const rmse = Math.sqrt(sse / count);
      const r2 = sst > 0 ? 1 - sse / sst : Number.NaN;
      values.push({
        kind: "stat",
        model: series.label,
        component,
        panel,
        measured: lo,
        predicted: hi,
        text: `RMSE ${formatNumber(rmse)}, R² ${Number.isFinite(r2) ? r2.toFixed(4) : "–"}`,
      });
    }
  }
  const components = ctx.stressNames.map((name) => `${name} (${ctx.stressUnit})`);
  const panels = models.flatMap((m) => components.map((c) => panelOf(m.label, c)));
  const colour = { domain: models.map((m) => m.label), range: SERIES_COLOURS.slice(0, models.length) };
  return {
    id: "parity",
    title: "Parity",
    caption:
      `Predicted against measured stress on ${splitLabel} (${n} rows` +
      `${n > MAX_POINTS ? `, ${MAX_POINTS} drawn per panel` : ""}). ` +
      `Points on the grey diagonal are exact; RMSE and R² use every row${data.mask ? " where the component was measured (unknown entries are left out)" : ""}.`,
    spec: {
      $schema: SCHEMA,
      config: FIGURE_CONFIG,
      data: { values },
      // one panel per (model, component), wrapped at 3 per row: a solid's six components make two
      // rows per model instead of one row of six unreadable panels
      facet: { field: "panel", type: "nominal", title: null, sort: panels },
      columns: Math.min(3, d),
      resolve: { scale: { x: "independent", y: "independent" } },
      spec: {
        width: 190,
        height: 190,
        layer: [
          {
            transform: [{ filter: "datum.kind === 'diagonal'" }],
            mark: { type: "line", color: "#999", strokeWidth: 1 },
            encoding: {
              x: { field: "measured", type: "quantitative", title: "measured" },
              y: { field: "predicted", type: "quantitative", title: "predicted" },
            },
          },
          {
            transform: [{ filter: "datum.kind === 'point'" }],
            mark: { type: "circle", size: 9, opacity: 0.6 },
            encoding: {
              // SI-prefixed ticks (6M, not 6,000,000) keep a solid's Pa readable
              x: { field: "measured", type: "quantitative", title: "measured", axis: { format: "~s" } },
              y: { field: "predicted", type: "quantitative", title: "predicted", axis: { format: "~s" } },
              color: { field: "model", type: "nominal", scale: colour, legend: null },
            },
          },
          {
            transform: [{ filter: "datum.kind === 'stat'" }],
            mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, fontSize: 10 },
            encoding: {
              x: { field: "measured", type: "quantitative" },
              y: { field: "predicted", type: "quantitative" },
              text: { field: "text" },
            },
          },
        ],
      },
    },
  };
}

/** the header of a parity panel: the model and the stress component with its unit */
function panelOf(model: string, component: string): string {
  return `${model} · ${component}`;
}
