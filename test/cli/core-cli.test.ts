import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parameterLayout } from "../../src/core/layout.js";
import { createModel } from "../../src/model/create.js";
import { modelToFile, saveModel } from "../../src/model/file.js";
import { fixturePaths, loadFixture, relativeError } from "../core/fixture.js";
import { randomParams } from "../core/random-model.js";
import { scratchDir } from "../support/scratch.js";

/** End to end through the built CLI (npm test builds first): import, predict, check. */
const cli = join(process.cwd(), "dist/cli/miann.js");
const dir = scratchDir("core-cli-");

function miann(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectUserError(r: ReturnType<typeof miann>, pattern: RegExp) {
  expect(r.code).toBe(1);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(r.stderr).toMatch(/^miann: /);
  expect(r.stderr).toMatch(pattern);
}

function readCsv(path: string): { names: string[]; rows: number[][] } {
  const lines = readFileSync(path, "utf8").trimEnd().split("\n");
  return { names: lines[0].split(","), rows: lines.slice(1).map((l) => l.split(",").map(Number)) };
}

describe.each(Object.keys(fixturePaths) as (keyof typeof fixturePaths)[])(
  "import + predict of fixture %s",
  (name) => {
    const f = loadFixture(name);
    it("reproduces the fixture's stress, tangent and energy to 1e-10", () => {
      const model = join(dir, `${name}.json`);
      const r = miann("import", f.path, "-o", model);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const strains = join(dir, `${name}-strains.csv`);
      const header = Array.from({ length: f.d }, (_, i) => `x${i + 1}`).join(",");
      const body = Array.from({ length: f.n }, (_, m) =>
        Array.from(f.inputs.subarray(m * f.d, (m + 1) * f.d)).join(","),
      );
      writeFileSync(strains, `${header}\n${body.join("\n")}\n`);
      const out = join(dir, `${name}-out.csv`);
      const p = miann("predict", model, strains, "-o", out, "--tangent", "--energy");
      // the fixture's random strains include some that are not a real deformation: predict says so
      for (const line of p.stderr.split("\n").filter((l) => l !== "")) {
        expect(line).toMatch(/^miann: warning: .*rows are not a real deformation/);
      }
      expect(p.code).toBe(0);
      const { names, rows } = readCsv(out);
      const d = f.d;
      expect(names.slice(0, d + 1)).toEqual([...header.split(","), "S1"]);
      expect(names[2 * d]).toBe("C11");
      expect(names[names.length - 1]).toBe("W");
      expect(rows).toHaveLength(f.n);
      const stress = rows.flatMap((r) => r.slice(d, 2 * d));
      const tangent = rows.flatMap((r) => r.slice(2 * d, 2 * d + d * d));
      const energy = rows.map((r) => r[2 * d + d * d]);
      expect(relativeError(stress, f.stress)).toBeLessThan(1e-10);
      expect(relativeError(tangent, f.tangent)).toBeLessThan(1e-10);
      expect(relativeError(energy, f.energy)).toBeLessThan(1e-10);
      // the strain columns are echoed bit for bit
      expect(rows.flatMap((r) => r.slice(0, d))).toEqual(Array.from(f.inputs));
    });
  },
);

describe("CLI errors and refusals", () => {
  const plane = join(dir, "plane-err.json");
  it("import refuses to overwrite without --force", () => {
    writeFileSync(plane, "a file the user wants to keep\n");
    const before = readFileSync(plane, "utf8");
    expectUserError(
      miann("import", fixturePaths["3d"], "-o", plane),
      /plane-err\.json: already exists; pass --force/,
    );
    expect(readFileSync(plane, "utf8")).toBe(before);
    expect(miann("import", fixturePaths["3d"], "-o", plane, "--force").code).toBe(0);
    expect(JSON.parse(readFileSync(plane, "utf8")).spec.inputDim).toBe(6);
  });

  it("import of a malformed weights file names the JSON path", () => {
    const bad = join(dir, "bad-weights.json");
    const j = JSON.parse(readFileSync(fixturePaths.plane, "utf8"));
    j.params.layers[1].Q.pop();
    writeFileSync(bad, JSON.stringify(j));
    const r = miann("import", bad, "-o", join(dir, "never.json"));
    expectUserError(r, /bad-weights\.json: params\.layers\[1\]\.Q: expected 6 rows, got 5/);
    expect(existsSync(join(dir, "never.json"))).toBe(false);
  });

  it("predict: wrong column count, a non-model file, --energy on a regression model", () => {
    const model = join(dir, "p3.json");
    const f = loadFixture("plane");
    const spec = { kind: "miann" as const, inputDim: 3, hidden: [...f.layout.hidden] };
    const unit = { strainScale: [1, 1, 1], stressScale: 1 };
    saveModel(
      model,
      modelToFile(createModel(spec, { seed: 0, scaling: unit, params: f.params }), { name: "p" }),
    );
    const csv = join(dir, "two.csv");
    writeFileSync(csv, "a,b\n0.1,0.2\n");
    expectUserError(
      miann("predict", model, csv),
      /two\.csv:2: expected 3 strain columns for this d = 3 model, got 2/,
    );
    expectUserError(
      miann("predict", fixturePaths.plane, csv),
      /format: not a miann model file.*miann import/,
    );
    const reg = join(dir, "reg.json");
    const scaling = { strainScale: [1, 1, 1], stressScale: 1 };
    saveModel(
      reg,
      modelToFile(createModel({ kind: "regression", inputDim: 3, hidden: [4] }, { seed: 1, scaling }), {
        name: "r",
      }),
    );
    const three = join(dir, "three.csv");
    writeFileSync(three, "0.1,0.2,0.3\n");
    expectUserError(miann("predict", reg, three, "--energy"), /regression model has no energy/);
    const ok = miann("predict", reg, three);
    expect(ok.code).toBe(0);
    expect(ok.stdout.split("\n")[0]).toBe("E1,E2,E3,S1,S2,S3");
  });
});

describe("miann check", () => {
  it("passes a MIANN (exit 0) and fails an unconstrained potential on C3 (exit 1)", () => {
    const good = join(dir, "good.json");
    const f = loadFixture("plane");
    const unit = { strainScale: [1, 1, 1], stressScale: 1 };
    const miannSpec = { kind: "miann" as const, inputDim: 3, hidden: [...f.layout.hidden] };
    saveModel(
      good,
      modelToFile(createModel(miannSpec, { seed: 0, scaling: unit, params: f.params }), { name: "g" }),
    );
    const data = join(dir, "data.csv");
    writeFileSync(data, "E11,E22,G12,S11,S22,S12\n0.1,0,0,5,1,0\n0,0.2,0,1,6,0\n0,0,-0.3,0,0,-2\n");
    const r = miann("check", good, "--data", data, "--samples", "200");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /3 given point\(s\), 200 random point\(s\) up to 10× the data range \[0\.1, 0\.2, 0\.3\]/,
    );
    expect(r.stdout).toMatch(/all guarantees hold/);
    const bad = join(dir, "nonconvex.json");
    const spec = { kind: "potential" as const, inputDim: 3, hidden: [6, 6] };
    const scaling = { strainScale: [0.1, 0.1, 0.1], stressScale: 100 };
    const params = randomParams(parameterLayout(3, spec.hidden), 4, { convex: false });
    saveModel(bad, modelToFile(createModel(spec, { seed: 1, scaling, params }), { name: "nc" }));
    const b = miann("check", bad, "--samples", "200", "--json");
    expect(b.code).toBe(1);
    const report = JSON.parse(b.stdout);
    expect(report.pass).toBe(false);
    expect(report.guarantees.find((g: { id: string }) => g.id === "C3").pass).toBe(false);
  });
});
