import { join } from "node:path";
import type { Material } from "../../core/material.js";
import { type EnergySample, estimateTimeStep, runExplicit } from "../explicit.js";
import { type Mesh, rectangleMesh } from "../mesh.js";
import { writeSeriesCsv } from "../series.js";
import { writePvd, writeVtu } from "../vtk.js";

/**
 * `translate`: a free-floating square panel given a uniform initial velocity, explicit dynamics.
 * The exact answer is a rigid translation: kinetic energy constant, strain and stress zero for all
 * time. A law with s(0) = 0 (every reference law, and a MIANN by construction, docs/theory.md, section "Stress, energy and tangent")
 * reproduces it exactly; a plain regression network predicts a stress at zero strain, so the
 * panel deforms and its kinetic energy drifts.
 */
export interface TranslateOptions {
  material: Material;
  /** law for the time step (so every material runs with the same Δt); the material itself by default */
  reference?: Material;
  size?: number;
  /** a mesh to use instead of the size × size square (e.g. from readGmsh); it floats free */
  mesh?: Mesh;
  divisions?: number;
  /** mass per unit area, kg/m² */
  density?: number;
  velocity?: [number, number, number];
  duration?: number;
  safety?: number;
  thickness?: number;
  /** number of .vtu frames written */
  frames?: number;
  out?: string;
}

export interface TranslateResult {
  elements: number;
  dt: number;
  steps: number;
  completed: boolean;
  kinetic0: number;
  /** max over time of |K − K0| / K0 */
  kineticDrift: number;
  /** max over time and elements of |S| */
  maxStress: number;
  /** max over time of the energy balance error, relative to K0 */
  balanceError: number;
  samples: EnergySample[];
  files: string[];
}

export function runTranslate(options: TranslateOptions): TranslateResult {
  const { material } = options;
  const reference = options.reference ?? material;
  const size = options.size ?? 1;
  const n = options.divisions ?? 10;
  const density = options.density ?? 0.2;
  const velocity = options.velocity ?? [1, 0.5, 0.25];
  const duration = options.duration ?? 0.2;
  const thickness = options.thickness ?? 1;
  const mesh = options.mesh ?? rectangleMesh(size, size, n, n);
  const nn = mesh.nodes.length / 3;
  const dt = (options.safety ?? 0.5) * estimateTimeStep(mesh, reference, density, thickness);
  const v0 = new Float64Array(nn * 3);
  for (let i = 0; i < nn; i++) v0.set(velocity, 3 * i);
  const totalSteps = Math.ceil(duration / dt);
  let area = 0;
  const X = mesh.nodes;
  const T = mesh.triangles;
  for (let t = 0; t < T.length; t += 3) {
    const [a, b, c] = [3 * T[t], 3 * T[t + 1], 3 * T[t + 2]];
    const u1 = [X[b] - X[a], X[b + 1] - X[a + 1], X[b + 2] - X[a + 2]];
    const u2 = [X[c] - X[a], X[c + 1] - X[a + 1], X[c + 2] - X[a + 2]];
    area +=
      0.5 *
      Math.hypot(u1[1] * u2[2] - u1[2] * u2[1], u1[2] * u2[0] - u1[0] * u2[2], u1[0] * u2[1] - u1[1] * u2[0]);
  }
  const kineticExact = 0.5 * density * area * (velocity[0] ** 2 + velocity[1] ** 2 + velocity[2] ** 2);
  const frames = options.frames ?? 20;
  // energies are checked at every step; .vtu frames are written every `frameEvery` steps
  const frameEvery = Math.max(1, Math.floor(totalSteps / frames));
  const files: string[] = [];
  const pvd: { time: number; file: string }[] = [];
  const result = runExplicit(
    { mesh, material, density, thickness, v0 },
    {
      duration,
      dt,
      every: 1,
      stop: (s) =>
        !Number.isFinite(s.kinetic) || !Number.isFinite(s.maxStress) || s.kinetic > 1e6 * kineticExact,
      onSample: (sample, u, v, el) => {
        if (!options.out || sample.step % frameEvery !== 0) return;
        const file = join(options.out, `translate-${String(pvd.length).padStart(4, "0")}.vtu`);
        writeVtu(file, mesh, {
          pointVectors: { displacement: u, velocity: v },
          cellData: {
            strain: { values: el.strain, components: 3 },
            stress: { values: el.stress, components: 3 },
          },
        });
        pvd.push({ time: sample.time, file });
      },
    },
  );
  const samples = result.samples;
  const k0 = samples[0].kinetic;
  let drift = 0;
  let maxStress = 0;
  let balance = 0;
  for (const s of samples) {
    const d = Math.abs(s.kinetic - k0) / k0;
    if (!(d <= drift)) drift = d;
    if (!(s.maxStress <= maxStress)) maxStress = s.maxStress;
    const b = Math.abs(s.balance) / k0;
    if (!(b <= balance)) balance = b;
  }
  if (options.out) {
    const csv = join(options.out, "energy.csv");
    writeSeriesCsv(
      csv,
      ["time", "kinetic", "strain", "external", "damping", "balance", "max_stress", "kinetic_drift"],
      samples.map((s) => [
        s.time,
        s.kinetic,
        s.strain,
        s.external,
        s.damping,
        s.balance,
        s.maxStress,
        (s.kinetic - k0) / k0,
      ]),
    );
    const series = join(options.out, "translate.pvd");
    writePvd(series, pvd);
    files.push(csv, series);
  }
  return {
    elements: mesh.triangles.length / 3,
    dt,
    steps: result.steps,
    completed: result.steps >= totalSteps,
    kinetic0: k0,
    kineticDrift: drift,
    maxStress,
    balanceError: balance,
    samples,
    files,
  };
}
