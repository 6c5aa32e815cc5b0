/**
 * Synthetic strain–stress data from a reference law along loading paths: the built-in dataset of
 * the demo (defaults: fabric, mixed paths, 5000 samples, no noise, seed 1).
 */
import { UserError } from "../util/errors.js";
import { Random } from "../util/random.js";
import type { Dataset } from "./dataset.js";
import { createMaterial, materialInfo } from "./materials/index.js";
import {
  biaxialStrain,
  pureShearStrain,
  randomWalkStrain,
  shearIndex,
  simpleShearStrain,
  uniaxialStrain,
  uniaxialTension,
} from "./paths.js";

export type PathKind = "uniaxial" | "biaxial" | "shear" | "random" | "mixed";
export const PATH_KINDS: readonly PathKind[] = ["uniaxial", "biaxial", "shear", "random", "mixed"];

export interface GenerateOptions {
  /** reference law (materialNames()); default "fabric" */
  material?: string;
  /** parameters overriding the law's defaults */
  params?: Record<string, unknown>;
  /** default "mixed": uniaxial 30%, biaxial 20%, shear 20%, random walk 30% */
  paths?: PathKind;
  /** number of rows; default 5000 */
  samples?: number;
  /** Gaussian noise on the stress, as a fraction of each component's standard deviation; default 0 */
  noise?: number;
  /** default 1 */
  seed?: number;
  /**
   * amplitude band [minStrain, maxStrain] of the samples (defaults 0 and the law's normal strain
   * range). The amplitude of a strain x is max_k |x_k| / w_k with w_k = 1 for normal components and
   * w_k = shear range / normal range for shear components (3 for the fabric: γ up to 0.3 when
   * E11 goes to 0.1), so one number bounds both.
   */
  minStrain?: number;
  maxStrain?: number;
}

/** points per loading path (each path is loaded monotonically across the amplitude band) */
const POINTS_PER_PATH = 25;
/** steps per random walk before it restarts from zero */
const WALK_LENGTH = 100;

/** column names in the internal convention (G = engineering shear strain) */
export function voigtNames(dim: number): { strain: string[]; stress: string[] } {
  if (dim === 3) return { strain: ["E11", "E22", "G12"], stress: ["S11", "S22", "S12"] };
  if (dim === 6) {
    return {
      strain: ["E11", "E22", "E33", "G23", "G13", "G12"],
      stress: ["S11", "S22", "S33", "S23", "S13", "S12"],
    };
  }
  return {
    strain: Array.from({ length: dim }, (_, k) => `x${k + 1}`),
    stress: Array.from({ length: dim }, (_, k) => `s${k + 1}`),
  };
}

function isShear(dim: number, k: number): boolean {
  return dim === 3 ? k === 2 : k >= 3;
}

