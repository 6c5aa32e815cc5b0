/**
 * A symmetric sparse matrix in skyline (profile) storage and its in-place LDLᵀ factorisation —
 * the linear solver of the static analysis. Column j stores rows first[j]..j contiguously, so the
 * factorisation is a sequence of dense dot products over overlapping column segments (Bathe's
 * active-column method). Fill-in stays inside the profile; a bandwidth-reducing ordering (RCM,
 * src/fe/rcm.ts) keeps the profile small.
 */

/** Raised when a pivot is not positive: the matrix is not positive definite (or is singular). */
export class NonPositivePivotError extends Error {
  override readonly name = "NonPositivePivotError";
  constructor(
    readonly equation: number,
    readonly pivot: number,
  ) {
    super(`non-positive pivot ${pivot.toExponential(3)} at equation ${equation}`);
  }
}

export class SkylineMatrix {
  readonly n: number;
  /** first stored row of each column */
  readonly first: Int32Array;
  /** start of column j in `values`; column j holds rows first[j]..j, the diagonal last */
  readonly columnStart: Int32Array;
  readonly values: Float64Array;

  /** `first[j]` ≤ j is the smallest row index coupled to column j. */
  constructor(first: Int32Array) {
    this.n = first.length;
    this.first = first;
    this.columnStart = new Int32Array(this.n + 1);
    for (let j = 0; j < this.n; j++) {
      if (first[j] < 0 || first[j] > j)
        throw new RangeError(`skyline: bad first row ${first[j]} in column ${j}`);
      this.columnStart[j + 1] = this.columnStart[j] + (j - first[j] + 1);
    }
    this.values = new Float64Array(this.columnStart[this.n]);
  }

  /** number of stored entries (the profile) */
  get profile(): number {
    return this.values.length;
  }

  zero(): void {
    this.values.fill(0);
  }

  /** Adds v to entry (i, j) of the upper triangle (i ≤ j); (i, j) must lie inside the profile. */
  add(i: number, j: number, v: number): void {
    this.values[this.columnStart[j] + i - this.first[j]] += v;
  }

  get(i: number, j: number): number {
    if (i > j) [i, j] = [j, i];
    if (i < this.first[j]) return 0;
    return this.values[this.columnStart[j] + i - this.first[j]];
  }

  /**
   * In-place LDLᵀ: afterwards column j holds L_ji (i < j) and d_j on the diagonal. Throws
   * NonPositivePivotError when some d_j ≤ 1e-13·|a_jj| (not positive definite, or singular).
   *
   * Active-column (left-looking) method: for each column j, g_ij = a_ij − Σ_k L_ki g_kj for the
   * rows i of its profile, then L_ji = g_ij / d_i and d_j = a_jj − Σ_i L_ji g_ij. Columns are taken
   * in groups of three with the same first row (the x, y, z dofs of one node), so the inner
   * products of a 3-column source group against a 3-column target group share their loads (a 3×3
   * register block): the same arithmetic, about three times less memory traffic.
   */
  factor(): void {
    const { n, first, columnStart: cs, values: a } = this;
    const groupStart: number[] = [];
    for (let j = 0; j < n; j++) {
      const s = groupStart[groupStart.length - 1];
      if (groupStart.length === 0 || first[j] !== first[s] || j - s >= 3) groupStart.push(j);
    }
    groupStart.push(n);
    const groupEnd = new Int32Array(n); // end of the group containing column j
    for (let g = 0; g + 1 < groupStart.length; g++) {
      for (let j = groupStart[g]; j < groupStart[g + 1]; j++) groupEnd[j] = groupStart[g + 1];
    }
    const diagonal = new Float64Array(3);
    for (let g = 0; g + 1 < groupStart.length; g++) {
      const j0 = groupStart[g];
      const j1 = groupStart[g + 1];
      const fj = first[j0];
      for (let j = j0; j < j1; j++) diagonal[j - j0] = a[cs[j + 1] - 1];
      // rows below the group: source columns i in [fj, j0)
      let i = fj;
      while (i < j0) {
        const i1 = groupEnd[i];
        const fi = first[i];
        if (j1 - j0 === 3 && i1 - i === 3 && first[i1 - 1] === fi && (i === 0 || groupEnd[i - 1] !== i1)) {
          block3x3(a, cs, first, i, j0, Math.max(fi, fj));
          i = i1;
          continue;
        }
        for (; i < Math.min(i1, j0); i++) {
          const ci = cs[i] - first[i];
          const m = Math.max(first[i], fj);
          for (let j = j0; j < j1; j++) {
            const cj = cs[j] - fj;
            a[cj + i] -= dot(a, ci + m, cj + m, i - m);
          }
        }
      }
      // inside the group, column by column: the remaining rows, then the division and the pivot
      for (let j = j0; j < j1; j++) {
        const cj = cs[j] - fj;
        for (let r = j0; r < j; r++) {
          const cr = cs[r] - fj;
          a[cj + r] -= dot(a, cr + fj, cj + fj, r - fj);
        }
        let d = a[cj + j];
        for (let r = fj; r < j; r++) {
          const gr = a[cj + r];
          const l = gr / a[cs[r + 1] - 1];
          a[cj + r] = l;
          d -= l * gr;
        }
        if (!(d > 1e-13 * Math.abs(diagonal[j - j0]))) throw new NonPositivePivotError(j, d);
        a[cj + j] = d;
      }
    }
  }

