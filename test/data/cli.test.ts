import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { writeCsv } from "../../src/data/csv.js";
import { generateDataset } from "../../src/data/generate.js";
import { materialNames } from "../../src/data/materials/index.js";
import { readDataset } from "../../src/data/read-dataset.js";
import { scratchDir } from "../support/scratch.js";

const cli = resolve("dist/cli/miann.js");
const dir = scratchDir("cli-data-");

function miann(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("miann data (built CLI)", () => {
  it("generate writes the library's dataset exactly; a second run refuses to overwrite", () => {
    const r = miann(
      "data",
      "generate",
      "--samples",
      "300",
      "--noise",
      "0.01",
      "--seed",
      "4",
      "-o",
      "data.csv",
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/wrote data\.csv: 300 rows, d = 3/);
    const [comment, header] = readFileSync(join(dir, "data.csv"), "utf8").split("\n");
    // the law it came from, for train and report, then the header
    expect(comment).toBe(
      "# generated: fabric; mixed paths, 300 samples, noise 0.01, seed 4, strain band [0, 0.1]",
    );
    expect(header).toBe("E11,E22,G12,S11,S22,S12");
    const back = readDataset(join(dir, "data.csv"));
    const lib = generateDataset({ samples: 300, noise: 0.01, seed: 4 });
    expect(back.strain).toEqual(lib.strain);
    expect(back.stress).toEqual(lib.stress);

    const again = miann("data", "generate", "--samples", "10", "-o", "data.csv");
    expect(again.code).toBe(1);
    expect(again.err).toBe("miann: data.csv: already exists; pass --force to replace it\n");
    expect(readDataset(join(dir, "data.csv")).n).toBe(300);
    expect(miann("data", "generate", "--samples", "10", "-o", "data.csv", "--force").code).toBe(0);
  });

  it("info prints counts, σ and admissibility; --json is the datasetInfo object", () => {
    const svk = generateDataset({ material: "svk", samples: 200 });
    const rows = new Float64Array(200 * 12);
    for (let p = 0; p < 200; p++) {
      rows.set(svk.strain.subarray(p * 6, p * 6 + 6), p * 12);
      rows.set(svk.stress.subarray(p * 6, p * 6 + 6), p * 12 + 6);
    }
    writeCsv(join(dir, "svk.csv"), [...svk.names!.strain, ...svk.names!.stress], rows, 12);
    const text = miann("data", "info", "svk.csv");
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/svk\.csv: 200 rows, d = 6 \(solid\)/);
    expect(text.out).toMatch(/every row is a real deformation/);
    const json = JSON.parse(miann("data", "info", "svk.csv", "--json").out);
    expect(json.n).toBe(200);
    expect(json.sigma).toHaveLength(6);
    expect(json.strain.map((c: { name: string }) => c.name)).toEqual([
      "E11",
      "E22",
      "E33",
      "G23",
      "G13",
      "G12",
    ]);
  });

  it("info on a bad file or with a bad option: one line, exit 1, no stack trace", () => {
    writeFileSync(join(dir, "bad.csv"), "E11,S11\n0.1,2\n0.2,oops\n");
    const r = miann("data", "info", "bad.csv");
    expect(r.code).toBe(1);
    expect(r.err).toBe("miann: bad.csv:3:2: expected a number, got 'oops'\n");
    writeFileSync(join(dir, "good.csv"), "E11,S11\n0.1,2\n");
    const c = miann("data", "info", "good.csv", "--strain", "E12");
    expect(c.err).toBe("miann: good.csv:1: unknown column 'E12' in --strain; the header has E11, S11\n");
    const g = miann("data", "generate", "--material", "steel", "--max-strain", "x", "-o", "x.csv");
    expect(g.code).toBe(1);
    expect(g.err).toMatch(/^miann: (unknown material 'steel'|--max-strain: expected a number)/);
    expect(miann("data", "generate", "--samples", "many", "-o", "x.csv").err).toMatch(
      /--samples: expected an integer/,
    );
    expect(existsSync(join(dir, "x.csv"))).toBe(false);
  });

  it("materials lists every law with units; --param reaches the law", () => {
    const r = miann("data", "materials");
    for (const name of materialNames()) expect(r.out).toContain(`${name}  (d = `);
    expect(r.out).toMatch(/g4 += 50000 +N\/m/);
    const p = miann(
      "data",
      "generate",
      "--material",
      "fibre",
      "--param",
      "matrix=svk",
      "--param",
      "direction=0,1,1",
      "--samples",
      "20",
      "-o",
      "f.csv",
    );
    expect(p.code).toBe(0);
  });
});
