import { describe, expect, it } from "vitest";
import type { Material, MaterialOutput } from "../../src/core/material.js";
import type { ReportContext } from "../../src/report/context.js";
import { mapFigures } from "../../src/report/figures/maps.js";

/** W = ½ xᵀ S x, constant tangent S */
function quadratic(name: string, S: number[]): Material {
  return {
    name,
    dim: 3,
    hasEnergy: true,
    evaluate(x: Float64Array, n: number, out: MaterialOutput) {
      for (let p = 0; p < n; p++) {
        let w = 0;
        for (let i = 0; i < 3; i++) {
          let s = 0;
          for (let j = 0; j < 3; j++) s += S[3 * i + j] * x[3 * p + j];
          out.stress[3 * p + i] = s;
          w += 0.5 * x[3 * p + i] * s;
        }
        if (out.energy) out.energy[p] = w;
        if (out.tangent) for (let k = 0; k < 9; k++) out.tangent[9 * p + k] = S[k];
      }
    },
  };
}

describe("energy and stability maps", () => {
  const ctx: ReportContext = {
    dim: 3,
    series: [
      { label: "convex", material: quadratic("convex", [2, 1, 0, 1, 2, 0, 0, 0, 3]), reference: false },
      // eigenvalues 3, −1 (the 2×2 block) and 1: a saddle
      { label: "saddle", material: quadratic("saddle", [1, 2, 0, 2, 1, 0, 0, 0, 1]), reference: false },
    ],
    strainNames: ["E11", "E22", "2E12"],
    stressNames: ["S11", "S22", "S12"],
    stressUnit: "N/m",
    energyUnit: "J/m²",
    amplitude: [0.1, 0.1, 0.2],
    range: [
      [-0.1, 0.1],
      [-0.1, 0.1],
      [-0.2, 0.2],
    ],
    wideRange: [
      [-0.3, 0.3],
      [-0.3, 0.3],
      [-0.6, 0.6],
    ],
  };
  const figures = mapFigures(ctx);
  const rows = (i: number) =>
    (figures[i].spec as unknown as { data: { values: Record<string, unknown>[] } }).data.values;

  it("draws energy and stability for both planes", () => {
    expect(figures.map((f) => f.id)).toEqual([
      "energy-E11-E22",
      "stability-E11-E22",
      "energy-E11-2E12",
      "stability-E11-2E12",
    ]);
  });

  it("reports the closed-form smallest eigenvalues and flags the saddle as not convex", () => {
    expect(figures[1].caption).toContain("convex 1;");
    expect(figures[1].caption).toContain("saddle -1 (not convex here)");
    const cells = rows(1).filter((r) => r.kind === "cell" && r.series === "saddle");
    expect(cells.length).toBe(25 * 25);
    for (const c of cells) expect(c.value).toBeCloseTo(-1, 10);
  });

  it("the energy iso-lines of a quadratic are ellipses: W is the same at both ends of every piece", () => {
    const iso = rows(0).filter((r) => r.kind === "iso" && r.series === "convex") as {
      x: number;
      y: number;
      x2: number;
      y2: number;
    }[];
    expect(iso.length).toBeGreaterThan(50);
    const W = (x: number, y: number) => 0.5 * (2 * x * x + 2 * x * y + 2 * y * y);
    for (const s of iso) expect(W(s.x, s.y)).toBeCloseTo(W(s.x2, s.y2), 4);
  });
});
