import { describe, expect, it } from "vitest";
import { MembraneElements } from "../../src/fe/membrane.js";
import { type Mesh, rectangleMesh } from "../../src/fe/mesh.js";
import { addPressureStiffness, pressureForce } from "../../src/fe/pressure.js";
import { StaticModel } from "../../src/fe/static.js";
import { Random } from "../../src/util/random.js";
import { svkMembrane } from "./svk-double.js";

/** A rotation about an arbitrary axis (Rodrigues), to place the flat mesh anywhere in space. */
function rotation(axis: number[], angle: number): number[] {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((a) => a / n);
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

function apply(R: number[], v: number[]): number[] {
  return [0, 1, 2].map((r) => R[3 * r] * v[0] + R[3 * r + 1] * v[1] + R[3 * r + 2] * v[2]);
}

describe("membrane triangle", () => {
  it("patch test: a homogeneous deformation gives the exact material strain and stress, zero interior residual", () => {
    // a rotated, irregularly perturbed flat mesh; warp direction at 30° in the plane
    const base = rectangleMesh(2, 1, 6, 4);
    const rng = new Random(3);
    const R = rotation([1, 2, 3], 0.7);
    const nn = base.nodes.length / 3;
    const interior = new Set<number>([...Array(nn).keys()]);
    for (const n of base.nodeSets.get("boundary")!) interior.delete(n);
    const local = new Float64Array(base.nodes);
    for (const n of interior) {
      local[3 * n] += rng.range(-0.08, 0.08);
      local[3 * n + 1] += rng.range(-0.06, 0.06);
    }
    const nodes = new Float64Array(nn * 3);
    for (let n = 0; n < nn; n++) nodes.set(apply(R, [local[3 * n], local[3 * n + 1], 0]), 3 * n);
    const ne = base.triangles.length / 3;
    const warp = apply(R, [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6), 0]);
    const directions = new Float64Array(ne * 3);
    for (let e = 0; e < ne; e++) directions.set(warp, 3 * e);
    const mesh: Mesh = { ...base, nodes, directions };
    // homogeneous deformation in material axes (a, b = warp, weft): x = R·Fm·(local), then a rigid
    // rotation Q and a translation; the exact strain is ½(FmᵀFm − I) in the (a, b) frame
    const Fm = [1.1, 0.05, -0.02, 0.95]; // 2×2 in (a, b) components
    const Q = rotation([-1, 0.5, 2], 1.1);
    const a = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    const b = [-a[1], a[0]];
    const u = new Float64Array(nn * 3);
    for (let n = 0; n < nn; n++) {
      const pa = local[3 * n] * a[0] + local[3 * n + 1] * a[1];
      const pb = local[3 * n] * b[0] + local[3 * n + 1] * b[1];
      const qa = Fm[0] * pa + Fm[1] * pb;
      const qb = Fm[2] * pa + Fm[3] * pb;
      const flat = [qa * a[0] + qb * b[0], qa * a[1] + qb * b[1], 0];
      const x = apply(Q, apply(R, flat));
      for (let c = 0; c < 3; c++) u[3 * n + c] = x[c] + [0.3, -0.2, 0.1][c] - nodes[3 * n + c];
    }
    const exact = [
      0.5 * (Fm[0] ** 2 + Fm[2] ** 2 - 1),
      0.5 * (Fm[1] ** 2 + Fm[3] ** 2 - 1),
      Fm[0] * Fm[1] + Fm[2] * Fm[3],
    ];
    const material = svkMembrane();
    const exactStress = new Float64Array(3);
    material.evaluate(Float64Array.from(exact), 1, { stress: exactStress });
    const model = new StaticModel({ mesh, material, supports: [] });
    model.assemble(u, 1, false);
    const el = model.elements;
    for (let e = 0; e < ne; e++) {
      for (let k = 0; k < 3; k++) {
        expect(Math.abs(el.strain[3 * e + k] - exact[k])).toBeLessThan(1e-13);
        expect(Math.abs(el.stress[3 * e + k] - exactStress[k])).toBeLessThan(1e-9 * Math.abs(exactStress[0]));
      }
    }
    // residual at interior nodes vanishes (no supports: every node has equations)
    for (const n of interior) {
      for (let c = 0; c < 3; c++) {
        const r = model.residual[model.dofs.equation[3 * n + c]];
        expect(Math.abs(r)).toBeLessThan(1e-10 * model.internalNorm);
      }
    }
  });

  it("element tangent (material + geometric) equals central differences of the internal force", () => {
    const mesh: Mesh = {
      nodes: Float64Array.from([0.1, 0, 0.2, 1.2, 0.3, 0, 0.2, 0.9, 0.4]),
      triangles: Int32Array.from([0, 1, 2]),
      directions: Float64Array.from([1, 0.3, 0]),
      nodeSets: new Map(),
      elementSets: new Map(),
    };
    const el = new MembraneElements(mesh, svkMembrane(), 0.7);
    const rng = new Random(11);
    const u = new Float64Array(9);
    for (let i = 0; i < 9; i++) u[i] = rng.range(-0.1, 0.1);
    el.evaluate(u, true, false);
    const ke = new Float64Array(81);
    el.elementTangent(0, ke, new Float64Array(54));
    const fp = new Float64Array(9);
    const fm = new Float64Array(9);
    const h = 1e-6;
    let maxK = 0;
    for (const v of ke) maxK = Math.max(maxK, Math.abs(v));
    for (let q = 0; q < 9; q++) {
      const up = Float64Array.from(u);
      const um = Float64Array.from(u);
      up[q] += h;
      um[q] -= h;
      el.evaluate(up, false, false);
      el.elementForce(0, fp);
      el.evaluate(um, false, false);
      el.elementForce(0, fm);
      for (let p = 0; p < 9; p++) {
        const fd = (fp[p] - fm[p]) / (2 * h);
        expect(Math.abs(fd - ke[9 * p + q])).toBeLessThan(1e-7 * maxK);
      }
    }
  });

  it("element force is the gradient of the element energy (A0 t W)", () => {
    const mesh = rectangleMesh(1, 1, 1, 1);
    const el = new MembraneElements(mesh, svkMembrane(), 1);
    const rng = new Random(5);
    const u = new Float64Array(12);
    for (let i = 0; i < 12; i++) u[i] = rng.range(-0.1, 0.1);
    el.evaluate(u, false, true);
    const fe = new Float64Array(9);
    const total = new Float64Array(12);
    for (let e = 0; e < 2; e++) {
      el.elementForce(e, fe);
      for (let a = 0; a < 3; a++)
        for (let c = 0; c < 3; c++) total[3 * mesh.triangles[3 * e + a] + c] += fe[3 * a + c];
    }
    const h = 1e-6;
    for (let q = 0; q < 12; q++) {
      const up = Float64Array.from(u);
      up[q] += h;
      el.evaluate(up, false, true);
      const wp = el.strainEnergy();
      up[q] -= 2 * h;
      el.evaluate(up, false, true);
      const wm = el.strainEnergy();
      expect((wp - wm) / (2 * h)).toBeCloseTo(total[q], 5);
    }
  });

  it("pressure load stiffness equals central differences of the follower pressure force", () => {
    const x = Float64Array.from([0.1, 0, 0.2, 1.2, 0.3, 0, 0.2, 0.9, 0.4]);
    const ke = new Float64Array(81);
    addPressureStiffness(x, 3.5, 1, ke);
    const fp = new Float64Array(9);
    const fm = new Float64Array(9);
    const h = 1e-6;
    for (let q = 0; q < 9; q++) {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[q] += h;
      xm[q] -= h;
      pressureForce(xp, 3.5, fp);
      pressureForce(xm, 3.5, fm);
      for (let p = 0; p < 9; p++) expect((fp[p] - fm[p]) / (2 * h)).toBeCloseTo(ke[9 * p + q], 8);
    }
  });
});
