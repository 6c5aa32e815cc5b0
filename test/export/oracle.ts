import type { ExportableModel } from "../../src/export/exportable.js";
import { NetworkModel } from "../../src/model/network-model.js";
import { Random } from "../../src/util/random.js";

/** miann's own evaluation of an exportable model (the core's NetworkModel, reference kernels). */
export function miannEvaluate(
  model: ExportableModel,
  strain: Float64Array,
  n: number,
): { energy: Float64Array; stress: Float64Array; tangent: Float64Array } {
  const d = model.inputDim;
  const net = new NetworkModel(
    { kind: model.kind, inputDim: d, hidden: model.hidden },
    Float64Array.from(model.params),
    { strainScale: model.strainScale, stressScale: model.stressScale },
  );
  const out = {
    energy: new Float64Array(n),
    stress: new Float64Array(n * d),
    tangent: new Float64Array(n * d * d),
  };
  net.evaluate(strain, n, out);
  return out;
}

/** n seeded random strains, component k uniform in ±amplitude·D_k (around the scaled data range). */
export function randomStrains(model: ExportableModel, n: number, seed: number, amplitude = 1): Float64Array {
  const rng = new Random(seed);
  const d = model.inputDim;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = rng.range(-amplitude, amplitude) * model.strainScale[i % d];
  return x;
}
