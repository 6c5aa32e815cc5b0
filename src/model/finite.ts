import { UserError } from "../util/errors.js";
import type { Model } from "./types.js";

/**
 * Probe strains of a model: zero, and ±D_k/2, ±D_k along each component (D = the strain scale, the
 * largest training strain, capped at 0.1 so that every probe is a real deformation, det(2E + I) > 0,
 * where an energy of the invariants is defined), and all components at +D and −D together: where a
 * usable model must give finite numbers.
 */
function probeStrains(model: Model): Float64Array[] {
  const d = model.dim;
  const D = model.scaling.strainScale.map((v) => Math.min(v, 0.1));
  const probes = [new Float64Array(d)];
  for (let k = 0; k < d; k++) {
    for (const f of [0.5, -0.5, 1, -1]) {
      const x = new Float64Array(d);
      x[k] = f * D[k];
      probes.push(x);
    }
  }
  for (const f of [1, -1]) probes.push(Float64Array.from(D, (v) => f * v));
  return probes;
}

function allFinite(a: Float64Array): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

/**
 * Refuses a model that gives a non-finite stress, tangent or energy at zero strain or at the probe
 * strains: its parameters are out of range (an edited or corrupted file, an import from elsewhere),
 * and predict, export and import must not pass NaN or Infinity on. `miann check` reports such a
 * model as failing; this is the one-line refusal for the commands that produce numbers.
 */
export function checkFiniteModel(model: Model, path: string, modelFile = true): void {
  const d = model.dim;
  const stress = new Float64Array(d);
  const tangent = new Float64Array(d * d);
  const energy = new Float64Array(1);
  for (const x of probeStrains(model)) {
    model.evaluate(x, 1, { stress, tangent, ...(model.hasEnergy ? { energy } : {}) });
    if (!allFinite(stress) || !allFinite(tangent) || (model.hasEnergy && !Number.isFinite(energy[0]))) {
      const at = Array.from(x, (v) => Number(v.toPrecision(4))).join(", ");
      throw new UserError(
        `${path}: the model gives non-finite numbers (NaN or ±Infinity) at strain [${at}]; its parameters are out of range${modelFile ? ` (see \`miann check ${path}\`)` : ""}`,
      );
    }
  }
}
