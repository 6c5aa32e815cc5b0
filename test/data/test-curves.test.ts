import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { TestMode } from "../../src/data/dataset.js";
import { generateTestCurves } from "../../src/data/generate-test-curves.js";
import { createMaterial } from "../../src/data/materials/index.js";
import { parseTestCurves } from "../../src/data/parse-test-curves.js";
import { readTestCurves } from "../../src/data/read-test-curves.js";
import { predictTest } from "../../src/data/test-predict.js";
import { writeTestCurves } from "../../src/data/write-test-curves.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";

// Test curves (stretch, nominal stress) in: the layouts, the kinematics of each test (known and
// unknown components), every bad input as one located line, and the round trip
// curves → states → law → curves.

const dir = scratchDir("curves-");
let count = 0;
const file = (text: string, ext = "csv") => {
  const p = join(dir, `c${count++}.${ext}`);
  writeFileSync(p, text);
  return p;
};

describe("kinematics of each test", () => {
  it("one file per test: uniaxial, equibiaxial, pure shear → E = (λ² − 1)/2, S = P/λ, S22 unknown in pure shear", () => {
    const ut = file("lambda,P\n2,0.9\n0.8,-0.2\n");
    const eb = file("1.5,0.6\n", "txt");
    const ps = file("stretch\tnominal_stress\n3\t1.1\n", "tsv");
    const { dataset: ds } = readTestCurves([
      { path: ut, test: "uniaxial" },
      { path: eb, test: "equibiaxial" },
      { path: ps, test: "pure-shear" },
    ]);
    expect(ds.dim).toBe(3);
    expect(ds.n).toBe(4);
    const e = (l: number) => (l * l - 1) / 2;
    expect(Array.from(ds.strain)).toEqual([
      e(2),
      e(1 / Math.sqrt(2)),
      0,
      e(0.8),
      e(1 / Math.sqrt(0.8)),
      0,
      e(1.5),
      e(1.5),
      0,
      e(3),
      0,
      0,
    ]);
    expect(Array.from(ds.stress.slice(0, 9))).toEqual([
      0.9 / 2,
      0,
      0,
      -0.2 / 0.8,
      0,
      0,
      0.6 / 1.5,
      0.6 / 1.5,
      0,
    ]);
    expect(ds.stress[9]).toBeCloseTo(1.1 / 3, 15);
    expect(Number.isNaN(ds.stress[10])).toBe(true);
    expect(Array.from(ds.mask!)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1]);
    expect(ds.tests!.map((t) => t.mode)).toEqual(["uniaxial", "uniaxial", "equibiaxial", "pure-shear"]);
    expect(ds.tests![3]).toMatchObject({ lambda1: 3, lambda2: 1, P11: 1.1 });
  });

  it("a long file with a test column, biaxial rows with lambda2/P22 (an empty P22: unknown), simple shear as an observation", () => {
    const p = file(
      "test,lambda,P,lambda2,P22,gamma,P12\nbiaxial,1.4,0.7,1.2,0.3,,\nbiaxial,1.6,0.9,1.1,,,\nsimple-shear,,,,,0.5,0.2\n",
    );
    const { dataset: ds } = readTestCurves(p);
    expect(ds.n).toBe(3);
    expect(ds.stress[0]).toBeCloseTo(0.5, 15);
    expect(ds.stress[1]).toBeCloseTo(0.25, 15);
    expect(Number.isNaN(ds.stress[4])).toBe(true);
    expect(Array.from(ds.strain.slice(6))).toEqual([0, 0.125, 0.5]);
    expect(Array.from(ds.mask!.slice(6))).toEqual([0, 0, 0]);
    expect(ds.observations).toEqual([{ row: 2, h: [0, 0.5, 1], value: 0.2, column: 2 }]);
  });

  it("three stretches: a 3D principal state (compressible path), missing P unknown", () => {
    const p = file("lambda1,lambda2,lambda3,P11,P22,P33\n1.2,0.95,0.9,2e5,,0\n");
    const { dataset: ds } = readTestCurves(p);
    expect(ds.dim).toBe(6);
    expect(ds.strain[0]).toBeCloseTo(0.22, 15);
    expect(ds.strain[2]).toBeCloseTo(-0.095, 15);
    expect(Array.from(ds.mask!)).toEqual([1, 0, 1, 1, 1, 1]);
    expect(ds.stress[0]).toBeCloseTo(2e5 / 1.2, 9);
  });

  it("unit factors: stress factor on every P, strain factor on an engineering-strain column (λ = 1 + fε)", () => {
    const p = file("strain,P\n50,900\n");
    const { dataset: ds } = readTestCurves(p, { test: "uniaxial", strainFactor: 0.01, stressFactor: 1e-3 });
    expect(ds.tests![0].lambda1).toBe(1.5);
    expect(ds.tests![0].P11).toBeCloseTo(0.9, 15);
  });

  it("JSON layout, null = not measured", () => {
    const p = file(
      JSON.stringify([{ test: "pure-shear", lambda: [1.5, 2], P: [0.4, 0.6], P22: [0.2, null] }]),
      "json",
    );
    const { dataset: ds } = readTestCurves(p);
    expect(Array.from(ds.mask!)).toEqual([1, 1, 1, 1, 0, 1]);
    expect(ds.stress[1]).toBe(0.2);
  });
});

