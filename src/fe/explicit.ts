import type { Material } from "../core/material.js";
import { UserError } from "../util/errors.js";
import { LIMITS } from "../util/limits.js";
import { MembraneElements } from "./membrane.js";
import type { Mesh } from "./mesh.js";
import { pressureForce } from "./pressure.js";

/**
 * Explicit dynamics: central differences (velocity at half steps) with a lumped mass matrix,
 *   v_{n+½} = v_{n−½} + Δt M⁻¹ (f_ext − f_int(u_n) − c M v_n),   u_{n+1} = u_n + Δt v_{n+½},
 * started with v_½ = v_0 + ½Δt a_0. Mass is density per unit reference area (kg/m²), a third of
 * each element's mass to each node. Mass-proportional damping c (1/s) is applied with the mid-step
 * velocity estimate v_n ≈ v_{n−½} + ½Δt a (first order in the damping term, exact when c = 0).
 *
 * Energy bookkeeping at every step n (integer times):
 *   kinetic  K_n = ½ vₙᵀ M vₙ with v_n = (v_{n−½} + v_{n+½})/2,
 *   strain   U_n = Σ A0 t W(E) when the material has an energy, else the integrated internal work
 *            Σ ½(f_int,n + f_int,n+1)·Δu (trapezoidal),
 *   external work (of an optional follower pressure) and damping dissipation integrated the same
 *   way; held supports do no work (they keep their initial position).
 *   balance  B_n = K_n + U_n + D_n − W_ext,n − (K_0 + U_0), ideally 0.
 */
export interface ExplicitProblem {
  mesh: Mesh;
  material: Material;
  thickness?: number;
  /** mass per unit reference area */
  density: number;
  /** held dofs: node·3 + component (global axes); they keep their initial displacement */
  fixed?: Int32Array;
  /** initial displacement and velocity (nodes × 3), zero when omitted */
  u0?: Float64Array;
  v0?: Float64Array;
  /** mass-proportional damping coefficient c (1/s), 0 by default */
  damping?: number;
  /**
   * follower pressure (positive along the element normals) on the given elements (all when
   * omitted), constant or a function of time; its work is integrated into the balance
   */
  pressure?: { value: number | ((time: number) => number); elements?: Int32Array };
}

export interface ExplicitOptions {
  /** simulated time */
  duration: number;
  /** time step; default safety × the stable estimate */
  dt?: number;
  /** fraction of the stable time step (0.5 by default) */
  safety?: number;
  /** called every `every` steps (and at step 0 and the last step) */
  every?: number;
  onSample?: (sample: EnergySample, u: Float64Array, v: Float64Array, elements: MembraneElements) => void;
  /** stop early (e.g. the solution blew up) when this returns true */
  stop?: (sample: EnergySample) => boolean;
}

export interface EnergySample {
  step: number;
  time: number;
  kinetic: number;
  strain: number;
  external: number;
  damping: number;
  balance: number;
  /** max over elements of |S| (Frobenius norm of the Voigt stress with the shear counted twice) */
  maxStress: number;
}

export interface ExplicitResult {
  dt: number;
  stableDt: number;
  steps: number;
  samples: EnergySample[];
  u: Float64Array;
  v: Float64Array;
  /** the strain energy came from the material's energy (true) or from integrated work (false) */
  energyFromMaterial: boolean;
}

/** Lumped nodal mass (nodes), density per unit reference area. */
export function lumpedMass(elements: MembraneElements, nodes: number, density: number): Float64Array {
  const m = new Float64Array(nodes);
  for (let e = 0; e < elements.elements; e++) {
    const share = (density * elements.area[e]) / 3;
    for (let a = 0; a < 3; a++) m[elements.triangles[3 * e + a]] += share;
  }
  return m;
}

/**
 * The stable time step estimate min_e h_e / c_e, with h_e the smallest altitude of the reference
 * triangle and c_e² = (λ_max(C) |F|²_max + max(S_principal, 0)) t / ρ the largest membrane wave
 * speed of the element at its current state (λ_max bounded by Gershgorin's row sums). Call after
 * an evaluation with the tangent.
 */
