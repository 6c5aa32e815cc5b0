import { join } from "node:path";
import type { Material } from "../../core/material.js";
import { UserError } from "../../util/errors.js";
import type { Support } from "../dofs.js";
import { tubeMesh } from "../mesh.js";
import { writeSeriesCsv } from "../series.js";
import { ConvergenceError, type NewtonRecord, type StaticModel, solveStatic } from "../static.js";
import { tubeEquilibrium } from "../tube-1d.js";
import { writePvd, writeVtu } from "../vtk.js";

/**
 * `inflate`: a membrane tube under increasing internal follower pressure, static Newton.
 *
 * The tube is a regular prism of `around` flat facets whose mid-facet radius (apothem) is R; the
 * hoop (warp) direction runs around it. Both end rings are skew-supported (node frames: hoop and
 * axial components fixed, radial free), so the tube keeps its length and cannot twist or move
 * rigidly. For this discrete prism the exact equilibrium is the uniform state in which the
 * apothem a satisfies  t·S_θθ(½(λ² − 1), 0, 0) = p R,  λ = a/R  — the same scalar equation as
 * the continuous tube (src/fe/tube-1d.ts): each facet carries p·(facet width) and two hoop
 * tensions meet at every node at the polygon angle. So the FE radius (apothem) and hoop stress
 * must match the 1D solution to solver precision; nodes sit at a/cos(π/around).
 */
export interface InflateOptions {
  material: Material;
  /** the law the default pressure is taken from, and a second 1D comparison when different */
  reference?: Material;
  radius?: number;
  length?: number;
  around?: number;
  along?: number;
  steps?: number;
  /** final pressure; default: the reference law's 1D pressure for `hoopStrain` */
  pressure?: number;
  /** hoop Green–Lagrange strain the default pressure aims at (0.1) */
  hoopStrain?: number;
  thickness?: number;
  tolerance?: number;
  maxIterations?: number;
  /** step cuts allowed in a row when an increment fails (8; 0 = stop at the first failure) */
  cutbacks?: number;
  /** output folder; nothing written when omitted */
  out?: string;
}

export interface InflateStep {
  step: number;
  loadFactor: number;
  pressure: number;
  iterations: number;
  radius: number;
  hoopStress: number;
  /** spread of S_θθ over elements (max − min) */
  hoopSpread: number;
  exactRadius: number;
  exactHoopStress: number;
  referenceRadius: number;
  referenceHoopStress: number;
}

export interface InflateResult {
  converged: boolean;
  failure?: string;
  pressure: number;
  steps: InflateStep[];
  log: NewtonRecord[];
  /** max relative errors against the 1D solution of the same material */
  radiusError: number;
  hoopStressError: number;
  /** max relative errors against the 1D solution of the reference law */
  referenceRadiusError: number;
  referenceHoopStressError: number;
  /** load increments that failed and were retried with half the increment */
  cutbacks: number;
  elements: number;
  files: string[];
}

function hoopFrame(x: number, y: number): Float64Array {
  const r = Math.hypot(x, y);
  const cx = x / r;
  const sy = y / r;
  // columns: radial, hoop, axial
  return Float64Array.from([cx, -sy, 0, sy, cx, 0, 0, 0, 1]);
}

