// The polyconvex family's tangent T = ∂S/∂x from the network's gradient and Hessian on the
// invariants (docs/theory.md, section "The polyconvex family"; src/model/families/polyconvex-model.ts,
// tangent(), and invariants.ts, invariantHessians(), are the reference and the test oracle):
//   T = κ (B'ᵀ ∇²Ñ B' + Σ_j N,j ∂²y_j + (compressible) (gγ − n) ∂²J + G″ ∂J ∂Jᵀ),  N,j = Ñ,j/δ_j,
// with the invariants' second derivatives ∂²y_j computed here per point from the strain. Scalar
// code, one point at a time: the work is O(m² d + m d²) per point, against the network's
// O(width²). An instance is a tangent instance only (like adam.ts): its own bump allocator over
// the linear memory, never mixed with a network instance.

let tVariant: i32 = 0; // 0 compressible (d = 6), 1 membrane (d = 3)
let tNorms: bool = false;
let tD: i32 = 0;
let tM: i32 = 0;
let tCap: i32 = 0;
// per-point inputs (capacity points), written by the host
let tStrain: usize = 0; // n × d
let tB: usize = 0; // n × m × d, B' = ∂y'/∂x (scaled inputs)
let tBraw: usize = 0; // n × 2 × d, ∂I1/∂x and ∂I2/∂x unscaled (norms only)
let tYraw: usize = 0; // n × 2, I1 − 3 and I2 − 3 (norms only)
let tG: usize = 0; // n × m, ∇Ñ
let tH: usize = 0; // n × m × m, ∇²Ñ
let tGamma: usize = 0; // n (compressible)
let tJ: usize = 0; // n
let tU: usize = 0; // n
let tK: usize = 0; // n × d, ∂J/∂x
let tOut: usize = 0; // n × d × d
let tDelta: usize = 0; // m
// per-point scratch
let tHess: usize = 0; // m × d × d: ∂²y_j
let tHB: usize = 0; // m × d
let tNH: usize = 0; // d × d
let tCm: usize = 0; // 9: C
let tDm: usize = 0; // 9: C⁻¹

