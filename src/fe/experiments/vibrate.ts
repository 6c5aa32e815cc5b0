import { join } from "node:path";
import type { Material } from "../../core/material.js";
import { UserError } from "../../util/errors.js";
import { LIMITS } from "../../util/limits.js";
import { type EnergySample, estimateTimeStep, runExplicit } from "../explicit.js";
import { rectangleMesh } from "../mesh.js";
import { writeSeriesCsv } from "../series.js";
import { writePvd, writeVtu } from "../vtk.js";

/**
 * `vibrate`: a square membrane L × L, prestretched equibiaxially by λ0 and held on its edges, is
 * released from rest with a small out-of-plane perturbation w = a sin(πX/L) sin(πY/L); explicit.
 *
 * Linearised about the homogeneous prestressed state (no shear), the out-of-plane motion obeys, in
 * reference coordinates, ρ0 ẅ = S11 ∂²w/∂X1² + S22 ∂²w/∂X2² (the in-plane stretching caused by w
 * is second order). The first mode has
 *   f = (1/2L) √((S11 + S22) t / ρ0)     — for S11 = S22 = T: f = (1/2L) √(2T/ρ0),
 * with S the reference law's prestress S(E0), E0 = ½(λ0² − 1)(1, 1, 0). The FE frequency (zero
 * up-crossings of the centre deflection) differs from it by the mesh's discretisation error, which
 * the same run with the reference law shows; a learned law is compared with both.
 */
export interface VibrateOptions {
  material: Material;
  reference?: Material;
  size?: number;
  divisions?: number;
  density?: number;
  prestretch?: number;
  /** perturbation amplitude as a fraction of L */
  amplitude?: number;
  /** simulated periods of the closed-form frequency */
  periods?: number;
  damping?: number;
  safety?: number;
  thickness?: number;
  frames?: number;
  out?: string;
}

export interface VibrateRun {
  dt: number;
  steps: number;
  completed: boolean;
  /** measured first frequency (Hz), NaN when fewer than two up-crossings */
  frequency: number;
  /** max |balance| / max kinetic energy */
  balanceError: number;
  /**
   * peak kinetic energy of the last period over that of the first, minus 1: 0 for a conservative
   * law (the vibration neither grows nor decays); a law without a potential can pump energy in or
   * out over closed cycles, which an energy balance built on its own integrated work cannot show
   */
  kineticPeakDrift: number;
  maxKinetic: number;
  samples: EnergySample[];
  /** centre deflection history: time, w */
  centre: Float64Array;
}

export interface VibrateResult {
  /** closed-form first frequency with the reference law's prestress */
  closedForm: number;
  prestress: [number, number, number];
  /** the same closed form with the material's own prestress (NaN when it is not tensile) */
  ownClosedForm: number;
  ownPrestress: [number, number, number];
  material: VibrateRun;
  /** the same run with the reference law (undefined when the material is the reference) */
  reference?: VibrateRun;
  /** f_material / f_closed − 1 */
  closedFormError: number;
  /** f_material / f_reference run − 1 (NaN without a separate reference run) */
  referenceError: number;
  files: string[];
}

/** Peak kinetic energy in the last period over that in the first, minus 1 (NaN if too short). */
function peakDrift(samples: EnergySample[], frequency: number): number {
  if (!(frequency > 0) || samples.length < 2) return Number.NaN;
  const period = 1 / frequency;
  const end = samples[samples.length - 1].time;
  if (end < 2 * period) return Number.NaN;
  let first = 0;
  let last = 0;
  for (const s of samples) {
    if (s.time < period) first = Math.max(first, s.kinetic);
    if (s.time > end - period) last = Math.max(last, s.kinetic);
  }
  return last / first - 1;
}

/** Frequency from the zero up-crossings of w(t) (linear interpolation), averaged over periods. */
export function upCrossingFrequency(time: Float64Array, w: Float64Array): number {
  const crossings: number[] = [];
  for (let i = 1; i < w.length; i++) {
    if (w[i - 1] < 0 && w[i] >= 0)
      crossings.push(time[i - 1] + ((time[i] - time[i - 1]) * -w[i - 1]) / (w[i] - w[i - 1]));
  }
  if (crossings.length < 2) return Number.NaN;
  return (crossings.length - 1) / (crossings[crossings.length - 1] - crossings[0]);
}

