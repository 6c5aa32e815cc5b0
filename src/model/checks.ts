import { symmetricEigenvalues } from "../core/eigen.js";
import { greenLagrange, matMul, strainToVoigt } from "../data/measures.js";
import { Random } from "../util/random.js";
import {
  checkEllipticity,
  deformationOf,
  randomDeformations,
  randomDirections,
  strainsOf,
} from "./ellipticity.js";
import { familyOf } from "./families/index.js";
import type { Model, ModelKind } from "./types.js";

/**
 * Numerical checks of the four guarantees of docs/theory.md, section "The guarantees and how check tests them" on any model:
 *   C1 a potential exists: symmetric tangent, no work done around closed strain cycles;
 *   C2 objectivity: the model is a function of E, so stress from E(F) equals stress from E(RF);
 *   C3 material stability: C positive semidefinite, at the data and far outside it (10×);
 *   C4 zero state: s(0) = 0, W(0) = 0, and W ≥ 0 (which convexity gives once s(0) = 0).
 * A MIANN passes all four by construction; the unconstrained baselines typically fail C3 (and the
 * regression network C1 and C4), which is what these checks are for.
 *
 * What is checked is the model family's (src/model/families/): for the polyconvex family, whose
 * energy is not convex in E, C3 is ellipticity instead (the acoustic tensor positive semidefinite
 * over random F with det F from 0.2 to 20 and random directions, and at the data), the random
 * points are strains of real deformations, and C4 adds growth (ψ → ∞ as J → 0⁺, compressible).
 */

export type GuaranteeId = "C1" | "C2" | "C3" | "C4";

/** One measured number of a guarantee, with its limit and verdict (none for information only). */
export interface GuaranteeMeasure {
  name: string;
  value: number | null;
  /** human-readable limit, e.g. "≤ 1e-10" */
  limit?: string;
  pass?: boolean;
  /** the strain where the value was found (worst point), when that matters */
  at?: number[];
}

export interface GuaranteeResult {
  id: GuaranteeId;
  title: string;
  pass: boolean;
  /** what holds by construction for this model kind, and what was checked */
  note: string;
  measures: GuaranteeMeasure[];
}

export interface GuaranteeReport {
  model: string;
  kind: ModelKind;
  dim: number;
  /** number of given points (e.g. the data) */
  points: number;
  /** number of random points up to 10× the data range */
  samples: number;
  /** data range per strain component (max |x_k|) */
  range: number[];
  pass: boolean;
  guarantees: GuaranteeResult[];
}

export interface CheckOptions {
  /** strain points to check at (e.g. the training data), n × d */
  points?: Float64Array;
  n?: number;
  /** data range per component; default: max |x_k| over `points`, else the model's strain scale D */
  range?: number[];
  /** random points up to 10× the range (default 1000) */
  samples?: number;
  seed?: number;
  /** polyconvex: random directions per deformation in the ellipticity check (default 32) */
  directions?: number;
}

/** Tolerances, relative to the natural scale of each quantity. */
export const CHECK_TOLERANCES = {
  asymmetry: 1e-10,
  // quadrature of a sharp trained network limits this one: measured 2e-8 at 128 pieces per leg
  // and 3e-14 at 512 on a fabric-trained miann; a non-potential field does O(1e-3) and more
  cycleWork: 1e-6,
  objectivity: 1e-9,
  eigenvalue: 1e-10,
  zeroStress: 1e-12,
  zeroEnergy: 1e-12,
  negativeEnergy: 1e-12,
  // min / max eigenvalue of the acoustic tensor; a polyconvex model stays ≥ +6e-5 on random F
  ellipticity: 1e-10,
} as const;

interface Evaluated {
  n: number;
  x: Float64Array;
  stress: Float64Array;
  tangent: Float64Array;
  energy?: Float64Array;
}

function evaluateAt(model: Model, x: Float64Array, n: number, withTangent: boolean): Evaluated {
  const d = model.dim;
  const stress = new Float64Array(n * d);
  const tangent = new Float64Array(withTangent ? n * d * d : 0);
  const energy = model.hasEnergy ? new Float64Array(n) : undefined;
  model.evaluate(x, n, { stress, tangent: withTangent ? tangent : undefined, energy });
  return { n, x, stress, tangent, energy };
}

function point(x: Float64Array, m: number, d: number): number[] {
  return Array.from(x.subarray(m * d, m * d + d));
}

