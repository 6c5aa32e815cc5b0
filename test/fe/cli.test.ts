import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { scratchDir } from "../support/scratch.js";
import { SQUARE } from "./gmsh-fixture.js";

/** The built CLI (npm test builds first), run from the repository root. */
const CLI = join(process.cwd(), "dist/cli/miann.js");

function miann(args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("miann fe", () => {
  it("translate writes its series and a ParaView collection and prints the verdict", () => {
    const dir = join(scratchDir("fe-"), "translate");
    const mesh = join(dirname(dir), "square.msh");
    writeFileSync(mesh, SQUARE);
    const r = miann(["fe", "translate", "--mesh", mesh, "--duration", "0.005", "-o", dir]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/fabric\s+0\s+0\s+0\s+rigid translation kept/);
    const csv = readFileSync(join(dir, "energy.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("time,kinetic,strain,external,damping,balance,max_stress,kinetic_drift");
    const kinetic = csv.slice(1).map((line) => Number(line.split(",")[1]));
    // ½ ρ A |v|² = ½ · 0.2 · 1 · (1 + 0.25 + 0.0625)
    for (const k of kinetic) expect(k).toBeCloseTo(0.13125, 14);
    const pvd = readFileSync(join(dir, "translate.pvd"), "utf8");
    const files = [...pvd.matchAll(/file="([^"]+)"/g)].map((m) => m[1]);
    expect(files.length).toBeGreaterThan(1);
    for (const f of files) expect(existsSync(join(dir, f))).toBe(true);
    expect(readFileSync(join(dir, files[0]), "utf8")).toContain('NumberOfPoints="4" NumberOfCells="2"');
  });

  it("inflate logs every Newton iteration", () => {
    const dir = join(scratchDir("fe-"), "inflate");
    const r = miann(["fe", "inflate", "--steps", "2", "--around", "12", "--along", "1", "-o", dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Newton: converged in every step");
    const log = readFileSync(join(dir, "convergence.csv"), "utf8").trim().split("\n");
    expect(log[0]).toBe("newton_iteration,relative_residual,residual,correction,step,load_factor,iteration");
    expect(log.length).toBeGreaterThan(4);
  });

  it("refuses bad input with one line and exit code 1", () => {
    const cases: [string[], RegExp][] = [
      [
        ["fe", "vibrate", "--material", "nosuch"],
        /^miann: unknown material 'nosuch'; expected one of fabric/,
      ],
      [["fe", "inflate", "--steps", "0"], /^miann: option --steps: expected a positive integer, got '0'/],
      [["fe", "vibrate", "--prestretch", "0.9"], /^miann: option --prestretch: expected a stretch > 1/],
    ];
    for (const [args, expected] of cases) {
      const r = miann(args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("never writes into a folder holding someone else's files", () => {
    const dir = scratchDir("fe-");
    writeFileSync(join(dir, "notes.txt"), "mine");
    const r = miann(["fe", "translate", "--divisions", "2", "--duration", "0.001", "-o", dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/folder is not empty and holds no earlier 'translate' results/);
    expect(readFileSync(join(dir, "notes.txt"), "utf8")).toBe("mine");
  });
});
