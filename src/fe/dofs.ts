import { profileOrdering, triangleGraph } from "./rcm.js";
import { SkylineMatrix } from "./skyline.js";

/**
 * Degrees of freedom: three displacement components per node, in global Cartesian axes or, for
 * nodes given a frame, in that node's local axes (a skew support: e.g. a tube's end ring fixed in
 * its hoop and axial directions but free radially). Fixed components get no equation; free ones
 * are numbered node by node in a small-profile order (reverse Cuthill–McKee, or a coordinate sweep
 * when that is smaller: src/fe/rcm.ts), so the skyline profile stays small.
 */
export interface Support {
  node: number;
  /** 0, 1, 2: x, y, z, or the node frame's axes 1, 2, 3 */
  component: number;
  /** prescribed displacement (in that component) at load factor 1; 0 when omitted */
  value?: number;
}

export class DofMap {
  readonly nodes: number;
  /** equation of each dof (node·3 + component), −1 when fixed */
  readonly equation: Int32Array;
  readonly equations: number;
  /** per-node 3×3 frames, row-major, columns are the local axes (global = Q·local), or undefined */
  readonly frames: Float64Array | undefined;
  /** which nodes have a frame */
  readonly hasFrame: Uint8Array;
  readonly supports: Support[];
  private readonly nodeScratch = new Int32Array(3);
  private readonly rotateScratch = new Float64Array(3);

  constructor(
    nodes: number,
    triangles: Int32Array,
    supports: Support[],
    frames?: Map<number, Float64Array>,
    coordinates?: Float64Array,
  ) {
    this.nodes = nodes;
    this.supports = supports;
    this.hasFrame = new Uint8Array(nodes);
    if (frames && frames.size > 0) {
      this.frames = new Float64Array(nodes * 9);
      for (const [node, q] of frames) {
        this.frames.set(q, node * 9);
        this.hasFrame[node] = 1;
      }
    }
    const fixed = new Uint8Array(nodes * 3);
    for (const s of supports) fixed[s.node * 3 + s.component] = 1;
    const order = profileOrdering(triangleGraph(nodes, triangles), coordinates);
    this.equation = new Int32Array(nodes * 3).fill(-1);
    let eq = 0;
    for (const node of order) {
      for (let c = 0; c < 3; c++) if (!fixed[node * 3 + c]) this.equation[node * 3 + c] = eq++;
    }
    this.equations = eq;
  }

  /** An empty skyline matrix whose profile covers every element's couplings. */
  createMatrix(triangles: Int32Array): SkylineMatrix {
    const first = new Int32Array(this.equations);
    for (let j = 0; j < this.equations; j++) first[j] = j;
    for (let t = 0; t < triangles.length; t += 3) {
      let low = Number.MAX_SAFE_INTEGER;
      for (let a = 0; a < 3; a++) {
        for (let c = 0; c < 3; c++) {
          const e = this.equation[triangles[t + a] * 3 + c];
          if (e >= 0 && e < low) low = e;
        }
      }
      for (let a = 0; a < 3; a++) {
        for (let c = 0; c < 3; c++) {
          const e = this.equation[triangles[t + a] * 3 + c];
          if (e >= 0 && low < first[e]) first[e] = low;
        }
      }
    }
    return new SkylineMatrix(first);
  }

  /** Sets the prescribed components of `u` (global Cartesian, nodes × 3) to factor × value. */
  applySupports(u: Float64Array, factor: number): void {
    for (const s of this.supports) {
      const value = factor * (s.value ?? 0);
      if (!this.hasFrame[s.node]) {
        u[s.node * 3 + s.component] = value;
        continue;
      }
      const q = this.frames!.subarray(s.node * 9, s.node * 9 + 9);
      const local = toLocal(q, u, s.node * 3);
      local[s.component] = value;
      for (let r = 0; r < 3; r++)
        u[s.node * 3 + r] = q[3 * r] * local[0] + q[3 * r + 1] * local[1] + q[3 * r + 2] * local[2];
    }
  }

