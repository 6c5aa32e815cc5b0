/**
 * Reverse Cuthill–McKee ordering of a graph given in compressed adjacency form (CSR): a
 * breadth-first numbering from a pseudo-peripheral start node, visiting neighbours by increasing
 * degree, then reversed. It keeps the profile of the stiffness matrix small, which is what the
 * skyline LDLᵀ of src/fe/skyline.ts pays for.
 */
export interface Graph {
  /** offsets into `adjacency`, length nodes + 1 */
  start: Int32Array;
  adjacency: Int32Array;
}

/** The node graph of a triangle mesh (two nodes are adjacent when they share an element). */
export function triangleGraph(nodes: number, triangles: Int32Array): Graph {
  const neighbours: Set<number>[] = Array.from({ length: nodes }, () => new Set<number>());
  for (let t = 0; t < triangles.length; t += 3) {
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) if (a !== b) neighbours[triangles[t + a]].add(triangles[t + b]);
    }
  }
  const start = new Int32Array(nodes + 1);
  for (let i = 0; i < nodes; i++) start[i + 1] = start[i] + neighbours[i].size;
  const adjacency = new Int32Array(start[nodes]);
  for (let i = 0; i < nodes; i++) {
    const sorted = [...neighbours[i]].sort((x, y) => x - y);
    adjacency.set(sorted, start[i]);
  }
  return { start, adjacency };
}

/** Breadth-first levels from `root` within unvisited nodes; returns the visit order. */
function breadthFirst(
  graph: Graph,
  root: number,
  mark: Int32Array,
  stamp: number,
  byDegree: boolean,
): number[] {
  const order = [root];
  mark[root] = stamp;
  const degree = (n: number) => graph.start[n + 1] - graph.start[n];
  for (let head = 0; head < order.length; head++) {
    const n = order[head];
    const next: number[] = [];
    for (let k = graph.start[n]; k < graph.start[n + 1]; k++) {
      const m = graph.adjacency[k];
      if (mark[m] !== stamp) {
        mark[m] = stamp;
        next.push(m);
      }
    }
    if (byDegree) next.sort((x, y) => degree(x) - degree(y) || x - y);
    for (const m of next) order.push(m);
  }
  return order;
}

/**
 * The RCM permutation: `order[k]` is the node placed at position k. Every connected component is
 * numbered in turn, each from a pseudo-peripheral node (George–Liu: repeat a BFS from the last
 * node reached while the depth grows).
 */
export function reverseCuthillMcKee(graph: Graph): Int32Array {
  const n = graph.start.length - 1;
  const placed = new Uint8Array(n);
  const mark = new Int32Array(n).fill(-1);
  let stamp = 0;
  const result: number[] = [];
  const degree = (v: number) => graph.start[v + 1] - graph.start[v];
  for (let seed = 0; seed < n; seed++) {
    if (placed[seed]) continue;
    // pseudo-peripheral node of this component: start at a minimum-degree node, walk to the far end
    const component = breadthFirst(graph, seed, mark, stamp++, false);
    let root = component.reduce((best, v) => (degree(v) < degree(best) ? v : best), seed);
    let depth = -1;
    for (let pass = 0; pass < 4; pass++) {
      const levels = levelCount(graph, root, mark, stamp++);
      if (levels.depth <= depth) break;
      depth = levels.depth;
      root = levels.last;
    }
    const order = breadthFirst(graph, root, mark, stamp++, true);
    for (const v of order) placed[v] = 1;
    for (let k = order.length - 1; k >= 0; k--) result.push(order[k]);
  }
  // components are reversed individually; their relative order does not matter for the profile
  return Int32Array.from(result);
}

function levelCount(
  graph: Graph,
  root: number,
  mark: Int32Array,
  stamp: number,
): { depth: number; last: number } {
  let frontier = [root];
  mark[root] = stamp;
  let depth = 0;
  let last = root;
  const degree = (v: number) => graph.start[v + 1] - graph.start[v];
  for (;;) {
    const next: number[] = [];
    for (const v of frontier) {
      for (let k = graph.start[v]; k < graph.start[v + 1]; k++) {
        const m = graph.adjacency[k];
        if (mark[m] !== stamp) {
          mark[m] = stamp;
          next.push(m);
        }
      }
    }
    if (next.length === 0) break;
    depth++;
    frontier = next;
    last = next.reduce((best, v) => (degree(v) < degree(best) ? v : best), next[0]);
  }
  return { depth, last };
}

/** The profile of a node ordering: Σ_v (position(v) − min position over v and its neighbours). */
export function orderingProfile(graph: Graph, order: Int32Array): number {
  const n = order.length;
  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[order[k]] = k;
  let profile = 0;
  for (let v = 0; v < n; v++) {
    let low = position[v];
    for (let k = graph.start[v]; k < graph.start[v + 1]; k++)
      low = Math.min(low, position[graph.adjacency[k]]);
    profile += position[v] - low;
  }
  return profile;
}

/**
 * A small-profile node ordering: reverse Cuthill–McKee, or — when the mesh is a structured sheet
 * or tube, where a sweep along one coordinate axis beats RCM's diagonal fronts — the node order
 * sorted along x, y or z (ties broken by the other axes). The candidate with the smallest profile
 * wins.
 */
export function profileOrdering(graph: Graph, coordinates?: Float64Array): Int32Array {
  let best = reverseCuthillMcKee(graph);
  let bestProfile = orderingProfile(graph, best);
  if (!coordinates) return best;
  const n = graph.start.length - 1;
  for (let axis = 0; axis < 3; axis++) {
    const a1 = (axis + 1) % 3;
    const a2 = (axis + 2) % 3;
    const nodes = Array.from({ length: n }, (_, i) => i);
    nodes.sort(
      (p, q) =>
        coordinates[3 * p + axis] - coordinates[3 * q + axis] ||
        coordinates[3 * p + a1] - coordinates[3 * q + a1] ||
        coordinates[3 * p + a2] - coordinates[3 * q + a2] ||
        p - q,
    );
    const order = Int32Array.from(nodes);
    const profile = orderingProfile(graph, order);
    if (profile < bestProfile) {
      best = order;
      bestProfile = profile;
    }
  }
  return best;
}
