import { describe, expect, it } from "vitest";
import { initialParameters } from "../../src/core/init.js";
import { parameterLayout } from "../../src/core/layout.js";
import { bakeNetwork } from "../../src/export/baked-network.js";
import { generateC } from "../../src/export/c-source.js";
import type { ExportableModel } from "../../src/export/exportable.js";
import { generateFortranNetwork } from "../../src/export/fortran-network.js";
import { provenanceOf } from "../../src/export/provenance.js";
import { Random } from "../../src/util/random.js";
import { scratchDir } from "../support/scratch.js";
import { cHarness } from "./c-harness.js";
import { maxBlockRelativeError, splitRecords } from "./compare.js";
import { networkHarness } from "./fortran-harness.js";
import { miannEvaluate, randomStrains } from "./oracle.js";
import { compile, gcc, gfortran, runNumbers } from "./toolchain.js";

/** seeded parameters: the core's initialisation, then spread so every unit is exercised */
function model(kind: "miann" | "potential", d: number, hidden: number[], seed: number): ExportableModel {
  const layout = parameterLayout(d, hidden);
  const params = initialParameters(layout, { seed, convex: kind === "miann" });
  const rng = new Random(seed + 1000);
  for (let i = 0; i < layout.alpha; i++) params[i] += 0.5 * rng.normal();
  return {
    name: `arch-${d}-${hidden.join("-")}`,
    kind,
    inputDim: d,
    hidden,
    params,
    strainScale: Array.from({ length: d }, () => rng.range(0.05, 0.5)),
    stressScale: rng.range(1, 1e4),
    sha256: "f".repeat(64),
  };
}

describe.skipIf(!gcc.ok || !gfortran.ok)(
  "exports of other architectures (one hidden layer, three, d = 1, 2, 6)",
  () => {
    const cases = [model("miann", 1, [4], 1), model("potential", 2, [3, 5, 2], 2), model("miann", 6, [7], 3)];
    for (const m of cases) {
      it(`${m.kind} d = ${m.inputDim}, hidden ${m.hidden.join("-")}: C and Fortran match NetworkModel`, () => {
        const d = m.inputDim;
        const n = 50;
        const strain = randomStrains(m, n, 5, 2);
        const ref = miannEvaluate(m, strain, n);
        const net = bakeNetwork(m);
        const { source, header } = generateC(net, provenanceOf(m), "arch");
        const cExe = compile(
          scratchDir("export-"),
          "gcc",
          { "material.c": source, "material.h": header, "main.c": cHarness("arch", d) },
          ["-O2", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror", "material.c", "main.c", "-lm"],
          "run",
        );
        const fExe = compile(
          scratchDir("export-"),
          "gfortran",
          { "net.f": generateFortranNetwork(net, "ARCHNET"), "main.f": networkHarness("ARCHNET", d) },
          ["-O2", "-Wall", "-Werror", "net.f", "main.f"],
          "run",
        );
        for (const exe of [cExe, fExe]) {
          const [energy, stress, tangent] = splitRecords(runNumbers(exe, [n, ...strain]), n, [1, d, d * d]);
          expect(maxBlockRelativeError(stress, ref.stress, d)).toBeLessThan(1e-12);
          expect(maxBlockRelativeError(tangent, ref.tangent, d * d)).toBeLessThan(1e-12);
          expect(maxBlockRelativeError(energy, ref.energy, n)).toBeLessThan(1e-12);
        }
      });
    }
  },
);
