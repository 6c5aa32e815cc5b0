import { admissibleStrains } from "../../src/export/check-points.js";
import type { ExportableModel } from "../../src/export/exportable.js";
import { createModel } from "../../src/model/create.js";
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
      {
        kind: "polyconvex",
        inputDim: model.inputDim,
        hidden: model.hidden,
        variant: model.variant,
        ...(model.norms ? { norms: true } : {}),
      },
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

/**
 * A polyconvex model with the norm inputs ‖F‖, ‖cof F‖ (m = base + 2): the seeded initialisation
 * with every raw parameter but α, β moved by ±0.5, so no weight sits at its initial value.
 */
export function polyconvexNormsModel(
  variant: "compressible" | "membrane",
  inputScale: number[],
  stressScale: number,
  seed: number,
) {
  const d = variant === "compressible" ? 6 : 3;
  const hidden = [5, 4];
  const created = createModel(
    { kind: "polyconvex", inputDim: d, hidden, variant, norms: true },
    {
      seed,
      scaling: { strainScale: new Array<number>(d).fill(1), stressScale: 1, inputScale: inputScale },
    },
  );
  const params = Float64Array.from(created.params);
  const rng = new Random(seed + 1);
  const layout = (created as PolyconvexModel).layout;
  for (let i = 0; i < params.length; i++) {
    if (i !== layout.alpha && i !== layout.beta) params[i] += rng.range(-0.5, 0.5);
  }
  return {
    name: "norms",
    kind: "polyconvex",
    variant,
    norms: true,
    inputDim: d,
    hidden,
    params,
    strainScale: new Array<number>(d).fill(1),
    stressScale,
    inputScale,
    sha256: "0".repeat(64),
  } satisfies ExportableModel;
}
