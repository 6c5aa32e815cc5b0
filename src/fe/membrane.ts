import type { Material } from "../core/material.js";
import { UserError } from "../util/errors.js";
import type { Mesh } from "./mesh.js";

/**
 * Constant-strain membrane triangles in 3D space, total Lagrangian.
 *
 * Each element gets a reference frame (e1, e2, n): e1 is the mesh's material direction (the
 * fabric's warp) projected onto the element's plane, e2 = n × e1. In that frame the shape-function
 * gradients b_i (2-vectors) are constant, and the deformation gradient (3×2) is
 *   F = [e1 e2] + H,   H = Σ_i u_i b_iᵀ = (u2 − u1) b2ᵀ + (u3 − u1) b3ᵀ
 * (written with differences, so a rigid translation gives H = 0 exactly and hence zero strain,
 * bit for bit). The Green–Lagrange strain E = ½(FᵀF − I), Voigt [E11, E22, 2E12], is
 *   E11 = e1·h1 + ½|h1|²,  E22 = e2·h2 + ½|h2|²,  2E12 = e1·h2 + e2·h1 + h1·h2.
 * With f_α the columns of F and S the second Piola–Kirchhoff stress of the material:
 *   internal force  f_i = A0 t [ (S11 f1 + S12 f2) b_i1 + (S12 f1 + S22 f2) b_i2 ]
 *   tangent         K_ij = A0 t ( B_iᵀ C B_j + (b_iᵀ S b_j) I₃ )      (material + geometric)
 *   with B_i = [ b_i1 f1ᵀ ; b_i2 f2ᵀ ; b_i1 f2ᵀ + b_i2 f1ᵀ ]  (3×3, rows = δE11, δE22, δ2E12).
 *
 * Thickness: a membrane law gives S as force per unit reference width (N/m) — already integrated
 * through the thickness — and then t = 1 (the default, right for "fabric" and every law trained on
 * its data). For a law given per unit volume (Pa), pass the reference thickness t in metres; every
 * force, stiffness and energy is multiplied by it. Density is always per unit reference area.
 *
 * All elements are evaluated with ONE batched material call (strain ne×3 → stress, tangent, energy).
 */
export class MembraneElements {
  readonly elements: number;
  readonly triangles: Int32Array;
  readonly material: Material;
  readonly thickness: number;
  /** reference area A0 per element */
  readonly area: Float64Array;
  /** frame per element: e1 (3), e2 (3) */
  readonly frame: Float64Array;
  /** shape-function gradients per element: b1, b2, b3 (2 each, in the element frame) */
  readonly gradients: Float64Array;
  /** work arrays of the last evaluation: F columns f1, f2 per element (6), strain, stress, tangent, energy */
  readonly deformation: Float64Array;
  readonly strain: Float64Array;
  readonly stress: Float64Array;
  readonly tangent: Float64Array;
  readonly energy: Float64Array;