describe("round trip: curves → states → law → curves", () => {
  for (const ext of ["csv", "json"]) {
    it(`generated Ogden curves (${ext}) read back to states whose law-stress reproduces every measured P`, () => {
      const tests: TestMode[] = ["uniaxial", "equibiaxial", "pure-shear", "biaxial"];
      const { points } = generateTestCurves({ tests, points: 7 });
      const p = join(dir, `gen${count++}.${ext}`);
      writeTestCurves(p, points, "generated");
      const { dataset: ds, warnings } = readTestCurves(p);
      expect(warnings).toEqual([]);
      expect(ds.n).toBe(28);
      const law = createMaterial("ogden-membrane");
      const s = new Float64Array(ds.n * 3);
      law.evaluate(ds.strain, ds.n, { stress: s });
      for (let m = 0; m < ds.n; m++) {
        for (let k = 0; k < 3; k++) {
          if (ds.mask && ds.mask[m * 3 + k] === 0) continue;
          expect(Math.abs(s[m * 3 + k] - ds.stress[m * 3 + k]), `row ${m} S${k + 1}`).toBeLessThan(1e-9);
        }
      }
      // and predictTest under the boundary conditions gives the curves back
      const back = predictTest(law, ds.tests!);
      ds.tests!.forEach((t, i) => {
        expect(Math.abs(back[i].P11 - (t.P11 as number))).toBeLessThan(1e-9);
      });
    });
  }
});

