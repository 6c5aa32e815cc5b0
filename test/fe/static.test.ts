import { describe, expect, it } from "vitest";
import type { Support } from "../../src/fe/dofs.js";
import { rectangleMesh } from "../../src/fe/mesh.js";
import { ConvergenceError, solveStatic } from "../../src/fe/static.js";
import { svkMembrane } from "./svk-double.js";

describe("static Newton with prescribed displacements", () => {
  it("uniaxial stretch: uniform state with S22 = 0 and S11 from the closed-form law", () => {
    const lx = 2;
    const mesh = rectangleMesh(lx, 1, 6, 3);
    const stretch = 1.2;
    const supports: Support[] = [];
    for (const node of mesh.nodeSets.get("left")!) supports.push({ node, component: 0 });
    for (const node of mesh.nodeSets.get("right")!)
      supports.push({ node, component: 0, value: (stretch - 1) * lx });
    supports.push({ node: 0, component: 1 }); // no rigid y motion
    for (let n = 0; n < mesh.nodes.length / 3; n++) supports.push({ node: n, component: 2 });
    const young = 1e4;
    const poisson = 0.3;
    const quartic = 5e5;
    const { u, log, model } = solveStatic(
      { mesh, material: svkMembrane(young, poisson, quartic), supports },
      { steps: 4 },
    );
    const E11 = 0.5 * (stretch * stretch - 1);
    // plane-stress SVK with S22 = 0: E22 = −ν E11, S11 = Y E11 + k E11³
    const expectedS11 = young * E11 + quartic * E11 ** 3;
    model.elements.evaluate(u, false, false);
    for (let e = 0; e < model.elements.elements; e++) {
      expect(model.elements.stress[3 * e] / expectedS11).toBeCloseTo(1, 9);
      expect(Math.abs(model.elements.stress[3 * e + 1])).toBeLessThan(1e-8 * expectedS11);
      expect(model.elements.strain[3 * e + 1]).toBeCloseTo(-poisson * E11, 10);
    }
    expect(log.filter((r) => r.step === 4).length).toBeLessThan(8);
  });

  it("a missing support ends in a one-line failure naming step and iteration", () => {
    const mesh = rectangleMesh(1, 1, 2, 2);
    const supports: Support[] = [{ node: 0, component: 0, value: 0.1 }];
    let caught: unknown;
    try {
      solveStatic({ mesh, material: svkMembrane(), supports }, { steps: 2 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConvergenceError);
    const message = (caught as Error).message;
    expect(message).toMatch(
      /^non-positive pivot .* at equation \d+ in load step 1 \(load factor [\d.e-]+\), iteration 1: the tangent is not positive definite .*; gave up after 8 cuts of the load increment/,
    );
    expect(message).not.toContain("\n");
  });

  it("no convergence within the iteration limit names the load step and the iterations", () => {
    const mesh = rectangleMesh(1, 1, 2, 2);
    const supports: Support[] = [];
    for (const node of mesh.nodeSets.get("left")!)
      supports.push({ node, component: 0 }, { node, component: 1 });
    for (const node of mesh.nodeSets.get("right")!) supports.push({ node, component: 0, value: 0.3 });
    for (let n = 0; n < mesh.nodes.length / 3; n++) supports.push({ node: n, component: 2 });
    expect(() =>
      solveStatic({ mesh, material: svkMembrane(), supports }, { steps: 3, maxIterations: 1, cutbacks: 0 }),
    ).toThrow(
      /^Newton did not converge in load step 1 \(load factor 0\.333\) after 1 iterations: relative residual \S+ > 1e-10$/,
    );
  });
});
