import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchDir } from "../support/scratch.js";

const CLI = join(process.cwd(), "dist/cli/miann.js");
const dir = scratchDir("demo-");

describe("miann demo (CLI, a small quick run)", () => {
  it("trains the three models, prints both tables and writes models, data and summary", () => {
    const out = join(dir, "demo");
    const r = spawnSync(
      process.execPath,
      [CLI, "demo", "--quick", "--samples", "400", "--epochs", "15", "--threads", "1", "--quiet", "-o", out],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^model\s+test S11\s+test S22\s+test S12\s+extrap\. S11/m);
    expect(r.stdout).toMatch(/^model\s+\|s\(0\)\|\s+min eig C \(grid\)/m);
    for (const f of ["data.csv", "extrapolation.csv", "miann.json", "potential.json", "regression.json"]) {
      expect(existsSync(join(out, f))).toBe(true);
    }
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.samples).toBe(400); // --samples wins over --quick's 1000
    const byKind = Object.fromEntries(summary.models.map((m: { kind: string }) => [m.kind, m]));
    // by construction, whatever the training: miann and potential have s(0) = 0 and a symmetric
    // tangent; the regression network has neither
    expect(byKind.miann.stressAtZero).toBe(0);
    expect(byKind.potential.stressAtZero).toBe(0);
    expect(byKind.regression.stressAtZero).toBeGreaterThan(0);
    expect(byKind.miann.tangentAsymmetry).toBeLessThan(1e-12);
    expect(byKind.regression.tangentAsymmetry).toBeGreaterThan(1e-3);
    expect(byKind.miann.minTangentEigenvalue).toBeGreaterThanOrEqual(0);
    expect(byKind.miann.guarantees.C3).toBe(true);
    expect(byKind.miann.guarantees.C4).toBe(true);
    expect(byKind.regression.guarantees.C4).toBe(false);
    expect(r.stdout).toMatch(/^regression\s+\S+\s+\S+\s+\S+\s+FAIL\s+\S+\s+\S+\s+FAIL/m);
  });

  it("--quick trains on 1000 rows, as its help says (the run above shows an explicit --samples winning)", () => {
    const quick = (extra: string[], name: string) => {
      const out = join(dir, name);
      const r = spawnSync(
        process.execPath,
        [CLI, "demo", "--quick", "--epochs", "2", "--threads", "1", "--quiet", ...extra, "-o", out],
        { encoding: "utf8", timeout: 120_000 },
      );
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const lines = readFileSync(join(out, "data.csv"), "utf8").trim().split("\n");
      const rows = lines.filter((l) => !l.startsWith("#")).length - 1; // less the header
      return { rows, samples: JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).samples };
    };
    expect(quick([], "q1")).toEqual({ rows: 1000, samples: 1000 });
  });
});
