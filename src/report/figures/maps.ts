import type { StabilityCheck } from "../../model/families/family.js";
import type { PlotSeries, ReportContext } from "../context.js";
import { contourSegments } from "../contours.js";
import { type Figure, round, SCHEMA, thinIndices } from "../figure.js";
import { formatNumber } from "../format.js";
import {
  type SliceFields,
  type SliceGrid,
  type StrainSlice,
  sliceFields,
  sliceGrid,
  standardSlices,
} from "../slices.js";
import { ENERGY_SCHEME, FIGURE_CONFIG, SIGNED_SCHEME } from "../theme.js";

/** Grid points per axis of a map and training points drawn over it. */
const GRID = 25;
const MAX_POINTS = 300;
const ENERGY_LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

type Row = Record<string, string | number>;

/** The strain interval a map covers along its x and y components. */
interface PlaneRange {
  x: [number, number];
  y: [number, number];
}

/**
 * For each standard slice of strain space: the energy W of every series that has one (heat map
 * with iso-lines at the deciles of all the values shown, training strains projected on the slice),
 * and each series' material stability as its family defines C3 (diverging colours centred at 0,
 * black iso-line at 0: where it fails, red shows) — the smallest eigenvalue of the tangent (energy
 * convex in E) for the network families, and a separate ellipticity figure, the smallest
 * eigenvalue of the acoustic tensor, for the polyconvex family, whose energy need not be convex in
 * E (the tangent map would show red where nothing is wrong).
 */
export function mapFigures(ctx: ReportContext): Figure[] {
  const figures: Figure[] = [];
  const measures: StabilityCheck[] = ["psd-tangent", "ellipticity"];
  const measureOf = (s: PlotSeries): StabilityCheck =>
    s.stability === "ellipticity" && (ctx.dim === 3 || ctx.dim === 6) ? "ellipticity" : "psd-tangent";
  for (const slice of standardSlices(ctx.dim)) {
    // the energy near the data; the stability far beyond it (C3 must hold everywhere)
    const near: PlaneRange = { x: ctx.range[slice.i], y: ctx.range[slice.j] };
    const wide: PlaneRange = { x: ctx.wideRange[slice.i], y: ctx.wideRange[slice.j] };
    const nearGrid = sliceGrid(ctx.dim, slice, near.x, near.y, GRID);
    const wideGrid = sliceGrid(ctx.dim, slice, wide.x, wide.y, GRID);
    const evaluate = (
      series: PlotSeries[],
      grid: SliceGrid,
      want: { energy: boolean; stability: boolean; measure?: StabilityCheck },
    ) => series.map((s) => ({ label: s.label, fields: sliceFields(s.material, grid, ctx.dim, want) }));
    const energy = energyFigure(
      ctx,
      slice,
      near,
      nearGrid,
      evaluate(ctx.series, nearGrid, { energy: true, stability: false }),
    );
    if (energy) figures.push(energy);
    for (const measure of measures) {
      const series = ctx.series.filter((s) => measureOf(s) === measure);
      if (series.length === 0) continue;
      const stability = stabilityFigure(
        ctx,
        slice,
        wide,
        wideGrid,
        evaluate(series, wideGrid, { energy: false, stability: true, measure }),
        measure,
      );
      if (stability) figures.push(stability);
    }
  }
  return figures;
}

/** Number of fixed directions n of an ellipticity map (src/report/slices.ts). */
const DIRECTIONS_TEXT: Record<number, string> = {
  3: "36 in-plane directions n (every 5°)",
  6: "64 directions n spread over the sphere",
};

function sliceName(ctx: ReportContext, slice: StrainSlice): string {
  const others = ctx.strainNames.filter((_, k) => k !== slice.i && k !== slice.j);
  return `(${ctx.strainNames[slice.i]}, ${ctx.strainNames[slice.j]}) plane${others.length ? `, ${others.join(" = ")} = 0` : ""}`;
}

/** Heat-map cells of one field, with edges halfway between grid points. */
function cells(label: string, grid: SliceGrid, field: Float64Array, rows: Row[]): void {
  const nx = grid.xs.length;
  const ny = grid.ys.length;
  const edge = (a: Float64Array, k: number, side: -1 | 1): number => {
    const m = a.length;
    if (side < 0) return k === 0 ? a[0] - 0.5 * (a[1] - a[0]) : 0.5 * (a[k - 1] + a[k]);
    // the far edge overlaps the next cell by 5 % so anti-aliasing leaves no seams between cells
    return k === m - 1 ? a[m - 1] + 0.5 * (a[m - 1] - a[m - 2]) : 0.55 * a[k + 1] + 0.45 * a[k];
  };
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const v = field[j * nx + i];
      if (!Number.isFinite(v)) continue;
      rows.push({
        kind: "cell",
        series: label,
        x: round(edge(grid.xs, i, -1), 5),
        x2: round(edge(grid.xs, i, 1), 5),
        y: round(edge(grid.ys, j, -1), 5),
        y2: round(edge(grid.ys, j, 1), 5),
        value: round(v, 4),
      });
    }
  }
}