/** Generates a dataset (see GenerateOptions for the defaults); same options, same data, bit for bit. */
export function generateDataset(options: GenerateOptions = {}): Dataset {
  const name = options.material ?? "fabric";
  const material = createMaterial(name, options.params ?? {});
  const info = materialInfo(name);
  const d = info.dim;
  const kind = options.paths ?? "mixed";
  if (!PATH_KINDS.includes(kind)) {
    throw new UserError(`unknown path kind '${String(kind)}'; expected one of ${PATH_KINDS.join(", ")}`);
  }
  const n = options.samples ?? 5000;
  if (!(Number.isInteger(n) && n >= 1)) throw new UserError(`samples must be a positive integer, got ${n}`);
  const noise = options.noise ?? 0;
  if (!(Number.isFinite(noise) && noise >= 0)) throw new UserError(`noise must be ≥ 0, got ${noise}`);
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new UserError(`seed must be an integer, got ${seed}`);
  const lo = options.minStrain ?? 0;
  const hi = options.maxStrain ?? info.strainRange.normal;
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo >= 0 && hi > lo)) {
    throw new UserError(`the strain band needs 0 ≤ min-strain < max-strain, got [${lo}, ${hi}]`);
  }
  const weight = Array.from({ length: d }, (_, k) =>
    isShear(d, k) ? info.strainRange.shear / info.strainRange.normal : 1,
  );
  const amplitude = (x: Float64Array, o: number): number => {
    let a = 0;
    for (let k = 0; k < d; k++) a = Math.max(a, Math.abs(x[o + k]) / weight[k]);
    return a;
  };
  const inBand = (a: number) => a >= lo * (1 - 1e-12) && a <= hi * (1 + 1e-12);

  const rng = new Random(seed);
  const strain = new Float64Array(n * d);
  let count = 0;
  /** appends the rows of a path that lie in the band; returns how many were kept */
  const keep = (rows: Float64Array, limit: number): number => {
    let kept = 0;
    for (let o = 0; o < rows.length && count < limit; o += d) {
      if (!inBand(amplitude(rows, o))) continue;
      strain.set(rows.subarray(o, o + d), count * d);
      count++;
      kept++;
    }
    return kept;
  };

  const normalAxes = d === 3 ? 2 : 3;
  // amplitudes across the band; in compression no normal strain below −0.4 (C_ii = 1 + 2E_ii ≥ 0.2)
  const band = (sign: number, w = 1): number[] => {
    const amps: number[] = [];
    for (let i = 0; i < POINTS_PER_PATH; i++) {
      const a = sign * w * (lo + ((hi - lo) * (i + 1)) / POINTS_PER_PATH);
      if (a >= -0.4) amps.push(a);
    }
    return amps;
  };
  const sign = (pPositive: number) => (rng.uniform() < pPositive ? 1 : -1);
  const plane = (): [number, number] => {
    const i = rng.int(normalAxes);
    let j = rng.int(normalAxes - 1);
    if (j >= i) j++;
    return [i, j];
  };

  const paths: Record<Exclude<PathKind, "mixed">, () => Float64Array> = {
    // half the tensile tests with free lateral edges (as in a lab), half in uniaxial strain
    uniaxial: () => {
      const axis = rng.int(normalAxes);
      const amps = band(sign(0.75));
      if (rng.uniform() < 0.5) {
        try {
          return uniaxialTension(material, amps, axis).strain;
        } catch (err) {
          if (!(err instanceof UserError)) throw err; // Newton failed (a law that cannot carry it)
        }
      }
      return uniaxialStrain(d, amps, axis);
    },
    // biaxial at a ratio in [−0.5, 1] (a quarter of them equibiaxial)
    biaxial: () => {
      const [i, j] = plane();
      const ratio = rng.uniform() < 0.25 ? 1 : rng.range(-0.5, 1);
      return biaxialStrain(d, band(sign(0.75)), ratio, i, j);
    },
    // simple shear (γ scaled by the shear range) or pure shear (planar extension)
    shear: () => {
      const [i, j] = plane();
      if (rng.uniform() < 0.6) {
        return simpleShearStrain(d, band(sign(0.5), weight[shearIndex(d, i, j)]), i, j);
      }
      return pureShearStrain(d, band(1), i, j);
    },
    // a random walk in the band's box, rejecting inadmissible states
    random: () =>
      randomWalkStrain(d, WALK_LENGTH, {
        rng,
        step: weight.map((w) => 0.12 * hi * w),
        limit: weight.map((w) => hi * w),
        minEigenvalue: 0.2,
      }),
  };

  const shares: [Exclude<PathKind, "mixed">, number][] =
    kind === "mixed"
      ? [
          ["uniaxial", 0.3],
          ["biaxial", 0.2],
          ["shear", 0.2],
          ["random", 0.3],
        ]
      : [[kind, 1]];
  let fruitless = 0;
  for (const [k, share] of shares) {
    const last = k === shares[shares.length - 1][0];
    const target = last ? n : Math.min(n, count + Math.round(share * n));
    while (count < target) {
      const before = count;
      keep(paths[k](), target);
      if (count === before && ++fruitless > 1000) {
        throw new UserError(`no ${k} path of ${name} reaches the strain band [${lo}, ${hi}]`);
      }
    }
  }

  const stress = new Float64Array(n * d);
  material.evaluate(strain, n, { stress });
  for (let i = 0; i < stress.length; i++) {
    if (!Number.isFinite(stress[i])) {
      const p = Math.floor(i / d);
      throw new UserError(
        `${name} gives a non-finite stress at strain [${Array.from(strain.subarray(p * d, p * d + d)).join(", ")}]; ` +
          "check its parameters or narrow the strain band",
      );
    }
  }
  if (noise > 0) addNoise(stress, n, d, noise, rng);
  const names = voigtNames(d);
  const params = options.params ?? {};
  return {
    dim: d,
    n,
    strain,
    stress,
    names,
    material: name,
    ...(Object.keys(params).length > 0 ? { materialParams: { ...params } } : {}),
    source:
      `generated: ${name}, ${kind} paths, ${n} samples, noise ${noise}, seed ${seed}, ` +
      `strain band [${lo}, ${hi}]`,
  };
}

/** adds noise·σ_k·N(0, 1) to stress component k, σ_k the population standard deviation */
function addNoise(stress: Float64Array, n: number, d: number, noise: number, rng: Random): void {
  for (let k = 0; k < d; k++) {
    let mean = 0;
    for (let p = 0; p < n; p++) mean += stress[p * d + k];
    mean /= n;
    let v = 0;
    for (let p = 0; p < n; p++) v += (stress[p * d + k] - mean) ** 2;
    const sigma = Math.sqrt(v / n);
    for (let p = 0; p < n; p++) stress[p * d + k] += noise * sigma * rng.normal();
  }
}
