import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ParameterLayout } from "../../../src/core/layout.js";
import type { PolyconvexVariant } from "../../../src/model/families/invariants.js";
import { polyconvexLayout } from "../../../src/model/families/polyconvex-model.js";
import { paramsFromNested } from "../../../src/model/import.js";
import { Random } from "../../../src/util/random.js";

/** A polyconvex PyTorch fixture (test/fixtures/polyconvex-*.json, format polyconvex-icnn-reference/1), flattened. */
export interface PolyconvexFixture {
  variant: PolyconvexVariant;
  d: number;
  m: number;
  n: number;
  hidden: number[];
  layout: ParameterLayout;
  params: Float64Array;
  inputs: Float64Array;
  targets: Float64Array;
  mask: Uint8Array;
  sigma: Float64Array;
  invariants: Float64Array;
  N: Float64Array;
  energy: Float64Array;
  stress: Float64Array;
  tangent: Float64Array;
  gradN: Float64Array;
  hessN: Float64Array;
  NAtZero: number;
  gradNAtZero: Float64Array;
  normalisation?: number;
  growth?: number;
  loss: number;
  grad: Float64Array;
  raw: Record<string, unknown>;
}

export const polyconvexFixturePaths = {
  compressible: fileURLToPath(new URL("../../fixtures/polyconvex-compressible-3d.json", import.meta.url)),
  membrane: fileURLToPath(new URL("../../fixtures/polyconvex-membrane.json", import.meta.url)),
};

export function loadPolyconvexFixture(variant: PolyconvexVariant): PolyconvexFixture {
  const j = JSON.parse(readFileSync(polyconvexFixturePaths[variant], "utf8"));
  if (j.format !== "polyconvex-icnn-reference/1" || j.variant !== variant)
    throw new Error("unexpected fixture");
  const layout = polyconvexLayout(variant, j.hidden);
  const flat = (a: unknown) => Float64Array.from((a as unknown[]).flat(3) as number[]);
  const e = j.expected;
  return {
    variant,
    d: j.inputDim,
    m: layout.inputDim,
    n: j.inputs.length,
    hidden: j.hidden,
    layout,
    params: paramsFromNested(layout, j.params),
    inputs: flat(j.inputs),
    targets: flat(j.targets),
    mask: Uint8Array.from((j.mask as number[][]).flat()),
    sigma: Float64Array.from(j.sigma),
    invariants: flat(e.invariants),
    N: Float64Array.from(e.N),
    energy: Float64Array.from(e.energy),
    stress: flat(e.stress),
    tangent: flat(e.tangent),
    gradN: flat(e.gradN),
    hessN: flat(e.hessN),
    NAtZero: e.NAtZero,
    gradNAtZero: Float64Array.from(e.gradNAtZero),
    normalisation: e.normalisation,
    growth: e.growth,
    loss: e.loss,
    grad: paramsFromNested(layout, e.grad, "expected.grad"),
    raw: j,
  };
}

/**
 * n random Green–Lagrange strains of real deformations: compressible, E = ½(FᵀF − I) with
 * F = I + 0.4·(random), det F kept positive; membrane, in-plane F2 likewise (d = 3 Voigt).
 */
export function randomStrains(
  variant: PolyconvexVariant,
  n: number,
  seed: number,
  spread = 0.4,
): Float64Array {
  const rng = new Random(seed);
  const dim = variant === "compressible" ? 3 : 2;
  const d = variant === "compressible" ? 6 : 3;
  const out = new Float64Array(n * d);
  const F = new Float64Array(dim * dim);
  for (let s = 0; s < n; s++) {
    for (;;) {
      for (let i = 0; i < dim; i++)
        for (let j = 0; j < dim; j++) F[i * dim + j] = (i === j ? 1 : 0) + spread * rng.range(-1, 1);
      const det =
        dim === 2
          ? F[0] * F[3] - F[1] * F[2]
          : F[0] * (F[4] * F[8] - F[5] * F[7]) -
            F[1] * (F[3] * F[8] - F[5] * F[6]) +
            F[2] * (F[3] * F[7] - F[4] * F[6]);
      if (det > 0.2) break;
    }
    const C = (i: number, j: number) => {
      let c = 0;
      for (let k = 0; k < dim; k++) c += F[k * dim + i] * F[k * dim + j];
      return c;
    };
    if (dim === 2) {
      out.set([(C(0, 0) - 1) / 2, (C(1, 1) - 1) / 2, C(0, 1)], s * 3);
    } else {
      out.set([(C(0, 0) - 1) / 2, (C(1, 1) - 1) / 2, (C(2, 2) - 1) / 2, C(1, 2), C(0, 2), C(0, 1)], s * 6);
    }
  }
  return out;
}
