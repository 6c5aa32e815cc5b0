import { describe, expect, it } from "vitest";
import { generateDataset } from "../../src/data/generate.js";
import { datasetInfo } from "../../src/data/info.js";
import { createMaterial, materialInfo, materialNames } from "../../src/data/materials/index.js";
import { minEigenvalueOfC } from "../../src/data/measures.js";

function cleanStress(name: string, strain: Float64Array, n: number): Float64Array {
  const m = createMaterial(name);
  const s = new Float64Array(n * m.dim);
  m.evaluate(strain, n, { stress: s });
  return s;
}

describe("generateDataset", () => {
  const demo = generateDataset();

  it("defaults to the demo's dataset: 5000 fabric samples of mixed paths, stress from the law", () => {
    expect(demo.n).toBe(5000);
    expect(demo.dim).toBe(3);
    expect(demo.material).toBe("fabric");
    expect(demo.names).toEqual({ strain: ["E11", "E22", "G12"], stress: ["S11", "S22", "S12"] });
    expect(demo.stress).toEqual(cleanStress("fabric", demo.strain, demo.n));
  });

  it("covers the fabric's stiffening and locking: E11, E22 to ±0.1 and γ to ±0.3", () => {
    const info = datasetInfo(demo);
    for (const k of [0, 1]) {
      expect(info.strain[k].max).toBeCloseTo(0.1, 6);
      expect(info.strain[k].min).toBeLessThan(-0.05);
    }
    expect(info.strain[2].max).toBeGreaterThan(0.29);
    expect(info.strain[2].min).toBeLessThan(-0.29);
    expect(info.admissibility?.inadmissibleRows).toBe(0);
    // the rows are not all on the axes: a real share comes from random walks (all components nonzero)
    let general = 0;
    for (let p = 0; p < demo.n; p++)
      if (demo.strain[p * 3] * demo.strain[p * 3 + 1] * demo.strain[p * 3 + 2] !== 0) general++;
    expect(general / demo.n).toBeGreaterThan(0.25);
  });

  it("records overridden law parameters, so the law can be rebuilt", () => {
    const ds = generateDataset({ material: "svk", params: { mu: 1e6 }, samples: 50 });
    expect(ds.materialParams).toEqual({ mu: 1e6 });
    expect(ds.stress).toEqual(
      (() => {
        const m = createMaterial(ds.material!, ds.materialParams);
        const s = new Float64Array(ds.n * 6);
        m.evaluate(ds.strain, ds.n, { stress: s });
        return s;
      })(),
    );
    expect(demo.materialParams).toBeUndefined();
  });

  it("is reproducible bit for bit from its seed, and the seed matters", () => {
    const again = generateDataset({ samples: 500 });
    expect(again.strain).toEqual(generateDataset({ samples: 500 }).strain);
    expect(generateDataset({ samples: 500, seed: 2 }).strain).not.toEqual(again.strain);
  });

  it("keeps every sample in the amplitude band (shear weighted by the shear/normal range ratio)", () => {
    const ds = generateDataset({ samples: 1000, minStrain: 0.06, maxStrain: 0.08 });
    for (let p = 0; p < ds.n; p++) {
      const a = Math.max(
        Math.abs(ds.strain[p * 3]),
        Math.abs(ds.strain[p * 3 + 1]),
        Math.abs(ds.strain[p * 3 + 2]) / 3,
      );
      expect(a).toBeGreaterThanOrEqual(0.06 * (1 - 1e-12));
      expect(a).toBeLessThanOrEqual(0.08 * (1 + 1e-12));
    }
  });

  it("adds Gaussian noise at the given fraction of σ per stress component", () => {
    const clean = generateDataset({ samples: 4000 });
    const noisy = generateDataset({ samples: 4000, noise: 0.05 });
    expect(noisy.strain).toEqual(clean.strain);
    const sigma = datasetInfo(clean).sigma;
    for (let k = 0; k < 3; k++) {
      let ss = 0;
      for (let p = 0; p < 4000; p++) ss += (noisy.stress[p * 3 + k] - clean.stress[p * 3 + k]) ** 2;
      const ratio = Math.sqrt(ss / 4000) / (0.05 * sigma[k]);
      expect(ratio).toBeGreaterThan(0.93);
      expect(ratio).toBeLessThan(1.07);
    }
  });

  it.each(materialNames())("works for every path kind of %s, with admissible, finite data", (name) => {
    const d = materialInfo(name).dim;
    for (const paths of ["uniaxial", "biaxial", "shear", "random"] as const) {
      const ds = generateDataset({ material: name, paths, samples: 120 });
      expect(ds.n).toBe(120);
      expect(ds.dim).toBe(d);
      for (let p = 0; p < ds.n; p++)
        expect(minEigenvalueOfC(ds.strain.subarray(p * d, p * d + d))).toBeGreaterThan(0);
      expect(ds.stress.every(Number.isFinite)).toBe(true);
    }
  });

  it("rejects bad options with a UserError", () => {
    expect(() => generateDataset({ material: "steel" })).toThrow(/unknown material 'steel'/);
    // biome-ignore lint/suspicious/noExplicitAny: deliberately wrong
    expect(() => generateDataset({ paths: "zigzag" as any })).toThrow(/unknown path kind 'zigzag'/);
    expect(() => generateDataset({ samples: 0 })).toThrow(/samples must be a positive integer/);
    expect(() => generateDataset({ minStrain: 0.2, maxStrain: 0.1 })).toThrow(/min-strain < max-strain/);
    expect(() => generateDataset({ noise: -1 })).toThrow(/noise must be ≥ 0/);
  });
});

