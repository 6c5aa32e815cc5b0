import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readNumericTable, writeCsv } from "../../src/data/csv.js";
import { generateDataset } from "../../src/data/generate.js";
import { jsonPathOffset, type ReadDatasetOptions, readDataset } from "../../src/data/read-dataset.js";
import { writeDataset } from "../../src/data/write-dataset.js";
import { UserError } from "../../src/util/errors.js";
import { scratchDir } from "../support/scratch.js";

const dir = scratchDir("read-");
let counter = 0;
function file(content: string, ext = "csv"): string {
  const p = join(dir, `f${counter++}.${ext}`);
  writeFileSync(p, content);
  return p;
}

describe("writeDataset → readDataset", () => {
  it.each(["csv", "tsv", "json"])("gives the dataset back bit for bit (.%s)", (ext) => {
    const ds = generateDataset({ material: "fibre", samples: 50, noise: 0.01 });
    const p = join(dir, `round.${ext}`);
    writeDataset(p, ds);
    const back = readDataset(p);
    expect(back.strain).toEqual(ds.strain);
    expect(back.stress).toEqual(ds.stress);
    expect(back.names).toEqual(ds.names);
    // the law the data came from, with its non-default parameters (a "# generated:" line in CSV/TSV)
    expect(back.material).toBe("fibre");
    expect(back.materialParams).toEqual(undefined);
    const custom = generateDataset({ material: "fibre", samples: 5, params: { k2: 20, matrix: "svk" } });
    writeDataset(p, custom);
    expect(readDataset(p)).toMatchObject({ material: "fibre", materialParams: { k2: 20, matrix: "svk" } });
    // read in other units, the file's numbers are no longer the law's
    expect(readDataset(p, { stressFactor: 1e-3 }).material).toBeUndefined();
  });

  it("ignores a '# generated:' line that names no built-in law, and such lines below the header", () => {
    expect(readDataset(file("# generated: my-lab-rig; 3 samples\nE,S\n1,2\n")).material).toBeUndefined();
    expect(readDataset(file("E,S\n# generated: fabric\n1,2\n")).material).toBeUndefined();
    expect(
      readDataset(file("# generated: svk-membrane\nE11,E22,G12,S11,S22,S12\n0,0,0,0,0,0\n")).material,
    ).toBe("svk-membrane");
  });
});