export function stableTimeStep(elements: MembraneElements, mesh: Mesh, density: number): number {
  const { triangles: tri, tangent: C, stress: S, deformation: F, area } = elements;
  const X = mesh.nodes;
  let dt = Number.POSITIVE_INFINITY;
  for (let e = 0; e < elements.elements; e++) {
    let longest = 0;
    for (let a = 0; a < 3; a++) {
      const p = 3 * tri[3 * e + a];
      const q = 3 * tri[3 * e + ((a + 1) % 3)];
      longest = Math.max(longest, Math.hypot(X[q] - X[p], X[q + 1] - X[p + 1], X[q + 2] - X[p + 2]));
    }
    const h = (2 * area[e]) / longest;
    let lambda = 0;
    for (let r = 0; r < 3; r++) {
      let row = 0;
      for (let c = 0; c < 3; c++) row += Math.abs(C[9 * e + 3 * r + c]);
      lambda = Math.max(lambda, row);
    }
    let stretch = 0;
    for (let k = 0; k < 2; k++) {
      const o = 6 * e + 3 * k;
      stretch = Math.max(stretch, F[o] * F[o] + F[o + 1] * F[o + 1] + F[o + 2] * F[o + 2]);
    }
    const s11 = S[3 * e];
    const s22 = S[3 * e + 1];
    const s12 = S[3 * e + 2];
    const principal = 0.5 * (s11 + s22) + Math.hypot(0.5 * (s11 - s22), s12);
    const c2 = ((lambda * stretch + Math.max(principal, 0)) * elements.thickness) / density;
    if (c2 > 0) dt = Math.min(dt, h / Math.sqrt(c2));
  }
  return dt;
}

function maxStressNorm(stress: Float64Array, n: number): number {
  let max = 0;
  for (let e = 0; e < n; e++) {
    const a = stress[3 * e];
    const b = stress[3 * e + 1];
    const c = stress[3 * e + 2];
    const s = Math.sqrt(a * a + b * b + 2 * c * c);
    if (!(s <= max)) max = s; // keeps NaN visible
  }
  return max;
}

