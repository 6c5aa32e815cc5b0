/**
 * Parameter layout of the input-convex network of docs/theory.md, section "The input-convex network": every parameter lives in one
 * Float64Array, and each group (W1, b1, per layer Q, b, S, then qOut, A, alpha, beta) is a
 * contiguous row-major block at a fixed offset. Optimisers see the flat vector; kernels and
 * exporters see the named views.
 *
 * Order in the flat vector (fixed; the model file, the WASM kernels and the exporters rely on it):
 *   W1 (n1×d) | b1 (n1) | for l = 2..L: Q_l (n_l×n_{l-1}) | b_l (n_l) | S_l (n_l×d) | qOut (n_L) | A (d×d) | alpha | beta
 */

export interface HiddenLayerOffsets {
  /** width of this layer, n_l */
  readonly width: number;
  /** width of the previous layer, n_{l-1} */
  readonly inputWidth: number;
  /** offset of Q_l (n_l × n_{l-1}, row-major) */
  readonly Q: number;
  /** offset of b_l (n_l) */
  readonly b: number;
  /** offset of S_l (n_l × d, row-major) */
  readonly S: number;
}

export interface ParameterLayout {
  /** input dimension d (3 for membranes, 6 for 3D solids) */
  readonly inputDim: number;
  /** hidden widths n1..nL (L ≥ 1) */
  readonly hidden: readonly number[];
  /** offset of W1 (n1 × d, row-major) */
  readonly W1: number;
  /** offset of b1 (n1) */
  readonly b1: number;
  /** layers l = 2..L, in order */
  readonly layers: readonly HiddenLayerOffsets[];
  /** offset of qOut (n_L) */
  readonly qOut: number;
  /** offset of A (d × d, row-major) */
  readonly A: number;
  /** offset of alpha (one scalar) */
  readonly alpha: number;
  /** offset of beta (one scalar) */
  readonly beta: number;
  /** total number of parameters */
  readonly size: number;
}

/** Computes the offsets of every parameter group for input dimension d and hidden widths. */
export function parameterLayout(inputDim: number, hidden: readonly number[]): ParameterLayout {
  if (!Number.isInteger(inputDim) || inputDim < 1) {
    throw new RangeError(`input dimension must be a positive integer, got ${inputDim}`);
  }
  if (hidden.length < 1) throw new RangeError("at least one hidden layer is required");
  for (const w of hidden) {
    if (!Number.isInteger(w) || w < 1)
      throw new RangeError(`hidden widths must be positive integers, got ${w}`);
  }
  const d = inputDim;
  let offset = 0;
  const W1 = offset;
  offset += hidden[0] * d;
  const b1 = offset;
  offset += hidden[0];
  const layers: HiddenLayerOffsets[] = [];
  for (let l = 1; l < hidden.length; l++) {
    const width = hidden[l];
    const inputWidth = hidden[l - 1];
    const Q = offset;
    offset += width * inputWidth;
    const b = offset;
    offset += width;
    const S = offset;
    offset += width * d;
    layers.push({ width, inputWidth, Q, b, S });
  }
  const qOut = offset;
  offset += hidden[hidden.length - 1];
  const A = offset;
  offset += d * d;
  const alpha = offset++;
  const beta = offset++;
  return { inputDim: d, hidden: [...hidden], W1, b1, layers, qOut, A, alpha, beta, size: offset };
}
