import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { datasetInfo } from "../../src/data/info.js";
import { readDataset } from "../../src/data/read-dataset.js";
import { writeDataset } from "../../src/data/write-dataset.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";

// Unknown stress components in the readers: an empty stress field (CSV/TSV) or null (JSON) is
// "not measured": mask 0 and NaN in stress; strains stay mandatory; a column with no known value
// is an error.

const dir = scratchDir("unknown-");
let count = 0;
const file = (text: string, ext = "csv") => {
  const p = join(dir, `f${count++}.${ext}`);
  writeFileSync(p, text);
  return p;
};

describe("empty stress fields and null", () => {
  it("property: any pattern of empty stress fields (each column keeping a value) reads as that mask, values intact", () => {
    const cell = fc.record({ v: fc.double({ min: -1e6, max: 1e6, noNaN: true }), known: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 3, maxLength: 3 }),
            fc.array(cell, { minLength: 3, maxLength: 3 }),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        fc.constantFrom("csv", "tsv", "json"),
        (rows, ext) => {
          // every stress column keeps at least one known value (else: the error below)
          for (let k = 0; k < 3; k++) rows[0][1][k].known = true;
          const n = rows.length;
          let p: string;
          if (ext === "json") {
            p = file(
              JSON.stringify({
                strain: rows.map((r) => r[0]),
                stress: rows.map((r) => r[1].map((c) => (c.known ? c.v : null))),
              }),
              ext,
            );
          } else {
            const sep = ext === "tsv" ? "\t" : ",";
            const lines = ["E11,E22,G12,S11,S22,S12".replaceAll(",", sep)];
            for (const [e, s] of rows)
              lines.push([...e.map(String), ...s.map((c) => (c.known ? String(c.v) : ""))].join(sep));
            p = file(`${lines.join("\n")}\n`, ext);
          }
          const ds = readDataset(p);
          expect(ds.n).toBe(n);
          const allKnown = rows.every((r) => r[1].every((c) => c.known));
          expect(ds.mask === undefined).toBe(allKnown);
          for (let m = 0; m < n; m++) {
            for (let k = 0; k < 3; k++) {
              expect(ds.strain[m * 3 + k]).toBe(rows[m][0][k] === 0 ? 0 : rows[m][0][k]);
              const c = rows[m][1][k];
              if (c.known) {
                expect(ds.mask?.[m * 3 + k] ?? 1).toBe(1);
                expect(ds.stress[m * 3 + k]).toBe(c.v === 0 ? 0 : c.v);
              } else {
                expect(ds.mask![m * 3 + k]).toBe(0);
                expect(Number.isNaN(ds.stress[m * 3 + k])).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("writes unknowns back as empty fields (CSV) and null (JSON), and reads the same mask", () => {
    const p = file("E11,E22,G12,S11,S22,S12\n0.1,0.2,0,5,,0\n0.2,0.1,0.01,7,3,\n");
    const ds = readDataset(p);
    for (const ext of ["csv", "json"]) {
      const out = join(dir, `back${count++}.${ext}`);
      writeDataset(out, ds);
      const text = readFileSync(out, "utf8");
      expect(text).not.toContain("NaN");
      const again = readDataset(out);
      expect(Array.from(again.mask!)).toEqual(Array.from(ds.mask!));
      expect(Array.from(again.mask!)).toEqual([1, 0, 1, 1, 1, 0]);
    }
  });

  it("an empty strain field is an error naming file, line and column", () => {
    const p = file("E11,E22,G12,S11,S22,S12\n0.1,,0,5,4,0\n");
    expect(() => readDataset(p)).toThrow(UserError);
    expect(() => readDataset(p)).toThrow(`${p}:2:2: expected a number, got an empty strain field`);
  });

  it("a stress column with no known value is an error; null in a JSON strain is one too", () => {
    const p = file("E11,E22,G12,S11,S22,S12\n0.1,0.2,0,5,,0\n0.2,0.1,0,6,,0\n");
    expect(() => readDataset(p)).toThrow(/stress column S22 has no known value/);
    const j = file(JSON.stringify({ strain: [[0.1, null, 0]], stress: [[1, 2, 3]] }), "json");
    expect(() => readDataset(j)).toThrow(/strain\[0\]\[1\]: expected a finite number, got null/);
  });

  it("data info: statistics over known entries, the unknown count, and a constant column's σ from the others", () => {
    const p = file("E11,E22,G12,S11,S22,S12\n0.1,0.2,0,4,,0\n0.2,0.1,0,8,2,0\n0.3,0.1,0,6,6,0\n");
    const info = datasetInfo(readDataset(p));
    expect(info.stress[1]).toMatchObject({ min: 2, max: 6, mean: 4, std: 2, unknown: 1 });
    expect(info.stress[0].std).toBeCloseTo(Math.sqrt(8 / 3), 14);
    // S12 all zero: weighted by the RMS of the other columns' σ
    expect(info.stress[2].std).toBe(0);
    expect(info.sigma[2]).toBeCloseTo(Math.sqrt((8 / 3 + 4) / 2), 14);
  });
});

describe("test curves given to the pair reader", () => {
  it("a 2-column stretch/stress file is refused with what to do", () => {
    const p = file("lambda,P\n1,0\n1.5,0.4\n2,0.7\n");
    expect(() => readDataset(p)).toThrow(/looks like test curves.*--test <mode>/);
    const headerless = file("1,0\n1.5,0.4\n2,0.7\n0.8,-0.3\n");
    expect(() => readDataset(headerless)).toThrow(/looks like test curves.*header row such as E11,S11/);
    const modes = file("test,lambda,P\nuniaxial,1.2,0.3\n");
    expect(() => readDataset(modes)).toThrow(/looks like test curves with a 'test' column/);
  });

  it("but a 1-D strain–stress file (stress-free at 0) still reads", () => {
    const p = file("0,0\n0.1,3\n0.2,7\n");
    expect(readDataset(p).dim).toBe(1);
  });
});
