import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDataset, readDataset } from "../../src/data/read-dataset.js";
import { delimiterFor, parseNumericTable, tableParser } from "../../src/data/table-text.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";

/**
 * The text side of the readers (what the browser playground reads a dropped file with) against
 * the file side (what the CLI reads): the same dataset, or the same one-line message.
 */
const dir = scratchDir("parse-");

type Outcome = { strain: number[]; stress: number[]; names?: unknown } | { error: string };

function outcome(read: () => ReturnType<typeof readDataset>): Outcome {
  try {
    const ds = read();
    return { strain: Array.from(ds.strain), stress: Array.from(ds.stress), names: ds.names };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    return { error: err.message };
  }
}

function sameAsFile(text: string, ext: string): void {
  const path = join(dir, `data.${ext}`);
  writeFileSync(path, text);
  expect(outcome(() => parseDataset(path, text))).toEqual(outcome(() => readDataset(path)));
}

const token = fc.constantFrom("1", "-2.5e3", ".5", "0x10", "NaN", "", " ", "E11", '"3"', '"', "#", "\ufeff");
const csvLike = fc
  .array(fc.array(token, { minLength: 1, maxLength: 4 }), { maxLength: 6 })
  .chain((rows) =>
    fc.tuple(fc.constant(rows), fc.constantFrom(",", "\t", ";"), fc.constantFrom("\n", "\r\n", "\r")),
  )
  .map(([rows, sep, eol]) => rows.map((r) => r.join(sep)).join(eol));

describe("parseDataset (text) reads as readDataset (file)", () => {
  it("on CSV-like text, good and malformed, as .csv and .txt", () => {
    fc.assert(
      fc.property(csvLike, fc.constantFrom("csv", "txt", "tsv"), (text, ext) => sameAsFile(text, ext)),
      { numRuns: 200, seed: 21 },
    );
  });

  it("on JSON documents, good and malformed", () => {
    sameAsFile('{"strain": [[0.1, 0.2], [0.3, 0.4]], "stress": [[1, 2], [3, 4]]}', "json");
    sameAsFile('{"strain": [[0.1, 0.2], [0.3]], "stress": [[1, 2], [3, 4]]}', "json");
    sameAsFile('{"strain": [[0.1, 0.2]], "stress": [[1, "x"]]}', "json");
    sameAsFile('{"strain": [[0.1, 0.2]], ', "json");
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => sameAsFile(JSON.stringify(v), "json")),
      { numRuns: 100, seed: 4 },
    );
  });

  it("names the line and column of a malformed field in one line", () => {
    const text = "E11,S11\n0.1,2\n0.2,oops\n";
    const path = join(dir, "bad.csv");
    expect(() => parseDataset(path, text)).toThrow(`${path}:3:2: expected a number, got 'oops'`);
  });
});

describe("the table parser", () => {
  it("gives the same table whatever the pieces the text arrives in", () => {
    fc.assert(
      fc.property(csvLike, fc.array(fc.nat(80), { maxLength: 6 }), (text, cuts) => {
        const whole = (() => {
          try {
            const t = parseNumericTable("x.csv", text);
            return {
              values: Array.from(t.values),
              names: t.names,
              lines: Array.from({ length: t.rows }, (_, r) => t.lineOf(r)),
            };
          } catch (err) {
            return { error: (err as Error).message };
          }
        })();
        const pieces = (() => {
          try {
            const p = tableParser("x.csv", delimiterFor("x.csv", text.slice(0, 1 << 16)), 4);
            let at = 0;
            for (const c of [...cuts].sort((a, b) => a - b)) {
              const end = Math.min(text.length, c);
              if (end > at) p.write(text.slice(at, end));
              at = Math.max(at, end);
            }
            p.write(text.slice(at));
            const t = p.end();
            return {
              values: Array.from(t.values),
              names: t.names,
              lines: Array.from({ length: t.rows }, (_, r) => t.lineOf(r)),
            };
          } catch (err) {
            return { error: (err as Error).message };
          }
        })();
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 200, seed: 8 },
    );
  });
});
