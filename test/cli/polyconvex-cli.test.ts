import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { admissibleStrains } from "../../src/export/check-points.js";
import { Random } from "../../src/util/random.js";
import { relativeError } from "../core/fixture.js";
import { cHarness } from "../export/c-harness.js";
import { maxBlockRelativeError, splitRecords } from "../export/compare.js";
import { compile, gcc, runNumbers } from "../export/toolchain.js";
import { findTool } from "../support/tools.js";

const numpy = findTool("python-numpy");
const torch = findTool("python-torch");

import { loadPolyconvexFixture, polyconvexFixturePaths } from "../model/families/polyconvex-fixture.js";
import { scratchDir } from "../support/scratch.js";

/** The polyconvex family end to end through the built CLI: import, predict, check, train, export. */
const cli = join(process.cwd(), "dist/cli/miann.js");
const dir = scratchDir("poly-cli-");

function miann(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(["compressible", "membrane"] as const)(
  "miann import + predict of the polyconvex %s fixture",
  (variant) => {
    const f = loadPolyconvexFixture(variant);
    const model = join(dir, `${variant}.json`);

    it("reproduces the fixture's stress, tangent and energy to 1e-10 through Material (predict)", () => {
      const r = miann("import", polyconvexFixturePaths[variant], "-o", model);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`polyconvex ${variant} 8-8`));
      const file = JSON.parse(readFileSync(model, "utf8"));
      expect(file.version).toBe(2);
      expect(file.spec.variant).toBe(variant);
      const strains = join(dir, `${variant}-strains.csv`);
      const header = Array.from({ length: f.d }, (_, i) => `x${i + 1}`).join(",");
      const body = Array.from({ length: f.n }, (_, m) =>
        Array.from(f.inputs.subarray(m * f.d, (m + 1) * f.d)).join(","),
      );
      writeFileSync(strains, `${header}\n${body.join("\n")}\n`);
      const out = join(dir, `${variant}-out.csv`);
      const p = miann("predict", model, strains, "-o", out, "--tangent", "--energy");
      expect(p.stderr).toBe("");
      expect(p.code).toBe(0);
      const rows = readFileSync(out, "utf8")
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => l.split(",").map(Number));
      const d = f.d;
      expect(
        relativeError(
          rows.flatMap((r) => r.slice(d, 2 * d)),
          f.stress,
        ),
      ).toBeLessThan(1e-10);
      expect(
        relativeError(
          rows.flatMap((r) => r.slice(2 * d, 2 * d + d * d)),
          f.tangent,
        ),
      ).toBeLessThan(1e-10);
      expect(
        relativeError(
          rows.map((r) => r[2 * d + d * d]),
          f.energy,
        ),
      ).toBeLessThan(1e-10);
    });

    it("miann check says what it checks for this kind (ellipticity) and passes", () => {
      const r = miann("check", model, "--samples", "200");
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(/ellipticity/);
      expect(r.code).toBe(0);
    });

    it("miann export writes C, PyTorch and NumPy for both variants, the UMATs only for the compressible one", () => {
      for (const to of ["c", "pytorch", "numpy"]) {
        const out = join(dir, `${variant}-${to}.${to === "c" ? "c" : "py"}`);
        const r = miann("export", model, "--to", to, "-o", out);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        expect(readFileSync(out, "utf8")).toContain(`model kind: polyconvex (${variant})`);
      }
      const r = miann("export", model, "--to", "calculix", "-o", join(dir, `${variant}-umat_user.f`));
      if (variant === "compressible") {
        expect(r.stderr).toBe("");
        expect(readFileSync(join(dir, `${variant}-umat_user.f`), "utf8")).toContain("subroutine umat_user(");
      } else {
        expect(r.code).toBe(1);
        expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
        expect(r.stderr).toMatch(/--to calculix needs a 3D model/);
      }
    });
  },
);

