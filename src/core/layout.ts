/**
 * Parameter layout of the network of docs/theory.md (the input-convex network, and its monotone
 * variant for the polyconvex family): every parameter lives in one Float64Array, and each group
 * (W1, b1, per layer Q, b, S, then qOut, A, the family's extra scalars, alpha, beta) is a
 * contiguous row-major block at a fixed offset. Optimisers see the flat vector; kernels and
 * exporters see the named views and each group's constraint.
 *
 * Order in the flat vector (fixed; the model file, the WASM kernels and the exporters rely on it):
 *   W1 (n1×m) | b1 (n1) | for l = 2..L: Q_l (n_l×n_{l-1}) | b_l (n_l) | S_l (n_l×m) | qOut (n_L)
 *   | A (m×m, only when `quadratic`) | extras (one scalar each, e.g. qGrowth) | alpha | beta
 * m is the network's input width: the strain dimension d for the MIANN and the potential
 * baseline (whose order is unchanged by the constraint list: their files load as before), the
 * number of invariants for the polyconvex family (4 compressible, 2 membrane).
 *
 * Constraint of each group: "positive" groups are used through P(R; α) = softplus(α²R)/α² (so the
 * effective weight is > 0 and dL/dR = dL/dP · σ(α²R), plus a share of dL/dα), "free" groups raw.
 *   MIANN        W1, S free; Q, qOut positive; A present        (convex in x)
 *   potential    every weight free; A present                   (no constraint)
 *   polyconvex   W1, S, Q, qOut positive; no A; extras positive (convex and non-decreasing in y)
 * The polyconvex family's inputs y (m = 4 compressible: I1 − 3, I2 − 3, J − 1, 1 − J; m = 2
 * membrane: I1 − 3, I2 − 3; +2 with the norms √I1 − √3, √I2 − √3, each divided by its scale δ) and
 * its extra qGrowth (compressible): src/model/families/ and docs/theory.md, section "The
 * polyconvex family".
 */

export type Constraint = "positive" | "free";

/** Which weight groups are kept positive, whether xᵀAᵀAx is present, and the extra scalars. */
export interface NetworkConstraints {
  /** W1 and every skip S_l through P(·; α) (the monotone network of the polyconvex family) */
  readonly positiveInput: boolean;
  /** Q_l and qOut through P(·; α) (convexity: the MIANN and the polyconvex family) */
  readonly positiveHidden: boolean;
  /** the quadratic term xᵀAᵀAx with an m×m matrix A (MIANN and potential) */
  readonly quadratic: boolean;
  /** names of extra positive scalars the family adds (e.g. ["qGrowth"]), after A */
  readonly extras: readonly string[];
}

/** The MIANN's constraints: today's layout, input-convex. */
export const MIANN_CONSTRAINTS: NetworkConstraints = {
  positiveInput: false,
  positiveHidden: true,
  quadratic: true,
  extras: [],
};
/** The unconstrained potential baseline: same layout, every weight raw. */
export const FREE_CONSTRAINTS: NetworkConstraints = {
  positiveInput: false,
  positiveHidden: false,
  quadratic: true,
  extras: [],
};

export interface HiddenLayerOffsets {
  /** width of this layer, n_l */
  readonly width: number;
  /** width of the previous layer, n_{l-1} */
  readonly inputWidth: number;
  /** offset of Q_l (n_l × n_{l-1}, row-major) */
  readonly Q: number;
  /** offset of b_l (n_l) */
  readonly b: number;
  /** offset of S_l (n_l × m, row-major) */
  readonly S: number;
}

/** One contiguous block of the flat vector, with its constraint. */
export interface ParameterGroup {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly constraint: Constraint;
}

