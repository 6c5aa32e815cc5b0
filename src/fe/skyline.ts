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
   */
  factor(): void {
    const { n, first, columnStart: cs, values: a } = this;
    for (let j = 0; j < n; j++) {
      const fj = first[j];
      const cj = cs[j] - fj; // a[i, j] = a[cj + i]
      const diagonal = a[cj + j];
      // g_ij = a_ij − Σ_k L_ki g_kj, for i in the active part of column j
      for (let i = fj + 1; i < j; i++) {
        const fi = first[i];
        const ci = cs[i] - fi;
        const m = Math.max(fi, fj);
        let sum = 0;
        for (let k = m; k < i; k++) sum += a[ci + k] * a[cj + k];
        a[cj + i] -= sum;
      }
      // L_ji = g_ij / d_i,  d_j = a_jj − Σ L_ji g_ij
      let d = diagonal;
      for (let i = fj; i < j; i++) {
        const g = a[cj + i];
        const l = g / a[cs[i + 1] - 1];
        a[cj + i] = l;
        d -= l * g;
      }
      if (!(d > 1e-13 * Math.abs(diagonal))) throw new NonPositivePivotError(j, d);
      a[cj + j] = d;
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