describe("readDataset: good files", () => {
  it("default columns: first d strain, next d stress; header names kept", () => {
    const ds = readDataset(file("E11,E22,G12,S11,S22,S12\n0.1,0.2,0.3,1,2,3\n0.4,0.5,0.6,4,5,6\n"));
    expect(ds).toMatchObject({
      dim: 3,
      n: 2,
      names: { strain: ["E11", "E22", "G12"], stress: ["S11", "S22", "S12"] },
    });
    expect(Array.from(ds.strain)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
    expect(Array.from(ds.stress)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("no header, TSV by extension, comments and blank lines, CRLF", () => {
    const ds = readDataset(file("# lab data\r\n1\t2\r\n\r\n3\t4\r\n", "tsv"));
    expect(ds).toMatchObject({ dim: 1, n: 2, names: { strain: ["x1"], stress: ["s1"] } });
    expect(Array.from(ds.stress)).toEqual([2, 4]);
  });

  it("a UTF-8 byte-order mark, non-ASCII names and old Mac CR line ends", () => {
    const a = readDataset(file("\ufeffε11,σ11\r\n1,2\r\n"));
    expect(a.names).toEqual({ strain: ["ε11"], stress: ["σ11"] });
    const b = readDataset(file("E,S\r1,2\r3,4\r"));
    expect(Array.from(b.stress)).toEqual([2, 4]);
  });

  it("whitespace-separated .txt/.dat (numpy.savetxt, Fortran); the sniffer skips comment lines", () => {
    const a = readDataset(file("# E11, S11 from a, b\n  1.0e-01   2.0e+00\n\t3   4  \n", "txt"));
    expect(Array.from(a.strain)).toEqual([0.1, 3]);
    expect(Array.from(a.stress)).toEqual([2, 4]);
    const b = readDataset(file('"E11"   S11\n1 2\n', "dat"));
    expect(b.names).toEqual({ strain: ["E11"], stress: ["S11"] });
    const c = readDataset(file("# a, b\n1;2\n", "txt"));
    expect(Array.from(c.stress)).toEqual([2]);
  });

  it("a semicolon-separated .csv (a spreadsheet export) is sniffed; --delimiter overrides", () => {
    const p = file("E11;S11\n0.1;2\n0.3;4\n");
    expect(Array.from(readDataset(p).stress)).toEqual([2, 4]);
    // a comma in the first line keeps the comma
    expect(Array.from(readDataset(file("E11,S11\n0.1,2\n")).stress)).toEqual([2]);
    // told the wrong delimiter, the error says which one the fields hold
    expect(() => readDataset(p, { delimiter: "," })).toThrow(
      /:2:1: expected a number, got '0\.1;2' \(the fields look separated by ';': pass --delimiter ';'\)/,
    );
    // a decimal comma is named as such, not read as a number
    expect(() => readDataset(file("E11;S11\n0,1;2\n"))).toThrow(/got '0,1' \(a decimal comma\?/);
  });

  it("columns by name and by number, tensor shear doubled, unit factors applied", () => {
    const p = file("t,S11,E11,E22,E12,S22,S12\n0,10,0.01,0.02,0.03,20,30\n");
    const opts: ReadDatasetOptions = {
      strain: ["E11", "E22", "E12"],
      stress: [2, 6, 7],
      shear: "tensor",
      strainFactor: 100,
      stressFactor: 1e-3,
    };
    const ds = readDataset(p, opts);
    expect(Array.from(ds.strain)).toEqual([1, 2, 6]);
    expect(ds.stress[0]).toBeCloseTo(0.01, 15);
    expect(ds.stress[2]).toBeCloseTo(0.03, 15);
    expect(ds.names).toEqual({ strain: ["E11", "E22", "E12"], stress: ["S11", "S22", "S12"] });
  });

  it("only --strain given: stress is the remaining columns", () => {
    const ds = readDataset(file("S,E\n5,0.1\n"), { strain: ["E"] });
    expect(Array.from(ds.strain)).toEqual([0.1]);
    expect(Array.from(ds.stress)).toEqual([5]);
  });

  it("tensor shear in 3D doubles components 4–6 only", () => {
    const ds = readDataset(file("1,2,3,4,5,6,0,0,0,0,0,0\n"), { shear: "tensor" });
    expect(Array.from(ds.strain)).toEqual([1, 2, 3, 8, 10, 12]);
  });

  it("JSON: { strain, stress } and an array of { strain, stress }", () => {
    const a = readDataset(file(JSON.stringify({ strain: [[0.1, 0.2, 0.3]], stress: [[1, 2, 3]] }), "json"));
    const b = readDataset(file(JSON.stringify([{ strain: [0.1, 0.2, 0.3], stress: [1, 2, 3] }]), "json"));
    expect(a.strain).toEqual(b.strain);
    expect(a.stress).toEqual(b.stress);
    expect(a.names).toEqual({ strain: ["E11", "E22", "G12"], stress: ["S11", "S22", "S12"] });
  });

  it("writeCsv quotes header names that would not read back (delimiters, quotes, a leading #)", () => {
    const p = join(dir, "names.csv");
    const names = ["#E11", "S, 11", 'q"x', "S;12"];
    writeCsv(p, names, Float64Array.from([1, 2, 3, 4]), 4);
    expect(readNumericTable(p).names).toEqual(names);
  });

  it("quoted header names go through the CSV parser", () => {
    const t = readNumericTable(file('"E11","S, 11"\n1,2\n3,4\n'));
    expect(t.names).toEqual(["E11", "S, 11"]);
    expect(t.headerLine).toBe(1);
    expect(t.lineOf(1)).toBe(3);
  });
});

/** every bad input of the issue, with the one-line message it must produce */
const badCases: [string, string, string, ReadDatasetOptions, RegExp][] = [
  ["empty file", "", "csv", {}, /f\d+\.csv: the file is empty; expected rows of numbers$/],
  ["header only", "E11,S11\n", "csv", {}, /: the file has a header but no data rows/],
  ["non-numeric text", "E11,S11\n1,2\n3,abc\n", "csv", {}, /f\d+\.csv:3:2: expected a number, got 'abc'$/],
  ["NaN", "E11,S11\n1,NaN\n", "csv", {}, /:2:2: expected a finite number, got 'NaN'$/],
  ["Infinity", "1,2\n-inf,3\n", "csv", {}, /:2:1: expected a finite number, got '-inf'$/],
  ["overflow", "1,2\n1e999,3\n", "csv", {}, /:2:1: expected a finite number, got '1e999'$/],
  [
    "empty strain field",
    "1,2\n,3\n",
    "csv",
    {},
    /:2:1: expected a number, got an empty strain field \(an empty field means an unknown stress; strains are mandatory\)$/,
  ],
  ["stress column all empty", "E11,S11\n1,\n3,\n", "csv", {}, /stress column S11 has no known value/],
  ["missing field", "E11,S11\n1,2\n3\n", "csv", {}, /:3:2: expected 2 fields \(as in the header\), got 1$/],
  ["extra field", "1,2\n3,4,5\n", "csv", {}, /:2:3: expected 2 fields \(as in the first row\), got 3$/],
  ["duplicate header", "E11,E11\n1,2\n", "csv", {}, /:1:2: duplicate column name 'E11' \(also column 1\)$/],
  [
    "odd column count",
    "a,b,c\n1,2,3\n",
    "csv",
    {},
    /:2: expected an even number of columns .* got 3; choose columns/,
  ],
  ["wrong d", "1,2,3,4\n", "csv", { dim: 3 }, /expected 2d = 6 columns/],
  [
    "unknown column",
    "E11,S11\n1,2\n",
    "csv",
    { strain: ["E12"] },
    /:1: unknown column 'E12' in --strain; the header has E11, S11$/,
  ],
  [
    "column out of range",
    "E11,S11\n1,2\n",
    "csv",
    { strain: [3] },
    /column 3 in --strain is out of range; the file has 2 columns/,
  ],
  [
    "name without header",
    "1,2\n",
    "csv",
    { strain: ["E11"] },
    /the file has no header row; give 1-based column numbers/,
  ],
  [
    "counts differ",
    "a,b,c\n1,2,3\n",
    "csv",
    { strain: ["a"], stress: ["b", "c"] },
    /1 strain columns but 2 stress columns; expected the same number/,
  ],
  [
    "column chosen twice",
    "a,b\n1,2\n",
    "csv",
    { strain: ["a"], stress: ["a"] },
    /column 'a' is chosen twice/,
  ],
  ["unclosed quote", 'a,b\n1,"2\n', "csv", {}, /:2: malformed CSV: Quote Not Closed/],
  ["tensor shear for d = 2", "1,2,3,4\n", "csv", { shear: "tensor" }, /--shear tensor needs d = 3 or 6/],
  ["zero factor", "1,2\n", "csv", { stressFactor: 0 }, /stress factor must be a finite nonzero number/],
  ["JSON syntax", '{"strain": [[1]],\n "stress": [[1]] x}', "json", {}, /f\d+\.json:2:\d+: not valid JSON/],
  ["JSON shape", '{"strain": 1}', "json", {}, /: expected \{ "strain": \[\[\.\.\.\], \.\.\.\], "stress"/],
  [
    "JSON row counts differ",
    '{"strain": [[1],[2]], "stress": [[1]]}',
    "json",
    {},
    /2 strain rows but 1 stress rows/,
  ],
  [
    "JSON row length",
    '{"strain": [[1,2],[3]], "stress": [[1,2],[3,4]]}',
    "json",
    {},
    /strain\[1\]: expected 2 numbers \(as in strain\[0\]\), got 1/,
  ],
  [
    "JSON non-number",
    '[{"strain": [1], "stress": ["x"]}]',
    "json",
    {},
    /\[0\]\.stress\[0\]: expected a finite number \(or null: not measured\), got "x"/,
  ],
  ["JSON empty", "[]", "json", {}, /no rows/],
  [
    "JSON with --strain",
    '{"strain": [[1]], "stress": [[1]]}',
    "json",
    { strain: [1] },
    /--strain\/--stress choose CSV columns/,
  ],
];

describe("readDataset: every bad input is one UserError line naming the place", () => {
  it.each(badCases)("%s", (_label, content, ext, options, message) => {
    const p = file(content, ext);
    let caught: unknown;
    try {
      readDataset(p, options);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    const text = (caught as Error).message;
    expect(text).toMatch(message);
    expect(text).not.toContain("\n");
    // the message names the file first (an option error, which has no place in the file, aside)
    if (_label !== "zero factor") expect(text.startsWith(p)).toBe(true);
  });

  it("JSON structure errors are located by line and column", () => {
    const text = '{\n  "strain": [[1, 2],\n    [3]],\n  "stress": [[1, 2], [3, 4]]\n}';
    expect(() => readDataset(file(text, "json"))).toThrow(/f\d+\.json:3:5: strain\[1\]: expected 2 numbers/);
    const t2 = '[{"strain": [1], "stress": [2]},\n {"strain": [1], "stress": ["x"]}]';
    const col = t2.split("\n")[1].indexOf('"x"') + 1;
    expect(() => readDataset(file(t2, "json"))).toThrow(
      new RegExp(
        `:2:${col}: \\[1\\]\\.stress\\[0\\]: expected a finite number \\(or null: not measured\\), got "x"$`,
      ),
    );
  });

  it("jsonPathOffset points at the value at a path (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.array(fc.nat(5), { maxLength: 3 }), (v, picks) => {
        // walk down along the picks to build a path that exists
        let node: unknown = v;
        let path = "";
        for (const pick of picks) {
          if (Array.isArray(node) && node.length > 0) {
            const k = pick % node.length;
            path += `[${k}]`;
            node = node[k];
          } else if (node && typeof node === "object" && Object.keys(node).length > 0) {
            const keys = Object.keys(node).filter((key) => /^[^.[\]]+$/.test(key));
            if (keys.length === 0) break;
            const key = keys[pick % keys.length];
            path += `${path ? "." : ""}${key}`;
            node = (node as Record<string, unknown>)[key];
          } else break;
        }
        const text = JSON.stringify(v);
        const offset = jsonPathOffset(text, path);
        expect(offset).toBeDefined();
        expect(text.startsWith(JSON.stringify(node), offset)).toBe(true);
      }),
      { numRuns: 300, seed: 21 },
    );
    expect(jsonPathOffset('{"a\\n\\u0041": [1, {"b": 7}]}', "a\nA[1].b")).toBe(24); // the offset of the 7
    expect(jsonPathOffset("[1, 2]", "[5]")).toBeUndefined();
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string({ maxLength: 4 }).filter((k) => /^[^.[\]]+$/.test(k)),
          fc.integer(),
        ),
        (o) => {
          const text = JSON.stringify(o);
          for (const key of Object.keys(o))
            expect(text.startsWith(String(o[key]), jsonPathOffset(text, key))).toBe(true);
        },
      ),
      { numRuns: 200, seed: 22 },
    );
  });

  it("a missing file", () => {
    expect(() => readDataset(join(dir, "nope.csv"))).toThrow(
      /nope\.csv: cannot read the file \(no such file\)/,
    );
    expect(() => readDataset(dir)).toThrow(/is a folder; expected a data file/);
  });
});