  constructor(mesh: Mesh, material: Material, thickness = 1) {
    if (material.dim !== 3) {
      throw new UserError(
        `material "${material.name}" has ${material.dim} strain components; a membrane needs 3 (E11, E22, 2E12)`,
      );
    }
    const tri = mesh.triangles;
    const ne = tri.length / 3;
    this.elements = ne;
    this.triangles = tri;
    this.material = material;
    this.thickness = thickness;
    this.area = new Float64Array(ne);
    this.frame = new Float64Array(ne * 6);
    this.gradients = new Float64Array(ne * 6);
    this.deformation = new Float64Array(ne * 6);
    this.strain = new Float64Array(ne * 3);
    this.stress = new Float64Array(ne * 3);
    this.tangent = new Float64Array(ne * 9);
    this.energy = new Float64Array(ne);
    const X = mesh.nodes;
    for (let e = 0; e < ne; e++) {
      const i1 = 3 * tri[3 * e];
      const i2 = 3 * tri[3 * e + 1];
      const i3 = 3 * tri[3 * e + 2];
      const ax = X[i2] - X[i1];
      const ay = X[i2 + 1] - X[i1 + 1];
      const az = X[i2 + 2] - X[i1 + 2];
      const bx = X[i3] - X[i1];
      const by = X[i3 + 1] - X[i1 + 1];
      const bz = X[i3 + 2] - X[i1 + 2];
      let nx = ay * bz - az * by;
      let ny = az * bx - ax * bz;
      let nz = ax * by - ay * bx;
      const twice = Math.hypot(nx, ny, nz);
      if (!(twice > 0))
        throw new UserError(
          `${mesh.source ? `${mesh.source}: ` : ""}element ${mesh.elementTags?.[e] ?? e + 1} has zero area (nodes ${Array.from(
            tri.slice(3 * e, 3 * e + 3),
            (n) => mesh.nodeTags?.[n] ?? n + 1,
          ).join(", ")})`,
        );
      nx /= twice;
      ny /= twice;
      nz /= twice;
      this.area[e] = twice / 2;
      // material direction projected onto the element plane; fall back to the first edge
      let dx = mesh.directions ? mesh.directions[3 * e] : 1;
      let dy = mesh.directions ? mesh.directions[3 * e + 1] : 0;
      let dz = mesh.directions ? mesh.directions[3 * e + 2] : 0;
      const dn = dx * nx + dy * ny + dz * nz;
      dx -= dn * nx;
      dy -= dn * ny;
      dz -= dn * nz;
      let len = Math.hypot(dx, dy, dz);
      if (len < 1e-8) {
        dx = ax;
        dy = ay;
        dz = az;
        len = Math.hypot(ax, ay, az);
      }
      const e1x = dx / len;
      const e1y = dy / len;
      const e1z = dz / len;
      const e2x = ny * e1z - nz * e1y;
      const e2y = nz * e1x - nx * e1z;
      const e2z = nx * e1y - ny * e1x;
      this.frame.set([e1x, e1y, e1z, e2x, e2y, e2z], 6 * e);
      // local coordinates of nodes 2 and 3 (node 1 at the origin)
      const x2 = ax * e1x + ay * e1y + az * e1z;
      const y2 = ax * e2x + ay * e2y + az * e2z;
      const x3 = bx * e1x + by * e1y + bz * e1z;
      const y3 = bx * e2x + by * e2y + bz * e2z;
      const det = x2 * y3 - x3 * y2; // = 2 A0 > 0: (e1, e2, n) is right-handed
      const b21 = y3 / det;
      const b22 = -x3 / det;
      const b31 = -y2 / det;
      const b32 = x2 / det;
      this.gradients.set([-(b21 + b31), -(b22 + b32), b21, b22, b31, b32], 6 * e);
    }
  }

  /** Computes F and E of every element from the displacement u (nodes × 3). */
  computeStrain(u: Float64Array): void {
    const { triangles: tri, frame: fr, gradients: g, deformation: F, strain } = this;
    for (let e = 0; e < this.elements; e++) {
      const i1 = 3 * tri[3 * e];
      const i2 = 3 * tri[3 * e + 1];
      const i3 = 3 * tri[3 * e + 2];
      const o = 6 * e;
      const b21 = g[o + 2];
      const b22 = g[o + 3];
      const b31 = g[o + 4];
      const b32 = g[o + 5];
      let e11 = 0;
      let e22 = 0;
      let g12 = 0;
      let h1h2 = 0;
      for (let c = 0; c < 3; c++) {
        const d2 = u[i2 + c] - u[i1 + c];
        const d3 = u[i3 + c] - u[i1 + c];
        const h1 = d2 * b21 + d3 * b31;
        const h2 = d2 * b22 + d3 * b32;
        e11 += fr[o + c] * h1 + 0.5 * h1 * h1;
        e22 += fr[o + 3 + c] * h2 + 0.5 * h2 * h2;
        g12 += fr[o + c] * h2 + fr[o + 3 + c] * h1;
        h1h2 += h1 * h2;
        F[o + c] = fr[o + c] + h1;
        F[o + 3 + c] = fr[o + 3 + c] + h2;
      }
      strain[3 * e] = e11;
      strain[3 * e + 1] = e22;
      strain[3 * e + 2] = g12 + h1h2;
    }
  }

  /**
   * Strain, then one batched material call: stress always, tangent and energy when asked (energy
   * only if the material has one).
   */
  evaluate(u: Float64Array, withTangent: boolean, withEnergy: boolean): void {
    this.computeStrain(u);
    this.material.evaluate(this.strain, this.elements, {
      stress: this.stress,
      tangent: withTangent ? this.tangent : undefined,
      energy: withEnergy && this.material.hasEnergy ? this.energy : undefined,
    });
  }

