/**
 * Largest error of `actual` against `expected`, relative to the largest magnitude in the same
 * block (one point's stress vector, one point's tangent matrix, ...): |a − e| / max_block |e|.
 * Blocks whose expected values are all zero (e.g. the stress at zero strain) are compared
 * absolutely against `floor`.
 */
export function maxBlockRelativeError(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  block: number,
  floor = 1e-300,
): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let worst = 0;
  for (let start = 0; start < expected.length; start += block) {
    let scale = floor;
    for (let i = start; i < start + block; i++) scale = Math.max(scale, Math.abs(expected[i]));
    for (let i = start; i < start + block; i++) {
      const err = Math.abs(actual[i] - expected[i]) / scale;
      if (!(err <= worst)) worst = Number.isNaN(err) ? Number.POSITIVE_INFINITY : Math.max(worst, err);
    }
  }
  return worst;
}

/** Splits interleaved per-point records [a(na), b(nb), ...] into one array per field. */
export function splitRecords(values: Float64Array, n: number, sizes: number[]): Float64Array[] {
  const per = sizes.reduce((a, b) => a + b, 0);
  if (values.length !== n * per) throw new Error(`expected ${n * per} numbers, got ${values.length}`);
  const out = sizes.map((s) => new Float64Array(n * s));
  for (let p = 0; p < n; p++) {
    let o = p * per;
    sizes.forEach((s, f) => {
      out[f].set(values.subarray(o, o + s), p * s);
      o += s;
    });
  }
  return out;
}
