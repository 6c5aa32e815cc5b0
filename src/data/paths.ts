/**
 * Loading paths in strain space (Voigt, engineering shear; docs/theory.md, section "Conventions"), for d = 3 (membrane,
 * axes 0 and 1 in-plane) and d = 6 (solid). Each strain-controlled path returns n × d strains, one
 * row per amplitude. The stress-controlled and mixed paths solve s(x) = target by Newton with the
 * material's tangent. The random walk follows As'ad & Farhat's 2023 follow-up: Gaussian steps in
 * strain space, rejecting states with min eig(2E + I) ≤ a margin (not a real deformation).
 */
import type { Material } from "../core/material.js";
import { UserError } from "../util/errors.js";
import type { Random } from "../util/random.js";
import { minEigenvalueOfC } from "./measures.js";

/** index of the engineering shear component in the (i, j) plane */
export function shearIndex(dim: number, i: number, j: number): number {
  checkDim(dim);
  const [a, b] = i < j ? [i, j] : [j, i];
  if (dim === 3) {
    if (a !== 0 || b !== 1) throw new RangeError("a membrane has only the 1-2 shear plane");
    return 2;
  }
  if (a === b || b > 2 || a < 0) throw new RangeError(`no shear component in plane (${i}, ${j})`);
  return a === 1 ? 3 : b === 2 ? 4 : 5;
}

function checkDim(dim: number): void {
  if (dim !== 3 && dim !== 6) throw new RangeError(`loading paths need d = 3 or 6, got ${dim}`);
}

function checkAxis(dim: number, axis: number): void {
  if (!(Number.isInteger(axis) && axis >= 0 && axis < (dim === 3 ? 2 : 3))) {
    throw new RangeError(`axis ${axis} is not a normal axis for d = ${dim}`);
  }
}

/** uniaxial strain: E_aa = amplitude, every other component 0 */
export function uniaxialStrain(dim: number, amplitudes: ArrayLike<number>, axis = 0): Float64Array {
  checkDim(dim);
  checkAxis(dim, axis);
  const out = new Float64Array(amplitudes.length * dim);
  for (let p = 0; p < amplitudes.length; p++) out[p * dim + axis] = amplitudes[p];
  return out;
}

/** biaxial strain in the (i, j) plane: E_ii = a, E_jj = ratio·a, others 0 (ratio 1: equibiaxial) */
export function biaxialStrain(
  dim: number,
  amplitudes: ArrayLike<number>,
  ratio: number,
  i = 0,
  j = 1,
): Float64Array {
  checkDim(dim);
  checkAxis(dim, i);
  checkAxis(dim, j);
  const out = new Float64Array(amplitudes.length * dim);
  for (let p = 0; p < amplitudes.length; p++) {
    out[p * dim + i] = amplitudes[p];
    out[p * dim + j] = ratio * amplitudes[p];
  }
  return out;
}

/** equibiaxial strain in the 1-2 plane: E11 = E22 = a */
export function equibiaxialStrain(dim: number, amplitudes: ArrayLike<number>): Float64Array {
  return biaxialStrain(dim, amplitudes, 1);
}

/**
 * pure shear (planar extension, volume-preserving in the plane): F = diag(λ, 1/λ) in the (i, j)
 * plane with λ² = 1 + 2a, so E_ii = a and E_jj = (1/(1 + 2a) − 1)/2; needs a > −½
 */
export function pureShearStrain(dim: number, amplitudes: ArrayLike<number>, i = 0, j = 1): Float64Array {
  checkDim(dim);
  checkAxis(dim, i);
  checkAxis(dim, j);
  const out = new Float64Array(amplitudes.length * dim);
  for (let p = 0; p < amplitudes.length; p++) {
    const a = amplitudes[p];
    out[p * dim + i] = a;
    out[p * dim + j] = 0.5 * (1 / (1 + 2 * a) - 1);
  }
  return out;
}

/**
 * simple shear F = I + k e_i⊗e_j: engineering shear 2E_ij = k and E_jj = k²/2 (exact Green–Lagrange
 * strain, not the small-strain one)
 */
export function simpleShearStrain(dim: number, amounts: ArrayLike<number>, i = 0, j = 1): Float64Array {
  const g = shearIndex(dim, i, j);
  checkAxis(dim, j);
  const out = new Float64Array(amounts.length * dim);
  for (let p = 0; p < amounts.length; p++) {
    const k = amounts[p];
    out[p * dim + g] = k;
    out[p * dim + j] = 0.5 * k * k;
  }
  return out;
}

