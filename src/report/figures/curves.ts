import type { Material } from "../../core/material.js";
import { solveMixedControl } from "../../data/paths.js";
import { UserError } from "../../util/errors.js";
import type { ReportContext } from "../context.js";
import { type Figure, round, SCHEMA } from "../figure.js";
import { pathAmplitude, type StandardPath, standardPaths } from "../standard-paths.js";
import { FIGURE_CONFIG, seriesScale } from "../theme.js";

/** Points per path and how far past the edge of the data the curves run. */
const STEPS = 81;
const OVERSHOOT = 1.5;

/**
 * Stress–strain curves along the standard strain-controlled paths (src/report/standard-paths.ts)
 * for the reference law (when known) and every model, run to 1.5× the data's largest strain so
 * that extrapolation shows; a dotted vertical line marks the edge of the data.
 */
export function curvesFigure(ctx: ReportContext): Figure {
  const d = ctx.dim;
  const paths = standardPaths(d);
  const values: Record<string, string | number>[] = [];
  const strain = new Float64Array(STEPS * d);
  const stress = new Float64Array(STEPS * d);
  const panelTitles: string[] = [];
  for (const path of paths) {
    const edge = pathAmplitude(path, ctx.amplitude);
    const tMax = OVERSHOOT * edge;
    const tMin = path.symmetric ? -tMax : 0;
    const panel = `${path.name}: ${ctx.stressNames[path.stressComponent]} vs ${ctx.strainNames[path.strainComponent]}`;
    panelTitles.push(panel);
    for (let i = 0; i < STEPS; i++) {
      const t = tMin + ((tMax - tMin) * i) / (STEPS - 1);
      for (let k = 0; k < d; k++) strain[i * d + k] = t * path.direction[k];
    }
    for (const series of ctx.series) {
      const n = path.stressFree ? followMixedPath(series.material, path, strain, stress, STEPS) : STEPS;
      if (!path.stressFree) {
        stress.fill(Number.NaN);
        series.material.evaluate(strain, STEPS, { stress });
      }
      for (let i = 0; i < n; i++) {
        const s = stress[i * d + path.stressComponent];
        if (!Number.isFinite(s)) continue;
        values.push({
          kind: "curve",
          panel,
          series: series.label,
          strain: round(strain[i * d + path.strainComponent]),
          stress: round(s),
        });
      }
    }
    const edgeStrain = edge * path.direction[path.strainComponent];
    values.push({ kind: "edge", panel, strain: round(edgeStrain) });
    if (path.symmetric) values.push({ kind: "edge", panel, strain: round(-edgeStrain) });
  }
  const labels = ctx.series.map((s) => s.label);
  const reference = ctx.series.find((s) => s.reference)?.label;
  return {
    id: "curves",
    title: "Stress–strain curves",
    caption:
      "Uniaxial: tension tests with free lateral contraction (the other stress components 0, solved " +
      "by Newton with each material's tangent; a curve ends where Newton fails). Equibiaxial and " +
      "shear: strain-controlled, every other strain component 0. Green–Lagrange strain (engineering " +
      "shear), second Piola–Kirchhoff stress. " +
      `The dotted lines mark the largest strain in the data${ctx.data ? "" : " (no data given: the model's strain scale)"}; ` +
      "beyond them the curves extrapolate.",
    spec: {
      $schema: SCHEMA,
      config: FIGURE_CONFIG,
      data: { values },
      facet: { field: "panel", type: "nominal", title: null, sort: panelTitles },
      columns: 2,
      resolve: { scale: { x: "independent", y: "independent" } },
      spec: {
        width: 270,
        height: 200,
        layer: [
          {
            transform: [{ filter: "datum.kind === 'edge'" }],
            mark: { type: "rule", color: "#888", strokeDash: [2, 3] },
            encoding: { x: { field: "strain", type: "quantitative" } },
          },
          {
            transform: [{ filter: "datum.kind === 'curve'" }],
            mark: { type: "line", strokeWidth: 1.8 },
            encoding: {
              x: { field: "strain", type: "quantitative", title: "strain (–)" },
              y: { field: "stress", type: "quantitative", title: `stress (${ctx.stressUnit})` },
              color: {
                field: "series",
                type: "nominal",
                title: null,
                scale: seriesScale(labels, reference),
                legend: { orient: "top" },
              },
              strokeDash: {
                field: "series",
                type: "nominal",
                scale: { domain: labels, range: labels.map((l) => (l === reference ? [5, 3] : [1, 0])) },
                legend: null,
              },
            },
          },
        ],
      },
    },
  };
}

/**
 * Follows a path with stress-free components: at each step the driven strain is set and the free
 * components are solved for zero stress from the previous step's strain (continuation). `strain`
 * holds the driven values on entry and the solved strains on return; returns the number of steps
 * solved (fewer than `steps` when Newton fails, e.g. where a model has lost stability).
 */
function followMixedPath(
  material: Material,
  path: StandardPath,
  strain: Float64Array,
  stress: Float64Array,
  steps: number,
): number {
  const d = material.dim;
  const free = new Set(path.stressFree);
  const strainControlled = Array.from({ length: d }, (_, k) => !free.has(k));
  const target = new Float64Array(d);
  let start: ArrayLike<number> = new Float64Array(d);
  for (let i = 0; i < steps; i++) {
    // driven component (and the other strain-controlled ones at 0); zero stress on the free ones
    for (let k = 0; k < d; k++)
      target[k] = strainControlled[k] ? path.direction[k] * strain[i * d + path.strainComponent] : 0;
    try {
      const r = solveMixedControl(material, strainControlled, target, start, {
        tolerance: 1e-10,
        maxIterations: 50,
      });
      strain.set(r.strain, i * d);
      stress.set(r.stress, i * d);
      start = r.strain;
    } catch (err) {
      if (err instanceof UserError) return i;
      throw err;
    }
  }
  return steps;
}