function isoLines(label: string, grid: SliceGrid, field: Float64Array, levels: number[], rows: Row[]): void {
  for (const s of contourSegments(field, grid.xs, grid.ys, levels)) {
    rows.push({
      kind: "iso",
      series: label,
      x: round(s.x, 5),
      y: round(s.y, 5),
      x2: round(s.x2, 5),
      y2: round(s.y2, 5),
    });
  }
}

function trainingPoints(
  ctx: ReportContext,
  slice: StrainSlice,
  plane: PlaneRange,
  labels: string[],
  rows: Row[],
): number {
  const data = ctx.data;
  if (data === undefined) return 0;
  const d = ctx.dim;
  const [xlo, xhi] = plane.x;
  const [ylo, yhi] = plane.y;
  let count = 0;
  for (const r of thinIndices(data.n, MAX_POINTS)) {
    const x = data.strain[r * d + slice.i];
    const y = data.strain[r * d + slice.j];
    if (x < xlo || x > xhi || y < ylo || y > yhi) continue;
    count++;
    for (const label of labels) rows.push({ kind: "data", series: label, x: round(x, 5), y: round(y, 5) });
  }
  return count;
}

function quantile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

function mapSpec(
  ctx: ReportContext,
  slice: StrainSlice,
  plane: PlaneRange,
  labels: string[],
  rows: Row[],
  colour: Record<string, unknown>,
  legendTitle: string,
  isoColour: string,
  legend: Record<string, unknown>,
) {
  return {
    $schema: SCHEMA,
    config: FIGURE_CONFIG,
    data: { values: rows },
    facet: { field: "series", type: "nominal" as const, title: null, sort: labels },
    columns: Math.min(labels.length, 4),
    spec: {
      width: 200,
      height: 200,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'cell'" }],
          mark: { type: "rect" as const, strokeWidth: 0, clip: true },
          encoding: {
            x: {
              field: "x",
              type: "quantitative" as const,
              title: `${ctx.strainNames[slice.i]} (–)`,
              scale: { domain: plane.x, nice: false, zero: false },
              axis: { grid: false },
            },
            x2: { field: "x2" },
            y: {
              field: "y",
              type: "quantitative" as const,
              title: `${ctx.strainNames[slice.j]} (–)`,
              scale: { domain: plane.y, nice: false, zero: false },
              axis: { grid: false },
            },
            y2: { field: "y2" },
            color: {
              field: "value",
              type: "quantitative" as const,
              title: legendTitle,
              scale: colour,
              legend,
            },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'iso'" }],
          mark: { type: "rule" as const, color: isoColour, strokeWidth: 1, clip: true },
          encoding: {
            x: { field: "x", type: "quantitative" as const },
            y: { field: "y", type: "quantitative" as const },
            x2: { field: "x2" },
            y2: { field: "y2" },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'box'" }],
          mark: { type: "rect" as const, fillOpacity: 0, stroke: "#333", strokeDash: [4, 3], strokeWidth: 1 },
          encoding: {
            x: { field: "x", type: "quantitative" as const },
            x2: { field: "x2" },
            y: { field: "y", type: "quantitative" as const },
            y2: { field: "y2" },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'data'" }],
          mark: { type: "circle" as const, size: 5, color: "#000", opacity: 0.45, clip: true },
          encoding: {
            x: { field: "x", type: "quantitative" as const },
            y: { field: "y", type: "quantitative" as const },
          },
        },
      ],
    },
  };
}

function energyFigure(
  ctx: ReportContext,
  slice: StrainSlice,
  plane: PlaneRange,
  grid: SliceGrid,
  fields: { label: string; fields: SliceFields }[],
): Figure | undefined {
  const withEnergy = fields.filter((f) => f.fields.energy.some(Number.isFinite));
  if (withEnergy.length === 0) return undefined;
  const pooled = withEnergy
    .flatMap((f) => Array.from(f.fields.energy).filter(Number.isFinite))
    .sort((a, b) => a - b);
  const levels = ENERGY_LEVELS.map((q) => quantile(pooled, q));
  const rows: Row[] = [];
  const labels = withEnergy.map((f) => f.label);
  for (const f of withEnergy) {
    cells(f.label, grid, f.fields.energy, rows);
    isoLines(f.label, grid, f.fields.energy, levels, rows);
  }
  const points = trainingPoints(ctx, slice, plane, labels, rows);
  const without = fields.filter((f) => !withEnergy.includes(f)).map((f) => f.label);
  const lo = pooled[0];
  const hi = pooled[pooled.length - 1];
  const colour = {
    scheme: ENERGY_SCHEME,
    type: "symlog",
    constant: Math.max(Math.abs(levels[0]), 1e-300),
    domain: [lo, hi],
  };
  const id = `energy-${ctx.strainNames[slice.i]}-${ctx.strainNames[slice.j]}`.replace(/[^A-Za-z0-9-]/g, "");
  return {
    id,
    title: `Energy on the ${sliceName(ctx, slice)}`,
    caption:
      `Strain energy W (${ctx.energyUnit}); white lines are iso-energy lines at the deciles of the values shown` +
      (points > 0 ? `; black dots: ${points} training strains projected onto the plane.` : ".") +
      " A convex energy has convex iso-lines around a single minimum at zero strain." +
      (without.length > 0 ? ` Not drawn (no energy): ${without.join(", ")}.` : ""),
    spec: mapSpec(ctx, slice, plane, labels, rows, colour, `W (${ctx.energyUnit})`, "white", {}),
  };
}

function stabilityFigure(
  ctx: ReportContext,
  slice: StrainSlice,
  plane: PlaneRange,
  grid: SliceGrid,
  fields: { label: string; fields: SliceFields }[],
  measure: StabilityCheck = "psd-tangent",
): Figure | undefined {
  const elliptic = measure === "ellipticity";
  const withTangent = fields.filter((f) => f.fields.minEigenvalue.some(Number.isFinite));
  if (withTangent.length === 0) return undefined;
  const rows: Row[] = [];
  const labels = withTangent.map((f) => f.label);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const minima: string[] = [];
  for (const f of withTangent) {
    let min = Number.POSITIVE_INFINITY;
    for (const v of f.fields.minEigenvalue) {
      if (!Number.isFinite(v)) continue;
      min = Math.min(min, v);
      hi = Math.max(hi, v);
    }
    lo = Math.min(lo, min);
    const failure = elliptic ? " (not elliptic here)" : " (not convex here)";
    minima.push(`${f.label} ${formatNumber(min)}${min < 0 ? failure : ""}`);
    cells(f.label, grid, f.fields.minEigenvalue, rows);
    isoLines(f.label, grid, f.fields.minEigenvalue, [0], rows);
  }
  trainingPoints(ctx, slice, plane, labels, rows);
  // the data's range, as a dashed box
  const [bx, by] = [ctx.range[slice.i], ctx.range[slice.j]];
  for (const label of labels) {
    rows.push({ kind: "box", series: label, x: bx[0], x2: bx[1], y: by[0], y2: by[1] });
  }
  // diverging about 0, so any negative region is red however small; symlog (linear below a tenth of
  // the median |λ|) so that the variation of the positive side stays visible next to stiff corners
  const span = Math.max(Math.abs(lo), Math.abs(hi), 1e-300);
  const magnitudes = withTangent
    .flatMap((f) => Array.from(f.fields.minEigenvalue).filter(Number.isFinite).map(Math.abs))
    .sort((a, b) => a - b);
  const colour = {
    scheme: SIGNED_SCHEME,
    type: "symlog",
    constant: Math.max(0.1 * quantile(magnitudes, 0.5), 1e-6 * span),
    domain: [Math.min(lo, -1e-2 * span), Math.max(hi, 1e-2 * span)],
    domainMid: 0,
  };
  const ticks = [lo, 0, hi].filter((v) => Number.isFinite(v));
  const legend = { values: [...new Set(ticks.map((v) => Number(v.toPrecision(2))))].sort((a, b) => b - a) };
  const id =
    `${elliptic ? "ellipticity" : "stability"}-${ctx.strainNames[slice.i]}-${ctx.strainNames[slice.j]}`.replace(
      /[^A-Za-z0-9-]/g,
      "",
    );
  const range = "over 3× the data's range (dashed box: the range of the energy maps, around the data)";
  if (elliptic) {
    return {
      id,
      title: `Material stability (ellipticity) on the ${sliceName(ctx, slice)}`,
      caption:
        `Smallest eigenvalue λmin of the acoustic tensor Q(F, n) = (n·S n) I + F Ĉ(n) Fᵀ (${ctx.stressUnit}), ` +
        `the minimum over ${DIRECTIONS_TEXT[ctx.dim]}, ${range}; F is a deformation with FᵀF = I + 2E ` +
        "(strains with det C ≤ 0 are no deformation and left blank). This is the family's C3, " +
        "material stability (ellipticity), which the guarantees table checks at random F and directions " +
        '(docs/theory.md, section "The polyconvex family"): blue ≥ 0, ' +
        "red < 0 (not elliptic there: the material is unstable), black line λmin = 0. The energy need " +
        "not be convex in E, so the tangent's eigenvalues are not drawn. " +
        `Smallest value on this grid: ${minima.join("; ")}.`,
      spec: mapSpec(ctx, slice, plane, labels, rows, colour, `λmin (${ctx.stressUnit})`, "black", legend),
    };
  }
  return {
    id,
    title: `Material stability on the ${sliceName(ctx, slice)}`,
    caption:
      `Smallest eigenvalue λmin of the (symmetrised) tangent ∂S/∂E (${ctx.stressUnit}) ${range}; blue ≥ 0, red < 0 ` +
      "(the energy is not convex there: the material is unstable), black line λmin = 0. " +
      `Smallest value on this grid: ${minima.join("; ")}.`,
    spec: mapSpec(ctx, slice, plane, labels, rows, colour, `λmin (${ctx.stressUnit})`, "black", legend),
  };
}