describe("miann train --model polyconvex", () => {
  it("trains a membrane model on rubber data, writes a version-2 file; --variant must fit the data", () => {
    const gen = miann(
      "data",
      "generate",
      "--material",
      "mooney-rivlin-membrane",
      "--samples",
      "200",
      "-o",
      "mr.csv",
    );
    expect(gen.stderr).toBe("");
    const r = miann(
      "train",
      "mr.csv",
      "--model",
      "polyconvex",
      "--hidden",
      "4,4",
      "--epochs",
      "150",
      "-o",
      "mr.json",
      "--quiet",
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/polyconvex membrane \+norms 4-4/);
    const plain = miann(
      "train",
      "mr.csv",
      "--model",
      "polyconvex",
      "--no-norms",
      "--hidden",
      "3",
      "--epochs",
      "20",
      "-o",
      "plain.json",
      "--quiet",
    );
    expect(plain.stdout).toMatch(/polyconvex membrane 3 /);
    const file = JSON.parse(readFileSync(join(dir, "mr.json"), "utf8"));
    expect(file.kind).toBe("polyconvex");
    expect(file.scaling.inputScale).toHaveLength(4);
    expect(file.spec.norms).toBe(true);
    const bad = miann(
      "train",
      "mr.csv",
      "--model",
      "polyconvex",
      "--variant",
      "compressible",
      "-o",
      "bad.json",
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/compressible polyconvex variant needs d = 6/);
    const wrongKind = miann("train", "mr.csv", "--variant", "membrane", "-o", "bad.json");
    expect(wrongKind.code).toBe(1);
    expect(wrongKind.stderr).toMatch(/--variant applies to --model polyconvex only/);
  });
});

describe("miann export of the trained default polyconvex model (with the norm inputs)", () => {
  it("--to c, --to pytorch and --to numpy write their files (exit 0, nothing on stderr)", () => {
    for (const [to, out] of [
      ["c", "mr-c/material.c"],
      ["pytorch", "mr_torch.py"],
      ["numpy", "mr_numpy.py"],
    ]) {
      const r = miann("export", "mr.json", "--to", to, "-o", out);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
    }
    const source = readFileSync(join(dir, "mr-c/material.c"), "utf8");
    expect(source).toContain("with the norm inputs");
  });

  it.skipIf(!gcc.ok)(
    "the exported C's stress and tangent equal miann predict's on 50 deformations (1e-12)",
    () => {
      const d = 3;
      const n = 50;
      const strain = admissibleStrains(d, n, new Random(5), 0.2);
      const rows = Array.from({ length: n }, (_, m) =>
        Array.from(strain.subarray(m * d, m * d + d)).join(","),
      );
      writeFileSync(join(dir, "mr-strains.csv"), `x1,x2,x3\n${rows.join("\n")}\n`);
      const p = miann("predict", "mr.json", "mr-strains.csv", "-o", "mr-out.csv", "--tangent");
      expect(p.stderr).toBe("");
      const lines = readFileSync(join(dir, "mr-out.csv"), "utf8").trim().split("\n").slice(1);
      const cells = lines.map((l) => l.split(",").map(Number));
      const stress = Float64Array.from(cells.flatMap((c) => c.slice(d, 2 * d)));
      const tangent = Float64Array.from(cells.flatMap((c) => c.slice(2 * d, 2 * d + d * d)));
      const exe = compile(
        join(dir, "mr-c"),
        "gcc",
        { "main.c": cHarness("miann", d) },
        ["-O2", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "material.c", "main.c", "-lm"],
        "run",
      );
      const [, cStress, cTangent] = splitRecords(runNumbers(exe, [n, ...strain]), n, [1, d, d * d]);
      expect(maxBlockRelativeError(cStress, stress, d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(cTangent, tangent, d * d)).toBeLessThan(1e-12);
    },
  );

  for (const [tool, file] of [
    [numpy, "mr_numpy.py"],
    [torch, "mr_torch.py"],
  ] as const) {
    it.skipIf(!tool.ok)(`${file}'s self-check against miann's stored stresses passes`, () => {
      const r = spawnSync(tool.command, [join(dir, file)], { cwd: dir, encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
    });
  }
});
