import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type ParameterLayout, parameterLayout } from "../../src/core/layout.js";
import { paramsFromNested } from "../../src/model/import.js";

/** The PyTorch float64 autograd reference fixtures (test/fixtures/README.md), flattened for the tests. */
export interface Fixture {
  name: string;
  path: string;
  d: number;
  n: number;
  layout: ParameterLayout;
  params: Float64Array;
  inputs: Float64Array;
  targets: Float64Array;
  sigma: Float64Array;
  potential: number[];
  potentialAtZero: number;
  gradientAtZero: number[];
  stress: Float64Array;
  tangent: Float64Array;
  energy: number[];
  loss: number;
  grad: Float64Array;
}

export const fixturePaths = {
  plane: fileURLToPath(new URL("../fixtures/icnn-reference-plane.json", import.meta.url)),
  "3d": fileURLToPath(new URL("../fixtures/icnn-reference-3d.json", import.meta.url)),
};

export function loadFixture(name: keyof typeof fixturePaths): Fixture {
  const path = fixturePaths[name];
  const j = JSON.parse(readFileSync(path, "utf8"));
  const layout = parameterLayout(j.inputDim, j.hidden);
  const flat = (a: unknown) => Float64Array.from((a as unknown[]).flat(2) as number[]);
  return {
    name,
    path,
    d: j.inputDim,
    n: j.inputs.length,
    layout,
    params: paramsFromNested(layout, j.params),
    inputs: flat(j.inputs),
    targets: flat(j.targets),
    sigma: Float64Array.from(j.sigma),
    potential: j.expected.potential,
    potentialAtZero: j.expected.potentialAtZero,
    gradientAtZero: j.expected.gradientAtZero,
    stress: flat(j.expected.stress),
    tangent: flat(j.expected.tangent),
    energy: j.expected.energy,
    loss: j.expected.loss,
    grad: paramsFromNested(layout, j.expected.grad, "expected.grad"),
  };
}

/** max_i |a_i − b_i| / max_i |b_i|: relative error against the scale of the expected values */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? err : err / scale;
}