export interface MixedSolveOptions {
  /**
   * converged when max |s_k − target_k| over the stress-controlled k ≤ tolerance·max(1, max |target|,
   * max |s|) (default 1e-12)
   */
  tolerance?: number;
  maxIterations?: number;
}

/**
 * Mixed control at one point: the components with `strainControlled[k]` take x_k = value[k]; the
 * others are solved so that s_k(x) = value[k] (a stress target), by Newton with the material tangent
 * restricted to the free components, from `start`, with step halving when the residual grows or the
 * material returns NaN (an inadmissible strain). Returns the strain (d) and stress (d). UserError
 * when Newton does not converge (a singular tangent, e.g. SVK under strong compression).
 */
export function solveMixedControl(
  material: Material,
  strainControlled: readonly boolean[],
  value: ArrayLike<number>,
  start: ArrayLike<number>,
  options: MixedSolveOptions = {},
): { strain: Float64Array; stress: Float64Array; iterations: number } {
  const d = material.dim;
  const tol = options.tolerance ?? 1e-12;
  const maxIt = options.maxIterations ?? 100;
  const free: number[] = [];
  for (let k = 0; k < d; k++) if (!strainControlled[k]) free.push(k);
  const x = Float64Array.from(start);
  for (let k = 0; k < d; k++) if (strainControlled[k]) x[k] = value[k];
  const s = new Float64Array(d);
  const t = new Float64Array(d * d);
  const trial = new Float64Array(d);
  const sTrial = new Float64Array(d);
  let scale = 1;
  for (const k of free) scale = Math.max(scale, Math.abs(value[k]));
  const residualNorm = (stress: Float64Array): number => {
    let r = 0;
    for (const k of free) r = Math.max(r, Math.abs(stress[k] - value[k]));
    return r;
  };
  material.evaluate(x, 1, { stress: s, tangent: t });
  // the tolerance is relative to the largest stress in play (targets or the current stress)
  for (let k = 0; k < d; k++) if (Number.isFinite(s[k])) scale = Math.max(scale, Math.abs(s[k]));
  let r = residualNorm(s);
  if (!Number.isFinite(r)) throw new UserError(`${material.name}: the starting strain is not admissible`);
  const m = free.length;
  const A = new Float64Array(m * m);
  const b = new Float64Array(m);
  for (let it = 0; it <= maxIt; it++) {
    if (r <= tol * scale) return { strain: x, stress: s, iterations: it };
    for (let a = 0; a < m; a++) {
      b[a] = value[free[a]] - s[free[a]];
      for (let c = 0; c < m; c++) A[a * m + c] = t[free[a] * d + free[c]];
    }
    if (!solveDense(A, b, m)) break;
    // a correction at the rounding level of the strain: converged as far as float64 allows
    let stepSize = 0;
    for (let a = 0; a < m; a++) stepSize = Math.max(stepSize, Math.abs(b[a]));
    if (stepSize <= 1e-14) return { strain: x, stress: s, iterations: it };
    let step = 1;
    let accepted = false;
    for (let halving = 0; halving < 40; halving++) {
      trial.set(x);
      for (let a = 0; a < m; a++) trial[free[a]] += step * b[a];
      material.evaluate(trial, 1, { stress: sTrial });
      const rt = residualNorm(sTrial);
      if (Number.isFinite(rt) && (rt < r || (step === 1 && rt <= 4 * tol * scale))) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    x.set(trial);
    material.evaluate(x, 1, { stress: s, tangent: t });
    for (let k = 0; k < d; k++) scale = Math.max(scale, Math.abs(s[k]));
    r = residualNorm(s);
  }
  if (r <= tol * scale) return { strain: x, stress: s, iterations: maxIt };
  throw new UserError(
    `${material.name}: Newton did not reach the target stress (residual ${r.toExponential(3)}); ` +
      "the tangent is singular or the target lies beyond what the law can carry",
  );
}

/** Gaussian elimination with partial pivoting; solves A y = b in place (y in b); false if singular */
function solveDense(A: Float64Array, b: Float64Array, n: number): boolean {
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[p * n + c])) p = r;
    const pivot = A[p * n + c];
    if (!(Math.abs(pivot) > 0) || !Number.isFinite(pivot)) return false;
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const tmp = A[c * n + k];
        A[c * n + k] = A[p * n + k];
        A[p * n + k] = tmp;
      }
      const tb = b[c];
      b[c] = b[p];
      b[p] = tb;
    }
    for (let r = c + 1; r < n; r++) {
      const f = A[r * n + c] / pivot;
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let v = b[c];
    for (let k = c + 1; k < n; k++) v -= A[c * n + k] * b[k];
    b[c] = v / A[c * n + c];
  }
  return true;
}