export interface ParameterLayout {
  /** the network's input width m (= d for the MIANN: 3 membranes, 6 solids) */
  readonly inputDim: number;
  /** hidden widths n1..nL (L ≥ 1) */
  readonly hidden: readonly number[];
  readonly constraints: NetworkConstraints;
  /** offset of W1 (n1 × m, row-major) */
  readonly W1: number;
  /** offset of b1 (n1) */
  readonly b1: number;
  /** layers l = 2..L, in order */
  readonly layers: readonly HiddenLayerOffsets[];
  /** offset of qOut (n_L) */
  readonly qOut: number;
  /** offset of A (m × m, row-major); meaningful only when constraints.quadratic */
  readonly A: number;
  /** offsets of the extra scalars, by name (constraints.extras) */
  readonly extras: Readonly<Record<string, number>>;
  /** offset of alpha (one scalar) */
  readonly alpha: number;
  /** offset of beta (one scalar) */
  readonly beta: number;
  /** every group in order, with its constraint */
  readonly groups: readonly ParameterGroup[];
  /** total number of parameters */
  readonly size: number;
}

/** Computes the offsets of every parameter group for input width m, hidden widths and constraints. */
export function parameterLayout(
  inputDim: number,
  hidden: readonly number[],
  constraints: NetworkConstraints = MIANN_CONSTRAINTS,
): ParameterLayout {
  if (!Number.isInteger(inputDim) || inputDim < 1) {
    throw new RangeError(`input dimension must be a positive integer, got ${inputDim}`);
  }
  if (hidden.length < 1) throw new RangeError("at least one hidden layer is required");
  for (const w of hidden) {
    if (!Number.isInteger(w) || w < 1)
      throw new RangeError(`hidden widths must be positive integers, got ${w}`);
  }
  const d = inputDim;
  const groups: ParameterGroup[] = [];
  let offset = 0;
  const take = (name: string, size: number, constraint: Constraint): number => {
    const at = offset;
    groups.push({ name, offset: at, size, constraint });
    offset += size;
    return at;
  };
  const inputC: Constraint = constraints.positiveInput ? "positive" : "free";
  const hiddenC: Constraint = constraints.positiveHidden ? "positive" : "free";
  const W1 = take("W1", hidden[0] * d, inputC);
  const b1 = take("b1", hidden[0], "free");
  const layers: HiddenLayerOffsets[] = [];
  for (let l = 1; l < hidden.length; l++) {
    const width = hidden[l];
    const inputWidth = hidden[l - 1];
    const Q = take(`Q${l + 1}`, width * inputWidth, hiddenC);
    const b = take(`b${l + 1}`, width, "free");
    const S = take(`S${l + 1}`, width * d, inputC);
    layers.push({ width, inputWidth, Q, b, S });
  }
  const qOut = take("qOut", hidden[hidden.length - 1], hiddenC);
  const A = constraints.quadratic ? take("A", d * d, "free") : offset;
  const extras: Record<string, number> = {};
  for (const name of constraints.extras) extras[name] = take(name, 1, "positive");
  const alpha = take("alpha", 1, "free");
  const beta = take("beta", 1, "free");
  return {
    inputDim: d,
    hidden: [...hidden],
    constraints: { ...constraints, extras: [...constraints.extras] },
    W1,
    b1,
    layers,
    qOut,
    A,
    extras,
    alpha,
    beta,
    groups,
    size: offset,
  };
}

/** The layout's positive groups (those used through P(·; α)). */
export function positiveGroups(layout: ParameterLayout): ParameterGroup[] {
  return layout.groups.filter((g) => g.constraint === "positive");
}

/**
 * The layout with Q_l and qOut positive or free as `convex` says (the kernels' legacy `convex`
 * option: true = the MIANN, false = the potential baseline); the same layout when it already fits.
 */
export function withConvexity(layout: ParameterLayout, convex: boolean | undefined): ParameterLayout {
  if (convex === undefined || layout.constraints.positiveHidden === convex) return layout;
  return parameterLayout(layout.inputDim, layout.hidden, { ...layout.constraints, positiveHidden: convex });
}