// @ts-ignore: decorator
@inline function fl(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline function sf(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

let tTop: usize = 0;
/** the next `count` float64 of the instance's memory, 32-byte aligned */
function take(count: usize): usize {
  const p = tTop;
  tTop = (tTop + count * 8 + 31) & ~(<usize>31);
  return p;
}

/** Voigt pairs of the solid: 11, 22, 33, 23, 13, 12 */
const VI: usize = memory.data<i32>([0, 1, 2, 1, 0, 0]);
const VJ: usize = memory.data<i32>([0, 1, 2, 2, 2, 1]);

/** Sets the variant (0 compressible, 1 membrane), the norm inputs, and room for `capacity` points. */
export function tanInit(variant: i32, norms: i32, capacity: i32): void {
  tVariant = variant;
  tNorms = norms != 0;
  tD = variant == 0 ? 6 : 3;
  tM = (variant == 0 ? 4 : 2) + (tNorms ? 2 : 0);
  tCap = capacity;
  const d = <usize>tD;
  const m = <usize>tM;
  const n = <usize>capacity;
  tTop = (__heap_base + 31) & ~(<usize>31);
  tStrain = take(n * d);
  tB = take(n * m * d);
  tBraw = take(n * 2 * d);
  tYraw = take(n * 2);
  tG = take(n * m);
  tH = take(n * m * m);
  tGamma = take(n);
  tJ = take(n);
  tU = take(n);
  tK = take(n * d);
  tOut = take(n * d * d);
  tDelta = take(m);
  tHess = take(m * d * d);
  tHB = take(m * d);
  tNH = take(d * d);
  tCm = take(9);
  tDm = take(9);
  const need = <i32>((tTop + 0xffff) >>> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
}

/** 0 strain, 1 B', 2 raw ∂I, 3 raw I − 3, 4 ∇Ñ, 5 ∇²Ñ, 6 γ, 7 J, 8 u, 9 ∂J, 10 out, 11 δ */
export function tanPtr(which: i32): usize {
  if (which == 0) return tStrain;
  if (which == 1) return tB;
  if (which == 2) return tBraw;
  if (which == 3) return tYraw;
  if (which == 4) return tG;
  if (which == 5) return tH;
  if (which == 6) return tGamma;
  if (which == 7) return tJ;
  if (which == 8) return tU;
  if (which == 9) return tK;
  if (which == 10) return tOut;
  return tDelta;
}

/** ∂²y_j of point p into tHess (as invariantHessians: base second derivatives, then the norms). */
function hessians(p: i32): void {
  const d = tD;
  const dd = d * d;
  const x = tStrain + (<usize>(p * d) << 3);
  if (tVariant == 0) {
    memory.fill(tHess, 0, <usize>(2 * dd) << 3);
    // ∂²I2 = [[0,4,4],[4,0,4],[4,4,0]] ⊕ (−2 I₃)
    const H2 = tHess + (<usize>dd << 3);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) if (a != b) sf(H2, a * 6 + b, 4);
    for (let a = 3; a < 6; a++) sf(H2, a * 6 + a, -2);
    // C = I + 2E, D = C⁻¹, ∂²J_ab = J (D_ij D_kl − (D_ik D_jl + D_il D_jk)), a ↔ (i, j), b ↔ (k, l)
    const C = tCm;
    sf(C, 0, 1 + 2 * fl(x, 0));
    sf(C, 4, 1 + 2 * fl(x, 1));
    sf(C, 8, 1 + 2 * fl(x, 2));
    sf(C, 5, fl(x, 3));
    sf(C, 7, fl(x, 3));
    sf(C, 2, fl(x, 4));
    sf(C, 6, fl(x, 4));
    sf(C, 1, fl(x, 5));
    sf(C, 3, fl(x, 5));
    const c00 = fl(C, 4) * fl(C, 8) - fl(C, 5) * fl(C, 7);
    const c01 = fl(C, 2) * fl(C, 7) - fl(C, 1) * fl(C, 8);
    const c02 = fl(C, 1) * fl(C, 5) - fl(C, 2) * fl(C, 4);
    const det = fl(C, 0) * c00 + fl(C, 3) * c01 + fl(C, 6) * c02;
    const inv = 1 / det;
    const D = tDm;
    sf(D, 0, c00 * inv);
    sf(D, 1, c01 * inv);
    sf(D, 2, c02 * inv);
    sf(D, 3, (fl(C, 5) * fl(C, 6) - fl(C, 3) * fl(C, 8)) * inv);
    sf(D, 4, (fl(C, 0) * fl(C, 8) - fl(C, 2) * fl(C, 6)) * inv);
    sf(D, 5, (fl(C, 2) * fl(C, 3) - fl(C, 0) * fl(C, 5)) * inv);
    sf(D, 6, (fl(C, 3) * fl(C, 7) - fl(C, 4) * fl(C, 6)) * inv);
    sf(D, 7, (fl(C, 1) * fl(C, 6) - fl(C, 0) * fl(C, 7)) * inv);
    sf(D, 8, (fl(C, 0) * fl(C, 4) - fl(C, 1) * fl(C, 3)) * inv);
    const J = Math.sqrt(det);
    const HJ = tHess + (<usize>(2 * dd) << 3);
    const HmJ = tHess + (<usize>(3 * dd) << 3);
    for (let a = 0; a < 6; a++) {
      const i = load<i32>(VI + (<usize>a << 2));
      const j = load<i32>(VJ + (<usize>a << 2));
      for (let b = a; b < 6; b++) {
        const k = load<i32>(VI + (<usize>b << 2));
        const l = load<i32>(VJ + (<usize>b << 2));
        const v =
          J *
          (fl(D, i * 3 + j) * fl(D, k * 3 + l) - (fl(D, i * 3 + k) * fl(D, j * 3 + l) + fl(D, i * 3 + l) * fl(D, j * 3 + k)));
        sf(HJ, a * 6 + b, v);
        sf(HJ, b * 6 + a, v);
        sf(HmJ, a * 6 + b, -v);
        sf(HmJ, b * 6 + a, -v);
      }
    }
  } else {
    const c11 = 1 + 2 * fl(x, 0);
    const c22 = 1 + 2 * fl(x, 1);
    const c12 = fl(x, 2);
    const det = c11 * c22 - c12 * c12;
    const c33 = 1 / det;
    const tau = c11 + c22;
    const H1 = tHess;
    const H2 = tHess + (<usize>dd << 3);
    for (let a = 0; a < 3; a++) {
      const dDa = a == 0 ? 2 * c22 : a == 1 ? 2 * c11 : -2 * c12;
      const dTa: f64 = a < 2 ? 2 : 0;
      for (let b = 0; b < 3; b++) {
        const dDb = b == 0 ? 2 * c22 : b == 1 ? 2 * c11 : -2 * c12;
        const dTb: f64 = b < 2 ? 2 : 0;
        // ∂²Δ: 4 at (0,1) and (1,0), −2 at (2,2)
        const d2D: f64 = (a == 0 && b == 1) || (a == 1 && b == 0) ? 4 : a == 2 && b == 2 ? -2 : 0;
        const dC33a = -dDa * c33 * c33;
        const dC33b = -dDb * c33 * c33;
        // ∂²C33 = 2Δ⁻³ ∂Δ∂Δᵀ − Δ⁻² ∂²Δ
        const d2C33 = 2 * c33 * c33 * c33 * dDa * dDb - c33 * c33 * d2D;
        sf(H1, a * 3 + b, d2C33);
        sf(H2, a * 3 + b, d2D + tau * d2C33 + dTa * dC33b + dC33a * dTb);
      }
    }
  }
  if (!tNorms) return;
  // ∂²√I = ∂²I/(2√I) − ∂I ∂Iᵀ/(4 I^{3/2}) for I1 and I2, at inputs m − 2 and m − 1
  const mb = tM - 2;
  for (let r = 0; r < 2; r++) {
    const I = fl(tYraw, p * 2 + r) + 3;
    const root = Math.sqrt(I);
    const dI = tBraw + (<usize>((p * 2 + r) * d) << 3);
    const src = tHess + (<usize>(r * dd) << 3);
    const H = tHess + (<usize>((mb + r) * dd) << 3);
    for (let a = 0; a < d; a++) {
      for (let b = 0; b < d; b++) {
        sf(H, a * d + b, fl(src, a * d + b) / (2 * root) - (fl(dI, a) * fl(dI, b)) / (4 * I * root));
      }
    }
  }
}

/** T of n points (n ≤ capacity) into tOut; nrm = c·∇Ñ(0), g the growth weight (compressible). */
export function tanTangent(n: i32, kappa: f64, nrm: f64, g: f64): void {
  const d = tD;
  const m = tM;
  const dd = d * d;
  const compressible = tVariant == 0;
  for (let p = 0; p < n; p++) {
    hessians(p);
    const B = tB + (<usize>(p * m * d) << 3);
    const H = tH + (<usize>(p * m * m) << 3);
    const gN = tG + (<usize>(p * m) << 3);
    // H B' (m × d)
    for (let i = 0; i < m; i++) {
      for (let b = 0; b < d; b++) {
        let t: f64 = 0;
        for (let j = 0; j < m; j++) t += fl(H, i * m + j) * fl(B, j * d + b);
        sf(tHB, i * d + b, t);
      }
    }
    // Σ_j N,j ∂²y_j, N,j = Ñ,j/δ_j
    const n0 = fl(gN, 0) / fl(tDelta, 0);
    for (let ab = 0; ab < dd; ab++) sf(tNH, ab, n0 * fl(tHess, ab));
    for (let j = 1; j < m; j++) {
      const nj = fl(gN, j) / fl(tDelta, j);
      const hj = tHess + (<usize>(j * dd) << 3);
      for (let ab = 0; ab < dd; ab++) sf(tNH, ab, fl(tNH, ab) + nj * fl(hj, ab));
    }
    let jCoef: f64 = 0;
    let g2: f64 = 0;
    if (compressible) {
      const J = fl(tJ, p);
      const u = fl(tU, p);
      const r = 1 - 1 / (J * J);
      jCoef = g * fl(tGamma, p) - nrm;
      g2 = 2 * g * (r * r + (2 * u) / (J * J * J));
    }
    const HJ = tHess + (<usize>(2 * dd) << 3);
    const k = tK + (<usize>(p * d) << 3);
    const out = tOut + (<usize>(p * dd) << 3);
    for (let a = 0; a < d; a++) {
      for (let b = a; b < d; b++) {
        const ab = a * d + b;
        let v: f64 = 0;
        for (let i = 0; i < m; i++) v += fl(B, i * d + a) * fl(tHB, i * d + b);
        v += fl(tNH, ab);
        if (compressible) v += jCoef * fl(HJ, ab) + g2 * fl(k, a) * fl(k, b);
        sf(out, ab, kappa * v);
        sf(out, b * d + a, kappa * v);
      }
    }
  }
}
