import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scratchDir } from "../support/scratch.js";

// The lab-data workflow through the built CLI: generate test curves, train on them (every row by
// default), evaluate per test, predict a test curve, report P–λ; every bad input one line, exit ≠ 0,
// no output written.

const CLI = "dist/cli/miann.js";
function miann(cwd: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(process.cwd(), CLI), ...args], { encoding: "utf8", cwd });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("test curves through the CLI", () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    dir = scratchDir("lab-");
    const g = miann(
      dir,
      "data",
      "generate",
      "--material",
      "mooney-rivlin-membrane",
      "--tests",
      "uniaxial,equibiaxial,pure-shear",
      "--points",
      "12",
      "--max-stretch",
      "1.8",
      "-o",
      "mr.csv",
    );
    expect(g.stderr).toBe("");
    expect(g.code).toBe(0);
    const t = miann(dir, "train", "mr.csv", "--hidden", "8,8", "--epochs", "200", "--quiet", "-o", "mr.json");
    expect(t.stderr).toBe("");
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^train\s+36\s/m); // every row trains; no val/test rows
  });

  it("data generate writes the lab layout: pure shear without P22", () => {
    const text = readFileSync(join(dir, "mr.csv"), "utf8").split("\n");
    expect(text[1]).toBe("test,lambda,P");
    expect(text.filter((l) => l.startsWith("pure-shear,")).length).toBe(12);
  });

  it("evaluate: per-component and per-test metrics, predictions CSV, JSON", () => {
    const r = miann(dir, "evaluate", "mr.json", "mr.csv", "-o", "pred.csv");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/R² unclipped, 1 − SS_res\/SS_tot/);
    expect(r.stdout).toMatch(/^uniaxial\s+P11\s+12\s/m);
    expect(r.stdout).toMatch(/^pure-shear\s+P11\s+12\s/m);
    const pred = readFileSync(join(dir, "pred.csv"), "utf8").trim().split("\n");
    expect(pred[0]).toBe("test,curve,lambda,P,P_model,lambda2_model");
    expect(pred).toHaveLength(37);
    const j = JSON.parse(miann(dir, "evaluate", "mr.json", "mr.csv", "--json").stdout);
    expect(j.tests.map((t: { mode: string }) => t.mode)).toEqual(["uniaxial", "equibiaxial", "pure-shear"]);
    expect(j.tests.every((t: { r2: number }) => t.r2 > 0.9 && t.r2 <= 1)).toBe(true);
    // the same model on the same data: train's own RMSE of S11
    expect(j.components.rmse[0]).toBeGreaterThan(0);
    // refuses to replace the predictions without --force
    const again = miann(dir, "evaluate", "mr.json", "mr.csv", "-o", "pred.csv");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/pred\.csv: already exists; pass --force/);
  });

  it("predict --test uniaxial --stretch: λ, λ2 (solved), P11, P22 = 0", () => {
    const r = miann(dir, "predict", "--test", "uniaxial", "--stretch", "1:1.8:0.2", "mr.json");
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split("\n");
    expect(rows[0]).toBe("lambda,lambda2,P11,P22");
    expect(rows.slice(1).map((l) => Number(l.split(",")[0]))).toEqual([1, 1.2, 1.4, 1.6, 1.8]);
    for (const l of rows.slice(1)) expect(Math.abs(Number(l.split(",")[3]))).toBeLessThan(1e-6);
  });

  it("report: the P–λ panels and R² per test", () => {
    const r = miann(
      dir,
      "report",
      "mr.json",
      "--data",
      "mr.csv",
      "--material",
      "mooney-rivlin-membrane",
      "-o",
      "r.html",
    );
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, "r.html"), "utf8");
    expect(html).toContain('id="fig-test-curves"');
    expect(html).toMatch(/uniaxial P11 R²/);
    // the reference law that made the data scores R² = 1 on every test
    expect(html).toMatch(/reference \(mooney-rivlin-membrane\)<\/td><td>1\.0000<\/td>/);
  });

  it("a file per test with --test and unit factors", () => {
    writeFileSync(join(dir, "ut.csv"), "lambda,P_kPa\n1.2,150\n1.5,300\n");
    writeFileSync(join(dir, "eb.txt"), "1.2 250\n1.4 450\n");
    const r = miann(
      dir,
      "evaluate",
      "mr.json",
      "ut.csv",
      "eb.txt",
      "--test",
      "uniaxial,equibiaxial",
      "--stress-factor",
      "1e-3",
      "--json",
    );
    expect(r.stderr).toMatch(
      /ut\.csv: no column for P11 \(the nominal stress\); the header has lambda, P_kPa$/m,
    );
    expect(r.code).toBe(1); // ut.csv has no P column: said, not guessed
    writeFileSync(join(dir, "ut.csv"), "lambda,P\n1.2,150\n1.5,300\n");
    const ok = miann(
      dir,
      "evaluate",
      "mr.json",
      "ut.csv",
      "eb.txt",
      "--test",
      "uniaxial,equibiaxial",
      "--stress-factor",
      "1e-3",
      "--json",
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).rows).toBe(4);
  });

  const bad: [string, string, string[], RegExp][] = [
    [
      "stretch ≤ 0",
      "lambda,P\n1.2,0.1\n-0.5,0.1\n",
      ["--test", "uniaxial"],
      /:3:1: the stretch must be > 0, got -0.5$/,
    ],
    ["unknown mode", "test,lambda,P\ntorsion,1.2,0.1\n", [], /unknown test 'torsion'/],
    ["biaxial without λ2", "test,lambda,P,lambda2\nbiaxial,1.2,0.1,\n", [], /a biaxial row needs lambda2/],
    [
      "pairs given as curves",
      "E11,E22,G12,S11,S22,S12\n0.1,0,0,1,0,0\n",
      ["--test", "uniaxial"],
      /read it without --test$/,
    ],
  ];
  for (const [what, text, extra, message] of bad) {
    it(`train refuses ${what}: one line, exit 1, no model written`, () => {
      const f = join(dir, `bad-${what.length}.csv`);
      writeFileSync(f, text);
      const out = join(dir, `bad-${what.length}.json`);
      const r = miann(dir, "train", f, ...extra, "-o", out);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
      expect(existsSync(out)).toBe(false);
    });
  }

  it("the pair reader refuses a 2-column stretch file and says what to do", () => {
    writeFileSync(join(dir, "curve.csv"), "lambda,P\n1,0\n1.5,0.3\n");
    const r = miann(dir, "data", "info", "curve.csv");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/looks like test curves .*--test <mode>/);
  });

  it("train takes the unit factors of data info", () => {
    writeFileSync(
      join(dir, "pct.csv"),
      `E11,E22,G12,S11,S22,S12\n${Array.from({ length: 40 }, (_, i) => `${i / 4},${i / 8},0,${i * 100},${i % 3 === 0 ? "" : i * 30},0`).join("\n")}\n`,
    );
    const r = miann(
      dir,
      "train",
      "pct.csv",
      "--strain-factor",
      "0.01",
      "--stress-factor",
      "1e-3",
      "--epochs",
      "20",
      "--json",
      "-o",
      "pct.json",
    );
    expect(r.code).toBe(0);
    const model = JSON.parse(readFileSync(join(dir, "pct.json"), "utf8"));
    // D = max |x| after the factor: 39/4 % = 0.0975
    expect(JSON.stringify(model)).toContain("0.0975");
  });
});