  /** Σ A0 t W over elements, after evaluate(…, withEnergy = true); NaN when the material has no energy. */
  strainEnergy(): number {
    if (!this.material.hasEnergy) return Number.NaN;
    let sum = 0;
    for (let e = 0; e < this.elements; e++) sum += this.area[e] * this.energy[e];
    return sum * this.thickness;
  }

  /** Internal force of element e (9, global components) from the last evaluation. */
  elementForce(e: number, fe: Float64Array): void {
    const F = this.deformation;
    const g = this.gradients;
    const s = this.stress;
    const o = 6 * e;
    const w = this.area[e] * this.thickness;
    const s11 = s[3 * e];
    const s22 = s[3 * e + 1];
    const s12 = s[3 * e + 2];
    for (let c = 0; c < 3; c++) {
      const p1 = w * (s11 * F[o + c] + s12 * F[o + 3 + c]);
      const p2 = w * (s12 * F[o + c] + s22 * F[o + 3 + c]);
      for (let i = 0; i < 3; i++) fe[3 * i + c] = p1 * g[o + 2 * i] + p2 * g[o + 2 * i + 1];
    }
  }

  /** Tangent of element e (9×9 row-major, global) from the last evaluation with the tangent. */
  elementTangent(e: number, ke: Float64Array, scratch: Float64Array): void {
    const F = this.deformation;
    const g = this.gradients;
    const s = this.stress;
    const C = this.tangent;
    const o = 6 * e;
    const w = this.area[e] * this.thickness;
    // B (3 × 9) into scratch[0..27), C·B into scratch[27..54)
    const B = scratch;
    for (let i = 0; i < 3; i++) {
      const bi1 = g[o + 2 * i];
      const bi2 = g[o + 2 * i + 1];
      for (let c = 0; c < 3; c++) {
        const f1 = F[o + c];
        const f2 = F[o + 3 + c];
        B[3 * i + c] = bi1 * f1;
        B[9 + 3 * i + c] = bi2 * f2;
        B[18 + 3 * i + c] = bi1 * f2 + bi2 * f1;
      }
    }
    const c0 = 9 * e;
    // symmetrised material tangent (a regression network's Jacobian need not be symmetric)
    const c00 = C[c0];
    const c11 = C[c0 + 4];
    const c22 = C[c0 + 8];
    const c01 = 0.5 * (C[c0 + 1] + C[c0 + 3]);
    const c02 = 0.5 * (C[c0 + 2] + C[c0 + 6]);
    const c12 = 0.5 * (C[c0 + 5] + C[c0 + 7]);
    for (let q = 0; q < 9; q++) {
      const x0 = B[q];
      const x1 = B[9 + q];
      const x2 = B[18 + q];
      B[27 + q] = c00 * x0 + c01 * x1 + c02 * x2;
      B[36 + q] = c01 * x0 + c11 * x1 + c12 * x2;
      B[45 + q] = c02 * x0 + c12 * x1 + c22 * x2;
    }
    const s11 = s[3 * e];
    const s22 = s[3 * e + 1];
    const s12 = s[3 * e + 2];
    for (let p = 0; p < 9; p++) {
      const bp0 = B[p];
      const bp1 = B[9 + p];
      const bp2 = B[18 + p];
      for (let q = 0; q < 9; q++) ke[9 * p + q] = w * (bp0 * B[27 + q] + bp1 * B[36 + q] + bp2 * B[45 + q]);
    }
    for (let i = 0; i < 3; i++) {
      const bi1 = g[o + 2 * i];
      const bi2 = g[o + 2 * i + 1];
      for (let j = 0; j < 3; j++) {
        const bj1 = g[o + 2 * j];
        const bj2 = g[o + 2 * j + 1];
        const geo = w * (s11 * bi1 * bj1 + s22 * bi2 * bj2 + s12 * (bi1 * bj2 + bi2 * bj1));
        for (let c = 0; c < 3; c++) ke[9 * (3 * i + c) + 3 * j + c] += geo;
      }
    }
  }
}
