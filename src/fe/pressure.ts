/**
 * Follower pressure on membrane triangles: the load acts on the current normal and scales with the
 * current area. For an element with current nodes x1, x2, x3 and pressure p (positive along the
 * element normal, i.e. the side (x2−x1)×(x3−x1) points to):
 *   f_i = (p/6) (x2 − x1) × (x3 − x1)          for each of the three nodes,
 *   ∂f_i/∂x_j = (p/6) [w_j]×,  w_1 = x3 − x2,  w_2 = x1 − x3,  w_3 = x2 − x1
 * ([w]× v = w × v). The load stiffness is not symmetric element by element; summed over a closed
 * surface, or one whose rim is fixed or slides in planes normal to it, it is (the pressure load is
 * then conservative).
 */

/** Nodal forces of one element (9) given the current node positions (3 × 3, row per node). */
export function pressureForce(x: Float64Array, p: number, fe: Float64Array): void {
  const ax = x[3] - x[0];
  const ay = x[4] - x[1];
  const az = x[5] - x[2];
  const bx = x[6] - x[0];
  const by = x[7] - x[1];
  const bz = x[8] - x[2];
  const k = p / 6;
  const cx = k * (ay * bz - az * by);
  const cy = k * (az * bx - ax * bz);
  const cz = k * (ax * by - ay * bx);
  for (let i = 0; i < 3; i++) {
    fe[3 * i] = cx;
    fe[3 * i + 1] = cy;
    fe[3 * i + 2] = cz;
  }
}

/** The load stiffness ∂f/∂x of one element (9×9 row-major), added to `ke` with the factor `sign`. */
export function addPressureStiffness(x: Float64Array, p: number, sign: number, ke: Float64Array): void {
  const k = (sign * p) / 6;
  for (let j = 0; j < 3; j++) {
    const next = (j + 2) % 3; // w_j = x_{j+2} − x_{j+1} (cyclic)
    const prev = (j + 1) % 3;
    const wx = k * (x[3 * next] - x[3 * prev]);
    const wy = k * (x[3 * next + 1] - x[3 * prev + 1]);
    const wz = k * (x[3 * next + 2] - x[3 * prev + 2]);
    for (let i = 0; i < 3; i++) {
      const r = 9 * 3 * i + 3 * j;
      ke[r + 1] -= wz;
      ke[r + 2] += wy;
      ke[r + 9] += wz;
      ke[r + 11] -= wx;
      ke[r + 18] -= wy;
      ke[r + 19] += wx;
    }
  }
}
