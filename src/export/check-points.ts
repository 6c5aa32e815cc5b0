import type { MaterialOutput } from "../core/material.js";
import { createModel } from "../model/create.js";
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
