import { admissibleStrains } from "../../src/export/check-points.js";
import type { ExportableModel } from "../../src/export/exportable.js";
import { PolyconvexModel } from "../../src/model/families/polyconvex-model.js";
import { NetworkModel } from "../../src/model/network-model.js";
import type { Model } from "../../src/model/types.js";
import { Random } from "../../src/util/random.js";
import { loadPolyconvexFixture } from "../model/families/polyconvex-fixture.js";
import { randomStrains } from "./oracle.js";

/** Exportable models of every family, and miann's own evaluation of them (reference kernels). */

/** The exported model as miann evaluates it (reference kernels): NetworkModel or PolyconvexModel. */
export function miannModel(model: ExportableModel): Model {
  const params = Float64Array.from(model.params);
  if (model.kind === "polyconvex") {
    return new PolyconvexModel(
      { kind: "polyconvex", inputDim: model.inputDim, hidden: model.hidden, variant: model.variant },
      params,
      { strainScale: model.strainScale, stressScale: model.stressScale, inputScale: model.inputScale },
    );
  }
  return new NetworkModel({ kind: model.kind, inputDim: model.inputDim, hidden: model.hidden }, params, {
    strainScale: model.strainScale,
    stressScale: model.stressScale,
  });
}

export function evaluate(model: ExportableModel, strain: Float64Array, n: number) {
  const d = model.inputDim;
  const out = {
    energy: new Float64Array(n),
    stress: new Float64Array(n * d),
    tangent: new Float64Array(n * d * d),
  };
  miannModel(model).evaluate(strain, n, out);
  return out;
}

/** n admissible strains of the model: any for the MIANN (±amplitude·D), deformations otherwise */
export function strainsFor(model: ExportableModel, n: number, seed: number, amplitude: number): Float64Array {
  if (model.kind !== "polyconvex") return randomStrains(model, n, seed, amplitude);
  return admissibleStrains(model.inputDim, n, new Random(seed), 0.2 * amplitude);
}

export function polyconvexModel(
  variant: "compressible" | "membrane",
  inputScale: number[],
  stressScale: number,
) {
  const f = loadPolyconvexFixture(variant);
  return {
    name: "fixture",
    kind: "polyconvex",
    variant,
    inputDim: f.d,
    hidden: f.hidden,
    params: f.params,
    strainScale: new Array<number>(f.d).fill(1),
    stressScale,
    inputScale,
    sha256: "0".repeat(64),
  } satisfies ExportableModel;
}