describe("datasetInfo", () => {
  it("reports min, max, population σ and admissibility against direct computation", () => {
    const ds = {
      dim: 3,
      n: 3,
      strain: Float64Array.from([0, 0, 0, 0.1, -0.2, 0.3, -0.6, 0, 0]),
      stress: Float64Array.from([1, 2, 3, 3, 2, 1, 2, 2, 2]),
    };
    const info = datasetInfo(ds);
    expect(info.strain[1]).toMatchObject({ name: "E22", min: -0.2, max: 0 });
    expect(info.sigma[0]).toBeCloseTo(Math.sqrt(2 / 3), 15);
    // S22 is constant (σ 0): the loss weighs it by the RMS σ of the others (here both √(2/3))
    expect(info.stress[1].std).toBe(0);
    expect(info.sigma[1]).toBeCloseTo(Math.sqrt(2 / 3), 15);
    expect(info.warnings).toHaveLength(1); // the inadmissible row (see the warnings below)
    expect(info.admissibility).toEqual({
      minEigenvalue: expect.closeTo(-0.2, 14),
      inadmissibleRows: 1,
      firstInadmissibleRow: 2,
    });
  });
});

describe("datasetInfo warnings", () => {
  const base = {
    dim: 3,
    n: 1,
    strain: Float64Array.from([0.01, 0, 0.02]),
    stress: Float64Array.from([1, 2, 3]),
  };
  it("flags a shear strain column named like the tensor component, and strains in percent", () => {
    const named = datasetInfo({
      ...base,
      names: { strain: ["E11", "E22", "E12"], stress: ["S11", "S22", "S12"] },
    });
    expect(named.warnings).toHaveLength(1);
    expect(named.warnings[0]).toMatch(/E12 is named like a tensor component.*--shear tensor/);
    const percent = datasetInfo({ ...base, strain: Float64Array.from([5, 0, 2]) });
    expect(percent.warnings).toEqual([
      "strains reach 5.00: if they are in percent, read them with --strain-factor 0.01",
    ]);
    expect(
      datasetInfo({ ...base, names: { strain: ["E11", "E22", "G12"], stress: ["a", "b", "c"] } }).warnings,
    ).toEqual([]);
  });

  it("flags rows that are not a real deformation, naming the first", () => {
    // row 2: E11 = −0.6 gives C11 = 1 + 2E11 = −0.2 < 0
    const ds = {
      ...base,
      n: 2,
      strain: Float64Array.from([0.01, 0, 0, -0.6, 0, 0]),
      stress: new Float64Array(6),
    };
    const w = datasetInfo(ds).warnings;
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^1 of 2 rows are not a real deformation .*first: data row 2/);
  });

  it("suggests --strain/--stress for 8 columns read as d = 4, instead of blaming the id column", () => {
    // id and temperature read as strains: "strains reach 300" would blame the wrong thing
    const strain = Float64Array.from([300, 23, 0.01, 0.02]);
    const ds = { dim: 4, n: 1, strain, stress: Float64Array.from([1, 2, 3, 4]) };
    const byDefault = datasetInfo({ ...ds, columnsByDefault: { total: 8 } }).warnings;
    expect(byDefault).toHaveLength(1);
    expect(byDefault[0]).toMatch(/^read 8 columns as d = 4: .*--strain 3-5 --stress 6-8/);
    // columns chosen by the user: their choice, judged as data
    expect(datasetInfo(ds).warnings).toEqual([
      "strains reach 300: if they are in percent, read them with --strain-factor 0.01",
    ]);
    // a 4-column table (d = 2) is a plain 2D dataset, not extra columns
    const d2 = { dim: 2, n: 1, strain: Float64Array.from([0.1, 0]), stress: Float64Array.from([1, 2]) };
    expect(datasetInfo({ ...d2, columnsByDefault: { total: 4 } }).warnings).toEqual([]);
  });
});
