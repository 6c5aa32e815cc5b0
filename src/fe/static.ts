import type { Material } from "../core/material.js";
import { UserError } from "../util/errors.js";
import { DofMap, type Support } from "./dofs.js";
import { MembraneElements } from "./membrane.js";
import type { Mesh } from "./mesh.js";
import { addPressureStiffness, pressureForce } from "./pressure.js";
import { NonPositivePivotError, type SkylineMatrix } from "./skyline.js";

/**
 * Static analysis: load steps, Newton–Raphson with the consistent tangent, follower pressure,
 * prescribed displacements, the skyline LDLᵀ solver.
 *
 * Follower pressure and symmetry: the load stiffness of a pressure is not symmetric element by
 * element, but it is symmetric once summed over a closed surface or one whose rim is held (fixed,
 * or sliding in planes normal to the surface, as the tube's end rings in `inflate`): the pressure
 * is then conservative. The solver therefore assembles the symmetric part (K + Kᵀ)/2 and uses the
 * symmetric LDLᵀ. Where that assumption fails (an open pressurised surface with a free rim), the
 * tangent is no longer exactly consistent and Newton drops from quadratic to linear convergence —
 * the residual log shows it. A regression network's non-symmetric Jacobian is symmetrised the
 * same way (it has no potential, so no symmetric consistent tangent exists).
 */
export interface StaticProblem {
  mesh: Mesh;
  material: Material;
  /** reference thickness (1 for laws per unit width, the default) */
  thickness?: number;
  supports: Support[];
  /** optional node frames for skew supports (3×3 row-major, columns = local axes) */
  frames?: Map<number, Float64Array>;
  /** follower pressure at load factor 1, on the given elements (all when omitted) */
  pressure?: { value: number; elements?: Int32Array };
}

export interface StaticOptions {
  /**
   * load steps; the load factor goes 1/steps, 2/steps, …, 1. When an increment fails (no
   * convergence, a non-positive pivot, a non-finite residual), it is retried from the last
   * converged state with half the increment, at most `cutbacks` times in a row (8 by default;
   * 0 = fail at once); after a success the increment grows back to 1/steps. Steps are numbered by
   * converged increments, and the log keeps the failed attempts.
   */
  steps?: number;
  cutbacks?: number;
  maxIterations?: number;
  /** converged when ‖r‖ ≤ tolerance · max(‖f_ext‖, ‖f_int‖) */
  tolerance?: number;
  /** initial displacement (nodes × 3), e.g. a prestretch; zero when omitted */
  initial?: Float64Array;
  /** called after each converged increment with the global displacement */
  onStep?: (step: number, loadFactor: number, u: Float64Array, model: StaticModel) => void;
}

/** One Newton iteration: the residual before the solve and the size of the correction. */
export interface NewtonRecord {
  step: number;
  loadFactor: number;
  iteration: number;
  residual: number;
  relativeResidual: number;
  correction: number;
}

export interface StaticResult {
  u: Float64Array;
  log: NewtonRecord[];
  model: StaticModel;
}

/** Raised when Newton fails; says at which step and iteration, and why. */
export class ConvergenceError extends UserError {
  constructor(
    message: string,
    readonly step: number,
    readonly iteration: number,
    readonly log: NewtonRecord[],
  ) {
    super(message);
  }
}

/** The assembled discrete problem: elements, dofs, the matrix profile and the work arrays. */
export class StaticModel {
  readonly elements: MembraneElements;
  readonly dofs: DofMap;
  readonly matrix: SkylineMatrix;
  readonly residual: Float64Array;
  readonly problem: StaticProblem;
  private readonly fe = new Float64Array(9);
  private readonly ke = new Float64Array(81);
  private readonly scratch = new Float64Array(54);
  private readonly x = new Float64Array(9);
  private readonly pressureElements: Int32Array | undefined;
  /**
   * scales of the last assembly: root-sum-square of the element pressure loads and of the element
   * internal forces (all dofs, before summation, so the internal scale does not vanish at
   * equilibrium or when all loads are reactions of prescribed displacements)
   */
  externalNorm = 0;
  internalNorm = 0;

  constructor(problem: StaticProblem) {
    const { mesh } = problem;
    this.problem = problem;
    this.elements = new MembraneElements(mesh, problem.material, problem.thickness ?? 1);
    this.dofs = new DofMap(
      mesh.nodes.length / 3,
      mesh.triangles,
      problem.supports,
      problem.frames,
      mesh.nodes,
    );
    this.matrix = this.dofs.createMatrix(mesh.triangles);
    this.residual = new Float64Array(this.dofs.equations);
    if (problem.pressure) {
      this.pressureElements = problem.pressure.elements;
      if (!this.pressureElements) {
        const all = new Int32Array(this.elements.elements);
        for (let e = 0; e < all.length; e++) all[e] = e;
        this.pressureElements = all;
      }
    }
  }

