import { positiveWeight } from "../core/activations.js";
import { describeModel, type ExportDescription, group } from "./description.js";
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

/** Applies the constraint maps of the description's groups to the parameters, once. */
export function bakeDescription(desc: ExportDescription): BakedNetwork {
  const { alpha, beta, hidden } = desc.network;
  const baked = (name: string): Float64Array => {
    const g = group(desc, name);
    return g.constraint === "positive" ? g.values.map((v) => positiveWeight(v, alpha)) : g.values.slice();
  };
  const layers: BakedLayer[] = hidden.slice(1).map((width, i) => ({
    width,
    inputWidth: hidden[i],
    P: baked(`Q${i + 2}`),
    b: baked(`b${i + 2}`),
    S: baked(`S${i + 2}`),
  }));
  // M = AᵀA, or zero when the family has no quadratic term
  const m = desc.network.inputWidth;
  const A = desc.network.quadratic ? baked("A") : new Float64Array(m * m);
  const M = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      let sum = 0;
      for (let k = 0; k < m; k++) sum += A[k * m + i] * A[k * m + j];
      M[i * m + j] = sum;
    }
  return {
    inputDim: m,
    hidden: [...hidden],
    W1: baked("W1"),
    b1: baked("b1"),
    layers,
    q: baked("qOut"),
    M,
    beta,
    strainScale:
      desc.head.map === "scaled-strain" ? desc.head.strainScale.slice() : new Float64Array(m).fill(1),
    stressScale: desc.tail.stressScale,
  };
}

/** Applies the constraint maps of the model's kind to its parameters (describeModel + bake). */
export function bakeNetwork(model: ExportableModel): BakedNetwork {
  return bakeDescription(describeModel(model));
}
