/**
 * A line search satisfying the strong Wolfe conditions (Nocedal & Wright, Numerical Optimization,
 * 2nd ed., Algorithms 3.5 and 3.6, with safeguarded cubic interpolation in the zoom phase).
 * A non-finite trial value is treated as "too far" so a step into an overflow shrinks instead of
 * failing.
 */

/**
 * Evaluates φ(α) = f(x + α d) at the trial step α; returns φ(α) and φ'(α) = ∇f(x + α d)·d in `out`.
 * The caller keeps the trial point's gradient, so the accepted point is always the one evaluated
 * last.
 */
export type LineFunction = (alpha: number, out: { value: number; slope: number }) => void;

export interface LineSearchResult {
  /** accepted step, or the best Armijo step when `wolfe` is false, or 0 if none decreased φ */
  alpha: number;
  value: number;
  /** true when both strong Wolfe conditions hold at `alpha` */
  wolfe: boolean;
  /** whether `alpha` was the last point evaluated (otherwise the caller must re-evaluate it) */
  lastEvaluated: boolean;
  evaluations: number;
}

export interface LineSearchOptions {
  c1: number;
  c2: number;
  maxEvaluations: number;
  maxStep?: number;
}

export function strongWolfe(
  phi: LineFunction,
  value0: number,
  slope0: number,
  alphaInit: number,
  options: LineSearchOptions,
): LineSearchResult {
  const { c1, c2, maxEvaluations } = options;
  const maxStep = options.maxStep ?? 1e10;
  const p = { value: 0, slope: 0 };
  let evaluations = 0;
  let aPrev = 0;
  let fPrev = value0;
  let gPrev = slope0;
  let a = alphaInit;
  // best point satisfying sufficient decrease, the fallback when curvature is never met
  let bestA = 0;
  let bestF = value0;
  const armijo = (alpha: number, f: number): boolean => f <= value0 + c1 * alpha * slope0;

  const zoom = (
    lo: number,
    fLo: number,
    gLo: number,
    hi: number,
    fHi: number,
    gHi: number,
  ): LineSearchResult => {
    while (evaluations < maxEvaluations) {
      const width = hi - lo;
      let trial = cubicMinimum(lo, fLo, gLo, hi, fHi, gHi);
      const left = Math.min(lo, hi);
      const right = Math.max(lo, hi);
      const margin = 0.1 * (right - left);
      if (!Number.isFinite(trial) || trial < left + margin || trial > right - margin) {
        trial = lo + 0.5 * width;
      }
      if (Math.abs(width) <= 1e-14 * Math.max(1, Math.abs(lo))) break;
      phi(trial, p);
      evaluations++;
      const f = p.value;
      if (!Number.isFinite(f) || !armijo(trial, f) || f >= fLo) {
        hi = trial;
        fHi = f;
        gHi = p.slope;
        continue;
      }
      if (f < bestF) {
        bestF = f;
        bestA = trial;
      }
      if (Math.abs(p.slope) <= -c2 * slope0) {
        return { alpha: trial, value: f, wolfe: true, lastEvaluated: true, evaluations };
      }
      if (p.slope * (hi - lo) >= 0) {
        hi = lo;
        fHi = fLo;
        gHi = gLo;
      }
      lo = trial;
      fLo = f;
      gLo = p.slope;
    }
    return { alpha: bestA, value: bestF, wolfe: false, lastEvaluated: false, evaluations };
  };

  for (let i = 0; evaluations < maxEvaluations; i++) {
    phi(a, p);
    evaluations++;
    const f = p.value;
    if (!Number.isFinite(f) || !armijo(a, f) || (i > 0 && f >= fPrev)) {
      return zoom(aPrev, fPrev, gPrev, a, f, p.slope);
    }
    if (f < bestF) {
      bestF = f;
      bestA = a;
    }
    if (Math.abs(p.slope) <= -c2 * slope0) {
      return { alpha: a, value: f, wolfe: true, lastEvaluated: true, evaluations };
    }
    if (p.slope >= 0) return zoom(a, f, p.slope, aPrev, fPrev, gPrev);
    aPrev = a;
    fPrev = f;
    gPrev = p.slope;
    if (a >= maxStep) break;
    a = Math.min(maxStep, 2 * a);
  }
  return { alpha: bestA, value: bestF, wolfe: false, lastEvaluated: false, evaluations };
}

/** minimiser of the cubic through (a, fa, ga) and (b, fb, gb) (Nocedal & Wright eq. 3.59) */
function cubicMinimum(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  if (!Number.isFinite(fa) || !Number.isFinite(fb) || !Number.isFinite(ga) || !Number.isFinite(gb)) {
    return Number.NaN;
  }
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (disc < 0) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (gb + d2 - d1)) / (gb - ga + 2 * d2);
}
