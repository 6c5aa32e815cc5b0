import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createModel } from "../../src/model/create.js";
import { modelToFile, saveModel } from "../../src/model/file.js";

const CLI = "dist/src/cli/main.js";

function miann(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("miann report (built CLI)", () => {
  let dir: string;
  let model: string;

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), "miann-report-cli-"));
    model = join(dir, "m.json");
    const m = createModel(
      { kind: "miann", inputDim: 3, hidden: [4] },
      { seed: 1, scaling: { strainScale: [0.1, 0.1, 0.2], stressScale: 1000 } },
    );
    saveModel(model, modelToFile(m, { name: "tiny" }));
  });

  it("writes the report and the PNGs, and says where", () => {
    const out = join(dir, "r.html");
    const png = join(dir, "png");
    const r = miann("report", model, "-o", out, "--png", png, "--title", "tiny <model>");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*r\.html \(\d+ figures, [\d.]+ MB\)\nwrote \d+ PNG files/);
    const html = readFileSync(out, "utf8");
    // the title is escaped, not injected
    expect(html).toContain("<title>tiny &lt;model&gt;</title>");
    expect(existsSync(join(png, "curves.png"))).toBe(true);
  });

  it("refuses to replace a file without --force, and leaves it untouched", () => {
    const out = join(dir, "keep.html");
    writeFileSync(out, "mine");
    const r = miann("report", model, "-o", out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`miann: ${out}: already exists; pass --force to replace it\n`);
    expect(readFileSync(out, "utf8")).toBe("mine");
    expect(miann("report", model, "-o", out, "--force").code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/^<!DOCTYPE html>/);
  });

  it("never overwrites an input, even with --force", () => {
    const r = miann("report", model, "-o", model, "--force");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^miann: .*m\.json: is a model of the report, an input of this command; choose another -o \(--force does not change this\)\n$/,
    );
  });

  it("user mistakes end in one line and exit 1: bad model file, data of another dimension", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{}");
    const r1 = miann("report", bad, "-o", join(dir, "x.html"));
    expect(r1.code).toBe(1);
    expect(r1.stderr.trim().split("\n")).toHaveLength(1);
    expect(r1.stderr).toMatch(/^miann: .*bad\.json/);
    const csv = join(dir, "d6.csv");
    writeFileSync(csv, `${Array.from({ length: 3 }, () => "0,0,0,0,0,0,0,0,0,0,0,0").join("\n")}\n`);
    const r2 = miann("report", model, "--data", csv, "-o", join(dir, "y.html"));
    expect(r2.code).toBe(1);
    expect(r2.stderr.trim().split("\n")).toHaveLength(1);
    expect(r2.stderr).toMatch(/^miann: .*d6\.csv/);
    expect(existsSync(join(dir, "x.html")) || existsSync(join(dir, "y.html"))).toBe(false);
    // a folder where the report should go
    const r3 = miann("report", model, "-o", dir, "--force");
    expect(r3.code).toBe(1);
    expect(r3.stderr).toBe(`miann: ${dir}: is a folder; -o expects the name of a file to write\n`);
  });
});
