import type { TestMode, TestPoint } from "../../data/dataset.js";
import { curvePoints, predictTest } from "../../data/test-predict.js";
import { evaluateTests } from "../../train/evaluate.js";
import type { ReportContext } from "../context.js";
import { type Figure, round, SCHEMA } from "../figure.js";
import { formatNumber } from "../format.js";
import { FIGURE_CONFIG, seriesScale } from "../theme.js";

const STEPS = 61;

/**
 * For test-curve data: nominal stress against stretch, one panel per test mode, the measured
 * points and every model's (and the reference law's) curve under that test's own boundary
 * conditions (uniaxial: free lateral contraction solved; pure shear λ2 = 1; biaxial through the
 * measured (λ1, λ2); simple shear P12 against γ).
 */
export function testCurvesFigure(ctx: ReportContext): Figure | undefined {
  const tests = ctx.data?.tests;
  if (!tests || tests.length === 0) return undefined;
  const modes = [...new Set(tests.map((t) => t.mode))];
  const values: Record<string, string | number>[] = [];
  const panels: string[] = [];
  for (const mode of modes) {
    const pts = tests.filter((t) => t.mode === mode);
    const shear = mode === "simple-shear";
    const panel = shear ? "simple shear: P12 vs γ" : `${mode}: P11 vs λ`;
    panels.push(panel);
    for (const p of pts) {
      const y = shear ? p.P12 : p.P11;
      if (y !== undefined)
        values.push({ kind: "data", panel, x: round(shear ? (p.gamma as number) : p.lambda1), y: round(y) });
    }
    const grid = modelGrid(mode, pts);
    for (const series of ctx.series) {
      const r = predictTest(series.material, grid, { lenient: true });
      grid.forEach((g, i) => {
        const y = shear ? r[i].P12 : r[i].P11;
        if (y === undefined || !Number.isFinite(y)) return;
        values.push({
          kind: "curve",
          panel,
          series: series.label,
          x: round(shear ? (g.gamma as number) : g.lambda1),
          y: round(y),
        });
      });
    }
  }
  const labels = ctx.series.map((s) => s.label);
  const reference = ctx.series.find((s) => s.reference)?.label;
  return {
    id: "test-curves",
    title: "Test curves",
    caption:
      "Measured nominal stress (points) and each model's curve under the test's own boundary conditions: " +
      "uniaxial with free lateral contraction (S22 = 0 solved by Newton with the model's tangent; a curve ends where Newton fails), " +
      "equibiaxial λ2 = λ, pure shear λ2 = 1, biaxial through the measured (λ1, λ2), simple shear F = [[1, γ], [0, 1]]. " +
      `Stress in ${ctx.stressUnit}.`,
    spec: {
      $schema: SCHEMA,
      config: FIGURE_CONFIG,
      data: { values },
      facet: { field: "panel", type: "nominal", title: null, sort: panels },
      columns: 3,
      resolve: { scale: { x: "independent", y: "independent" } },
      spec: {
        width: 220,
        height: 190,
        layer: [
          {
            transform: [{ filter: "datum.kind === 'curve'" }],
            mark: { type: "line", strokeWidth: 1.8 },
            encoding: {
              x: { field: "x", type: "quantitative", title: "stretch λ (γ in simple shear)" },
              y: { field: "y", type: "quantitative", title: `nominal stress (${ctx.stressUnit})` },
              color: {
                field: "series",
                type: "nominal",
                title: null,
                scale: seriesScale(labels, reference),
                legend: { orient: "top" },
              },
            },
          },
          {
            transform: [{ filter: "datum.kind === 'data'" }],
            mark: { type: "point", color: "#222", size: 22 },
            encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
          },
        ],
      },
    },
  };
}

/** the points a model curve is drawn through: a dense grid over the data's range (biaxial: the data's) */
function modelGrid(mode: TestMode, pts: readonly TestPoint[]): TestPoint[] {
  if (mode === "biaxial") return [...pts].sort((a, b) => a.lambda1 - b.lambda1).map((p) => ({ ...p }));
  const xs = pts.map((p) => (mode === "simple-shear" ? (p.gamma as number) : p.lambda1));
  const lo = Math.min(mode === "simple-shear" ? 0 : 1, ...xs);
  const hi = Math.max(...xs);
  return curvePoints(
    mode,
    Array.from({ length: STEPS }, (_, i) => lo + ((hi - lo) * i) / (STEPS - 1)),
  );
}

/** R² (unclipped) and RMSE of the measured nominal stress per test mode, one row per model */
export function testMetricsTable(ctx: ReportContext): string | undefined {
  const tests = ctx.data?.tests;
  if (!tests || tests.length === 0) return undefined;
  const rows: string[] = [];
  let header: string[] | undefined;
  for (const series of ctx.series) {
    let metrics: ReturnType<typeof evaluateTests>["metrics"];
    try {
      metrics = evaluateTests(series.material, tests).metrics;
    } catch {
      continue;
    }
    header ??= metrics.map((m) => `${m.mode} ${m.quantity}`);
    rows.push(
      `<tr><td>${escapeText(series.label)}</td>${metrics.map((m) => `<td>${Number.isFinite(m.r2) ? m.r2.toFixed(4) : "–"}</td><td>${formatNumber(m.rmse)}</td>`).join("")}</tr>`,
    );
  }
  if (!header) return undefined;
  return (
    `<p class="note">R² = 1 − SS_res/SS_tot of the measured nominal stress per test (unclipped: negative when worse than the mean), each test under its own boundary conditions; RMSE in ${escapeText(ctx.stressUnit)}.</p>\n` +
    `<table><thead><tr><th>model</th>${header.map((h) => `<th>${escapeText(h)} R²</th><th>RMSE</th>`).join("")}</tr></thead>\n<tbody>${rows.join("\n")}</tbody></table>`
  );
}

function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
