import { describe, expect, it } from "vitest";
import type { Material, MaterialOutput } from "../../src/core/material.js";
import type { ReportContext } from "../../src/report/context.js";
import { curvesFigure } from "../../src/report/figures/curves.js";

/** linear orthotropic membrane S = C x (Voigt, engineering shear) */
function linear(C: number[]): Material {
  return {
    name: "linear",
    dim: 3,
    hasEnergy: true,
    evaluate(x: Float64Array, n: number, out: MaterialOutput) {
      for (let p = 0; p < n; p++) {
        for (let i = 0; i < 3; i++) {
          let s = 0;
          for (let j = 0; j < 3; j++) s += C[3 * i + j] * x[3 * p + j];
          out.stress[3 * p + i] = s;
        }
        if (out.tangent) for (let k = 0; k < 9; k++) out.tangent[9 * p + k] = C[k];
      }
    },
  };
}

function context(material: Material): ReportContext {
  return {
    dim: 3,
    series: [{ label: "law", material, reference: true }],
    strainNames: ["E11", "E22", "2E12"],
    stressNames: ["S11", "S22", "S12"],
    stressUnit: "N/m",
    energyUnit: "J/m²",
    amplitude: [0.1, 0.05, 0.2],
    range: [
      [-0.1, 0.1],
      [-0.05, 0.05],
      [-0.2, 0.2],
    ],
    wideRange: [
      [-0.3, 0.3],
      [-0.15, 0.15],
      [-0.6, 0.6],
    ],
  };
}

type Row = { kind: string; panel: string; strain: number; stress: number };

describe("stress–strain curves", () => {
  const C = [20e3, 4e3, 0, 4e3, 10e3, 0, 0, 0, 1e3];
  const fig = curvesFigure(context(linear(C)));
  const rows = (fig.spec as unknown as { data: { values: Row[] } }).data.values;
  const panel = (prefix: string) => rows.filter((r) => r.kind === "curve" && r.panel.startsWith(prefix));

  it("uniaxial tension has free lateral contraction: S11 = (C11 − C12²/C22) E11 (closed form)", () => {
    const warp = panel("uniaxial warp");
    expect(warp.length).toBeGreaterThan(50);
    for (const r of warp) expect(r.stress).toBeCloseTo((20e3 - 16e6 / 10e3) * r.strain, 2);
    const weft = panel("uniaxial weft");
    for (const r of weft) expect(r.stress).toBeCloseTo((10e3 - 16e6 / 20e3) * r.strain, 2);
  });

  it("equibiaxial and shear are strain-controlled: S11 = (C11 + C12) E, S12 = C33 γ, both signs of γ", () => {
    for (const r of panel("equibiaxial")) expect(r.stress).toBeCloseTo(24e3 * r.strain, 2);
    const shear = panel("shear");
    for (const r of shear) expect(r.stress).toBeCloseTo(1e3 * r.strain, 4);
    // to 1.5× the data's largest |2E12| (0.2) on both sides
    expect(Math.min(...shear.map((r) => r.strain))).toBeCloseTo(-0.3, 6);
    expect(Math.max(...shear.map((r) => r.strain))).toBeCloseTo(0.3, 6);
  });

  it("a curve ends where a law cannot be followed (Newton fails), instead of drawing garbage", () => {
    // C22 = 0: no lateral stiffness, so S22 = 0 cannot be solved for E22 beyond the start
    const singular = curvesFigure(context(linear([20e3, 4e3, 0, 4e3, 0, 0, 0, 0, 1e3])));
    const r = (singular.spec as unknown as { data: { values: Row[] } }).data.values;
    const warp = r.filter((x) => x.kind === "curve" && x.panel.startsWith("uniaxial warp"));
    expect(warp.length).toBeLessThan(3);
    expect(r.filter((x) => x.kind === "curve" && x.panel.startsWith("equibiaxial")).length).toBe(81);
  });
});
