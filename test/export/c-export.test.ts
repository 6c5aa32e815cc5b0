import { describe, expect, it } from "vitest";
import { bakeNetwork } from "../../src/export/baked-network.js";
import { generateC } from "../../src/export/c-source.js";
import type { ExportableModel } from "../../src/export/exportable.js";
import { provenanceOf } from "../../src/export/provenance.js";
import { scratchDir } from "../support/scratch.js";
import { cHarness } from "./c-harness.js";
import { maxBlockRelativeError, splitRecords } from "./compare.js";
import { fixtureModel, fixturePaths, readFixture } from "./fixture-model.js";
import { miannEvaluate, randomStrains } from "./oracle.js";
import { compile, gcc, runNumbers } from "./toolchain.js";

const strictC = ["-O2", "-std=c99", "-Wall", "-Wextra", "-pedantic", "-Werror"];

/** Compiles the C export of `model` with its driver; returns a function strain → outputs. */
function compiledC(model: ExportableModel, prefix = "mat") {
  const { source, header } = generateC(bakeNetwork(model), provenanceOf(model), prefix);
  const exe = compile(
    scratchDir("export-"),
    "gcc",
    { "material.c": source, "material.h": header, "main.c": cHarness(prefix, model.inputDim) },
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

describe.skipIf(!gcc.ok)("C export", () => {
  for (const key of ["plane", "solid"] as const) {
    it(`reproduces the PyTorch fixture (${key}): energy, stress, tangent`, () => {
      const f = readFixture(fixturePaths[key]);
      const d = f.inputDim;
      const run = compiledC(fixtureModel(f));
      const out = run(Float64Array.from(f.inputs.flat()));
      expect(maxBlockRelativeError(out.stress, f.expected.stress.flat(), d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(out.tangent, f.expected.tangent.flat(2), d * d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(out.energy, f.expected.energy, f.inputs.length)).toBeLessThan(1e-12);
    });
  }

  it("matches miann's NetworkModel on 1,000 random strains, with scaling, for miann and potential kinds", () => {
    const f = readFixture(fixturePaths.solid);
    const cases: ExportableModel[] = [
      fixtureModel(f, { strainScale: [0.2, 0.15, 0.1, 0.3, 0.25, 0.05], stressScale: 3.5e4 }),
      fixtureModel(f, { kind: "potential", strainScale: [0.1, 0.1, 0.1, 0.2, 0.2, 0.2], stressScale: 7 }),
    ];
    for (const [i, model] of cases.entries()) {
      const d = model.inputDim;
      const strain = randomStrains(model, 1000, 11 + i, 1.5);
      const out = compiledC(model)(strain);
      const ref = miannEvaluate(model, strain, 1000);
      expect(maxBlockRelativeError(out.stress, ref.stress, d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(out.tangent, ref.tangent, d * d)).toBeLessThan(1e-12);
      expect(maxBlockRelativeError(out.energy, ref.energy, 1000)).toBeLessThan(1e-12);
    }
  });

  it("gives exactly zero stress and energy at zero strain (guarantee C4), and finite values far out", () => {
    const f = readFixture(fixturePaths.plane);
    const model = fixtureModel(f, { strainScale: [0.05, 0.05, 0.1], stressScale: 2e4 });
    const far = [0, 0, 0, 1e3, -1e3, 5e2, -1e4, 2e4, -3e4];
    const out = compiledC(model)(Float64Array.from(far));
    expect(Array.from(out.stress.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(out.energy[0]).toBe(0);
    for (const v of [...out.stress, ...out.tangent, ...out.energy]) expect(Number.isFinite(v)).toBe(true);
  });
});