function vibrateRun(
  material: Material,
  options: VibrateOptions,
  duration: number,
  dt: number,
  out?: string,
): VibrateRun {
  const L = options.size ?? 1;
  const n = options.divisions ?? 16;
  const density = options.density ?? 0.2;
  const lambda0 = options.prestretch ?? 1.05;
  const a = (options.amplitude ?? 0.002) * L;
  const mesh = rectangleMesh(L, L, n, n);
  const nn = mesh.nodes.length / 3;
  const u0 = new Float64Array(nn * 3);
  let centre = 0;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < nn; i++) {
    const X = mesh.nodes[3 * i];
    const Y = mesh.nodes[3 * i + 1];
    u0[3 * i] = (lambda0 - 1) * X;
    u0[3 * i + 1] = (lambda0 - 1) * Y;
    u0[3 * i + 2] = a * Math.sin((Math.PI * X) / L) * Math.sin((Math.PI * Y) / L);
    const d = Math.hypot(X - L / 2, Y - L / 2);
    if (d < best) {
      best = d;
      centre = i;
    }
  }
  const boundary = mesh.nodeSets.get("boundary")!;
  const fixed = new Int32Array(boundary.length * 3);
  boundary.forEach((node, k) => {
    fixed.set([3 * node, 3 * node + 1, 3 * node + 2], 3 * k);
  });
  const steps = Math.ceil(duration / dt);
  if (!(steps <= LIMITS.timeSteps)) {
    throw new UserError(
      `the run would take ${Number.isFinite(steps) ? steps.toExponential(2) : "endless"} time steps of Δt = ${dt.toExponential(3)} s (at most ${LIMITS.timeSteps}); lower --periods or --divisions`,
    );
  }
  const frames = options.frames ?? 30;
  const frameEvery = Math.max(1, Math.floor(steps / frames));
  const time = new Float64Array(steps + 1);
  const w = new Float64Array(steps + 1);
  let count = 0;
  const pvd: { time: number; file: string }[] = [];
  const result = runExplicit(
    { mesh, material, density, thickness: options.thickness ?? 1, fixed, u0, damping: options.damping ?? 0 },
    {
      duration,
      dt,
      every: 1,
      stop: (s) => !Number.isFinite(s.kinetic) || !Number.isFinite(s.maxStress),
      onSample: (sample, u, v, el) => {
        time[count] = sample.time;
        w[count] = u[3 * centre + 2];
        count++;
        if (out && sample.step % frameEvery === 0) {
          const file = join(out, `vibrate-${String(pvd.length).padStart(4, "0")}.vtu`);
          writeVtu(file, mesh, {
            pointVectors: { displacement: u, velocity: v },
            cellData: {
              strain: { values: el.strain, components: 3 },
              stress: { values: el.stress, components: 3 },
            },
          });
          pvd.push({ time: sample.time, file });
        }
      },
    },
  );
  if (out) writePvd(join(out, "vibrate.pvd"), pvd);
  let maxKinetic = 0;
  let maxBalance = 0;
  for (const s of result.samples) {
    if (!(s.kinetic <= maxKinetic)) maxKinetic = s.kinetic;
    const b = Math.abs(s.balance);
    if (!(b <= maxBalance)) maxBalance = b;
  }
  const frequency = upCrossingFrequency(time.subarray(0, count), w.subarray(0, count));
  const centreSeries = new Float64Array(2 * count);
  for (let i = 0; i < count; i++) {
    centreSeries[2 * i] = time[i];
    centreSeries[2 * i + 1] = w[i];
  }
  return {
    dt,
    steps: result.steps,
    completed: result.steps >= steps,
    frequency,
    balanceError: maxBalance / maxKinetic,
    kineticPeakDrift: peakDrift(result.samples, frequency),
    maxKinetic,
    samples: result.samples,
    centre: centreSeries,
  };
}

export function runVibrate(options: VibrateOptions): VibrateResult {
  const { material } = options;
  const reference = options.reference ?? material;
  const L = options.size ?? 1;
  const density = options.density ?? 0.2;
  const t = options.thickness ?? 1;
  const lambda0 = options.prestretch ?? 1.05;
  const divisions = options.divisions ?? 16;
  if (!(Number.isInteger(divisions) && divisions >= 2)) {
    throw new UserError(
      `vibrate: the square needs at least 2 divisions per side (a free centre node), got ${divisions}`,
    );
  }
  if (!(lambda0 > 1))
    throw new UserError(`vibrate: the prestretch must exceed 1 (a taut membrane), got ${lambda0}`);
  const e0 = 0.5 * (lambda0 * lambda0 - 1);
  const s = new Float64Array(3);
  reference.evaluate(Float64Array.from([e0, e0, 0]), 1, { stress: s });
  const closedForm = (1 / (2 * L)) * Math.sqrt(((s[0] + s[1]) * t) / density);
  // the material's own prestress may be lower (a learned law): run long enough for its periods too,
  // at most ten times the reference duration
  const sm = new Float64Array(3);
  material.evaluate(Float64Array.from([e0, e0, 0]), 1, { stress: sm });
  const ownClosedForm = (1 / (2 * L)) * Math.sqrt(((sm[0] + sm[1]) * t) / density);
  const slowest = ownClosedForm > closedForm / 10 ? Math.min(ownClosedForm, closedForm) : closedForm / 10;
  const duration = (options.periods ?? 5) / slowest;
  // one Δt for both runs: the reference law's stable step at the prestretched state
  const n = options.divisions ?? 16;
  const mesh = rectangleMesh(L, L, n, n);
  const nn = mesh.nodes.length / 3;
  const u0 = new Float64Array(nn * 3);
  for (let i = 0; i < nn; i++) {
    u0[3 * i] = (lambda0 - 1) * mesh.nodes[3 * i];
    u0[3 * i + 1] = (lambda0 - 1) * mesh.nodes[3 * i + 1];
  }
  const dt = (options.safety ?? 0.5) * estimateTimeStep(mesh, reference, density, t, u0);
  const run = vibrateRun(material, options, duration, dt, options.out);
  const refRun =
    reference === material
      ? undefined
      : vibrateRun(reference, options, (options.periods ?? 5) / closedForm, dt);
  const files: string[] = [];
  if (options.out) {
    const csv = join(options.out, "energy.csv");
    writeSeriesCsv(
      csv,
      ["time", "kinetic", "strain", "external", "damping", "balance", "max_stress", "centre_deflection"],
      run.samples.map((x, i) => [
        x.time,
        x.kinetic,
        x.strain,
        x.external,
        x.damping,
        x.balance,
        x.maxStress,
        run.centre[2 * i + 1],
      ]),
    );
    files.push(csv, join(options.out, "vibrate.pvd"));
  }
  return {
    closedForm,
    prestress: [s[0], s[1], s[2]],
    ownClosedForm,
    ownPrestress: [sm[0], sm[1], sm[2]],
    material: run,
    reference: refRun,
    closedFormError: run.frequency / closedForm - 1,
    referenceError: refRun ? run.frequency / refRun.frequency - 1 : Number.NaN,
    files,
  };
}
