/**
 * Unknown stress components (a test that does not measure S22, say): a dataset may carry
 * `mask` (n × d, row-major, 1 = known, 0 = unknown); an unknown entry is NaN in `stress` and is
 * never read as a number. No mask means every entry is known. See docs/theory.md, section
 * "Unknown stress components".
 */

/** whether entry i (row-major index into stress) is known */
export function isKnown(mask: Uint8Array | undefined, i: number): boolean {
  return mask === undefined || mask[i] === 1;
}

/** the mask of a stress array whose unknown entries are NaN; undefined when every entry is known */
export function maskFromNaN(stress: Float64Array): Uint8Array | undefined {
  let unknown = false;
  for (let i = 0; i < stress.length; i++) {
    if (Number.isNaN(stress[i])) {
      unknown = true;
      break;
    }
  }
  if (!unknown) return undefined;
  return Uint8Array.from(stress, (v) => (Number.isNaN(v) ? 0 : 1));
}

/** the rows of a row-major mask (cols entries each), copied; undefined stays undefined */
export function gatherMaskRows(
  mask: Uint8Array | undefined,
  cols: number,
  rows: ArrayLike<number>,
): Uint8Array | undefined {
  if (mask === undefined) return undefined;
  const out = new Uint8Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const src = rows[i] * cols;
    for (let k = 0; k < cols; k++) out[i * cols + k] = mask[src + k];
  }
  return out;
}

/** known entries per column (n rows of d) */
export function knownCounts(mask: Uint8Array | undefined, n: number, d: number): number[] {
  const counts = new Array<number>(d).fill(mask === undefined ? n : 0);
  if (mask === undefined) return counts;
  for (let m = 0; m < n; m++) for (let k = 0; k < d; k++) counts[k] += mask[m * d + k];
  return counts;
}

/** Σ of the weights (the loss's denominator): n·d without a mask */
export function maskWeight(mask: Uint8Array | undefined, n: number, d: number): number {
  if (mask === undefined) return n * d;
  let w = 0;
  for (let i = 0; i < n * d; i++) w += mask[i];
  return w;
}
