/**
 * Triangle meshes of membranes in 3D space, and the structured generators the experiments use.
 * A mesh is plain typed arrays: node coordinates (reference configuration), triangle
 * connectivity, optional per-element material directions (the fabric's warp, projected onto each
 * element by src/fe/membrane.ts), and named node/element sets for boundaries.
 */
export interface Mesh {
  /** reference coordinates, nodes × 3 */
  nodes: Float64Array;
  /** node indices, triangles × 3 (counter-clockwise seen from the side the normal points to) */
  triangles: Int32Array;
  /** optional material direction 1 (warp) per element, triangles × 3; default global x */
  directions?: Float64Array;
  /** named node sets (boundaries, symmetry lines) */
  nodeSets: Map<string, Int32Array>;
  /** named element sets (physical surfaces) */
  elementSets: Map<string, Int32Array>;
  /** the file a mesh was read from, for messages */
  source?: string;
  /** the file's node and element tags (Gmsh numbers), for messages; default 1-based indices */
  nodeTags?: Int32Array;
  elementTags?: Int32Array;
}

export function nodeCount(mesh: Mesh): number {
  return mesh.nodes.length / 3;
}

export function elementCount(mesh: Mesh): number {
  return mesh.triangles.length / 3;
}

function nodeSet(list: number[]): Int32Array {
  return Int32Array.from(list);
}

/**
 * A flat rectangle [0, lx] × [0, ly] in the plane z = 0, nx × ny cells each cut into two triangles
 * (alternating diagonals, so the mesh has no preferred shear direction). Node sets: "left",
 * "right", "bottom", "top", "boundary"; element set "all". Warp along x.
 */
export function rectangleMesh(lx: number, ly: number, nx: number, ny: number): Mesh {
  const nodes = new Float64Array((nx + 1) * (ny + 1) * 3);
  const id = (i: number, j: number) => j * (nx + 1) + i;
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const n = id(i, j);
      nodes[3 * n] = (lx * i) / nx;
      nodes[3 * n + 1] = (ly * j) / ny;
    }
  }
  const triangles = new Int32Array(nx * ny * 6);
  let t = 0;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const a = id(i, j);
      const b = id(i + 1, j);
      const c = id(i + 1, j + 1);
      const d = id(i, j + 1);
      const quad = (i + j) % 2 === 0 ? [a, b, c, a, c, d] : [a, b, d, b, c, d];
      triangles.set(quad, t);
      t += 6;
    }
  }
  const left: number[] = [];
  const right: number[] = [];
  const bottom: number[] = [];
  const top: number[] = [];
  const boundary: number[] = [];
  for (let j = 0; j <= ny; j++) {
    for (let i = 0; i <= nx; i++) {
      const n = id(i, j);
      if (i === 0) left.push(n);
      if (i === nx) right.push(n);
      if (j === 0) bottom.push(n);
      if (j === ny) top.push(n);
      if (i === 0 || i === nx || j === 0 || j === ny) boundary.push(n);
    }
  }
  return {
    nodes,
    triangles,
    nodeSets: new Map([
      ["left", nodeSet(left)],
      ["right", nodeSet(right)],
      ["bottom", nodeSet(bottom)],
      ["top", nodeSet(top)],
      ["boundary", nodeSet(boundary)],
    ]),
    elementSets: new Map([["all", allElements(nx * ny * 2)]]),
  };
}