  /**
   * Assembles the residual r = f_ext − f_int (free equations) and, when asked, the tangent
   * K_int − ∂f_ext/∂u (symmetric part) at displacement u and load factor λ.
   */
  assemble(u: Float64Array, loadFactor: number, withTangent: boolean): void {
    const { elements: el, dofs, fe, ke, scratch, residual, matrix } = this;
    const tri = el.triangles;
    residual.fill(0);
    if (withTangent) matrix.zero();
    el.evaluate(u, withTangent, false);
    let internal = 0;
    for (let e = 0; e < el.elements; e++) {
      el.elementForce(e, fe);
      for (let k = 0; k < 9; k++) internal += fe[k] * fe[k];
      if (withTangent) el.elementTangent(e, ke, scratch);
      dofs.scatter(
        tri[3 * e],
        tri[3 * e + 1],
        tri[3 * e + 2],
        fe,
        -1,
        residual,
        withTangent ? ke : null,
        matrix,
      );
    }
    this.internalNorm = Math.sqrt(internal);
    let external = 0;
    if (this.pressureElements && this.problem.pressure) {
      const p = loadFactor * this.problem.pressure.value;
      const X = this.problem.mesh.nodes;
      const x = this.x;
      for (const e of this.pressureElements) {
        for (let a = 0; a < 3; a++) {
          const n = 3 * tri[3 * e + a];
          for (let c = 0; c < 3; c++) x[3 * a + c] = X[n + c] + u[n + c];
        }
        pressureForce(x, p, fe);
        for (let k = 0; k < 9; k++) external += fe[k] * fe[k];
        if (withTangent) {
          ke.fill(0);
          addPressureStiffness(x, p, -1, ke);
        }
        dofs.scatter(
          tri[3 * e],
          tri[3 * e + 1],
          tri[3 * e + 2],
          fe,
          1,
          residual,
          withTangent ? ke : null,
          matrix,
        );
      }
    }
    this.externalNorm = Math.sqrt(external);
  }
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Runs the load steps; throws ConvergenceError (a UserError) with step and iteration on failure. */
export function solveStatic(problem: StaticProblem, options: StaticOptions = {}): StaticResult {
  const steps = options.steps ?? 10;
  const maxCutbacks = options.cutbacks ?? 8;
  const model = new StaticModel(problem);
  const nn = problem.mesh.nodes.length / 3;
  const u = options.initial ? Float64Array.from(options.initial) : new Float64Array(nn * 3);
  const converged = Float64Array.from(u);
  const log: NewtonRecord[] = [];
  const nominal = 1 / steps;
  let increment = nominal;
  let reached = 0;
  let step = 1;
  let cuts = 0;
  while (reached < 1) {
    const loadFactor = 1 - reached <= increment * (1 + 1e-9) ? 1 : reached + increment;
    try {
      newtonIncrement(model, u, loadFactor, step, options, log);
    } catch (err) {
      if (!(err instanceof ConvergenceError) || cuts >= maxCutbacks) {
        if (err instanceof ConvergenceError && maxCutbacks > 0) {
          throw new ConvergenceError(
            `${err.message}; gave up after ${cuts} cuts of the load increment (down to ${increment.toPrecision(3)} of the full load)`,
            err.step,
            err.iteration,
            log,
          );
        }
        throw err;
      }
      // step cutting: back to the last converged state, half the load increment
      u.set(converged);
      increment /= 2;
      cuts++;
      continue;
    }
    converged.set(u);
    reached = loadFactor;
    options.onStep?.(step, loadFactor, u, model);
    step++;
    cuts = 0;
    increment = Math.min(nominal, 2 * increment);
  }
  return { u, log, model };
}

/** Newton iterations for one load increment, from the current u to load factor λ. */
function newtonIncrement(
  model: StaticModel,
  u: Float64Array,
  loadFactor: number,
  step: number,
  options: StaticOptions,
  log: NewtonRecord[],
): void {
  const maxIterations = options.maxIterations ?? 25;
  const tolerance = options.tolerance ?? 1e-10;
  const material = model.problem.material.name;
  const where = `load step ${step} (load factor ${loadFactor.toPrecision(3)})`;
  const du = new Float64Array(model.dofs.equations);
  model.dofs.applySupports(u, loadFactor);
  for (let iteration = 1; iteration <= maxIterations + 1; iteration++) {
    model.assemble(u, loadFactor, true);
    const r = norm(model.residual);
    const reference = Math.max(model.externalNorm, model.internalNorm, Number.MIN_VALUE);
    const record: NewtonRecord = {
      step,
      loadFactor,
      iteration,
      residual: r,
      relativeResidual: r / reference,
      correction: 0,
    };
    log.push(record);
    if (!Number.isFinite(r)) {
      throw new ConvergenceError(
        `Newton diverged in ${where}, iteration ${iteration}: the residual is not finite (material "${material}")`,
        step,
        iteration,
        log,
      );
    }
    if (r <= tolerance * reference) return;
    if (iteration > maxIterations) break;
    try {
      model.matrix.factor();
    } catch (err) {
      if (err instanceof NonPositivePivotError) {
        throw new ConvergenceError(
          `non-positive pivot (${err.pivot.toExponential(3)}) at equation ${err.equation} in ${where}, iteration ${iteration}: the tangent is not positive definite (instability, a missing support, or a material with a non-convex energy)`,
          step,
          iteration,
          log,
        );
      }
      throw err;
    }
    du.set(model.residual);
    model.matrix.solve(du);
    record.correction = norm(du);
    model.dofs.addIncrement(u, du);
  }
  const last = log[log.length - 1];
  throw new ConvergenceError(
    `Newton did not converge in ${where} after ${maxIterations} iterations: relative residual ${last.relativeResidual.toExponential(2)} > ${tolerance}`,
    step,
    maxIterations,
    log,
  );
}
