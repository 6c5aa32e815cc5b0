import type { MaterialOutput } from "../core/material.js";
import { createModel } from "../model/create.js";
import { PolyconvexModel } from "../model/families/polyconvex-model.js";
import { Random } from "../util/random.js";
import type { ExportableModel } from "./exportable.js";

/** A few strains and miann's own values there, stored in an export for its self-check. */
export interface CheckPoints {
  /** n × d strains, row-major */
  strain: Float64Array;
  /** n × d stresses miann computed at export time */
  stress: Float64Array;
  count: number;
}

/**
 * `count` seeded strains with component k uniform in ±0.5·D_k (inside the scaled data range,
 * never exactly zero) and miann's stress there, computed by the model itself (not by the export),
 * so that an export's self-check compares two independent evaluations.
 */
export function checkPoints(model: ExportableModel, count = 4): CheckPoints {
  const d = model.inputDim;
  const rng = new Random(20261201);
  if (model.kind === "polyconvex") {
    // strains of deformations: E = ½(FᵀF − I) with F = I + perturbation, det F > 0.5
    const strain = admissibleStrains(d, count, rng);
    const evaluator = new PolyconvexModel(
      {
        kind: "polyconvex",
        inputDim: d,
        hidden: model.hidden,
        variant: model.variant,
        ...(model.norms ? { norms: true } : {}),
      },
      Float64Array.from(model.params),
      {
        strainScale: new Array<number>(d).fill(1),
        stressScale: model.stressScale,
        inputScale: model.inputScale,
      },
    );
    const out: MaterialOutput = { stress: new Float64Array(count * d) };
    evaluator.evaluate(strain, count, out);
    return { strain, stress: out.stress, count };
  }
  const strain = new Float64Array(count * d);
  for (let i = 0; i < strain.length; i++) {
    const u = rng.range(0.05, 0.5) * (rng.uniform() < 0.5 ? -1 : 1);
    strain[i] = u * model.strainScale[i % d];
  }
  const evaluator = createModel(
    { kind: model.kind, inputDim: d, hidden: model.hidden },
    {
      seed: 0,
      scaling: { strainScale: model.strainScale, stressScale: model.stressScale },
      params: Float64Array.from(model.params),
    },
  );
  const out: MaterialOutput = { stress: new Float64Array(count * d) };
  evaluator.evaluate(strain, count, out);
  return { strain, stress: out.stress, count };
}

/**
 * n Green–Lagrange strains of deformations, in Voigt order with engineering shear: F = I + P with
 * P's entries uniform in ±amplitude (redrawn until det F > 0.5), E = ½(FᵀF − I); for d = 3 the
 * in-plane 2×2 block (membrane), for d = 6 the full 3×3.
 */
export function admissibleStrains(d: 3 | 6 | number, n: number, rng: Random, amplitude = 0.25): Float64Array {
  const k = d === 6 ? 3 : 2;
  const out = new Float64Array(n * d);
  const F = new Float64Array(k * k);
  for (let p = 0; p < n; p++) {
    let det = 0;
    do {
      for (let i = 0; i < k * k; i++) F[i] = (i % (k + 1) === 0 ? 1 : 0) + rng.range(-amplitude, amplitude);
      det =
        k === 2
          ? F[0] * F[3] - F[1] * F[2]
          : F[0] * (F[4] * F[8] - F[5] * F[7]) -
            F[1] * (F[3] * F[8] - F[5] * F[6]) +
            F[2] * (F[3] * F[7] - F[4] * F[6]);
    } while (!(det > 0.5));
    // C = FᵀF
    const C = (i: number, j: number) => {
      let s = 0;
      for (let r = 0; r < k; r++) s += F[r * k + i] * F[r * k + j];
      return s;
    };
    const o = p * d;
    if (k === 2) {
      out[o] = 0.5 * (C(0, 0) - 1);
      out[o + 1] = 0.5 * (C(1, 1) - 1);
      out[o + 2] = C(0, 1);
    } else {
      out[o] = 0.5 * (C(0, 0) - 1);
      out[o + 1] = 0.5 * (C(1, 1) - 1);
      out[o + 2] = 0.5 * (C(2, 2) - 1);
      out[o + 3] = C(1, 2);
      out[o + 4] = C(0, 2);
      out[o + 5] = C(0, 1);
    }
  }
  return out;
}