function allElements(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * An open tube (the lateral surface of a cylinder) about the z axis: `around` flat facets (a
 * regular polygon prism), `along` rows over the length, each facet cell cut into two triangles with
 * the same diagonal. Nodes lie on the circle of the given radius; every facet is flat, so its
 * mid-facet distance from the axis (the apothem) is radius·cos(π/around). Normals point outward.
 * Warp (material direction 1) runs around the tube (hoop), weft along the axis. Node sets: "bottom"
 * (z = 0) and "top" (z = length).
 */
export function tubeMesh(radius: number, length: number, around: number, along: number): Mesh {
  const nodes = new Float64Array(around * (along + 1) * 3);
  const id = (i: number, j: number) => j * around + (i % around);
  for (let j = 0; j <= along; j++) {
    for (let i = 0; i < around; i++) {
      const theta = (2 * Math.PI * i) / around;
      const n = id(i, j);
      nodes[3 * n] = radius * Math.cos(theta);
      nodes[3 * n + 1] = radius * Math.sin(theta);
      nodes[3 * n + 2] = (length * j) / along;
    }
  }
  const ne = around * along * 2;
  const triangles = new Int32Array(ne * 3);
  const directions = new Float64Array(ne * 3);
  let t = 0;
  for (let j = 0; j < along; j++) {
    for (let i = 0; i < around; i++) {
      const a = id(i, j);
      const b = id(i + 1, j);
      const c = id(i + 1, j + 1);
      const d = id(i, j + 1);
      // counter-clockwise seen from outside: (hoop, axial) is right-handed with the outward normal
      triangles.set([a, b, c, a, c, d], 6 * (j * around + i));
      const mid = (2 * Math.PI * (i + 0.5)) / around;
      for (let k = 0; k < 2; k++) {
        directions[3 * t] = -Math.sin(mid);
        directions[3 * t + 1] = Math.cos(mid);
        t++;
      }
    }
  }
  const bottom: number[] = [];
  const top: number[] = [];
  for (let i = 0; i < around; i++) {
    bottom.push(id(i, 0));
    top.push(id(i, along));
  }
  return {
    nodes,
    triangles,
    directions,
    nodeSets: new Map([
      ["bottom", nodeSet(bottom)],
      ["top", nodeSet(top)],
    ]),
    elementSets: new Map([["all", allElements(ne)]]),
  };
}

/**
 * A flat disc of the given radius in z = 0: a centre node and `rings` rings, ring k holding 6k
 * nodes, triangulated ring by ring (nearly equilateral triangles). Node set "boundary" (outer
 * ring); element set "all". Warp along x.
 */
export function discMesh(radius: number, rings: number): Mesh {
  const coords: number[] = [0, 0, 0];
  const ringStart: number[] = [0];
  for (let k = 1; k <= rings; k++) {
    ringStart.push(coords.length / 3);
    const m = 6 * k;
    for (let i = 0; i < m; i++) {
      const theta = (2 * Math.PI * i) / m;
      coords.push(((radius * k) / rings) * Math.cos(theta), ((radius * k) / rings) * Math.sin(theta), 0);
    }
  }
  const tris: number[] = [];
  const ringNode = (k: number, i: number) =>
    k === 0 ? 0 : ringStart[k] + (((i % (6 * k)) + 6 * k) % (6 * k));
  for (let k = 1; k <= rings; k++) {
    // walk the outer ring k (6k nodes) and the inner ring k−1 (6(k−1) nodes) together, by angle
    const outer = 6 * k;
    const inner = 6 * (k - 1);
    let io = 0;
    let ii = 0;
    while (io < outer || ii < inner) {
      const angOuter = (io + 1) / outer;
      const angInner = inner === 0 ? Number.POSITIVE_INFINITY : (ii + 1) / inner;
      if (inner === 0 || angOuter <= angInner) {
        tris.push(ringNode(k - 1, ii), ringNode(k, io), ringNode(k, io + 1));
        io++;
      } else {
        tris.push(ringNode(k - 1, ii), ringNode(k, io), ringNode(k - 1, ii + 1));
        ii++;
      }
    }
  }
  const boundary: number[] = [];
  for (let i = 0; i < 6 * rings; i++) boundary.push(ringNode(rings, i));
  return {
    nodes: Float64Array.from(coords),
    triangles: Int32Array.from(tris),
    nodeSets: new Map([["boundary", nodeSet(boundary)]]),
    elementSets: new Map([["all", allElements(tris.length / 3)]]),
  };
}
