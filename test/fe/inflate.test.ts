import { describe, expect, it } from "vitest";
import { runInflate } from "../../src/fe/experiments/inflate.js";
import { tubeEquilibrium } from "../../src/fe/tube-1d.js";
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