describe("wrong input: one line naming the place", () => {
  const cases: [string, string, string, TestMode | undefined, RegExp][] = [
    ["stretch ≤ 0", "lambda,P\n1.2,0.3\n0,0.1\n", "csv", "uniaxial", /:3:1: the stretch must be > 0, got 0$/],
    ["negative stretch", "1.2,0.3\n-1,0.1\n", "txt", "pure-shear", /:2:1: the stretch must be > 0, got -1$/],
    [
      "unknown mode",
      "test,lambda,P\ntorsion,1.2,0.3\n",
      "csv",
      undefined,
      /:2:1: unknown test 'torsion'; expected one of uniaxial, equibiaxial, pure-shear, biaxial, simple-shear$/,
    ],
    [
      "biaxial without λ2",
      "test,lambda,P,lambda2,P22\nbiaxial,1.2,0.3,,0.1\n",
      "csv",
      undefined,
      /:2:4: a biaxial row needs lambda2 \(the second stretch\)$/,
    ],
    [
      "biaxial with no λ2 column",
      "test,lambda,P\nbiaxial,1.2,0.3\n",
      "csv",
      undefined,
      /no column for lambda2 \(the second stretch\); the header has test, lambda, P$/,
    ],
    [
      "pair file with header",
      "E11,E22,G12,S11,S22,S12\n0.1,0,0,1,0,0\n",
      "csv",
      "uniaxial",
      /names strain–stress pairs, not test curves; read it without --test$/,
    ],
    [
      "pair file headerless",
      "0.1,0,0,1,0,0\n",
      "csv",
      "uniaxial",
      /expected 2 columns for a uniaxial test \(l1, p11\), got 6; if these are strain–stress pairs, read the file without --test$/,
    ],
    ["no mode at all", "lambda,P\n1.2,0.3\n", "csv", undefined, /which test is it\? give --test/],
    [
      "missing P",
      "lambda,P\n1.2,\n",
      "csv",
      "uniaxial",
      /:2:2: a uniaxial row needs P11 \(the nominal stress\)$/,
    ],
    [
      "text in a number",
      "lambda,P\n1.2,abc\n",
      "csv",
      "uniaxial",
      /:2:2: expected a finite number, got 'abc'$/,
    ],
    [
      "ragged row",
      "lambda,P\n1.2,0.3,4\n",
      "csv",
      "uniaxial",
      /:2: expected 2 fields \(as in the header\), got 3$/,
    ],
    [
      "equibiaxial λ2 ≠ λ",
      "test,lambda,P,lambda2\nequibiaxial,1.2,0.3,1.1\n",
      "csv",
      undefined,
      /a biaxial test\?/,
    ],
    ["empty", "# nothing\n", "csv", "uniaxial", /the file is empty/],
    ["JSON wrong", '{"a":1}', "json", undefined, /expected \[\{ "test": "uniaxial"/],
    [
      "JSON bad number",
      '[{"test":"uniaxial","lambda":[1.2],"P":["x"]}]',
      "json",
      undefined,
      /\[0\]\.P\[0\]: expected a finite number \(or null: not measured\), got "x"$/,
    ],
  ];
  for (const [what, text, ext, test, message] of cases) {
    it(what, () => {
      const p = file(text, ext);
      let caught: unknown;
      try {
        readTestCurves(p, { test });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(UserError);
      const msg = (caught as Error).message;
      expect(msg).not.toContain("\n");
      expect(msg.startsWith(p) || msg.startsWith("unknown test")).toBe(true);
      expect(msg).toMatch(message);
    });
  }

  it("a stress whose sign contradicts its stretch is a warning, not an error", () => {
    const p = file("lambda,P\n1.5,-0.2\n0.8,0.1\n1.2,0.3\n");
    const { warnings, dataset } = readTestCurves(p, { test: "uniaxial" });
    expect(dataset.n).toBe(3);
    expect(warnings).toEqual([
      expect.stringMatching(
        /2 rows have a nominal stress whose sign contradicts the stretch.*line 2, line 3$/,
      ),
    ]);
  });

  it("property: arbitrary field text never crashes the parser (points or one UserError line)", () => {
    const token = fc.constantFrom(
      "1.2",
      "0",
      "-1",
      "",
      "x",
      "uniaxial",
      "biaxial",
      "pure-shear",
      "NaN",
      "1e999",
      '"',
      "λ",
      "P",
      "lambda2",
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(token, { minLength: 1, maxLength: 5 }), { maxLength: 5 }),
        fc.constantFrom<TestMode | undefined>(undefined, "uniaxial", "biaxial", "simple-shear"),
        (rows, test) => {
          const text = ["test,lambda,P,lambda2,P22", ...rows.map((r) => r.join(","))].join("\n");
          try {
            const { points } = parseTestCurves(text, "fuzz.csv", { test });
            for (const p of points) {
              expect(p.lambda1 > 0 && p.lambda2 > 0).toBe(true);
              expect(p.P11 === undefined || Number.isFinite(p.P11)).toBe(true);
            }
          } catch (err) {
            if (!(err instanceof UserError)) throw err;
            expect(err.message).not.toContain("\n");
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("property: valid uniaxial curves parse to exactly their values", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.double({ min: 0.05, max: 20, noNaN: true }),
            fc.double({ min: -100, max: 100, noNaN: true }),
          ),
          { minLength: 1, maxLength: 30 },
        ),
        (pairs) => {
          const text = ["lambda,P", ...pairs.map(([l, P]) => `${l},${P}`)].join("\n");
          const { points } = parseTestCurves(text, "x.csv", { test: "uniaxial" });
          expect(points.map((p) => [p.lambda1, p.P11])).toEqual(pairs.map(([l, P]) => [l, P === 0 ? 0 : P]));
        },
      ),
      { numRuns: 100 },
    );
  });
});
