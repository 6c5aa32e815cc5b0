import { strongWolfe } from "./line-search.js";

/**
 * Limited-memory BFGS (Nocedal & Wright Algorithm 7.4, two-loop recursion) over one flat parameter
 * vector, with a strong-Wolfe line search. The stopping tests are RELATIVE (docs/theory.md, section "The training trap of the quadratic term"): the
 * training loss is small in absolute terms (1e-3 … 1e-6), and absolute tolerances make L-BFGS stop
 * at once. The state (the (s, y) pairs) is exposed so a checkpoint can resume it exactly.
 */

/** f(x), with ∇f(x) written into `grad` */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  /** number of (s, y) pairs kept; default 10 */
  memory?: number;
  /** Armijo constant; default 1e-4 */
  c1?: number;
  /** curvature constant; default 0.9 */
  c2?: number;
  /** function evaluations allowed per line search; default 25 */
  maxLineSearch?: number;
  /** converged when ‖g‖∞ ≤ gradTol · ‖g₀‖∞ (relative to the first gradient); default 1e-10 */
  gradTol?: number;
  /** converged when |f_prev − f| ≤ changeTol · max(|f_prev|, |f|); default 1e-13 */
  changeTol?: number;
}

export type LbfgsStatus = "ok" | "converged" | "reset" | "failed";

export interface LbfgsState {
  s: Float64Array;
  y: Float64Array;
  rho: Float64Array;
  count: number;
  head: number;
  firstGradNorm: number;
}

export class Lbfgs {
  readonly memory: number;
  readonly options: Required<LbfgsOptions>;
  private s: Float64Array;
  private y: Float64Array;
  private rho: Float64Array;
  private count = 0;
  private head = 0;
  private firstGradNorm = 0;
  private readonly dir: Float64Array;
  private readonly xt: Float64Array;
  private readonly gt: Float64Array;
  private readonly coef: Float64Array;

  constructor(
    readonly size: number,
    options: LbfgsOptions = {},
  ) {
    this.options = {
      memory: 10,
      c1: 1e-4,
      c2: 0.9,
      maxLineSearch: 25,
      gradTol: 1e-10,
      changeTol: 1e-13,
      ...options,
    };
    this.memory = this.options.memory;
    this.s = new Float64Array(this.memory * size);
    this.y = new Float64Array(this.memory * size);
    this.rho = new Float64Array(this.memory);
    this.dir = new Float64Array(size);
    this.xt = new Float64Array(size);
    this.gt = new Float64Array(size);
    this.coef = new Float64Array(this.memory);
  }

  /** forgets the curvature pairs (after a failed line search or a rolled-back step) */
  reset(): void {
    this.count = 0;
    this.head = 0;
  }

