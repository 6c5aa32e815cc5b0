import { describe, expect, it } from "vitest";
import { bakeDescription } from "../../src/export/baked-network.js";
import { generateC } from "../../src/export/c-source.js";
import { describeModel } from "../../src/export/description.js";
import type { ExportableModel } from "../../src/export/exportable.js";
import { polyconvexCFamily } from "../../src/export/polyconvex-c.js";
import { provenanceOf } from "../../src/export/provenance.js";
import { scratchDir } from "../support/scratch.js";
import { cHarness } from "./c-harness.js";
import { maxBlockRelativeError, splitRecords } from "./compare.js";
import { evaluate, polyconvexModel, polyconvexNormsModel, strainsFor } from "./family-models.js";
import { compile, gcc, runNumbers } from "./toolchain.js";

const strictC = ["-O2", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror"];

function compiledC(model: ExportableModel, prefix = "mat", extraMain = "") {
  const desc = describeModel(model);
  const { source, header } = generateC(
    bakeDescription(desc),
    provenanceOf(model),
    prefix,
    polyconvexCFamily(desc, prefix),
  );
  const exe = compile(
    scratchDir("export-"),
    "gcc",
    { "material.c": source, "material.h": header, "main.c": extraMain || cHarness(prefix, model.inputDim) },
    [...strictC, "material.c", "main.c", "-lm"],
    "run",
  );
  const d = model.inputDim;
  return (strain: Float64Array) => {
    const n = strain.length / d;
    const [energy, stress, tangent] = splitRecords(runNumbers(exe, [n, ...strain]), n, [1, d, d * d]);
    return { energy, stress, tangent };
  };
}

const cases: [string, ExportableModel][] = [
  ["compressible", polyconvexModel("compressible", [0.6, 1.5, 0.3, 0.3], 2.5e3)],
  ["membrane", polyconvexModel("membrane", [0.4, 0.9], 1.2e3)],
  [
    "compressible with the norms ‖F‖, ‖cof F‖",
    polyconvexNormsModel("compressible", [0.6, 1.5, 0.3, 0.3, 0.2, 0.35], 2.5e3, 31),
  ],
  [
    "membrane with the norms ‖F‖, ‖cof F‖",
    polyconvexNormsModel("membrane", [0.4, 0.9, 0.15, 0.25], 1.2e3, 37),
  ],
];

describe.skipIf(!gcc.ok)("C export of the polyconvex family", { timeout: 300_000 }, () => {
  for (const [variant, model] of cases) {
    it(`${variant}: energy, stress, tangent equal PolyconvexModel's on 1,000 deformations (1e-12); S(0) = 0`, () => {
      const d = model.inputDim;
      const n = 1000;
      const strain = strainsFor(model, n, 13, 1.5);
      const run = compiledC(model);
      const out = run(strain);
      const ref = evaluate(model, strain, n);
      expect(maxBlockRelativeError(out.stress, ref.stress, d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(out.tangent, ref.tangent, d * d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(out.energy, ref.energy, n)).toBeLessThan(1e-12);
      const zero = run(new Float64Array(d));
      const scale = Math.max(...Array.from(ref.stress, Math.abs));
      for (const v of zero.stress) expect(Math.abs(v)).toBeLessThan(1e-13 * scale);
      expect(zero.energy[0]).toBe(0);
    });
  }

  it("a strain that is no deformation (det C ≤ 0) gives NaN and is_deformation() = 0", () => {
    const [, model] = cases[0];
    const main = `#include <stdio.h>
#include <math.h>
#include "material.h"
int main(void)
{
  const double bad[6] = {-0.6, 0.0, 0.0, 0.0, 0.0, 0.0}, good[6] = {0.1, 0.0, 0.0, 0.0, 0.0, 0.0};
  double s[6], c[36];
  mat_stress_tangent(bad, s, c);
  printf("%d %d %d %d\\n", mat_is_deformation(bad), mat_is_deformation(good), isnan(s[0]) != 0, isnan(c[35]) != 0);
  return 0;
}
`;
    const desc = describeModel(model);
    const { source, header } = generateC(
      bakeDescription(desc),
      provenanceOf(model),
      "mat",
      polyconvexCFamily(desc, "mat"),
    );
    const exe = compile(
      scratchDir("export-"),
      "gcc",
      { "material.c": source, "material.h": header, "main.c": main },
      [...strictC, "material.c", "main.c", "-lm"],
      "run",
    );
    expect(Array.from(runNumbers(exe, []))).toEqual([0, 1, 1, 1]);
  });
});