  /** Adds the equation vector `du` (length equations) to the global displacement `u`. */
  addIncrement(u: Float64Array, du: Float64Array): void {
    for (let node = 0; node < this.nodes; node++) {
      if (!this.hasFrame[node]) {
        for (let c = 0; c < 3; c++) {
          const e = this.equation[node * 3 + c];
          if (e >= 0) u[node * 3 + c] += du[e];
        }
        continue;
      }
      const q = this.frames!;
      for (let c = 0; c < 3; c++) {
        const e = this.equation[node * 3 + c];
        if (e < 0) continue;
        for (let r = 0; r < 3; r++) u[node * 3 + r] += q[node * 9 + 3 * r + c] * du[e];
      }
    }
  }

  /**
   * Scatters one element's nodal vector (9, global) into `rhs` (length equations) with the given
   * sign, and its 9×9 matrix (global, row-major) into the upper triangle of `matrix`. The element
   * matrix is symmetrised on the way ((K + Kᵀ)/2): see the note on follower pressure in
   * src/fe/static.ts. Works in place on `fe` and `ke` (node frames rotate them).
   */
  scatter(
    n0: number,
    n1: number,
    n2: number,
    fe: Float64Array,
    sign: number,
    rhs: Float64Array | null,
    ke: Float64Array | null,
    matrix: SkylineMatrix | null,
  ): void {
    const nodes = this.nodeScratch;
    nodes[0] = n0;
    nodes[1] = n1;
    nodes[2] = n2;
    if (this.frames && (this.hasFrame[n0] || this.hasFrame[n1] || this.hasFrame[n2]))
      this.rotate(nodes, fe, ke);
    const eq = this.equation;
    if (rhs) {
      for (let a = 0; a < 3; a++) {
        for (let c = 0; c < 3; c++) {
          const e = eq[nodes[a] * 3 + c];
          if (e >= 0) rhs[e] += sign * fe[3 * a + c];
        }
      }
    }
    if (ke && matrix) {
      for (let p = 0; p < 9; p++) {
        const i = eq[nodes[(p / 3) | 0] * 3 + (p % 3)];
        if (i < 0) continue;
        for (let q = 0; q < 9; q++) {
          const j = eq[nodes[(q / 3) | 0] * 3 + (q % 3)];
          if (j < i) continue;
          matrix.add(i, j, i === j ? ke[9 * p + q] : 0.5 * (ke[9 * p + q] + ke[9 * q + p]));
        }
      }
    }
  }

  private rotate(nodes: Int32Array, fe: Float64Array, ke: Float64Array | null): void {
    const q = this.frames!;
    const tmp = this.rotateScratch;
    for (let a = 0; a < 3; a++) {
      if (!this.hasFrame[nodes[a]]) continue;
      const o = nodes[a] * 9;
      for (let c = 0; c < 3; c++)
        tmp[c] = q[o + c] * fe[3 * a] + q[o + 3 + c] * fe[3 * a + 1] + q[o + 6 + c] * fe[3 * a + 2];
      fe.set(tmp, 3 * a);
      if (!ke) continue;
      // rows of block row a: K ← Qᵀ K ; columns of block column a: K ← K Q
      for (let col = 0; col < 9; col++) {
        for (let c = 0; c < 3; c++) {
          tmp[c] =
            q[o + c] * ke[9 * (3 * a) + col] +
            q[o + 3 + c] * ke[9 * (3 * a + 1) + col] +
            q[o + 6 + c] * ke[9 * (3 * a + 2) + col];
        }
        for (let c = 0; c < 3; c++) ke[9 * (3 * a + c) + col] = tmp[c];
      }
      for (let row = 0; row < 9; row++) {
        for (let c = 0; c < 3; c++) {
          tmp[c] =
            ke[9 * row + 3 * a] * q[o + c] +
            ke[9 * row + 3 * a + 1] * q[o + 3 + c] +
            ke[9 * row + 3 * a + 2] * q[o + 6 + c];
        }
        for (let c = 0; c < 3; c++) ke[9 * row + 3 * a + c] = tmp[c];
      }
    }
  }
}

function toLocal(q: Float64Array, u: Float64Array, offset: number): number[] {
  const out = [0, 0, 0];
  for (let c = 0; c < 3; c++) out[c] = q[c] * u[offset] + q[3 + c] * u[offset + 1] + q[6 + c] * u[offset + 2];
  return out;
}