/** Runs the four checks; see GuaranteeReport for what is reported. */
export function checkGuarantees(model: Model, options: CheckOptions = {}): GuaranteeReport {
  const d = model.dim;
  const rng = new Random(options.seed ?? 1);
  const samples = options.samples ?? 1000;
  const given = options.points ?? new Float64Array(0);
  const nGiven = options.n ?? given.length / d;
  let range = options.range;
  if (!range) {
    if (nGiven > 0) {
      range = new Array<number>(d).fill(0);
      for (let m = 0; m < nGiven; m++) {
        for (let k = 0; k < d; k++) range[k] = Math.max(range[k], Math.abs(given[m * d + k]));
      }
      range = range.map((r, k) => (r > 0 ? r : model.scaling.strainScale[k]));
    } else {
      range = [...model.scaling.strainScale];
    }
  }
  const uniformPoints = (count: number, factor: number): Float64Array => {
    const x = new Float64Array(count * d);
    for (let m = 0; m < count; m++) {
      for (let k = 0; k < d; k++) x[m * d + k] = factor * range[k] * rng.range(-1, 1);
    }
    return x;
  };

  const family = familyOf(model.spec.kind);
  const elliptic = family.stability === "ellipticity";
  const k = d === 3 ? 2 : 3;
  // all points for C1 symmetry, C3 and W ≥ 0: the given points and `samples` points up to 10× the
  // range (polyconvex: the strains of `samples` random deformations, det F from 0.2 to 20)
  const randomF = elliptic ? randomDeformations(k, samples, rng) : undefined;
  const far = randomF ? strainsOf(randomF, k, samples) : uniformPoints(samples, 10);
  const all = new Float64Array((nGiven + samples) * d);
  all.set(given.subarray(0, nGiven * d));
  all.set(far, nGiven * d);
  const ev = evaluateAt(model, all, nGiven + samples, true);
  // points within the data range: the scale of typical stress and energy
  const nearPoints = () =>
    elliptic
      ? strainsOf(randomDeformations(k, 256, rng, { detMin: 0.8, detMax: 1.25, spread: 0.1 }), k, 256)
      : uniformPoints(256, 1);
  const near = evaluateAt(
    model,
    nGiven > 0 ? given.subarray(0, nGiven * d) : nearPoints(),
    nGiven || 256,
    false,
  );
  let typicalStress = 0;
  for (const s of near.stress) typicalStress = Math.max(typicalStress, Math.abs(s));
  if (!(typicalStress > 0)) typicalStress = 1;

  const guarantees = [
    checkPotential(model, ev, range, rng, elliptic ? isDeformation : undefined),
    checkObjectivity(model, range, rng, typicalStress),
    randomF
      ? checkEllipticityGuarantee(model, randomF, given, nGiven, rng, options.directions ?? 32)
      : checkStability(model, ev, nGiven),
    checkConsistency(model, ev, near, typicalStress),
  ];
  return {
    model: model.name,
    kind: model.spec.kind,
    dim: d,
    points: nGiven,
    samples,
    range,
    pass: guarantees.every((g) => g.pass),
    guarantees,
  };
}

/**
 * whether a Voigt strain is that of a deformation (C = I + 2E positive definite) with det F in
 * [0.2, 20], the range of the ellipticity check (keeps the cycle-work quadrature away from J → 0)
 */
function isDeformation(x: readonly number[]): boolean {
  const k = x.length === 3 ? 2 : 3;
  const F = new Float64Array(9);
  deformationOf(x, 0, k, F);
  if (!F.every(Number.isFinite)) return false;
  let det = 1;
  for (let i = 0; i < k; i++) det *= F[i * k + i]; // F = Lᵀ is triangular
  return det >= 0.2 && det <= 20;
}

