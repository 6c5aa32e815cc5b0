import { positiveWeight } from "../core/activations.js";
import { parameterLayout } from "../core/layout.js";
import { UserError } from "../util/errors.js";
import type { ExportableModel } from "./exportable.js";

/** One hidden layer l ≥ 2 with its weights already mapped: a_l = P z_{l-1} + b + S x'. */
export interface BakedLayer {
  width: number;
  inputWidth: number;
  /** P(Q_l) for "miann", Q_l for "potential"; width × inputWidth, row-major */
  P: Float64Array;
  b: Float64Array;
  /** S_l, width × d, row-major */
  S: Float64Array;
}

/**
 * The network of docs/theory.md, section "The input-convex network" in the form the generated code evaluates: every constraint map
 * applied once at export time (P(Q), P(q), M = AᵀA). The generated code then computes, in physical
 * units, with Ñ(0) and ∇Ñ(0) evaluated by the same compiled code (so s(0) = 0 and W(0) = 0 exactly)
 * (docs/theory.md, section "Scaling"), with x' = x / D:
 *   s = κ D⁻¹ (∇Ñ(x') − ∇Ñ(0)),   C = κ D⁻¹ ∇²Ñ(x') D⁻¹,   W = κ (Ñ(x') − Ñ(0) − ∇Ñ(0)·x').
 */
export interface BakedNetwork {
  inputDim: number;
  hidden: number[];
  W1: Float64Array;
  b1: Float64Array;
  layers: BakedLayer[];
  /** P(qOut) (or qOut), length n_L */
  q: Float64Array;
  /** M = AᵀA, d × d, row-major */
  M: Float64Array;
  beta: number;
  strainScale: Float64Array;
  stressScale: number;
}

/** Applies the constraint maps of the model's kind to its parameters. */
export function bakeNetwork(model: ExportableModel): BakedNetwork {
  const d = model.inputDim;
  const layout = parameterLayout(d, model.hidden);
  const p = model.params;
  if (p.length !== layout.size) {
    throw new UserError(
      `model "${model.name.slice(0, 40)}": ${p.length} parameters, expected ${layout.size} for input dimension ${d} and hidden widths ${model.hidden.join("-")}`,
    );
  }
  const convex = model.kind === "miann";
  const alpha = p[layout.alpha];
  const beta = p[layout.beta];
  if (convex && alpha === 0) throw new UserError(`model "${model.name.slice(0, 40)}": alpha is 0`);
  if (beta === 0) throw new UserError(`model "${model.name.slice(0, 40)}": beta is 0`);
  const mapWeight = (v: number): number => (convex ? positiveWeight(v, alpha) : v);
  const n1 = model.hidden[0];
  const W1 = p.slice(layout.W1, layout.W1 + n1 * d);
  const b1 = p.slice(layout.b1, layout.b1 + n1);
  const layers: BakedLayer[] = layout.layers.map((l) => ({
    width: l.width,
    inputWidth: l.inputWidth,
    P: p.slice(l.Q, l.Q + l.width * l.inputWidth).map(mapWeight),
    b: p.slice(l.b, l.b + l.width),
    S: p.slice(l.S, l.S + l.width * d),
  }));
  const nL = model.hidden[model.hidden.length - 1];
  const q = p.slice(layout.qOut, layout.qOut + nL).map(mapWeight);
  const A = p.subarray(layout.A, layout.A + d * d);
  const M = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += A[k * d + i] * A[k * d + j];
      M[i * d + j] = sum;
    }
  return {
    inputDim: d,
    hidden: [...model.hidden],
    W1,
    b1,
    layers,
    q,
    M,
    beta,
    strainScale: Float64Array.from(model.strainScale),
    stressScale: model.stressScale,
  };
}
