import { describe, expect, it } from "vitest";
import { MembraneElements } from "../../src/fe/membrane.js";
import { discMesh, type Mesh, rectangleMesh, tubeMesh } from "../../src/fe/mesh.js";
import { svkMembrane } from "./svk-double.js";

/** Σ of triangle areas and the unit normal of each, from the coordinates alone. */
function areasAndNormals(mesh: Mesh): { total: number; normals: number[][] } {
  const X = mesh.nodes;
  const T = mesh.triangles;
  let total = 0;
  const normals: number[][] = [];
  for (let t = 0; t < T.length; t += 3) {
    const [a, b, c] = [T[t], T[t + 1], T[t + 2]].map((n) => [X[3 * n], X[3 * n + 1], X[3 * n + 2]]);
    const u = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
    const v = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
    const n = [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
    const len = Math.hypot(...n);
    total += len / 2;
    normals.push(n.map((x) => x / len));
  }
  return { total, normals };
}

describe("structured meshes", () => {
  it("rectangle: area lx·ly, normals +z, boundary sets", () => {
    const mesh = rectangleMesh(2, 0.5, 8, 3);
    const { total, normals } = areasAndNormals(mesh);
    expect(total).toBeCloseTo(1, 14);
    for (const n of normals) expect(n[2]).toBeCloseTo(1, 14);
    expect(mesh.nodeSets.get("left")!.length).toBe(4);
    expect(mesh.nodeSets.get("boundary")!.length).toBe(2 * 9 + 2 * 2);
  });

  it("disc: area of the outer 6·rings-gon, normals +z, no element inverted", () => {
    const rings = 5;
    const mesh = discMesh(1, rings);
    const { total, normals } = areasAndNormals(mesh);
    const m = 6 * rings;
    expect(total).toBeCloseTo(0.5 * m * Math.sin((2 * Math.PI) / m), 12);
    for (const n of normals) expect(n[2]).toBeCloseTo(1, 12);
    expect(mesh.triangles.length / 3).toBe(6 * rings * rings);
    expect(mesh.nodeSets.get("boundary")!.length).toBe(m);
  });

  it("tube: lateral area of the prism, outward normals, hoop material axis", () => {
    const around = 12;
    const mesh = tubeMesh(1, 2, around, 3);
    const { total, normals } = areasAndNormals(mesh);
    expect(total).toBeCloseTo(around * 2 * Math.sin(Math.PI / around) * 2, 12);
    const X = mesh.nodes;
    const T = mesh.triangles;
    normals.forEach((n, e) => {
      const cx = (X[3 * T[3 * e]] + X[3 * T[3 * e + 1]] + X[3 * T[3 * e + 2]]) / 3;
      const cy = (X[3 * T[3 * e] + 1] + X[3 * T[3 * e + 1] + 1] + X[3 * T[3 * e + 2] + 1]) / 3;
      expect(n[0] * cx + n[1] * cy).toBeGreaterThan(0);
    });
    // element frames: e1 horizontal (hoop), e2 along the axis
    const el = new MembraneElements(mesh, svkMembrane());
    for (let e = 0; e < el.elements; e++) {
      expect(el.frame[6 * e + 2]).toBeCloseTo(0, 12);
      expect(Math.abs(el.frame[6 * e + 5])).toBeCloseTo(1, 12);
    }
  });
});