export function runInflate(options: InflateOptions): InflateResult {
  const material = options.material;
  const reference = options.reference ?? material;
  const R = options.radius ?? 1;
  const around = options.around ?? 32;
  const along = options.along ?? 4;
  const steps = options.steps ?? 10;
  const t = options.thickness ?? 1;
  const hoopStrain = options.hoopStrain ?? 0.1;
  if (!(Number.isInteger(around) && around >= 3 && Number.isInteger(along) && along >= 1)) {
    throw new UserError(
      `inflate: the tube needs at least 3 facets around and 1 row along, got ${around} and ${along}`,
    );
  }
  let pressure = options.pressure;
  if (pressure === undefined) {
    const s = new Float64Array(3);
    reference.evaluate(Float64Array.from([hoopStrain, 0, 0]), 1, { stress: s });
    pressure = (t * s[0]) / R;
  }
  const mesh = tubeMesh(R / Math.cos(Math.PI / around), options.length ?? 1, around, along);
  const frames = new Map<number, Float64Array>();
  const supports: Support[] = [];
  for (const set of ["bottom", "top"]) {
    for (const node of mesh.nodeSets.get(set)!) {
      frames.set(node, hoopFrame(mesh.nodes[3 * node], mesh.nodes[3 * node + 1]));
      supports.push({ node, component: 1 }, { node, component: 2 });
    }
  }
  const stepsOut: InflateStep[] = [];
  const files: string[] = [];
  const pvd: { time: number; file: string }[] = [];
  const onStep = (step: number, loadFactor: number, u: Float64Array, model: StaticModel): void => {
    const p = loadFactor * pressure!;
    const nn = mesh.nodes.length / 3;
    let radius = 0;
    for (let n = 0; n < nn; n++)
      radius += Math.hypot(mesh.nodes[3 * n] + u[3 * n], mesh.nodes[3 * n + 1] + u[3 * n + 1]);
    radius = (radius / nn) * Math.cos(Math.PI / around);
    const el = model.elements;
    el.evaluate(u, false, false);
    let sum = 0;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let e = 0; e < el.elements; e++) {
      const s = el.stress[3 * e];
      sum += s;
      lo = Math.min(lo, s);
      hi = Math.max(hi, s);
    }
    const exact = tubeEquilibrium(material, p, R, t);
    const ref = reference === material ? exact : tubeEquilibrium(reference, p, R, t);
    stepsOut.push({
      step,
      loadFactor,
      pressure: p,
      iterations: 0,
      radius,
      hoopStress: sum / el.elements,
      hoopSpread: hi - lo,
      exactRadius: exact?.radius ?? Number.NaN,
      exactHoopStress: exact?.hoopStress ?? Number.NaN,
      referenceRadius: ref?.radius ?? Number.NaN,
      referenceHoopStress: ref?.hoopStress ?? Number.NaN,
    });
    if (options.out) {
      const file = join(options.out, `inflate-${String(step).padStart(3, "0")}.vtu`);
      writeVtu(file, mesh, {
        pointVectors: { displacement: u },
        cellData: {
          strain: { values: el.strain, components: 3 },
          stress: { values: el.stress, components: 3 },
        },
      });
      pvd.push({ time: p, file });
    }
  };
  let log: NewtonRecord[] = [];
  let failure: string | undefined;
  try {
    log = solveStatic(
      { mesh, material, thickness: t, supports, frames, pressure: { value: pressure } },
      {
        steps,
        onStep,
        tolerance: options.tolerance ?? 1e-10,
        maxIterations: options.maxIterations ?? 25,
        cutbacks: options.cutbacks,
      },
    ).log;
  } catch (err) {
    if (!(err instanceof ConvergenceError)) throw err;
    failure = err.message;
    log = err.log;
  }
  for (const s of stepsOut) {
    s.iterations = log.filter((r) => r.step === s.step && r.loadFactor === s.loadFactor).length - 1;
  }
  const attempts = new Set(log.map((r) => `${r.step}:${r.loadFactor}`)).size;
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
  const maxOf = (f: (s: InflateStep) => number) =>
    stepsOut.reduce((m, s) => (f(s) > m || Number.isNaN(f(s)) ? f(s) : m), 0);
  if (options.out) {
    const convergence = join(options.out, "convergence.csv");
    writeSeriesCsv(
      convergence,
      ["newton_iteration", "relative_residual", "residual", "correction", "step", "load_factor", "iteration"],
      log.map((r, k) => [
        k + 1,
        r.relativeResidual,
        r.residual,
        r.correction,
        r.step,
        r.loadFactor,
        r.iteration,
      ]),
    );
    const stepsFile = join(options.out, "steps.csv");
    writeSeriesCsv(
      stepsFile,
      [
        "step",
        "pressure",
        "iterations",
        "radius_fe",
        "radius_1d",
        "hoop_stress_fe",
        "hoop_stress_1d",
        "hoop_stress_spread",
        "radius_reference_1d",
        "hoop_stress_reference_1d",
      ],
      stepsOut.map((s) => [
        s.step,
        s.pressure,
        s.iterations,
        s.radius,
        s.exactRadius,
        s.hoopStress,
        s.exactHoopStress,
        s.hoopSpread,
        s.referenceRadius,
        s.referenceHoopStress,
      ]),
      "columns",
    );
    const series = join(options.out, "inflate.pvd");
    writePvd(series, pvd);
    files.push(convergence, stepsFile, series);
  }
  return {
    converged: failure === undefined,
    failure,
    pressure,
    steps: stepsOut,
    log,
    radiusError: maxOf((s) => rel(s.radius, s.exactRadius)),
    hoopStressError: maxOf((s) => rel(s.hoopStress, s.exactHoopStress)),
    referenceRadiusError: maxOf((s) => rel(s.radius, s.referenceRadius)),
    referenceHoopStressError: maxOf((s) => rel(s.hoopStress, s.referenceHoopStress)),
    cutbacks: attempts - stepsOut.length - (failure === undefined ? 0 : 1),
    elements: mesh.triangles.length / 3,
    files,
  };
}
