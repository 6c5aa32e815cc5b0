import { describe, expect, it } from "vitest";
import type { Material } from "../../src/core/material.js";
import { createModel } from "../../src/model/create.js";
import type { PolyconvexModel } from "../../src/model/families/polyconvex-model.js";
import type { PlotSeries, ReportContext } from "../../src/report/context.js";
import { mapFigures } from "../../src/report/figures/maps.js";
import { sliceFields, sliceGrid } from "../../src/report/slices.js";
import { dims, randomModel, rawInputWeights, variants } from "../model/families/polyconvex-random.js";

// The report's ellipticity map (C3 of the polyconvex family): min over fixed directions n of the
// smallest eigenvalue of the acoustic tensor Q(F, n). Pinned by a property of the family (random
// polyconvex models: no negative cell), closed forms of a network linear in I1 (membrane
// neo-Hookean: the map is μ everywhere; with μ < 0 it is −μ(1 + 3 max_n nᵀC⁻¹n / det C)), and by
// the same map flagging a model whose input weights are used raw (not monotone in the invariants).

/** max over the map's 36 in-plane directions θ = 5°·q of nᵀC⁻¹n / det C (C⁻¹ = [[c22, −c12], [−c12, c11]] / det C) */
function worstDirection(e: ArrayLike<number>): number {
  const [c11, c22, c12] = [1 + 2 * e[0], 1 + 2 * e[1], e[2]];
  const detC = c11 * c22 - c12 * c12;
  let worst = 0;
  for (let q = 0; q < 36; q++) {
    const [c, s] = [Math.cos((Math.PI * q) / 36), Math.sin((Math.PI * q) / 36)];
    worst = Math.max(worst, (c * c * c22 - 2 * c * s * c12 + s * s * c11) / detC);
  }
  return worst / detC;
}

/** A membrane model whose network is linear in (I1 − 3): N = (μ/2) y1 + 1, the neo-Hookean membrane. */
function neoHookeanMembrane(mu: number): PolyconvexModel {
  const model = createModel(
    { kind: "polyconvex", inputDim: 3, hidden: [2] },
    { seed: 1, scaling: { strainScale: [1, 1, 1], stressScale: 1 } },
  ) as PolyconvexModel;
  const a = [mu / 2, 0];
  model.setKernels({
    layout: model.layout,
    convex: true,
    potential(_p, y, n, out) {
      for (let s = 0; s < n; s++) out[s] = 1 + a[0] * y[s * 2] + a[1] * y[s * 2 + 1];
    },
    gradient(_p, _y, n, out) {
      for (let s = 0; s < n; s++) out.set(a, s * 2);
    },
    hessian(_p, _y, n, out) {
      out.fill(0, 0, n * 4);
    },
    lossAndGradient() {
      throw new Error("not used");
    },
  });
  return model;
}

function context(d: 3 | 6, series: PlotSeries[], wide: number): ReportContext {
  const names = d === 3 ? ["E11", "E22", "2E12"] : ["E11", "E22", "E33", "2E23", "2E13", "2E12"];
  const normal = d === 3 ? 2 : 3;
  return {
    dim: d,
    series,
    strainNames: names,
    stressNames: names.map((s) => s.replace("2E", "S").replace("E", "S")),
    stressUnit: "MPa",
    energyUnit: "MJ/m³",
    amplitude: new Array(d).fill(wide / 3),
    range: names.map(() => [-0.1, 0.1] as [number, number]),
    wideRange: names.map((_, k) => [k < normal ? -0.45 : -wide, wide] as [number, number]),
  };
}

type Row = Record<string, string | number>;
const rowsOf = (spec: unknown) => (spec as { data: { values: Row[] } }).data.values;
const cellValues = (spec: unknown, series: string) =>
  rowsOf(spec)
    .filter((r) => r.kind === "cell" && r.series === series)
    .map((r) => r.value as number);