  /**
   * One iteration from x, where f and g = ∇f(x) are already known. On success x and g are
   * updated in place and the new f is returned with the status.
   */
  iterate(
    x: Float64Array,
    f: number,
    g: Float64Array,
    objective: Objective,
  ): { value: number; status: LbfgsStatus; evaluations: number } {
    const n = this.size;
    const gNorm = maxAbs(g);
    if (this.firstGradNorm === 0) this.firstGradNorm = gNorm;
    if (gNorm === 0 || gNorm <= this.options.gradTol * this.firstGradNorm) {
      return { value: f, status: "converged", evaluations: 0 };
    }
    this.direction(g);
    const d = this.dir;
    let slope = dot(d, g);
    if (!(slope < 0)) {
      // not a descent direction (should not happen with positive curvature pairs): steepest descent
      this.reset();
      for (let i = 0; i < n; i++) d[i] = -g[i];
      slope = dot(d, g);
    }
    const alpha0 = this.count === 0 ? Math.min(1, 1 / Math.max(gNorm, 1e-300)) : 1;
    const { xt, gt } = this;
    const phi = (alpha: number, out: { value: number; slope: number }): void => {
      for (let i = 0; i < n; i++) xt[i] = x[i] + alpha * d[i];
      out.value = objective(xt, gt);
      out.slope = dot(gt, d);
    };
    const ls = strongWolfe(phi, f, slope, alpha0, {
      c1: this.options.c1,
      c2: this.options.c2,
      maxEvaluations: this.options.maxLineSearch,
    });
    let evaluations = ls.evaluations;
    if (ls.alpha === 0) {
      // no decrease along d
      const hadMemory = this.count > 0;
      this.reset();
      return { value: f, status: hadMemory ? "reset" : "failed", evaluations };
    }
    if (!ls.lastEvaluated) {
      phi(ls.alpha, { value: 0, slope: 0 });
      evaluations++;
    }
    const value = ls.value;
    // curvature pair s = xt − x, y = gt − g; kept only when sᵀy > 0 (keeps H positive definite)
    const off = this.head * n;
    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const si = xt[i] - x[i];
      const yi = gt[i] - g[i];
      this.s[off + i] = si;
      this.y[off + i] = yi;
      sy += si * yi;
      yy += yi * yi;
    }
    if (sy > 1e-12 * yy && sy > 0) {
      this.rho[this.head] = 1 / sy;
      this.head = (this.head + 1) % this.memory;
      this.count = Math.min(this.count + 1, this.memory);
    }
    x.set(xt);
    g.set(gt);
    const change = Math.abs(f - value);
    const converged =
      change <= this.options.changeTol * Math.max(Math.abs(f), Math.abs(value)) ||
      maxAbs(g) <= this.options.gradTol * this.firstGradNorm;
    return { value, status: converged ? "converged" : "ok", evaluations };
  }

  /** d = −H g by the two-loop recursion */
  private direction(g: Float64Array): void {
    const n = this.size;
    const { s, y, rho, dir, coef, memory } = this;
    for (let i = 0; i < n; i++) dir[i] = -g[i];
    if (this.count === 0) return;
    for (let k = 0; k < this.count; k++) {
      const j = (this.head - 1 - k + memory) % memory;
      const off = j * n;
      let a = 0;
      for (let i = 0; i < n; i++) a += s[off + i] * dir[i];
      a *= rho[j];
      coef[j] = a;
      for (let i = 0; i < n; i++) dir[i] -= a * y[off + i];
    }
    // H0 = γ I with γ = sᵀy / yᵀy of the newest pair
    const newest = (this.head - 1 + memory) % memory;
    let yy = 0;
    for (let i = 0, off = newest * n; i < n; i++) yy += y[off + i] * y[off + i];
    const gamma = 1 / (rho[newest] * yy);
    for (let i = 0; i < n; i++) dir[i] *= gamma;
    for (let k = this.count - 1; k >= 0; k--) {
      const j = (this.head - 1 - k + memory) % memory;
      const off = j * n;
      let b = 0;
      for (let i = 0; i < n; i++) b += y[off + i] * dir[i];
      b *= rho[j];
      const c = coef[j] - b;
      for (let i = 0; i < n; i++) dir[i] += c * s[off + i];
    }
  }

  get state(): LbfgsState {
    return {
      s: this.s.slice(),
      y: this.y.slice(),
      rho: this.rho.slice(),
      count: this.count,
      head: this.head,
      firstGradNorm: this.firstGradNorm,
    };
  }

  set state(st: LbfgsState) {
    if (st.s.length !== this.s.length) {
      throw new RangeError(`L-BFGS state has ${st.s.length} entries, expected ${this.s.length}`);
    }
    this.s = Float64Array.from(st.s);
    this.y = Float64Array.from(st.y);
    this.rho = Float64Array.from(st.rho);
    this.count = st.count;
    this.head = st.head;
    this.firstGradNorm = st.firstGradNorm;
  }
}

/** Minimises f from x0 (copied) for at most maxIterations L-BFGS iterations. */
export function minimizeLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions & { maxIterations?: number } = {},
): { x: Float64Array; value: number; iterations: number; evaluations: number; status: LbfgsStatus } {
  const x = Float64Array.from(x0);
  const g = new Float64Array(x.length);
  let value = objective(x, g);
  let evaluations = 1;
  const opt = new Lbfgs(x.length, options);
  const maxIterations = options.maxIterations ?? 1000;
  let status: LbfgsStatus = "ok";
  let iterations = 0;
  while (iterations < maxIterations) {
    const r = opt.iterate(x, value, g, objective);
    evaluations += r.evaluations;
    value = r.value;
    status = r.status;
    if (status === "converged" || status === "failed") break;
    iterations++;
  }
  return { x, value, iterations, evaluations, status };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}
