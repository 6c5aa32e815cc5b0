import { initialParameters } from "../../src/core/init.js";
import type { ParameterLayout } from "../../src/core/layout.js";
import { Random } from "../../src/util/random.js";

/**
 * A random parameter vector that is not the tidy initialisation: every entry perturbed, α and β
 * away from 1, A a full matrix — so that each gradient group is exercised.
 */
export function randomParams(
  layout: ParameterLayout,
  seed: number,
  options: { convex: boolean; alpha?: number; beta?: number },
): Float64Array {
  const p = initialParameters(layout, { seed, convex: options.convex });
  const rng = new Random(seed + 1000);
  for (let i = 0; i < p.length; i++) p[i] += 0.3 * rng.normal();
  p[layout.alpha] = options.alpha ?? 1.3;
  p[layout.beta] = options.beta ?? 1.7;
  return p;
}

export function randomPoints(n: number, d: number, seed: number, scale = 1): Float64Array {
  const rng = new Random(seed);
  const x = new Float64Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = scale * rng.range(-1, 1);
  return x;
}
