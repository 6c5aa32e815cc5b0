import { exp } from "../util/portable-math.js";
import { Random } from "../util/random.js";
import { softplusInverse } from "./activations.js";
import type { ParameterLayout } from "./layout.js";

/** Initial β (docs/theory.md, section "The training trap of the quadratic term": β₀ = 3 lets units form sharp kinks; with β₀ = 1 the fit stalls). */
export const INITIAL_BETA = 3;
export const INITIAL_ALPHA = 1;
/** A₀ = 0.1·I: a small convex quadratic term, so it does not soak up the linear response (§8) */
export const INITIAL_A = 0.1;

/**
 * Seeded initial parameters (docs/theory.md, section "The training trap of the quadratic term"), the same bit for bit for the same seed.
 *
 * convex = true (MIANN): W1 ~ N(0, 1/d), biases and skip weights small, the raw Q and qOut placed so
 * that the positive weights P(Q) ≈ 1/fan-in with a little seeded spread; A = 0.1·I, α = 1, β = 3.
 * convex = false (the unconstrained "potential" baseline): signed Glorot-normal Q and qOut, the
 * rest as above. A monotone layout (positive W1 and S_l, the polyconvex family): W1 and S_l placed
 * like Q (P ≈ 1/fan-in, S_l ten times smaller), no A, extras at P = 0.01.
 */
export function initialParameters(
  layout: ParameterLayout,
  options: { seed: number; convex?: boolean },
): Float64Array {
  const convex = options.convex ?? layout.constraints.positiveHidden;
  // a monotone network (polyconvex family): W1 and S_l positive too, placed as the Q_l are
  const monotone = layout.constraints.positiveInput;
  const rng = new Random(options.seed);
  const { inputDim: d, hidden } = layout;
  const p = new Float64Array(layout.size);
  const alpha = INITIAL_ALPHA;
  const a2 = alpha * alpha;
  const positive = (fanIn: number): number => {
    // P(Q) = softplus(α²Q)/α² = target  ⇔  Q = softplus⁻¹(α² target)/α²
    const target = (1 / fanIn) * exp(0.3 * rng.normal());
    return softplusInverse(a2 * target) / a2;
  };
  const glorot = (fanIn: number, fanOut: number): number => rng.normal() * Math.sqrt(2 / (fanIn + fanOut));
  const n1 = hidden[0];
  for (let i = 0; i < n1 * d; i++) p[layout.W1 + i] = monotone ? positive(d) : rng.normal() / Math.sqrt(d);
  for (let i = 0; i < n1; i++) p[layout.b1 + i] = 0.1 * rng.normal();
  for (const l of layout.layers) {
    for (let i = 0; i < l.width * l.inputWidth; i++) {
      p[l.Q + i] = convex ? positive(l.inputWidth) : glorot(l.inputWidth, l.width);
    }
    for (let i = 0; i < l.width; i++) p[l.b + i] = 0.1 * rng.normal();
    for (let i = 0; i < l.width * d; i++) {
      p[l.S + i] = monotone ? positive(10 * d) : (0.1 * rng.normal()) / Math.sqrt(d);
    }
  }
  const nL = hidden[hidden.length - 1];
  for (let i = 0; i < nL; i++) p[layout.qOut + i] = convex ? positive(nL) : glorot(nL, 1);
  if (layout.constraints.quadratic) for (let i = 0; i < d; i++) p[layout.A + i * d + i] = INITIAL_A;
  // extra scalars of a family (e.g. the growth coefficient): P = 1/100 unless the family says otherwise
  for (const name of layout.constraints.extras) p[layout.extras[name]] = softplusInverse(a2 * 0.01) / a2;
  p[layout.alpha] = alpha;
  p[layout.beta] = INITIAL_BETA;
  return p;
}
