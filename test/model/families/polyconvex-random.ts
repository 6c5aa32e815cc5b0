import type { NetworkKernels } from "../../../src/core/kernels.js";
import { parameterLayout } from "../../../src/core/layout.js";
import { createReferenceKernels } from "../../../src/core/network.js";
import {
  PolyconvexModel,
  polyconvexConstraints,
  polyconvexLayout,
} from "../../../src/model/families/polyconvex-model.js";
import { randomParams } from "../../core/random-model.js";

// Random polyconvex models for the tests of the family's guarantees, and the same model with its
// input weights used raw (W1 and every S_l not through P: not monotone in the invariants), the
// broken variant every check of the family must be shown to catch.

export const variants = ["compressible", "membrane"] as const;
export const dims = { compressible: { d: 6, m: 4 }, membrane: { d: 3, m: 2 } };

export function randomModel(
  variant: (typeof variants)[number],
  seed: number,
  hidden = [6, 5],
): PolyconvexModel {
  const { d, m } = dims[variant];
  const layout = polyconvexLayout(variant, hidden);
  const params = randomParams(layout, seed, { convex: true, alpha: 1.1, beta: 1.5 });
  const scaling = {
    strainScale: new Array<number>(d).fill(1),
    stressScale: 2,
    inputScale: Array.from({ length: m }, (_, j) => 0.5 + 0.5 * j),
  };
  return new PolyconvexModel({ kind: "polyconvex", inputDim: d, hidden, variant }, params, scaling);
}

/** The same model evaluated with W1 and every S_l used raw (not through P): not monotone in y. */
export function rawInputWeights(model: PolyconvexModel): PolyconvexModel {
  const variant = model.variant;
  const broken = createReferenceKernels(
    parameterLayout(model.layout.inputDim, model.layout.hidden, {
      ...polyconvexConstraints(variant),
      positiveInput: false,
    }),
  );
  const kernels: NetworkKernels = {
    layout: model.layout,
    convex: true,
    potential: (p, x, n, out) => broken.potential(p, x, n, out),
    gradient: (p, x, n, out) => broken.gradient(p, x, n, out),
    hessian: (p, x, n, out) => broken.hessian(p, x, n, out),
    lossAndGradient: (p, x, y, s, n, g, mask, map) => broken.lossAndGradient(p, x, y, s, n, g, mask, map),
  };
  const copy = new PolyconvexModel(model.spec, Float64Array.from(model.params), model.scaling);
  copy.setKernels(kernels);
  return copy;
}
