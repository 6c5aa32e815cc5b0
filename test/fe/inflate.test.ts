import { describe, expect, it } from "vitest";
import type { NetworkKernels } from "../../src/core/kernels.js";
import { createMaterial } from "../../src/data/materials/index.js";
import { type InflateResult, runInflate } from "../../src/fe/experiments/inflate.js";
import { tubeEquilibrium } from "../../src/fe/tube-1d.js";
import { createKernels } from "../../src/kernels/index.js";
import { createModel } from "../../src/model/create.js";
import { PolyconvexModel, polyconvexLayout } from "../../src/model/families/polyconvex-model.js";
import { randomParams } from "../core/random-model.js";
import { svkMembrane } from "./svk-double.js";

describe("inflate", () => {
  it("the 1D tube solution satisfies t·S_θθ(λ) = pR with the law's own stress", () => {
    const law = svkMembrane();
    const sol = tubeEquilibrium(law, 800, 1.5, 1)!;
    const s = new Float64Array(3);
    law.evaluate(Float64Array.from([0.5 * (sol.stretch ** 2 - 1), 0, 0]), 1, { stress: s });
    expect(s[0]).toBeCloseTo(800 * 1.5, 9);
    expect(sol.radius).toBeCloseTo(1.5 * sol.stretch, 14);
  });

  it("tube under follower pressure matches the independent 1D equilibrium to 1e-6", () => {
    const result = runInflate({ material: svkMembrane(), steps: 5, around: 24, along: 3 });
    expect(result.converged).toBe(true);
    expect(result.steps).toHaveLength(5);
    expect(result.steps[4].exactRadius / 1).toBeGreaterThan(1.09); // hoop strain ≈ 0.1 at full load
    expect(result.radiusError).toBeLessThan(1e-6);
    expect(result.hoopStressError).toBeLessThan(1e-6);
    for (const s of result.steps) expect(s.hoopSpread).toBeLessThan(1e-6 * s.hoopStress);
  });
});

/** Kernels of a network linear in the invariants, N(y) = a·y + 1: the membrane Mooney–Rivlin law. */
function linearKernels(model: PolyconvexModel, a: number[]): NetworkKernels {
  const m = a.length;
  return {
    layout: model.layout,
    convex: true,
    potential(_p, y, n, out) {
      for (let s = 0; s < n; s++) {
        let v = 1;
        for (let j = 0; j < m; j++) v += a[j] * y[s * m + j];
        out[s] = v;
      }
    },
    gradient(_p, _y, n, out) {
      for (let s = 0; s < n; s++) for (let j = 0; j < m; j++) out[s * m + j] = a[j];
    },
    hessian(_p, _y, n, out) {
      out.fill(0, 0, n * m * m);
    },
    lossAndGradient() {
      throw new Error("not used");
    },
  };
}

/** the best convergence order among the last converged step's Newton iterations */
function lastStepOrder(result: InflateResult): number {
  const last = result.log.filter((r) => r.step === result.steps.at(-1)!.step);
  const r = last.map((x) => x.relativeResidual).filter((v) => v > 1e-14);
  let best = 0;
  for (let k = 2; k < r.length; k++)
    best = Math.max(best, Math.log(r[k] / r[k - 1]) / Math.log(r[k - 1] / r[k - 2]));
  return best;
}

describe("inflate a rubber tube: the polyconvex membrane model is a Material of the solver", () => {
  it("N linear in (I1, I2) is Mooney–Rivlin: FE = 1D of the model (1e-6) = 1D of the mooney-rivlin-membrane law", () => {
    const [c1, c2] = [0.16, 0.04];
    const model = createModel(
      { kind: "polyconvex", inputDim: 3, hidden: [2] },
      { seed: 1, scaling: { strainScale: [1, 1, 1], stressScale: 1 } },
    ) as PolyconvexModel;
    model.setKernels(linearKernels(model, [c1, c2]));
    const law = createMaterial("mooney-rivlin-membrane", { c1, c2 });
    // hoop strain 1: λ = √3, well into the rubber range (the default 0.1 is the fabric's)
    const result = runInflate({
      material: model,
      reference: law,
      hoopStrain: 1,
      steps: 8,
      around: 24,
      along: 3,
    });
    expect(result.converged).toBe(true);
    expect(result.steps.at(-1)!.exactRadius).toBeCloseTo(Math.sqrt(3), 8);
    expect(result.radiusError).toBeLessThan(1e-6);
    expect(result.hoopStressError).toBeLessThan(1e-6);
    // the model's 1D solution is the closed-form law's: same radius at every load step
    for (const s of result.steps) expect(Math.abs(s.exactRadius - s.referenceRadius)).toBeLessThan(1e-10);
    expect(result.referenceRadiusError).toBeLessThan(1e-6);
    expect(lastStepOrder(result)).toBeGreaterThan(1.8);
  });

  it("a random polyconvex membrane network on the WebAssembly kernels: FE = its own 1D solution, Newton quadratic", () => {
    const hidden = [6, 5];
    const layout = polyconvexLayout("membrane", hidden);
    const params = randomParams(layout, 4, { convex: true, alpha: 1.1, beta: 1.5 });
    const model = new PolyconvexModel(
      { kind: "polyconvex", inputDim: 3, hidden, variant: "membrane" },
      params,
      {
        strainScale: [1, 1, 1],
        stressScale: 0.3,
        inputScale: [1, 1.5],
      },
    );
    const kernels = createKernels(model.layout, { threads: 1, outputDim: model.dim });
    model.setKernels(kernels);
    try {
      const result = runInflate({ material: model, hoopStrain: 0.8, steps: 8, around: 24, along: 3 });
      expect(result.converged, result.failure).toBe(true);
      expect(result.steps.at(-1)!.exactRadius).toBeGreaterThan(1.5);
      expect(result.radiusError).toBeLessThan(1e-6);
      expect(result.hoopStressError).toBeLessThan(1e-6);
      for (const s of result.steps) expect(s.hoopSpread).toBeLessThan(1e-6 * s.hoopStress);
      expect(lastStepOrder(result)).toBeGreaterThan(1.8);
    } finally {
      kernels.dispose();
    }
  });
});
