import { describe, expect, it } from "vitest";
import { rectangleMesh } from "../../src/fe/mesh.js";
import { orderingProfile, profileOrdering, reverseCuthillMcKee, triangleGraph } from "../../src/fe/rcm.js";
import { NonPositivePivotError, SkylineMatrix } from "../../src/fe/skyline.js";
import { StaticModel } from "../../src/fe/static.js";
import { Random } from "../../src/util/random.js";
import { svkMembrane } from "./svk-double.js";

/** Dense Gaussian elimination with partial pivoting: the independent reference. */
function denseSolve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i][k]) > Math.abs(M[p][k])) p = i;
    [M[k], M[p]] = [M[p], M[k]];
    for (let i = k + 1; i < n; i++) {
      const f = M[i][k] / M[k][k];
      for (let j = k; j <= n; j++) M[i][j] -= f * M[k][j];
    }
  }
  const x = new Array(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j];
    x[i] = s / M[i][i];
  }
  return x;
}

describe("skyline LDLᵀ", () => {
  it("solves a random sparse SPD system like a dense solve", () => {
    const rng = new Random(7);
    const n = 40;
    const first = new Int32Array(n);
    for (let j = 0; j < n; j++) first[j] = Math.max(0, j - 1 - rng.int(8));
    const K = new SkylineMatrix(first);
    const A = Array.from({ length: n }, () => new Array(n).fill(0));
    for (let j = 0; j < n; j++) {
      for (let i = first[j]; i < j; i++) {
        if (rng.uniform() < 0.6) {
          const v = rng.range(-1, 1);
          A[i][j] = A[j][i] = v;
          K.add(i, j, v);
        }
      }
    }
    for (let j = 0; j < n; j++) {
      const v = 10 + rng.uniform(); // diagonally dominant → SPD
      A[j][j] = v;
      K.add(j, j, v);
    }
    const b = Array.from({ length: n }, () => rng.range(-1, 1));
    const expected = denseSolve(A, b);
    K.factor();
    const x = Float64Array.from(b);
    K.solve(x);
    for (let i = 0; i < n; i++) expect(x[i]).toBeCloseTo(expected[i], 12);
  });

  it("solves a membrane stiffness matrix (3 dofs per node, node-blocked kernel) like a dense solve", () => {
    const mesh = rectangleMesh(1, 0.8, 6, 5);
    const nn = mesh.nodes.length / 3;
    // left edge fully held, bottom edge held in z only: mixed node groups of 1, 2 and 3 equations
    const supports = [
      ...[...mesh.nodeSets.get("left")!].flatMap((node) =>
        [0, 1, 2].map((component) => ({ node, component })),
      ),
      ...[...mesh.nodeSets.get("right")!].map((node) => ({ node, component: 2 })),
      ...[...mesh.nodeSets.get("bottom")!].map((node) => ({ node, component: 1 })),
    ];
    const model = new StaticModel({ mesh, material: svkMembrane(), supports });
    const rng = new Random(2);
    const u = new Float64Array(nn * 3);
    for (let i = 0; i < nn; i++) {
      u[3 * i] = 0.05 * mesh.nodes[3 * i] + rng.range(-0.002, 0.002);
      u[3 * i + 1] = 0.04 * mesh.nodes[3 * i + 1] + rng.range(-0.002, 0.002);
      u[3 * i + 2] = rng.range(-0.01, 0.01);
    }
    model.assemble(u, 1, true);
    const K = model.matrix;
    const n = K.n;
    const A = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => K.get(i, j)));
    const b = Array.from({ length: n }, () => rng.range(-1, 1));
    const expected = denseSolve(A, b);
    K.factor();
    const x = Float64Array.from(b);
    K.solve(x);
    const scale = Math.max(...expected.map(Math.abs));
    for (let i = 0; i < n; i++) expect(Math.abs(x[i] - expected[i])).toBeLessThan(1e-9 * scale);
  });

  it("reports a non-positive pivot with its equation", () => {
    const K = new SkylineMatrix(Int32Array.from([0, 0, 1]));
    // [[1, 2, 0], [2, 1, 0], [0, 0, 1]] is indefinite: d_1 = 1 − 4 < 0
    K.add(0, 0, 1);
    K.add(0, 1, 2);
    K.add(1, 1, 1);
    K.add(2, 2, 1);
    expect(() => K.factor()).toThrow(NonPositivePivotError);
    let caught: unknown;
    try {
      K.factor();
    } catch (err) {
      caught = err;
    }
    expect((caught as NonPositivePivotError).equation).toBe(1);
  });

  it("RCM shrinks the bandwidth of a long strip numbered across its length", () => {
    const mesh = rectangleMesh(40, 1, 80, 2); // numbered row by row along the long side: band ≈ 81
    const nn = mesh.nodes.length / 3;
    const graph = triangleGraph(nn, mesh.triangles);
    const bandwidth = (position: Int32Array): number => {
      let band = 0;
      for (let v = 0; v < nn; v++) {
        for (let k = graph.start[v]; k < graph.start[v + 1]; k++) {
          band = Math.max(band, Math.abs(position[v] - position[graph.adjacency[k]]));
        }
      }
      return band;
    };
    const natural = Int32Array.from(Array(nn).keys());
    const order = reverseCuthillMcKee(graph);
    expect([...order].sort((a, b) => a - b)).toEqual([...natural]);
    const position = new Int32Array(nn);
    order.forEach((node, k) => {
      position[node] = k;
    });
    expect(bandwidth(natural)).toBeGreaterThanOrEqual(81);
    expect(bandwidth(position)).toBeLessThanOrEqual(6); // 3 nodes per column of the strip
  });

  it("the profile ordering is a permutation never worse than RCM, and beats it on a square sheet", () => {
    const mesh = rectangleMesh(1, 1, 20, 20);
    const nn = mesh.nodes.length / 3;
    const graph = triangleGraph(nn, mesh.triangles);
    const rcm = orderingProfile(graph, reverseCuthillMcKee(graph));
    const order = profileOrdering(graph, mesh.nodes);
    expect([...order].sort((a, b) => a - b)).toEqual([...Array(nn).keys()]);
    const chosen = orderingProfile(graph, order);
    expect(chosen).toBeLessThan(rcm);
    // a sweep across a 21 × 21 node sheet: every node reaches back about one row (21–22 nodes)
    expect(chosen).toBeLessThanOrEqual(nn * 22);
  });
});
