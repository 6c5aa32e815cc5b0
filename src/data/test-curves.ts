import { UserError } from "../util/errors.js";
import type { Dataset, Observation, TestMode, TestPoint } from "./dataset.js";
import { voigtNames } from "./generate.js";

/**
 * Test curves → strain–stress states (docs/theory.md, section "Test curves"). A thin incompressible
 * sheet in a homogeneous test is a plane-stress state with λ3 = 1/(λ1λ2): membrane data
 * x = (E11, E22, 2E12), E_ii = (λ_i² − 1)/2, S_ii = P_ii/λ_i:
 *
 *   test          λ1, λ2          known                         unknown
 *   uniaxial      λ, λ^(−1/2)     S11 = P/λ, S22 = 0, S12 = 0   –
 *   equibiaxial   λ, λ            S11 = S22 = P/λ, S12 = 0      –
 *   pure shear    λ, 1            S11 = P/λ, S12 = 0            S22
 *   biaxial       λ1, λ2          S11 = P11/λ1, S22 = P22/λ2    – (an empty P22: unknown)
 *   simple shear  x = (0, γ²/2, γ)  P12 = S12 + γ S22 (observed)  S11, S22, S12 individually
 *
 * A uniaxial point with a measured lateral stretch λ2 uses it (an anisotropic sheet); without one,
 * λ2 = λ^(−1/2) assumes an isotropic sample. S12 = 0 in the principal tests: the sample's axes are
 * the material's (or it is isotropic). The compressible path (`principal`, three stretches given):
 * a 3D state (d = 6) with E_ii = (λ_i² − 1)/2, S_ii = P_ii/λ_i and zero shear; a P not given is
 * unknown.
 */

export const TEST_MODES: readonly TestMode[] = [
  "uniaxial",
  "equibiaxial",
  "pure-shear",
  "biaxial",
  "simple-shear",
  "principal",
];

/** the modes a user names (principal comes from three stretch columns) */
export const USER_TEST_MODES: readonly TestMode[] = TEST_MODES.filter((m) => m !== "principal");

export function isTestMode(v: string): v is TestMode {
  return (TEST_MODES as readonly string[]).includes(v);
}

const green = (l: number) => (l * l - 1) / 2;

/** the membrane/3D states of test points (all of one dimension), with mask and the points kept */
export function testCurvesToDataset(points: TestPoint[], source?: string): Dataset {
  if (points.length === 0) throw new UserError(`${source ?? "test curves"}: no points`);
  const principal = points[0].mode === "principal";
  if (points.some((p) => (p.mode === "principal") !== principal)) {
    throw new UserError(
      `${source ?? "test curves"}: three-stretch (compressible) points and membrane tests cannot be mixed in one data set`,
    );
  }
  const d = principal ? 6 : 3;
  const n = points.length;
  const strain = new Float64Array(n * d);
  const stress = new Float64Array(n * d);
  const mask = new Uint8Array(n * d).fill(1);
  const observations: Observation[] = [];
  const unknown = (m: number, k: number) => {
    stress[m * d + k] = Number.NaN;
    mask[m * d + k] = 0;
  };
  const known = (v: number | undefined) => v !== undefined && Number.isFinite(v);
  points.forEach((p, m) => {
    const o = m * d;
    const { lambda1: l1, lambda2: l2 } = p;
    switch (p.mode) {
      case "principal": {
        const l3 = p.lambda3 as number;
        strain[o] = green(l1);
        strain[o + 1] = green(l2);
        strain[o + 2] = green(l3);
        const P = [p.P11, p.P22, p.P33];
        const l = [l1, l2, l3];
        for (let k = 0; k < 3; k++) {
          if (known(P[k])) stress[o + k] = (P[k] as number) / l[k];
          else unknown(m, k);
        }
        return;
      }
      case "simple-shear": {
        const g = p.gamma as number;
        strain[o + 1] = (g * g) / 2;
        strain[o + 2] = g;
        for (let k = 0; k < 3; k++) unknown(m, k);
        observations.push({ row: m, h: [0, g, 1], value: p.P12 as number, column: 2 });
        return;
      }
      default: {
        strain[o] = green(l1);
        strain[o + 1] = green(l2);
        stress[o] = (p.P11 as number) / l1;
        if (p.mode === "uniaxial") stress[o + 1] = known(p.P22) ? (p.P22 as number) / l2 : 0;
        else if (p.mode === "equibiaxial") stress[o + 1] = stress[o];
        else if (known(p.P22)) stress[o + 1] = (p.P22 as number) / l2;
        else unknown(m, 1);
        stress[o + 2] = 0;
      }
    }
  });
  const ds: Dataset = { dim: d, n, strain, stress, names: voigtNames(d), tests: points };
  if (mask.includes(0)) ds.mask = mask;
  if (observations.length > 0) ds.observations = observations;
  if (source !== undefined) ds.source = source;
  return ds;
}

/** the stretches of a principal test at its first stretch λ (uniaxial: isotropic lateral contraction) */
export function principalStretches(mode: TestMode, lambda: number): [number, number] {
  switch (mode) {
    case "uniaxial":
      return [lambda, 1 / Math.sqrt(lambda)];
    case "equibiaxial":
      return [lambda, lambda];
    case "pure-shear":
      return [lambda, 1];
    default:
      throw new RangeError(`principalStretches: ${mode} has no single stretch`);
  }
}