describe("the ellipticity map of the report", () => {
  it.each(variants)("random polyconvex %s models: no negative cell over the wide grid", (variant) => {
    const d = dims[variant].d as 3 | 6;
    const series: PlotSeries[] = [1, 2, 3].map((seed) => ({
      label: `seed ${seed}`,
      material: randomModel(variant, seed),
      reference: false,
      stability: "ellipticity",
    }));
    const figures = mapFigures(context(d, series, 1.5));
    const names = d === 3 ? ["E11-E22", "E11-2E12"] : ["E11-E22", "E11-2E12"];
    expect(figures.map((f) => f.id)).toEqual(names.flatMap((n) => [`energy-${n}`, `ellipticity-${n}`]));
    for (const f of figures.filter((g) => g.id.startsWith("ellipticity"))) {
      expect(f.title).toMatch(/ellipticity/);
      expect(f.caption).toMatch(/acoustic tensor/);
      expect(f.caption).not.toMatch(/not elliptic here|not convex/);
      for (const s of series) {
        const values = cellValues(f.spec, s.label);
        // every admissible cell is drawn: only strains with det C ≤ 0 are blank
        expect(values.length).toBeGreaterThan(0.5 * 25 * 25);
        expect(Math.min(...values), `${f.id} ${s.label}`).toBeGreaterThan(0);
      }
    }
  });

  it("membrane neo-Hookean (N linear in I1): the map is μ at every cell, Q = μI + (3μ/J⁴)(cof F n)(cof F n)ᵀ", () => {
    const mu = 1.7;
    const model = neoHookeanMembrane(mu);
    for (const slice of [
      { i: 0, j: 1 },
      { i: 0, j: 2 },
    ]) {
      const grid = sliceGrid(3, slice, [-0.45, 1.5], [-0.45, 1.5], 25);
      const f = sliceFields(model, grid, 3, { energy: false, stability: true, measure: "ellipticity" });
      let drawn = 0;
      for (let p = 0; p < grid.n; p++) {
        const e = grid.strain.subarray(p * 3, p * 3 + 3);
        const detC = (1 + 2 * e[0]) * (1 + 2 * e[1]) - e[2] * e[2];
        if (detC <= 0) {
          expect(f.minEigenvalue[p]).toBeNaN();
          continue;
        }
        drawn++;
        // relative to the stiffest direction, μ(1 + 3|cof F n|²/J⁴), the scale of Q's rounding
        const scale = mu * (1 + 3 * worstDirection(e));
        expect(Math.abs(f.minEigenvalue[p] - mu)).toBeLessThan(1e-12 * scale);
      }
      expect(drawn).toBeGreaterThan(400);
    }
  });

  it("the same map FAILS for μ < 0 exactly as the closed form says: −|μ|(1 + 3 max_n nᵀC⁻¹n / det C)", () => {
    const mu = -0.8;
    const model = neoHookeanMembrane(mu);
    const grid = sliceGrid(3, { i: 0, j: 2 }, [-0.45, 1.5], [-1, 1], 25);
    const f = sliceFields(model, grid, 3, { energy: false, stability: true, measure: "ellipticity" });
    for (let p = 0; p < grid.n; p++) {
      const e = grid.strain.subarray(p * 3, p * 3 + 3);
      if ((1 + 2 * e[0]) * (1 + 2 * e[1]) - e[2] * e[2] <= 0) continue;
      const want = mu * (1 + 3 * worstDirection(e));
      expect(Math.abs(f.minEigenvalue[p] - want)).toBeLessThan(1e-10 * Math.abs(want));
    }
    const figure = mapFigures(
      context(3, [{ label: "negative μ", material: model, reference: false, stability: "ellipticity" }], 1),
    ).find((g) => g.id === "ellipticity-E11-2E12");
    expect(figure?.caption).toMatch(/negative μ -\S+ \(not elliptic here\)/);
  });

  it.each(variants)(
    "flags a %s model whose input weights are used raw (so the figure can fail)",
    (variant) => {
      const d = dims[variant].d as 3 | 6;
      const series: PlotSeries[] = [1, 2, 3].map((seed) => ({
        label: `raw ${seed}`,
        material: rawInputWeights(randomModel(variant, seed)),
        reference: false,
        stability: "ellipticity",
      }));
      const figures = mapFigures(context(d, series, 1.5)).filter((f) => f.id.startsWith("ellipticity"));
      let flagged = 0;
      for (const s of series) {
        const negative = figures.some((f) => cellValues(f.spec, s.label).some((v) => v < 0));
        const said = figures.some(
          (f) => f.caption.includes(`${s.label} -`) && f.caption.includes("not elliptic here"),
        );
        expect(said).toBe(negative);
        if (negative) flagged++;
      }
      expect(flagged).toBeGreaterThan(0);
    },
  );

  it("a report mixing families draws each model's own C3: a tangent map for a MIANN, an ellipticity map for a polyconvex model", () => {
    const miann: Material = createModel(
      { kind: "miann", inputDim: 3, hidden: [4] },
      { seed: 1, scaling: { strainScale: [0.1, 0.1, 0.1], stressScale: 1 } },
    );
    const figures = mapFigures(
      context(
        3,
        [
          { label: "miann", material: miann, reference: false, stability: "psd-tangent" },
          { label: "rubber", material: neoHookeanMembrane(1), reference: false, stability: "ellipticity" },
        ],
        0.3,
      ),
    );
    expect(figures.map((f) => f.id)).toEqual([
      "energy-E11-E22",
      "stability-E11-E22",
      "ellipticity-E11-E22",
      "energy-E11-2E12",
      "stability-E11-2E12",
      "ellipticity-E11-2E12",
    ]);
    const [tangentMap, ellipticityMap] = [figures[1], figures[2]];
    expect(cellValues(tangentMap.spec, "rubber")).toEqual([]);
    expect(cellValues(ellipticityMap.spec, "miann")).toEqual([]);
    expect(new Set(cellValues(ellipticityMap.spec, "rubber"))).toEqual(new Set([1]));
  });
});