function checkPotential(
  model: Model,
  ev: Evaluated,
  range: number[],
  rng: Random,
  valid?: (x: readonly number[]) => boolean,
): GuaranteeResult {
  const d = model.dim;
  // tangent symmetry: max |C − Cᵀ| / ‖C‖_F
  let worst = 0;
  let worstAt = 0;
  for (let m = 0; m < ev.n; m++) {
    const o = m * d * d;
    let norm = 0;
    let asym = 0;
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        norm += ev.tangent[o + i * d + j] ** 2;
        asym = Math.max(asym, Math.abs(ev.tangent[o + i * d + j] - ev.tangent[o + j * d + i]));
      }
    }
    let rel = norm > 0 ? asym / Math.sqrt(norm) : asym;
    if (!Number.isFinite(rel)) rel = Number.POSITIVE_INFINITY; // a NaN tangent is not symmetric
    if (rel > worst) {
      worst = rel;
      worstAt = m;
    }
  }
  const symmetric = worst <= CHECK_TOLERANCES.asymmetry;
  const cycle = cycleWork(model, range, rng, valid);
  const cyclePass = cycle.relative <= CHECK_TOLERANCES.cycleWork;
  const note =
    model.spec.kind === "regression"
      ? "no potential by construction (stress is a free output); checked numerically"
      : "stress is the gradient of the energy by construction; checked numerically";
  return {
    id: "C1",
    title: "a potential exists",
    pass: symmetric && cyclePass,
    note,
    measures: [
      {
        name: "max |C−Cᵀ|/‖C‖",
        value: worst,
        limit: `≤ ${CHECK_TOLERANCES.asymmetry}`,
        pass: symmetric,
        at: point(ev.x, worstAt, d),
      },
      {
        name: "cycle work / leg work",
        value: cycle.relative,
        limit: `≤ ${CHECK_TOLERANCES.cycleWork}`,
        pass: cyclePass,
      },
    ],
  };
}

// 5-point Gauss–Legendre on [0, 1]
const GL_NODES = [
  0.5 - 0.5 * 0.906179845938664,
  0.5 - 0.5 * 0.5384693101056831,
  0.5,
  0.5 + 0.5 * 0.5384693101056831,
  0.5 + 0.5 * 0.906179845938664,
];
const GL_WEIGHTS = [
  0.5 * 0.2369268850561891,
  0.5 * 0.4786286704993665,
  0.5 * 0.5688888888888889,
  0.5 * 0.4786286704993665,
  0.5 * 0.2369268850561891,
];

/**
 * Work ∮ s·dx around closed triangles of strain within the data range (composite Gauss–Legendre,
 * 256 pieces per leg), relative to the largest |work| on one leg. Zero for a potential.
 */
function cycleWork(
  model: Model,
  range: number[],
  rng: Random,
  valid?: (x: readonly number[]) => boolean,
): { relative: number } {
  const d = model.dim;
  const cycles = 8;
  const pieces = 256;
  const perLeg = pieces * GL_NODES.length;
  const total = cycles * 3 * perLeg;
  const x = new Float64Array(total * d);
  const dx = new Float64Array(cycles * 3 * d);
  for (let c = 0; c < cycles; c++) {
    const v: number[][] = [];
    for (let t = 0; t < 3; t++) {
      // vertices that are deformations when the model needs them (C = I + 2E is linear in E and
      // the positive definite C are convex, so the whole triangle is then made of deformations)
      let shrink = 1;
      let vertex = range.map((r) => r * rng.range(-1, 1));
      for (let tries = 1; valid && !valid(vertex); tries++) {
        if (tries % 20 === 0) shrink *= 0.5;
        vertex = range.map((r) => shrink * r * rng.range(-1, 1));
      }
      v.push(vertex);
    }
    for (let leg = 0; leg < 3; leg++) {
      const a = v[leg];
      const b = v[(leg + 1) % 3];
      const li = c * 3 + leg;
      for (let k = 0; k < d; k++) dx[li * d + k] = b[k] - a[k];
      for (let p = 0; p < pieces; p++) {
        for (let g = 0; g < GL_NODES.length; g++) {
          const t = (p + GL_NODES[g]) / pieces;
          const m = li * perLeg + p * GL_NODES.length + g;
          for (let k = 0; k < d; k++) x[m * d + k] = a[k] + t * (b[k] - a[k]);
        }
      }
    }
  }
  const stress = new Float64Array(total * d);
  model.evaluate(x, total, { stress });
  let worst = 0;
  for (let c = 0; c < cycles; c++) {
    let loop = 0;
    let legMax = 0;
    for (let leg = 0; leg < 3; leg++) {
      const li = c * 3 + leg;
      let w = 0;
      for (let p = 0; p < pieces; p++) {
        for (let g = 0; g < GL_NODES.length; g++) {
          const m = li * perLeg + p * GL_NODES.length + g;
          let sdx = 0;
          for (let k = 0; k < d; k++) sdx += stress[m * d + k] * dx[li * d + k];
          w += (GL_WEIGHTS[g] / pieces) * sdx;
        }
      }
      loop += w;
      legMax = Math.max(legMax, Math.abs(w));
    }
    if (legMax > 0) worst = Math.max(worst, Math.abs(loop) / legMax);
  }
  return { relative: worst };
}

