import { UserError } from "../util/errors.js";
import { Random } from "../util/random.js";
import type { TestMode, TestPoint } from "./dataset.js";
import { createMaterial, materialInfo } from "./materials/index.js";
import { USER_TEST_MODES } from "./test-curves.js";
import { curvePoints, predictTest } from "./test-predict.js";

/**
 * Synthetic test curves from a membrane reference law, as a lab would publish them: per test,
 * `points` stretches evenly spaced over the test's range and the nominal stress the law gives
 * under that test's boundary conditions (uniaxial: free lateral contraction, solved). Pure shear
 * has no P22 (a lab does not measure it). Noise: Gaussian, relative, P·(1 + noise·N(0, 1)).
 */
export interface GenerateTestCurveOptions {
  /** a membrane law (d = 3); default "ogden-membrane" */
  material?: string;
  params?: Record<string, unknown>;
  /** default uniaxial, equibiaxial, pure-shear */
  tests?: TestMode[];
  /** points per test; default 20 */
  points?: number;
  /** relative noise on P; default 0 */
  noise?: number;
  seed?: number;
  /** largest stretch of the tension tests (γ for simple shear: max − 1); default per test */
  maxStretch?: number;
}

/** the default stretch range of each test: [min, max] (uniaxial includes compression) */
export const TEST_RANGES: Record<string, [number, number]> = {
  uniaxial: [0.6, 4],
  equibiaxial: [1, 2.5],
  "pure-shear": [1, 3],
  biaxial: [1, 2.5],
  "simple-shear": [0, 1],
};

/** λ2 of a generated biaxial test: λ2 − 1 = (λ1 − 1)/2 */
const BIAXIAL_RATIO = 0.5;

export function generateTestCurves(options: GenerateTestCurveOptions = {}): {
  points: TestPoint[];
  source: string;
} {
  const name = options.material ?? "ogden-membrane";
  const info = materialInfo(name);
  if (info.dim !== 3) {
    throw new UserError(`test curves of a sheet need a membrane law (d = 3); ${name} has d = ${info.dim}`);
  }
  const law = createMaterial(name, options.params ?? {});
  const tests = options.tests ?? ["uniaxial", "equibiaxial", "pure-shear"];
  const n = options.points ?? 20;
  if (!(Number.isInteger(n) && n >= 2)) throw new UserError(`--points must be an integer ≥ 2, got ${n}`);
  const noise = options.noise ?? 0;
  if (!(noise >= 0)) throw new UserError(`--noise must be ≥ 0, got ${noise}`);
  const rng = new Random(options.seed ?? 1);
  const all: TestPoint[] = [];
  for (const mode of tests) {
    if (!USER_TEST_MODES.includes(mode)) {
      throw new UserError(`unknown test '${mode}'; expected one of ${USER_TEST_MODES.join(", ")}`);
    }
    let [lo, hi] = TEST_RANGES[mode];
    if (options.maxStretch !== undefined) {
      if (!(options.maxStretch > 1))
        throw new UserError(`--max-stretch must be > 1, got ${options.maxStretch}`);
      hi = mode === "simple-shear" ? options.maxStretch - 1 : options.maxStretch;
    }
    // the stress-free first point of the tension tests is left out (P = 0 tells nothing)
    const values = Array.from({ length: n }, (_, i) =>
      lo >= 1 || mode === "simple-shear" ? lo + ((hi - lo) * (i + 1)) / n : lo + ((hi - lo) * i) / (n - 1),
    );
    const pts = curvePoints(mode, values);
    if (mode === "biaxial") for (const p of pts) p.lambda2 = 1 + BIAXIAL_RATIO * (p.lambda1 - 1);
    const resp = predictTest(law, pts);
    pts.forEach((p, i) => {
      const r = resp[i];
      const noisy = (v: number) => v * (1 + noise * rng.normal());
      p.curve = mode;
      if (mode === "simple-shear") p.P12 = noisy(r.P12 as number);
      else {
        p.lambda2 = r.lambda2;
        p.P11 = noisy(r.P11);
        if (mode === "biaxial") p.P22 = noisy(r.P22);
      }
      all.push(p);
    });
  }
  const source = `${name}: ${tests.join(", ")}, ${n} points each${noise > 0 ? `, ${noise * 100}% noise` : ""}, seed ${options.seed ?? 1}`;
  return { points: all, source };
}