/**
 * Uniaxial stress with free lateral edges: S_aa = target, every other stress component 0 (all d
 * strain components are unknowns), solved by Newton from the previous point (continuation; pass
 * targets in loading order). Returns n × d strains and stresses.
 */
export function uniaxialStress(
  material: Material,
  targets: ArrayLike<number>,
  axis = 0,
  options?: MixedSolveOptions,
): { strain: Float64Array; stress: Float64Array } {
  const d = material.dim;
  checkDim(d);
  checkAxis(d, axis);
  const control = new Array<boolean>(d).fill(false);
  return followPath(material, control, targets, axis, options);
}

/**
 * Uniaxial tension/compression with free lateral edges, strain-controlled along the axis: E_aa =
 * amplitude, every other stress component 0 (the usual tensile test). Returns n × d strains and
 * stresses.
 */
export function uniaxialTension(
  material: Material,
  amplitudes: ArrayLike<number>,
  axis = 0,
  options?: MixedSolveOptions,
): { strain: Float64Array; stress: Float64Array } {
  const d = material.dim;
  checkDim(d);
  checkAxis(d, axis);
  const control = new Array<boolean>(d).fill(false);
  control[axis] = true;
  return followPath(material, control, amplitudes, axis, options);
}

function followPath(
  material: Material,
  control: boolean[],
  values: ArrayLike<number>,
  axis: number,
  options?: MixedSolveOptions,
): { strain: Float64Array; stress: Float64Array } {
  const d = material.dim;
  const n = values.length;
  const strain = new Float64Array(n * d);
  const stress = new Float64Array(n * d);
  const value = new Float64Array(d);
  let start: Float64Array = new Float64Array(d);
  for (let p = 0; p < n; p++) {
    value[axis] = values[p];
    const sol = solveMixedControl(material, control, value, start, options);
    strain.set(sol.strain, p * d);
    stress.set(sol.stress, p * d);
    start = sol.strain;
  }
  return { strain, stress };
}

export interface RandomWalkOptions {
  rng: Random;
  /** standard deviation of a step, per component (d numbers) */
  step: ArrayLike<number>;
  /** |x_k| ≤ limit_k for every state, per component (d numbers) */
  limit: ArrayLike<number>;
  /** reject states with min eig(2E + I) ≤ this margin (default 0.05); ignored unless d is 3 or 6 */
  minEigenvalue?: number;
  /** restart from zero after this many accepted steps (default: never) */
  restartEvery?: number;
}

/**
 * A random walk in strain space from zero: each step adds step_k·N(0, 1) to every component and is
 * rejected (the walk stays put and draws again) when it leaves the box |x_k| ≤ limit_k or reaches an
 * inadmissible state. Returns the n accepted states (n × d).
 */
export function randomWalkStrain(dim: number, n: number, options: RandomWalkOptions): Float64Array {
  const { rng, step, limit } = options;
  const margin = options.minEigenvalue ?? 0.05;
  const restart = options.restartEvery ?? Number.POSITIVE_INFINITY;
  const out = new Float64Array(n * dim);
  const x = new Float64Array(dim);
  const y = new Float64Array(dim);
  const tensorial = dim === 3 || dim === 6;
  let sinceRestart = 0;
  let rejected = 0;
  for (let p = 0; p < n; ) {
    for (let k = 0; k < dim; k++) y[k] = x[k] + step[k] * rng.normal();
    let ok = true;
    for (let k = 0; k < dim && ok; k++) ok = Math.abs(y[k]) <= limit[k];
    if (ok && tensorial) ok = minEigenvalueOfC(y) > margin;
    if (!ok) {
      if (++rejected > 1000) {
        x.fill(0); // stuck in a corner: start again from the origin
        rejected = 0;
      }
      continue;
    }
    rejected = 0;
    x.set(y);
    out.set(x, p * dim);
    p++;
    if (++sinceRestart >= restart) {
      x.fill(0);
      sinceRestart = 0;
    }
  }
  return out;
}
