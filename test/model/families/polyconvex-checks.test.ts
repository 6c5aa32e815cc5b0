import { describe, expect, it } from "vitest";
import { checkGuarantees } from "../../../src/model/checks.js";
import { createModel } from "../../../src/model/create.js";
import { PolyconvexModel, polyconvexLayout } from "../../../src/model/families/polyconvex-model.js";
import { randomParams } from "../../core/random-model.js";
import { randomStrains } from "./polyconvex-fixture.js";
import { dims, randomModel, rawInputWeights, variants } from "./polyconvex-random.js";

// miann check for the polyconvex family: every guarantee holds on random models, far outside any
// data (ellipticity over random F with det F from 0.2 to 20, growth as J → 0⁺), and the same
// ellipticity check fails for a variant whose input weights W1 and S are used raw.

describe.each(variants)("checks of a polyconvex %s model", (variant) => {
  const { d } = dims[variant];

  it("random models pass C1–C4 with ellipticity over random F (det F 0.2–20) and at the data", () => {
    for (const seed of [1, 2, 3]) {
      const model = randomModel(variant, seed);
      const points = randomStrains(variant, 50, seed + 10, 0.3);
      const report = checkGuarantees(model, { points, n: 50, samples: 300, seed, directions: 24 });
      for (const g of report.guarantees)
        expect(g.pass, `seed ${seed} ${g.id}: ${JSON.stringify(g.measures)}`).toBe(true);
      const c3 = report.guarantees[2];
      expect(c3.title).toMatch(/ellipticity/);
      expect(c3.note).toMatch(/300 random F \(det F from 0\.2 to 20\)/);
      // the margin is real, not a tolerance effect: min/max eigenvalue clearly positive
      expect(c3.measures[0].value).toBeGreaterThan(1e-8);
      if (variant === "compressible") {
        const growth = report.guarantees[3].measures.find((m) => m.name.startsWith("ψ(J = 1e-8)"));
        expect(growth?.pass).toBe(true);
      }
    }
  });

  it("the same check FAILS when W1 and S are used raw (so the check can fail)", () => {
    let failed = 0;
    for (const seed of [1, 2, 3]) {
      const broken = rawInputWeights(randomModel(variant, seed));
      const report = checkGuarantees(broken, { samples: 300, seed, directions: 24 });
      const c3 = report.guarantees[2];
      if (!c3.pass) {
        failed++;
        expect(c3.measures[1].value, "random F not elliptic").toBeGreaterThan(0);
      }
    }
    expect(failed).toBe(3);
  });

  it("with the norm inputs ‖F‖, ‖cof F‖ too: still elliptic over random F", () => {
    const { m } = dims[variant];
    const hidden = [6, 5];
    const layout = polyconvexLayout(variant, hidden, true);
    const params = randomParams(layout, 5, { convex: true, alpha: 1.1, beta: 1.5 });
    const scaling = {
      strainScale: new Array<number>(d).fill(1),
      stressScale: 2,
      inputScale: Array.from({ length: m + 2 }, (_, j) => 0.5 + 0.5 * j),
    };
    const model = new PolyconvexModel(
      { kind: "polyconvex", inputDim: d, hidden, variant, norms: true },
      params,
      scaling,
    );
    const report = checkGuarantees(model, { samples: 300, seed: 5, directions: 24 });
    for (const g of report.guarantees) expect(g.pass, `${g.id}: ${JSON.stringify(g.measures)}`).toBe(true);
  });

  it("a MIANN keeps its PSD-tangent C3", () => {
    const model = createModel(
      { kind: "miann", inputDim: d, hidden: [4] },
      { seed: 1, scaling: { strainScale: new Array(d).fill(0.1), stressScale: 1 } },
    );
    const report = checkGuarantees(model, { samples: 50 });
    expect(report.guarantees[2].title).toBe("material stability");
    expect(report.guarantees[2].measures[0].name).toBe("min eigenvalue of C");
  });
});
