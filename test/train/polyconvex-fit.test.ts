import { afterAll, describe, expect, it } from "vitest";
import type { TestMode, TestPoint } from "../../src/data/dataset.js";
import { generateTestCurves } from "../../src/data/generate-test-curves.js";
import { principalStretches, testCurvesToDataset } from "../../src/data/test-curves.js";
import { predictTest } from "../../src/data/test-predict.js";
import { attachFastKernels } from "../../src/kernels/attach.js";
import { createModel } from "../../src/model/create.js";
import { familyOf } from "../../src/model/families/index.js";
import type { Model, ModelSpec } from "../../src/model/types.js";
import { train } from "../../src/train/trainer.js";

// The polyconvex family's training defaults on synthetic Ogden rubber (Treloar's parameters,
// the data helper's ogden-membrane law): test curves of uniaxial, equibiaxial and pure-shear
// tension, 20 points each, fitted and judged as the field does (R² of the nominal stress P11 per
// test mode, each test under its own boundary conditions, unclipped). Not timed: the README gives
// the seconds. Measured with these defaults (seed 1; half the epochs Adam, then L-BFGS): all modes
// trained 0.99945 / 0.99953 / 0.99937; uniaxial + equibiaxial → pure shear 0.99374. (With 30 %
// Adam, seed 1 of the portable scalar math stopped at 0.99873 on uniaxial: the default was changed,
// not the bound, which is the issue's.)

const releases: (() => void)[] = [];
afterAll(() => {
  for (const r of releases) r();
});

const MODES: TestMode[] = ["uniaxial", "equibiaxial", "pure-shear"];
const curves = generateTestCurves({ material: "ogden-membrane", tests: MODES, points: 20 });
// an isotropic incompressible sheet in uniaxial tension contracts by λ^(−1/2)
for (const p of curves.points)
  if (p.lambda2 === undefined) p.lambda2 = principalStretches(p.mode, p.lambda1)[1];

function trainOn(trainModes: TestMode[], spec: Partial<ModelSpec> = {}): Model {
  const points = curves.points.filter((p) => trainModes.includes(p.mode));
  const data = testCurvesToDataset(points, curves.source);
  const family = familyOf("polyconvex");
  const full: ModelSpec = {
    kind: "polyconvex",
    inputDim: 3,
    hidden: [...(family.training?.hidden ?? [8, 8])],
    norms: family.training?.norms,
    ...spec,
  };
  const scaling = family.scalingFromData(full, data.strain, data.stress, data.n, data.mask);
  const model = createModel(full, { seed: 1, scaling });
  releases.push(attachFastKernels(model, { threads: 1 }));
  train(model, data, { val: 0, test: 0, seed: 1 });
  return model;
}

function r2(model: Model, mode: TestMode): number {
  const pts: TestPoint[] = curves.points.filter((p) => p.mode === mode);
  const pred = predictTest(model, pts);
  const y = pts.map((p) => p.P11 as number);
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  let res = 0;
  let tot = 0;
  y.forEach((v, i) => {
    res += (v - pred[i].P11) ** 2;
    tot += (v - mean) ** 2;
  });
  return 1 - res / tot;
}

describe("polyconvex training defaults on Ogden rubber test curves", () => {
  it("every mode trained: R² ≥ 0.999 on each of uniaxial, equibiaxial, pure shear", () => {
    const model = trainOn(MODES);
    for (const mode of MODES) expect(r2(model, mode), mode).toBeGreaterThanOrEqual(0.999);
  });

  it("uniaxial + equibiaxial → pure shear: R² ≥ 0.99 on the unseen mode", () => {
    const model = trainOn(["uniaxial", "equibiaxial"]);
    expect(r2(model, "pure-shear")).toBeGreaterThanOrEqual(0.99);
    expect(r2(model, "uniaxial")).toBeGreaterThanOrEqual(0.995);
  });

  it("without the norm inputs no convex non-decreasing f(I1, I2) gets there (why the default has them)", () => {
    const model = trainOn(MODES, { norms: false });
    expect(r2(model, "uniaxial")).toBeLessThan(0.95);
  });
});
