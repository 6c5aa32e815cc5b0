import { describe, expect, it } from "vitest";
import { parameterLayout } from "../../src/core/layout.js";
import type { MaterialOutput } from "../../src/core/material.js";
import { checkGuarantees } from "../../src/model/checks.js";
import { createModel } from "../../src/model/create.js";
import type { Model } from "../../src/model/types.js";
import { randomParams } from "../core/random-model.js";

const scaling = { strainScale: [0.1, 0.1, 0.2], stressScale: 1000 };
const byId = (r: ReturnType<typeof checkGuarantees>, id: string) => r.guarantees.find((g) => g.id === id)!;

/** A closed-form law s = K x + s_off with a chosen K: lets each check be made to fail on purpose. */
function linearLaw(K: number[], offset: number[]): Model {
  const d = 3;
  return {
    name: "linear",
    dim: d,
    hasEnergy: true,
    spec: { kind: "potential", inputDim: d, hidden: [1] },
    params: new Float64Array(0),
    scaling,
    lossAndGradient: () => 0,
    evaluate(x: Float64Array, n: number, out: MaterialOutput) {
      for (let m = 0; m < n; m++) {
        let w = 0;
        for (let i = 0; i < d; i++) {
          let s = offset[i];
          for (let j = 0; j < d; j++) {
            s += K[i * d + j] * x[m * d + j];
            if (out.tangent) out.tangent[(m * d + i) * d + j] = K[i * d + j];
          }
          out.stress[m * d + i] = s;
          for (let j = 0; j < d; j++) w += 0.5 * x[m * d + i] * K[i * d + j] * x[m * d + j];
          w += offset[i] * x[m * d + i];
        }
        if (out.energy) out.energy[m] = w;
      }
    },
  };
}

describe("checkGuarantees", () => {
  it("a random MIANN passes C1–C4, with the closed-form zeros exact", () => {
    const model = createModel({ kind: "miann", inputDim: 3, hidden: [6, 6] }, { seed: 2, scaling });
    model.params.set(randomParams(parameterLayout(3, [6, 6]), 4, { convex: true }));
    const r = checkGuarantees(model, { samples: 200 });
    expect(r.pass).toBe(true);
    expect(byId(r, "C4").measures[0].value).toBe(0); // s(0)
    expect(byId(r, "C4").measures[1].value).toBe(0); // W(0)
    expect(r.range).toEqual(scaling.strainScale);
  });

  it("an unconstrained potential network with signed weights fails C3 far outside the data", () => {
    const model = createModel({ kind: "potential", inputDim: 3, hidden: [6, 6] }, { seed: 2, scaling });
    model.params.set(randomParams(parameterLayout(3, [6, 6]), 4, { convex: false }));
    const r = checkGuarantees(model, { samples: 200 });
    expect(byId(r, "C1").pass).toBe(true);
    expect(byId(r, "C3").pass).toBe(false);
    expect(r.pass).toBe(false);
  });

  it("the regression network has no potential: C1 fails (asymmetric tangent, cycle work)", () => {
    const model = createModel({ kind: "regression", inputDim: 3, hidden: [6] }, { seed: 2, scaling });
    const r = checkGuarantees(model, { samples: 100 });
    expect(byId(r, "C1").pass).toBe(false);
    expect(byId(r, "C1").measures[1].value).toBeGreaterThan(1e-3);
  });

  it("closed-form laws: each violation is caught by its own check, a sound law passes", () => {
    const spd = [4, 1, 0, 1, 3, 0, 0, 0, 2];
    expect(checkGuarantees(linearLaw(spd, [0, 0, 0]), { samples: 50 }).pass).toBe(true);
    const asym = checkGuarantees(linearLaw([4, 1, 0, 0, 3, 0, 0, 0, 2], [0, 0, 0]), { samples: 50 });
    expect(byId(asym, "C1").pass).toBe(false);
    // s = Kx with an antisymmetric part does work ∮ xᵀ(K − Kᵀ)/2 dx ≠ 0 around a triangle
    expect(byId(asym, "C1").measures[1].value).toBeGreaterThan(1e-3);
    const indefinite = checkGuarantees(linearLaw([4, 0, 0, 0, -3, 0, 0, 0, 2], [0, 0, 0]), { samples: 50 });
    expect(byId(indefinite, "C3").pass).toBe(false);
    expect(byId(indefinite, "C3").measures[0].value).toBeCloseTo(-3, 12);
    const offset = checkGuarantees(linearLaw(spd, [0, 5, 0]), { samples: 50 });
    expect(byId(offset, "C4").pass).toBe(false);
    expect(byId(offset, "C4").measures[0].value).toBe(5);
  });

  it("C2: every model is a function of E, so S(E(RF)) − S(E(F)) is rounding only", () => {
    const r = checkGuarantees(linearLaw([4, 1, 0, 1, 3, 0, 0, 0, 2], [0, 0, 0]), { samples: 10 });
    expect(byId(r, "C2").measures[0].value).toBeLessThan(1e-12);
  });
});

describe("checkGuarantees with non-finite outputs", () => {
  it("a law that returns NaN far from the data fails C1 and C3 instead of passing silently", () => {
    const d = 3;
    const broken: Model = {
      name: "broken",
      dim: d,
      hasEnergy: true,
      spec: { kind: "potential", inputDim: d, hidden: [1] },
      params: new Float64Array(0),
      scaling,
      lossAndGradient: () => 0,
      evaluate(x: Float64Array, n: number, out: MaterialOutput) {
        for (let m = 0; m < n; m++) {
          const far = Math.abs(x[m * d]) > 0.5; // beyond 5× the range of component 1
          let w = 0;
          for (let i = 0; i < d; i++) {
            out.stress[m * d + i] = far ? Number.NaN : x[m * d + i];
            w += 0.5 * x[m * d + i] ** 2;
            if (out.tangent)
              for (let j = 0; j < d; j++)
                out.tangent[(m * d + i) * d + j] = far ? Number.NaN : i === j ? 1 : 0;
          }
          if (out.energy) out.energy[m] = far ? Number.NaN : w;
        }
      },
    };
    const r = checkGuarantees(broken, { samples: 100 });
    expect(byId(r, "C1").pass).toBe(false);
    expect(byId(r, "C3").pass).toBe(false);
    const nonFinite = byId(r, "C3").measures.find((m) => m.name.includes("NaN"));
    expect(nonFinite?.value).toBeGreaterThan(0);
  });
});