  /** Solves (L D Lᵀ) x = b in place, after factor(). */
  solve(b: Float64Array): void {
    const { n, first, columnStart: cs, values: a } = this;
    for (let j = 0; j < n; j++) {
      const cj = cs[j] - first[j];
      let s = b[j];
      for (let k = first[j]; k < j; k++) s -= a[cj + k] * b[k];
      b[j] = s;
    }
    for (let j = 0; j < n; j++) b[j] /= a[cs[j + 1] - 1];
    for (let j = n - 1; j >= 0; j--) {
      const cj = cs[j] - first[j];
      const x = b[j];
      for (let k = first[j]; k < j; k++) b[k] -= a[cj + k] * x;
    }
  }
}

/** Σ_k a[p + k] a[q + k] for k < n, four independent partial sums (the factorisation's inner loop). */
function dot(a: Float64Array, p: number, q: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += a[p + k] * a[q + k];
    s1 += a[p + k + 1] * a[q + k + 1];
    s2 += a[p + k + 2] * a[q + k + 2];
    s3 += a[p + k + 3] * a[q + k + 3];
  }
  for (; k < n; k++) s0 += a[p + k] * a[q + k];
  return s0 + s1 + (s2 + s3);
}

/**
 * g_{i,j} −= Σ_k L_{k,i} g_{k,j} for the 3 source columns i0..i0+2 and the 3 target columns
 * j0..j0+2, k from m to i0 − 1 shared, then the triangle inside the source group (k = i0, i0 + 1).
 */
function block3x3(
  a: Float64Array,
  cs: Int32Array,
  first: Int32Array,
  i0: number,
  j0: number,
  m: number,
): void {
  const ci0 = cs[i0] - first[i0];
  const ci1 = cs[i0 + 1] - first[i0 + 1];
  const ci2 = cs[i0 + 2] - first[i0 + 2];
  const cj0 = cs[j0] - first[j0];
  const cj1 = cs[j0 + 1] - first[j0 + 1];
  const cj2 = cs[j0 + 2] - first[j0 + 2];
  let s00 = 0;
  let s01 = 0;
  let s02 = 0;
  let s10 = 0;
  let s11 = 0;
  let s12 = 0;
  let s20 = 0;
  let s21 = 0;
  let s22 = 0;
  for (let k = m; k < i0; k++) {
    const l0 = a[ci0 + k];
    const l1 = a[ci1 + k];
    const l2 = a[ci2 + k];
    const g0 = a[cj0 + k];
    const g1 = a[cj1 + k];
    const g2 = a[cj2 + k];
    s00 += l0 * g0;
    s01 += l0 * g1;
    s02 += l0 * g2;
    s10 += l1 * g0;
    s11 += l1 * g1;
    s12 += l1 * g2;
    s20 += l2 * g0;
    s21 += l2 * g1;
    s22 += l2 * g2;
  }
  const l10 = a[ci1 + i0];
  const l20 = a[ci2 + i0];
  const l21 = a[ci2 + i0 + 1];
  sourceTriangle(a, cj0 + i0, s00, s10, s20, l10, l20, l21);
  sourceTriangle(a, cj1 + i0, s01, s11, s21, l10, l20, l21);
  sourceTriangle(a, cj2 + i0, s02, s12, s22, l10, l20, l21);
}

/** Rows i0, i0+1, i0+2 of one target column (at offset p): subtract the shared sums, then the triangle. */
function sourceTriangle(
  a: Float64Array,
  p: number,
  s0: number,
  s1: number,
  s2: number,
  l10: number,
  l20: number,
  l21: number,
): void {
  const g = a[p] - s0;
  a[p] = g;
  const h = a[p + 1] - s1 - l10 * g;
  a[p + 1] = h;
  a[p + 2] -= s2 + l20 * g + l21 * h;
}
