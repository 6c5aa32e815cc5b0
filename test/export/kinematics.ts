import { Random } from "../../src/util/random.js";

/** Deformation gradients and tensor index maps shared by the UMAT tests. */

/** miann's Voigt index of tensor pair (i, j), 0-based: 11,22,33,23,13,12 */
export const miannIndex = [
  [0, 5, 4],
  [5, 1, 3],
  [4, 3, 2],
];
/** Abaqus and CalculiX component order 11, 22, 33, 12, 13, 23 */
export const pairs: [number, number][] = [
  [0, 0],
  [1, 1],
  [2, 2],
  [0, 1],
  [0, 2],
  [1, 2],
];

export function mul(a: number[], b: number[]): number[] {
  const c = new Array(9).fill(0);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) c[i * 3 + j] += a[i * 3 + k] * b[k * 3 + j];
  return c;
}
export const transpose = (a: number[]): number[] => [a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]];
export const det = (a: number[]): number =>
  a[0] * (a[4] * a[8] - a[5] * a[7]) -
  a[1] * (a[3] * a[8] - a[5] * a[6]) +
  a[2] * (a[3] * a[7] - a[4] * a[6]);

/** a rotation by angle about a unit axis (Rodrigues) */
export function rotation(axis: number[], angle: number): number[] {
  const [x, y, z] = axis;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [
    t * x * x + c,
    t * x * y - s * z,
    t * x * z + s * y,
    t * x * y + s * z,
    t * y * y + c,
    t * y * z - s * x,
    t * x * z - s * y,
    t * y * z + s * x,
    t * z * z + c,
  ];
}

/** seeded deformation gradients F = R (I + G), G random with entries in ±amp, det F > 0 */
export function randomF(n: number, seed: number, amp: number): number[][] {
  const rng = new Random(seed);
  const out: number[][] = [];
  while (out.length < n) {
    const g = Array.from({ length: 9 }, () => rng.range(-amp, amp));
    const u = [1 + g[0], g[1], g[2], g[3], 1 + g[4], g[5], g[6], g[7], 1 + g[8]];
    const axis = [rng.normal(), rng.normal(), rng.normal()];
    const len = Math.hypot(...axis);
    const F = mul(
      rotation(
        axis.map((v) => v / len),
        rng.range(-Math.PI, Math.PI),
      ),
      u,
    );
    if (det(F) > 0.3) out.push(F);
  }
  return out;
}

/** miann's Voigt strain x of F: E = (FᵀF − I)/2, engineering shear */
export function strainOf(F: number[]): number[] {
  const C = mul(transpose(F), F);
  const E = (i: number, j: number) => 0.5 * (C[i * 3 + j] - (i === j ? 1 : 0));
  return [E(0, 0), E(1, 1), E(2, 2), 2 * E(1, 2), 2 * E(0, 2), 2 * E(0, 1)];
}
