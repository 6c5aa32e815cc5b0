import { parameterLayout } from "../core/layout.js";
import { familyOf } from "../model/families/index.js";
import type { Model } from "../model/types.js";

/**
 * The quadratic-term diagnostic of docs/theory.md, section "The training trap of the quadratic term". In the convex network N(x) = κ Ñ(D⁻¹x) the term
 * x'ᵀAᵀAx' adds a constant curvature everywhere, and the rest of the network can only add more
 * (it is convex). So the model's tangent in direction k can never fall below
 *     k_quad,k = κ · 2 (AᵀA)_kk / D_k²        (physical units)
 * If that floor exceeds the smallest tangent stiffness the data show in that direction, the model
 * cannot fit the soft region (the "quadratic-term trap": the shear locking curve of the fabric).
 */
export interface QuadraticTermDiagnostic {
  /** κ·2(AᵀA)_kk/D_k² per component, physical units */
  quadraticStiffness: number[];
  /** smallest tangent stiffness ∂s_k/∂x_k the data support, per component (NaN if unknown) */
  dataMinStiffness: number[];
  /** components where the floor exceeds what the data support (a positive data stiffness) */
  exceeds: boolean[];
  /**
   * components where the data themselves soften to a negative tangent stiffness: the data are not
   * convex in E there (e.g. neo-Hookean in compression, docs/theory.md, section "Reference laws convex in E"), so no convex model can follow
   * them, however it is trained
   */
  nonConvexData: boolean[];
  /** a one-line warning when any component exceeds (convex models only) */
  warning?: string;
}

export interface StiffnessOptions {
  /** number of neighbourhoods sampled; default 64 */
  anchors?: number;
  /** neighbours per local fit; default max(24, 8d) */
  neighbours?: number;
}

/**
 * Estimates the smallest tangent stiffness ∂s_k/∂x_k the data support, per component, from local
 * affine least-squares fits s ≈ c + C x over the nearest neighbours (in strain scaled per component
 * by max|x|) of deterministic anchor rows plus the row nearest zero strain. A fit counts for
 * component k only when x_k is not collinear with the other strains in that neighbourhood
 * (variance inflation below 10). Returns the 5th percentile over anchors (the minimum with fewer
 * than 20 usable anchors), so one noisy neighbourhood does not raise a false alarm.
 */
export function dataMinStiffness(
  strain: Float64Array,
  stress: Float64Array,
  n: number,
  d: number,
  options: StiffnessOptions = {},
): number[] {
  const K = Math.min(n, options.neighbours ?? Math.max(24, 8 * d));
  const result = new Array<number>(d).fill(Number.NaN);
  if (n < d + 2 || K < d + 2) return result;
  const scale = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < d; k++) scale[k] = Math.max(scale[k], Math.abs(strain[i * d + k]));
  }
  for (let k = 0; k < d; k++) if (!(scale[k] > 0)) scale[k] = 1;
  const nAnchors = Math.min(n, options.anchors ?? 64);
  const anchors: number[] = [];
  let nearest = 0;
  let nearestR = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let k = 0; k < d; k++) {
      const t = strain[i * d + k] / scale[k];
      r += t * t;
    }
    if (r < nearestR) {
      nearestR = r;
      nearest = i;
    }
  }
  anchors.push(nearest);
  for (let a = 0; a < nAnchors; a++) anchors.push(Math.floor(((a + 0.5) * n) / nAnchors));
  const dist = new Float64Array(n);
  const scratch = new Float64Array(n);
  const p = d + 1;
  const XtX = new Float64Array(p * p);
  const XtY = new Float64Array(p * d);
  const rows: number[] = [];
  const perComponent: number[][] = Array.from({ length: d }, () => []);
  for (const anchor of anchors) {
    scaledDistances(strain, n, d, anchor, scale, dist);
    scratch.set(dist);
    const threshold = kthSmallest(scratch, K - 1);
    collectRows(dist, n, threshold, K, rows);
    // normal equations of s = c + C x in coordinates centred at the anchor and scaled
    XtX.fill(0);
    XtY.fill(0);
    const z = new Float64Array(p);
    for (const i of rows) {
      z[0] = 1;
      for (let k = 0; k < d; k++) z[k + 1] = (strain[i * d + k] - strain[anchor * d + k]) / scale[k];
      for (let a = 0; a < p; a++) {
        for (let b = 0; b < p; b++) XtX[a * p + b] += z[a] * z[b];
        for (let k = 0; k < d; k++) XtY[a * d + k] += z[a] * stress[i * d + k];
      }
    }
    const inv = invertSymmetric(XtX, p);
    if (!inv) continue;
    for (let k = 0; k < d; k++) {
      // variance inflation of regressor k: (XᵀX)⁻¹_kk · Σ(z_k − mean)²
      let mean = 0;
      for (const i of rows) mean += (strain[i * d + k] - strain[anchor * d + k]) / scale[k];
      mean /= rows.length;
      let ss = 0;
      for (const i of rows) ss += ((strain[i * d + k] - strain[anchor * d + k]) / scale[k] - mean) ** 2;
      const vif = inv[(k + 1) * p + (k + 1)] * ss;
      if (!(vif < 10)) continue;
      let ckk = 0;
      for (let a = 0; a < p; a++) ckk += inv[(k + 1) * p + a] * XtY[a * d + k];
      perComponent[k].push(ckk / scale[k]);
    }
  }
  for (let k = 0; k < d; k++) {
    const v = perComponent[k].sort((a, b) => a - b);
    if (v.length === 0) continue;
    result[k] = v.length >= 20 ? v[Math.floor(0.05 * v.length)] : v[0];
  }
  return result;
}