/** Runs central differences for `duration`. */
export function runExplicit(problem: ExplicitProblem, options: ExplicitOptions): ExplicitResult {
  const { mesh, material, density } = problem;
  if (!(density > 0)) throw new UserError(`density must be positive, got ${density}`);
  const nn = mesh.nodes.length / 3;
  const el = new MembraneElements(mesh, material, problem.thickness ?? 1);
  const tri = el.triangles;
  const mass = lumpedMass(el, nn, density);
  const held = new Uint8Array(nn * 3);
  for (const d of problem.fixed ?? []) held[d] = 1;
  const u = problem.u0 ? Float64Array.from(problem.u0) : new Float64Array(nn * 3);
  const v = problem.v0 ? Float64Array.from(problem.v0) : new Float64Array(nn * 3);
  for (let d = 0; d < nn * 3; d++) if (held[d]) v[d] = 0;
  const damping = problem.damping ?? 0;
  const fint = new Float64Array(nn * 3);
  const fintOld = new Float64Array(nn * 3);
  const fe = new Float64Array(9);
  const useEnergy = material.hasEnergy;
  const fext = new Float64Array(nn * 3);
  const fextOld = new Float64Array(nn * 3);
  const xe = new Float64Array(9);
  const pressure = problem.pressure;
  let loaded: Int32Array | undefined;
  if (pressure) {
    loaded = pressure.elements;
    if (!loaded) {
      loaded = new Int32Array(el.elements);
      for (let e = 0; e < el.elements; e++) loaded[e] = e;
    }
  }
  const externalForce = (time: number): void => {
    if (!pressure || !loaded) return;
    const p = typeof pressure.value === "function" ? pressure.value(time) : pressure.value;
    const X = mesh.nodes;
    fext.fill(0);
    for (const e of loaded) {
      for (let a = 0; a < 3; a++) {
        const n = 3 * tri[3 * e + a];
        for (let c = 0; c < 3; c++) xe[3 * a + c] = X[n + c] + u[n + c];
      }
      pressureForce(xe, p, fe);
      for (let a = 0; a < 3; a++) {
        const n = 3 * tri[3 * e + a];
        fext[n] += fe[3 * a];
        fext[n + 1] += fe[3 * a + 1];
        fext[n + 2] += fe[3 * a + 2];
      }
    }
  };

  const internalForce = (withTangent: boolean): void => {
    el.evaluate(u, withTangent, useEnergy);
    fint.fill(0);
    for (let e = 0; e < el.elements; e++) {
      el.elementForce(e, fe);
      for (let a = 0; a < 3; a++) {
        const n = 3 * tri[3 * e + a];
        fint[n] += fe[3 * a];
        fint[n + 1] += fe[3 * a + 1];
        fint[n + 2] += fe[3 * a + 2];
      }
    }
  };

  internalForce(true);
  externalForce(0);
  const stableDt = stableTimeStep(el, mesh, density);
  const dt = options.dt ?? (options.safety ?? 0.5) * stableDt;
  if (!(dt > 0) || !Number.isFinite(dt)) {
    throw new UserError(
      `no stable time step: the material "${material.name}" gives no positive stiffness at the initial state, or the mesh's coordinates are out of range (check their units and the material)`,
    );
  }
  const steps = Math.max(1, Math.ceil(options.duration / dt));
  if (!(steps <= LIMITS.timeSteps)) {
    throw new UserError(
      `the run would take ${Number.isFinite(steps) ? steps.toExponential(2) : "endless"} time steps of Δt = ${dt.toExponential(3)} s (at most ${LIMITS.timeSteps}); shorten --duration or --periods, or use a coarser mesh`,
    );
  }
  const every = options.every ?? 1;
  const samples: EnergySample[] = [];
  const strainEnergy0 = useEnergy ? el.strainEnergy() : 0;
  let kinetic0 = 0;
  for (let d = 0; d < nn * 3; d++) kinetic0 += 0.5 * mass[(d / 3) | 0] * v[d] * v[d];
  let workInternal = 0;
  let dissipated = 0;
  let external = 0; // work of the applied pressure; held supports do no work

  // half-step velocity v_{1/2} = v0 + ½Δt a0 (then the loop adds full steps)
  const acceleration = (d: number): number => (held[d] ? 0 : (fext[d] - fint[d]) / mass[(d / 3) | 0]);
  const vHalf = new Float64Array(nn * 3);
  let dampingPower0 = 0;
  for (let d = 0; d < nn * 3; d++) {
    if (held[d]) continue;
    const a = acceleration(d) - damping * v[d];
    vHalf[d] = v[d] + 0.5 * dt * a;
    dampingPower0 += damping * mass[(d / 3) | 0] * v[d] * v[d];
  }
  const record = (step: number, kinetic: number): EnergySample => {
    const strain = useEnergy ? el.strainEnergy() : workInternal;
    const sample: EnergySample = {
      step,
      time: step * dt,
      kinetic,
      strain,
      external,
      damping: dissipated,
      balance: kinetic + strain + dissipated - external - (kinetic0 + (useEnergy ? strainEnergy0 : 0)),
      maxStress: maxStressNorm(el.stress, el.elements),
    };
    return sample;
  };
  let sample = record(0, kinetic0);
  samples.push(sample);
  options.onSample?.(sample, u, v, el);
  let dampingPowerPrev = dampingPower0;
  for (let step = 1; step <= steps; step++) {
    // u_{n+1} = u_n + Δt v_{n+½}
    fintOld.set(fint);
    fextOld.set(fext);
    for (let d = 0; d < nn * 3; d++) u[d] += dt * vHalf[d];
    internalForce(false);
    if (pressure) {
      externalForce(step * dt);
      for (let d = 0; d < nn * 3; d++) if (!held[d]) external += 0.5 * (fextOld[d] + fext[d]) * dt * vHalf[d];
    }
    if (!useEnergy) {
      for (let d = 0; d < nn * 3; d++) workInternal += 0.5 * (fintOld[d] + fint[d]) * dt * vHalf[d];
    }
    // v_{n+3/2} = v_{n+½} + Δt a_{n+1};  v_{n+1} = average of the two half steps
    let kinetic = 0;
    let dampingPower = 0;
    for (let d = 0; d < nn * 3; d++) {
      if (held[d]) continue;
      const m = mass[(d / 3) | 0];
      const aElastic = acceleration(d);
      // v_{n+1} ≈ v_{n+½} + ½Δt (a_el − c v_{n+1})  ⇒  solved for v_{n+1}
      const vNow = (vHalf[d] + 0.5 * dt * aElastic) / (1 + 0.5 * dt * damping);
      const vNext = vHalf[d] + dt * (aElastic - damping * vNow);
      v[d] = vNow;
      kinetic += 0.5 * m * vNow * vNow;
      dampingPower += damping * m * vNow * vNow;
      vHalf[d] = vNext;
    }
    dissipated += 0.5 * dt * (dampingPowerPrev + dampingPower);
    dampingPowerPrev = dampingPower;
    const last = step === steps;
    if (step % every === 0 || last || options.stop) {
      sample = record(step, kinetic);
      if (step % every === 0 || last) {
        samples.push(sample);
        options.onSample?.(sample, u, v, el);
      }
      if (options.stop?.(sample)) {
        if (!(step % every === 0 || last)) {
          samples.push(sample);
          options.onSample?.(sample, u, v, el);
        }
        return { dt, stableDt, steps: step, samples, u, v, energyFromMaterial: useEnergy };
      }
    }
  }
  return { dt, stableDt, steps, samples, u, v, energyFromMaterial: useEnergy };
}

/** The stable time step of `material` on `mesh` at displacement u (zero when omitted). */
export function estimateTimeStep(
  mesh: Mesh,
  material: Material,
  density: number,
  thickness = 1,
  u?: Float64Array,
): number {
  const el = new MembraneElements(mesh, material, thickness);
  el.evaluate(u ?? new Float64Array(mesh.nodes.length), true, false);
  return stableTimeStep(el, mesh, density);
}
