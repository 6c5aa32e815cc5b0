import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createModel } from "../../src/model/create.js";
import { modelToFile, saveModel } from "../../src/model/file.js";
import { scratchDir } from "../support/scratch.js";

const CLI = "dist/cli/miann.js";

function miann(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("miann report (built CLI)", () => {
  let dir: string;
  let model: string;

  beforeAll(() => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
    dir = scratchDir("report-cli-");
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

  it("data from `miann data generate`, through a CSV and train: the report draws the law in N/m", () => {
    // the CSV remembers its law in a "# generated:" line; train records it; report draws it
    const csv = join(dir, "gen.csv");
    expect(miann("data", "generate", "--samples", "200", "--param", "g4=6e4", "-o", csv).code).toBe(0);
    expect(readFileSync(csv, "utf8").split("\n")[0]).toMatch(/^# generated: fabric \{"g4":60000\}; /);
    const trained = join(dir, "gen.json");
    const t = miann(
      "train",
      csv,
      "--epochs",
      "3",
      "--hidden",
      "4",
      "--threads",
      "1",
      "--quiet",
      "-o",
      trained,
    );
    expect(t.code).toBe(0);
    const data = JSON.parse(readFileSync(trained, "utf8")).training.data;
    expect(data).toMatchObject({ material: "fabric", materialParams: { g4: 60000 } });
    // without --data too: the law comes from the model file
    const out = join(dir, "gen.html");
    expect(miann("report", trained, "-o", out).code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toContain("reference (fabric)");
    expect(html).not.toContain("stress unit");
    expect(html).toContain("N/m");
    expect(html).not.toContain("reference law is unknown");
  });

  it("a solid's six parity panels wrap into rows of three, and the legend keeps the law's full name", () => {
    const csv = join(dir, "nh.csv");
    expect(miann("data", "generate", "--material", "neohookean", "--samples", "60", "-o", csv).code).toBe(0);
    const solid = join(dir, "solid.json");
    const m = createModel(
      { kind: "miann", inputDim: 6, hidden: [4] },
      { seed: 2, scaling: { strainScale: [0.3, 0.3, 0.3, 0.3, 0.3, 0.3], stressScale: 1e5 } },
    );
    saveModel(solid, modelToFile(m, { name: "solid" }));
    const png = join(dir, "solid-png");
    const out = join(dir, "solid.html");
    expect(miann("report", solid, "--data", csv, "--png", png, "-o", out).code).toBe(0);
    // PNG width from the IHDR chunk: three panels of 190 px (plus axes), not six
    const width = (f: string) => readFileSync(join(png, f)).readUInt32BE(16);
    const height = (f: string) => readFileSync(join(png, f)).readUInt32BE(20);
    expect(width("parity.png")).toBeLessThan(2000);
    expect(height("parity.png")).toBeGreaterThan(width("parity.png") / 2); // two rows
    const html = readFileSync(out, "utf8");
    for (const c of ["S11", "S22", "S33", "S23", "S13", "S12"]) expect(html).toContain(`solid · ${c} (Pa)`);
    expect(html).toContain("reference (neohookean)");
    expect(html).not.toContain("reference (neohoo…");
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
