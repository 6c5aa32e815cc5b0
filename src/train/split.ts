import { UserError } from "../util/errors.js";
import { Random } from "../util/random.js";

/** Row indices of the train / validation / test splits. */
export interface SplitIndices {
  train: Uint32Array;
  val: Uint32Array;
  test: Uint32Array;
}

/**
 * Seeded split of n rows: a Fisher–Yates permutation from `Random(seed)`, the first round(test·n)
 * rows are the test split, the next round(val·n) the validation split, the rest train. Each split is
 * returned in increasing row order, so the same seed gives the same split on every machine.
 */
export function splitIndices(
  n: number,
  fractions: { val: number; test: number; seed: number },
): SplitIndices {
  const { val, test, seed } = fractions;
  if (!(val >= 0 && test >= 0 && val + test < 1)) {
    throw new UserError(`--val and --test must be ≥ 0 with a sum below 1, got ${val} and ${test}`);
  }
  const nTest = Math.round(test * n);
  const nVal = Math.round(val * n);
  const nTrain = n - nTest - nVal;
  if (nTrain < 1) throw new UserError(`no training rows left: ${n} rows, ${nVal} validation, ${nTest} test`);
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  new Random(seed).shuffle(perm);
  return {
    test: perm.slice(0, nTest).sort(),
    val: perm.slice(nTest, nTest + nVal).sort(),
    train: perm.slice(nTest + nVal).sort(),
  };
}

/** Copies the given rows (each of `cols` values) into a new contiguous array. */
export function gatherRows(values: Float64Array, cols: number, rows: Uint32Array): Float64Array {
  const out = new Float64Array(rows.length * cols);
  gatherRowsInto(out, values, cols, rows, 0, rows.length);
  return out;
}

/**
 * Copies rows order[start], ..., order[start + count − 1] of `values` (cols per row) into the
 * first count rows of `out`: the mini-batch gather, in its own small function so that the JIT
 * keeps every index an int32 (inlined into the trainer's generator it ran at ~20 ns a value).
 */
export function gatherRowsInto(
  out: Float64Array,
  values: Float64Array,
  cols: number,
  order: Uint32Array,
  start: number,
  count: number,
): void {
  for (let i = 0; i < count; i++) {
    const src = order[start + i] * cols;
    const dst = i * cols;
    for (let k = 0; k < cols; k++) out[dst + k] = values[src + k];
  }
}

/** Population standard deviation per column (σ of the loss, docs/theory.md, section "The loss"), never zero. */
export function columnStd(values: Float64Array, rows: number, cols: number): Float64Array {
  const sigma = new Float64Array(cols);
  for (let k = 0; k < cols; k++) {
    let mean = 0;
    for (let i = 0; i < rows; i++) mean += values[i * cols + k];
    mean /= rows;
    let v = 0;
    for (let i = 0; i < rows; i++) v += (values[i * cols + k] - mean) ** 2;
    sigma[k] = Math.sqrt(v / rows);
  }
  return sigma;
}
