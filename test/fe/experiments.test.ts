import { describe, expect, it } from "vitest";
import { createMaterial } from "../../src/data/materials/index.js";
import { runInflate } from "../../src/fe/experiments/inflate.js";
import { runTranslate } from "../../src/fe/experiments/translate.js";
import { runVibrate, upCrossingFrequency } from "../../src/fe/experiments/vibrate.js";
import { runExplicit } from "../../src/fe/explicit.js";
import { discMesh } from "../../src/fe/mesh.js";
import { createModel } from "../../src/model/create.js";
import type { Model } from "../../src/model/types.js";
import { svkMembrane } from "./svk-double.js";

/** A small random (untrained) convex MIANN in fabric-like units: s(0) = 0 holds by construction. */
function randomMiann(seed: number): Model {
  return createModel(
    { kind: "miann", inputDim: 3, hidden: [8, 8] },
    { seed, scaling: { strainScale: [0.1, 0.1, 0.1], stressScale: 2000 } },
  );
}

describe("translate (rigid motion)", () => {
  it("a reference law keeps kinetic energy to 1e-10 and the stress at zero", () => {
    const r = runTranslate({ material: createMaterial("fabric"), divisions: 6, duration: 0.05 });
    expect(r.completed).toBe(true);
    expect(r.steps).toBeGreaterThan(100);
    expect(r.kineticDrift).toBeLessThan(1e-10);
    expect(r.maxStress).toBeLessThan(1e-9);
    // the panel really moved: the last frame's time × velocity
    expect(r.samples[r.samples.length - 1].time).toBeGreaterThan(0.049);
  });

  it("a miann model (s(0) = 0 by construction) keeps kinetic energy to 1e-10 and the stress at zero", () => {
    const model = randomMiann(3);
    const s = new Float64Array(3);
    model.evaluate(Float64Array.from([0.05, 0.02, 0.01]), 1, { stress: s });
    expect(Math.hypot(...s)).toBeGreaterThan(1); // not a trivially zero law
    const r = runTranslate({
      material: model,
      reference: createMaterial("fabric"),
      divisions: 6,
      duration: 0.05,
    });
    expect(r.completed).toBe(true);
    expect(r.kineticDrift).toBeLessThan(1e-10);
    expect(r.maxStress).toBeLessThan(1e-9);
  });
});

describe("vibrate (explicit, prestretched membrane)", () => {
  it("balances energy within 0.1% and finds the closed-form first frequency within 1%", () => {
    const r = runVibrate({ material: createMaterial("fabric"), divisions: 10, periods: 2.5 });
    expect(r.material.completed).toBe(true);
    expect(r.material.balanceError).toBeLessThan(1e-3);
    expect(Math.abs(r.closedFormError)).toBeLessThan(0.01);
    expect(r.material.maxKinetic).toBeGreaterThan(0);
  });

  it("with mass-proportional damping: the dissipated energy closes the balance and the motion decays", () => {
    const r = runVibrate({ material: createMaterial("fabric"), divisions: 8, periods: 3, damping: 40 });
    const samples = r.material.samples;
    const last = samples[samples.length - 1];
    expect(last.damping).toBeGreaterThan(0.5 * r.material.maxKinetic); // a real share of the energy is gone
    expect(r.material.balanceError).toBeLessThan(2e-3);
    // the peak kinetic energy of the last period is well below that of the first
    const period = 1 / r.closedForm;
    const peak = (from: number, to: number) =>
      Math.max(...samples.filter((x) => x.time >= from && x.time < to).map((x) => x.kinetic));
    expect(peak(2 * period, 3 * period)).toBeLessThan(0.5 * peak(0, period));
  });

  it("counts the frequency of a sampled sine from its up-crossings", () => {
    const n = 2000;
    const t = new Float64Array(n);
    const w = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = i * 1e-3;
      w[i] = Math.sin(2 * Math.PI * 7.3 * t[i] + 0.4);
    }
    expect(upCrossingFrequency(t, w)).toBeCloseTo(7.3, 4);
  });
});

describe("inflate (static Newton)", () => {
  it("converges quadratically with a miann model (consistent tangent incl. pressure load stiffness)", () => {
    const result = runInflate({ material: randomMiann(5), steps: 3, around: 16, along: 2, tolerance: 1e-12 });
    expect(result.converged).toBe(true);
    expect(result.radiusError).toBeLessThan(1e-6); // the model's own 1D equilibrium
    // per step: while the residual is well above round-off, log r_{k+1} / log r_k ≈ 2
    let checked = 0;
    for (let step = 1; step <= 3; step++) {
      const r = result.log.filter((x) => x.step === step).map((x) => x.relativeResidual);
      for (let k = 1; k + 1 < r.length; k++) {
        if (r[k + 1] < 1e-13 || r[k] > 1e-2) continue;
        const order = Math.log(r[k + 1] / r[k]) / Math.log(r[k] / r[k - 1]);
        expect(order).toBeGreaterThan(1.7);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("reports the 1D comparison against a different reference law", () => {
    const result = runInflate({
      material: svkMembrane(),
      reference: createMaterial("fabric"),
      steps: 2,
      around: 12,
      along: 1,
    });
    expect(result.converged).toBe(true);
    expect(result.radiusError).toBeLessThan(1e-6);
    expect(result.referenceRadiusError).toBeGreaterThan(1e-3); // a different law gives another radius
  });
});

describe("explicit dynamics under follower pressure", () => {
  it("closes the energy balance with the pressure's work (a held disc inflating like a drum)", () => {
    const mesh = discMesh(0.5, 6);
    const boundary = mesh.nodeSets.get("boundary")!;
    const fixed = new Int32Array(boundary.length * 3);
    boundary.forEach((node, k) => {
      fixed.set([3 * node, 3 * node + 1, 3 * node + 2], 3 * k);
    });
    // prestretch so the flat disc has a membrane stiffness against the pressure
    const u0 = new Float64Array(mesh.nodes.length);
    for (let i = 0; i < u0.length; i += 3) {
      u0[i] = 0.02 * mesh.nodes[i];
      u0[i + 1] = 0.02 * mesh.nodes[i + 1];
    }
    const r = runExplicit(
      {
        mesh,
        material: createMaterial("fabric"),
        density: 0.2,
        fixed,
        u0,
        pressure: { value: (t) => Math.min(1, t / 0.01) * 50 },
      },
      { duration: 0.03 },
    );
    const last = r.samples[r.samples.length - 1];
    expect(last.external).toBeGreaterThan(0);
    const scale = Math.max(...r.samples.map((s) => Math.abs(s.external)));
    for (const s of r.samples) expect(Math.abs(s.balance)).toBeLessThan(2e-3 * scale);
  });
});
