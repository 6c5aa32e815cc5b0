import type { Material } from "../core/material.js";
import { createMaterial, materialNames } from "../data/materials/index.js";
import { createKernels } from "../kernels/index.js";
import { familyOf } from "../model/families/index.js";
import { PolyconvexModel } from "../model/families/polyconvex-model.js";
import { loadModel } from "../model/file.js";
import { NetworkModel } from "../model/network-model.js";
import { UserError } from "../util/errors.js";

/**
 * What `--material` names: a reference law ("fabric", "svk-membrane", …) or a trained model file
 * (a path ending in .json). Both are a Material (src/core/material.ts); the solver never knows
 * which it got. The reference law is what a model is compared with: the law its training data came
 * from when the model file records it, else its family's fallback ("fabric" for the network
 * families; a polyconvex model, e.g. rubber, is compared with itself); for a law, the law itself.
 */
export interface MaterialSource {
  material: Material;
  /** "law" or the model kind ("miann", "potential", "regression") */
  kind: string;
  label: string;
  reference: Material;
  referenceName: string;
}

export function resolveMaterial(
  spec: string,
  referenceOverride?: string,
  options: { fastKernels?: boolean } = {},
): MaterialSource {
  let source: MaterialSource;
  if (spec.toLowerCase().endsWith(".json")) {
    const { model, file } = loadModel(spec);
    // the WebAssembly kernels (single-threaded: one batch per assembly is small) when asked
    if (options.fastKernels && model instanceof NetworkModel) {
      model.setKernels(createKernels(model.layout, { convex: model.convex, threads: 1 }));
    }
    if (options.fastKernels && model instanceof PolyconvexModel) {
      // the shared network kernel on the invariants (src/kernels/attach.ts does the same)
      model.setKernels(createKernels(model.layout, { threads: 1, outputDim: model.dim }));
    }
    const recorded = file.training?.data?.material ?? file.training?.data?.law;
    const label = `${file.kind} ${spec}`;
    const referenceName =
      referenceOverride ??
      (typeof recorded === "string" && materialNames().includes(recorded)
        ? recorded
        : familyOf(file.kind).fallbackReferenceLaw);
    source = {
      material: model,
      kind: file.kind,
      label,
      reference: referenceName === undefined ? model : createMaterial(referenceName),
      referenceName: referenceName ?? "the model itself",
    };
  } else {
    const material = createMaterial(spec);
    const referenceName = referenceOverride ?? spec;
    source = {
      material,
      kind: "law",
      label: spec,
      reference: referenceName === spec ? material : createMaterial(referenceName),
      referenceName,
    };
  }
  for (const [what, m] of [
    ["--material", source.material],
    ["the reference law", source.reference],
  ] as const) {
    if (m.dim !== 3) {
      throw new UserError(
        `${what} "${what === "--material" ? spec : source.referenceName}" has ${m.dim} strain components; the membrane experiments need a membrane law (d = 3: E11, E22, 2E12), e.g. fabric, svk-membrane, neohookean-membrane`,
      );
    }
  }
  return source;
}