function randomRotation(k: number, rng: Random): number[][] {
  if (k === 2) {
    const t = rng.range(0, 2 * Math.PI);
    return [
      [Math.cos(t), -Math.sin(t)],
      [Math.sin(t), Math.cos(t)],
    ];
  }
  let q = [rng.normal(), rng.normal(), rng.normal(), rng.normal()];
  const n = Math.hypot(...q);
  q = q.map((v) => v / n);
  const [w, x, y, z] = q;
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
    [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
    [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
  ];
}

function checkObjectivity(
  model: Model,
  range: number[],
  rng: Random,
  typicalStress: number,
): GuaranteeResult {
  const d = model.dim;
  const note = "the model is a function of the Green–Lagrange strain E, so objective by construction";
  if (d !== 3 && d !== 6) {
    return {
      id: "C2",
      title: "objectivity",
      pass: true,
      note: `${note}; no numerical check for d = ${d} (only for d = 3 and 6)`,
      measures: [],
    };
  }
  const k = d === 3 ? 2 : 3;
  const count = 64;
  const x = new Float64Array(2 * count * d);
  const h = Math.min(0.5, range.reduce((s, r) => s + r, 0) / range.length);
  for (let m = 0; m < count; m++) {
    // F and R row-major k×k; E = ½(FᵀF − I) in Voigt form (docs/theory.md, section "Conventions"), from the data measures
    const F = Array.from({ length: k * k }, (_, a) => (a % (k + 1) === 0 ? 1 : 0) + h * rng.range(-0.5, 0.5));
    x.set(strainToVoigt(greenLagrange(F)), 2 * m * d);
    const RF = matMul(randomRotation(k, rng).flat(), F, k, k, k);
    x.set(strainToVoigt(greenLagrange(RF)), (2 * m + 1) * d);
  }
  const stress = new Float64Array(2 * count * d);
  model.evaluate(x, 2 * count, { stress });
  let worst = 0;
  let worstAt = 0;
  for (let m = 0; m < count; m++) {
    for (let i = 0; i < d; i++) {
      let diff = Math.abs(stress[2 * m * d + i] - stress[(2 * m + 1) * d + i]) / typicalStress;
      if (Number.isNaN(diff)) diff = Number.POSITIVE_INFINITY;
      if (diff > worst) {
        worst = diff;
        worstAt = 2 * m;
      }
    }
  }
  const pass = worst <= CHECK_TOLERANCES.objectivity;
  return {
    id: "C2",
    title: "objectivity",
    pass,
    note: `${note}; checked: S(E(RF)) = S(E(F)) for ${count} random F and rotations R`,
    measures: [
      {
        name: "max |S(RF)−S(F)|/typical |S|",
        value: worst,
        limit: `≤ ${CHECK_TOLERANCES.objectivity}`,
        pass,
        at: point(x, worstAt, d),
      },
    ],
  };
}

function checkStability(model: Model, ev: Evaluated, nGiven: number): GuaranteeResult {
  const d = model.dim;
  const eig = new Float64Array(d);
  const work = new Float64Array(d * d);
  let worstRel = Number.POSITIVE_INFINITY;
  let worstEig = Number.POSITIVE_INFINITY;
  let worstAt = 0;
  let failures = 0;
  let failuresInData = 0;
  let nonFinite = 0;
  for (let m = 0; m < ev.n; m++) {
    const o = m * d * d;
    symmetricEigenvalues(ev.tangent, d, eig, work, o);
    let norm = 0;
    for (let i = 0; i < d * d; i++) norm += ev.tangent[o + i] ** 2;
    norm = Math.sqrt(norm);
    let rel = norm > 0 ? eig[0] / norm : eig[0];
    let finite = Number.isFinite(rel);
    for (let i = 0; i < d && finite; i++) finite = Number.isFinite(ev.stress[m * d + i]);
    if (ev.energy && !Number.isFinite(ev.energy[m])) finite = false;
    if (!finite) {
      nonFinite++;
      rel = Number.NEGATIVE_INFINITY;
    }
    if (rel < -CHECK_TOLERANCES.eigenvalue) {
      failures++;
      if (m < nGiven) failuresInData++;
    }
    if (rel < worstRel) {
      worstRel = rel;
      worstEig = eig[0];
      worstAt = m;
    }
  }
  const pass = failures === 0;
  const finitePass = nonFinite === 0;
  const note =
    model.spec.kind === "miann"
      ? "the energy is convex in E by construction (input-convex network), so C is PSD everywhere"
      : `no convexity by construction for a ${model.spec.kind} model${model.spec.kind === "regression" ? " (symmetric part of C checked)" : ""}`;
  return {
    id: "C3",
    title: "material stability",
    pass,
    note: `${note}; checked at ${nGiven} given and ${ev.n - nGiven} random points up to 10× the data range`,
    measures: [
      { name: "min eigenvalue of C", value: worstEig, at: point(ev.x, worstAt, d) },
      {
        name: "min eigenvalue / ‖C‖",
        value: worstRel,
        limit: `≥ −${CHECK_TOLERANCES.eigenvalue}`,
        pass,
        at: point(ev.x, worstAt, d),
      },
      { name: "points with C not PSD", value: failures, limit: "= 0", pass },
      { name: "points with NaN/Inf output", value: nonFinite, limit: "= 0", pass: finitePass },
      { name: "of which given points", value: failuresInData },
    ],
  };
}

/**
 * C3 for the polyconvex family: ellipticity (docs/theory.md, section "The polyconvex family") at
 * random deformations and at the given points, over random directions.
 */
function checkEllipticityGuarantee(
  model: Model,
  randomF: Float64Array,
  given: Float64Array,
  nGiven: number,
  rng: Random,
  directionCount: number,
): GuaranteeResult {
  const d = model.dim;
  const k = d === 3 ? 2 : 3;
  const samples = randomF.length / (k * k);
  const directions = randomDirections(k, directionCount, rng);
  const far = checkEllipticity(model, randomF, k, samples, directions, CHECK_TOLERANCES.ellipticity);
  const dataF = new Float64Array(nGiven * k * k);
  for (let m = 0; m < nGiven; m++) deformationOf(given, m * d, k, dataF, m * k * k);
  const atData = checkEllipticity(model, dataF, k, nGiven, directions, CHECK_TOLERANCES.ellipticity);
  const pass = far.failures === 0 && atData.failures === 0;
  const worst = Math.min(far.worstRelative, atData.worstRelative);
  const worstF =
    far.worstRelative <= atData.worstRelative
      ? randomF.subarray(far.worstAt * k * k, (far.worstAt + 1) * k * k)
      : dataF.subarray(atData.worstAt * k * k, (atData.worstAt + 1) * k * k);
  const note = familyOf(model.spec.kind).byConstruction.C3 ?? "not guaranteed by construction";
  return {
    id: "C3",
    title: "material stability (ellipticity)",
    pass,
    note: `${note}; checked: the acoustic tensor at ${samples} random F (det F from 0.2 to 20) and ${nGiven} given points, ${directionCount} random directions each`,
    measures: [
      {
        name: "min eigenvalue / max eigenvalue of the acoustic tensor",
        value: Number.isFinite(worst) ? worst : null,
        limit: `≥ −${CHECK_TOLERANCES.ellipticity}`,
        pass,
        at: Array.from(worstF),
      },
      { name: "random F not elliptic", value: far.failures, limit: "= 0", pass: far.failures === 0 },
      {
        name: "given points not elliptic",
        value: atData.failures,
        limit: "= 0",
        pass: atData.failures === 0,
      },
      {
        name: "points with NaN/Inf output",
        value: far.nonFinite + atData.nonFinite,
        limit: "= 0",
        pass: far.nonFinite + atData.nonFinite === 0,
      },
    ],
  };
}

/**
 * Growth of a compressible model: ψ along F = J^(1/3) I for J = 10⁻¹ … 10⁻⁸ must rise without
 * bound (here: increase at every step and exceed 10⁶ × the typical energy at 10⁻⁸).
 */
function growthMeasures(model: Model, typicalEnergy: number): GuaranteeMeasure[] {
  const Js = [1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-8];
  const x = new Float64Array(Js.length * 6);
  Js.forEach((J, i) => {
    const e = (J ** (2 / 3) - 1) / 2;
    x[i * 6] = e;
    x[i * 6 + 1] = e;
    x[i * 6 + 2] = e;
  });
  const stress = new Float64Array(Js.length * 6);
  const energy = new Float64Array(Js.length);
  model.evaluate(x, Js.length, { stress, energy });
  let rising = true;
  for (let i = 1; i < Js.length; i++) rising = rising && energy[i] > energy[i - 1];
  const last = energy[Js.length - 1];
  const pass = rising && Number.isFinite(last) && last > 1e6 * typicalEnergy;
  return [
    {
      name: "ψ(J = 1e-8) / typical ψ near the data (growth as J → 0⁺, along F = J^(1/3) I)",
      value: Number.isFinite(last) ? last / typicalEnergy : null,
      limit: "> 1e6, rising at J = 1e-1 … 1e-8",
      pass,
    },
  ];
}

function checkConsistency(
  model: Model,
  ev: Evaluated,
  near: Evaluated,
  typicalStress: number,
): GuaranteeResult {
  const d = model.dim;
  const zero = new Float64Array(d);
  const s0 = new Float64Array(d);
  const w0 = new Float64Array(1);
  model.evaluate(zero, 1, { stress: s0, energy: model.hasEnergy ? w0 : undefined });
  let s0max = 0;
  for (const v of s0) s0max = Math.max(s0max, Math.abs(v));
  const stressPass = s0max <= CHECK_TOLERANCES.zeroStress * typicalStress;
  const measures: GuaranteeMeasure[] = [
    {
      name: "max |s(0)|",
      value: s0max,
      limit: `≤ ${CHECK_TOLERANCES.zeroStress} × ${typicalStress.toPrecision(4)}`,
      pass: stressPass,
    },
  ];
  let pass = stressPass;
  if (model.hasEnergy && ev.energy && near.energy) {
    let typicalEnergy = 0;
    for (const w of near.energy) typicalEnergy = Math.max(typicalEnergy, Math.abs(w));
    for (const w of ev.energy) typicalEnergy = Math.max(typicalEnergy, Math.abs(w));
    if (!(typicalEnergy > 0)) typicalEnergy = 1;
    const w0Pass = Math.abs(w0[0]) <= CHECK_TOLERANCES.zeroEnergy * typicalEnergy;
    let minW = Number.POSITIVE_INFINITY;
    let minAt = 0;
    for (let m = 0; m < ev.n; m++) {
      if (ev.energy[m] < minW) {
        minW = ev.energy[m];
        minAt = m;
      }
    }
    const family = familyOf(model.spec.kind);
    // W ≥ 0 is a guarantee of a convex energy in E; for the polyconvex family it is information
    const checkMin = family.stability === "psd-tangent";
    const minPass = !checkMin || minW >= -CHECK_TOLERANCES.negativeEnergy * typicalEnergy;
    measures.push(
      { name: "W(0)", value: w0[0], limit: `|W(0)| ≤ ${CHECK_TOLERANCES.zeroEnergy} × max W`, pass: w0Pass },
      checkMin
        ? {
            name: "min W",
            value: minW,
            limit: `≥ −${CHECK_TOLERANCES.negativeEnergy} × max W`,
            pass: minPass,
            at: point(ev.x, minAt, d),
          }
        : {
            name: "min W (information: not required for this family)",
            value: minW,
            at: point(ev.x, minAt, d),
          },
    );
    pass = pass && w0Pass && minPass;
    if (model.spec.kind === "polyconvex" && model.spec.variant === "compressible") {
      // relative to the energy near the data (the far points may hold far larger energies)
      let nearEnergy = 0;
      for (const w of near.energy) nearEnergy = Math.max(nearEnergy, Math.abs(w));
      const growth = growthMeasures(model, nearEnergy > 0 ? nearEnergy : 1);
      measures.push(...growth);
      pass = pass && growth.every((g) => g.pass !== false);
    }
  } else {
    measures.push({ name: "W(0), min W", value: null, limit: "n/a: this model has no energy" });
  }
  const note =
    model.spec.kind === "polyconvex"
      ? `${familyOf("polyconvex").byConstruction.C4}${model.spec.variant === "compressible" ? ", and ψ → ∞ as J → 0⁺ (the growth term g(J + 1/J − 2)²)" : ""}; checked numerically`
      : model.spec.kind === "regression"
        ? "no zero-stress correction by construction; checked numerically"
        : "s(0) = 0 and W(0) = 0 by construction (the ∇N(0) correction)" +
          (model.spec.kind === "miann" ? ", W ≥ 0 by convexity" : "");
  return { id: "C4", title: "zero state: s(0) = 0, W(0) = 0, W ≥ 0", pass, note, measures };
}
