import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readNumericTable, writeCsv } from "../../src/data/csv.js";
import { readDataset } from "../../src/data/read-dataset.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";

const dir = scratchDir("fuzz-");

/** the reader's whole contract on arbitrary input: a Dataset, or a one-line UserError */
function readsOrRefuses(content: string | Uint8Array, ext: string): void {
  const p = join(dir, `fuzz.${ext}`);
  writeFileSync(p, content);
  try {
    const ds = readDataset(p);
    expect(ds.n).toBeGreaterThan(0);
    expect(ds.strain.length).toBe(ds.n * ds.dim);
    expect(ds.strain.every(Number.isFinite)).toBe(true);
    // a stress is a finite number where known, NaN (an empty field / null) exactly where the mask is 0
    expect(
      ds.stress.every((v, i) =>
        ds.mask === undefined || ds.mask[i] === 1 ? Number.isFinite(v) : Number.isNaN(v),
      ),
    ).toBe(true);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    expect(err.message).not.toContain("\n");
    expect(err.message.startsWith(p)).toBe(true);
  }
}

/** CSV-like text built from tokens that reach the parser's corners */
const token = fc.constantFrom(
  "1",
  "-2.5e3",
  ".5",
  "0x10",
  "NaN",
  "inf",
  "",
  " ",
  "abc",
  '"',
  '"3"',
  "1e999",
  "#",
  "\ufeff",
  "E11",
  "\u0000",
);
const csvLike = fc
  .array(fc.array(token, { minLength: 1, maxLength: 5 }), { maxLength: 6 })
  .chain((rows) =>
    fc.tuple(fc.constant(rows), fc.constantFrom(",", "\t", ";"), fc.constantFrom("\n", "\r\n")),
  )
  .map(([rows, sep, eol]) => rows.map((r) => r.join(sep)).join(eol));

describe("fuzzed input never crashes the reader", () => {
  it("random bytes as .csv, .tsv, .txt and .json", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom("csv", "tsv", "txt", "json"),
        (bytes, ext) => readsOrRefuses(bytes, ext),
      ),
      { numRuns: 150, seed: 42 },
    );
  });

  it("random strings and CSV-like token soup", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => readsOrRefuses(s, "csv")),
      { numRuns: 80, seed: 7 },
    );
    fc.assert(
      fc.property(csvLike, (s) => readsOrRefuses(s, "csv")),
      { numRuns: 200, seed: 11 },
    );
  });

  it("random JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => readsOrRefuses(JSON.stringify(v), "json")),
      { numRuns: 150, seed: 3 },
    );
    const rowish = fc.record({
      strain: fc.array(fc.array(fc.oneof(fc.double(), fc.constant("1")), { maxLength: 3 }), { maxLength: 3 }),
      stress: fc.array(fc.array(fc.double(), { maxLength: 3 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(rowish, (v) => readsOrRefuses(JSON.stringify(v), "json")),
      { numRuns: 150, seed: 5 },
    );
  });
});

describe("number fields", () => {
  it("a field reads iff it is a finite decimal number (no hex, no blanks), with Number's value", () => {
    const decimal = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
    const chars = fc.constantFrom(..."0123456789+-.eExXbBoO_ \u00a0aInfity".split(""));
    fc.assert(
      fc.property(
        fc
          .tuple(
            fc.constantFrom("", "", "0x", "0X", "0b", "0o", "0", " ", "+", "-", "\u00a0"),
            fc.string({ unit: chars, minLength: 0, maxLength: 6 }),
            fc.constantFrom("", "", " ", "e5", "\u00a0"),
          )
          .map((parts) => parts.join("")),
        (field) => {
          const p = join(dir, "field.csv");
          writeFileSync(p, `a,b\n1,${field}\n`);
          const expected = decimal.test(field.trim()) && Number.isFinite(Number(field.trim()));
          let value: number | undefined;
          try {
            value = readNumericTable(p).values[1];
          } catch (err) {
            if (!(err instanceof UserError)) throw err;
          }
          expect(value !== undefined).toBe(expected);
          if (expected) expect(Object.is(value, Number(field.trim()))).toBe(true);
        },
      ),
      { numRuns: 400, seed: 13 },
    );
  });
});

describe("CSV round trip", () => {
  it("any finite doubles survive writeCsv → readNumericTable bit for bit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 60 }),
        (xs) => {
          const cols = 3;
          const values = Float64Array.from(xs.slice(0, xs.length - (xs.length % cols)));
          const p = join(dir, "round.csv");
          writeCsv(p, ["a", "b", "c"], values, cols);
          const t = readNumericTable(p);
          expect(t.rows * t.cols).toBe(values.length);
          for (let i = 0; i < values.length; i++) expect(Object.is(t.values[i], values[i])).toBe(true);
        },
      ),
      { numRuns: 40, seed: 9 },
    );
  });

  it("a 1e6-row file: written, read back in seconds, equal bit for bit", () => {
    const rows = 1_000_000;
    const cols = 2;
    const values = new Float64Array(rows * cols);
    // typical measured data: 16–17 significant digits (the extremes are in the property test above)
    for (let i = 0; i < values.length; i++) values[i] = Math.sin(i * 0.7) * (i % 2 ? 1e3 : 1e-2);
    values[0] = -0;
    values[1] = Number.MIN_VALUE;
    values[2] = Number.MAX_VALUE;
    const p = join(dir, "big.csv");
    writeCsv(p, ["E11", "S11"], values, cols);
    const t = readNumericTable(p);
    expect(t.rows).toBe(rows);
    expect(t.lineOf(rows - 1)).toBe(rows + 1);
    let same = true;
    for (let i = 0; i < values.length && same; i++) same = Object.is(t.values[i], values[i]);
    expect(same).toBe(true);
    rmSync(p);
  }, 120_000); // generous: a loaded 2-core machine took 42 s
});