/**
 * dist[i] = Σ_k ((x_ik − x_ak)/scale_k)², the squared scaled distance of every row i to row a. Its
 * own small function: inside dataMinStiffness, whose optimised code takes the JIT ~50 ms to build,
 * the loop ran interpreted for most of the diagnostic (~80 ms; now a few ms).
 */
function scaledDistances(
  strain: Float64Array,
  n: number,
  d: number,
  a: number,
  scale: Float64Array,
  dist: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let k = 0; k < d; k++) {
      const t = (strain[i * d + k] - strain[a * d + k]) / scale[k];
      r += t * t; // the same number as t ** 2, without a call to pow
    }
    dist[i] = r;
  }
}

/** rows ← the first (up to K) indices i with dist[i] ≤ threshold (a small function, as above) */
function collectRows(dist: Float64Array, n: number, threshold: number, K: number, rows: number[]): void {
  rows.length = 0;
  for (let i = 0; i < n && rows.length < K; i++) if (dist[i] <= threshold) rows.push(i);
}

/**
 * The k-th smallest (0-based) of `values`, which it reorders: Hoare's selection with a
 * median-of-three pivot, O(n) on average where a sort is O(n log n); the same number a sort would
 * put at index k (the diagnostic runs once per training, on every training row per anchor).
 */
export function kthSmallest(values: Float64Array, k: number): number {
  if (!(Number.isInteger(k) && k >= 0 && k < values.length)) {
    throw new RangeError(`k = ${k} is outside 0..${values.length - 1}`);
  }
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c)); // the median of the three
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    // [lo, j] ≤ pivot ≤ [i, hi], and every entry strictly between j and i equals the pivot
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

/** The diagnostic for a model with a quadratic term (kinds "miann" and "potential"); undefined otherwise. */
export function quadraticTermDiagnostic(
  model: Model,
  dataStiffness: number[],
): QuadraticTermDiagnostic | undefined {
  if (!familyOf(model.spec.kind).quadraticTerm) return undefined;
  const d = model.spec.inputDim;
  const layout = parameterLayout(d, model.spec.hidden);
  if (model.params.length !== layout.size) return undefined;
  const kappa = model.scaling.stressScale;
  const quadraticStiffness: number[] = [];
  const exceeds: boolean[] = [];
  const nonConvexData: boolean[] = [];
  for (let k = 0; k < d; k++) {
    let mkk = 0;
    for (let i = 0; i < d; i++) mkk += model.params[layout.A + i * d + k] ** 2;
    const D = model.scaling.strainScale[k];
    const q = (kappa * 2 * mkk) / (D * D);
    quadraticStiffness.push(q);
    const convex = model.spec.kind === "miann";
    const known = Number.isFinite(dataStiffness[k]);
    nonConvexData.push(convex && known && dataStiffness[k] <= 0);
    exceeds.push(convex && known && dataStiffness[k] > 0 && q > dataStiffness[k]);
  }
  const result: QuadraticTermDiagnostic = {
    quadraticStiffness,
    dataMinStiffness: [...dataStiffness],
    exceeds,
    nonConvexData,
  };
  const bad = exceeds.flatMap((e, k) => (e ? [k] : []));
  if (bad.length > 0) {
    const parts = bad.map(
      (k) =>
        `component ${k + 1}: ${formatStiffness(quadraticStiffness[k])} > ${formatStiffness(dataStiffness[k])}`,
    );
    result.warning =
      `the quadratic term's stiffness exceeds the smallest tangent stiffness in the data (${parts.join("; ")}); ` +
      "the convex model cannot be softer than this anywhere: train longer (--epochs) or on more data " +
      '(docs/theory.md, section "The training trap of the quadratic term")';
  }
  const soft = nonConvexData.flatMap((e, k) => (e ? [k + 1] : []));
  if (soft.length > 0) {
    const note =
      `the data soften to a negative tangent stiffness in component(s) ${soft.join(", ")}: the law behind ` +
      'them is not convex in E there (docs/theory.md, section "Reference laws convex in E"), so a convex ' +
      "model can follow them only on average";
    result.warning = result.warning ? `${result.warning}. Also: ${note}` : note;
  }
  return result;
}

function formatStiffness(v: number): string {
  return Number.isFinite(v) ? v.toPrecision(4) : String(v);
}

/** inverse of a small symmetric positive definite matrix by Gauss–Jordan; undefined if singular */
function invertSymmetric(a: Float64Array, p: number): Float64Array | undefined {
  const m = Float64Array.from(a);
  const inv = new Float64Array(p * p);
  for (let i = 0; i < p; i++) inv[i * p + i] = 1;
  let maxDiag = 0;
  for (let i = 0; i < p; i++) maxDiag = Math.max(maxDiag, Math.abs(a[i * p + i]));
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r * p + c]) > Math.abs(m[piv * p + c])) piv = r;
    const pv = m[piv * p + c];
    if (!(Math.abs(pv) > 1e-13 * maxDiag)) return undefined;
    if (piv !== c) {
      for (let j = 0; j < p; j++) {
        let t = m[c * p + j];
        m[c * p + j] = m[piv * p + j];
        m[piv * p + j] = t;
        t = inv[c * p + j];
        inv[c * p + j] = inv[piv * p + j];
        inv[piv * p + j] = t;
      }
    }
    for (let j = 0; j < p; j++) {
      m[c * p + j] /= pv;
      inv[c * p + j] /= pv;
    }
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = m[r * p + c];
      if (f === 0) continue;
      for (let j = 0; j < p; j++) {
        m[r * p + j] -= f * m[c * p + j];
        inv[r * p + j] -= f * inv[c * p + j];
      }
    }
  }
  return inv;
}
