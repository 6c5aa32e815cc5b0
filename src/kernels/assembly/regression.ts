// WebAssembly SIMD kernel of the regression baseline's loss and gradient (src/model/regression.ts
// is the reference and the test oracle): a tanh MLP strain → stress, s = κ D⁻¹ net(x / D), with the
// σ-normalised loss Σ ((s − y)/σ)² / (n d) over the known targets (a NaN target is unknown: its
// residual is 0; the caller rescales by n d / Σw, src/kernels/regression-kernels.ts). Samples four at a time (two f64x2 vectors per unit,
// 32 bytes), per-parameter f64x2 accumulators reduced at the end. A module instance is either a
// network instance (index.ts) or a regression instance (this file): the two keep separate state
// and this one has its own bump allocator over the same linear memory, so never mix them.
//
// Parameter order: for l = 1..L+1: W_l (n_l × n_{l−1}, row-major) | b_l (n_l); n_0 = n_{L+1} = d.

import { vtanh } from "./simdmath";

let RD: i32 = 0; // d
let RL: i32 = 0; // hidden layers L
let RSIZE: i32 = 0;
let rKappa: f64 = 1.0;
let rTop: usize = 0;
let rFixedTop: usize = 0;
let rCapacity: i32 = 0;

let tW: usize = 0; // widths n_0..n_{L+1} (i32)
let tOW: usize = 0; // offset of W_l, l = 1..L+1 at index l − 1
let tOB: usize = 0; // offset of b_l
let tH: usize = 0; // usize pointer of layer l's activation block (w_l × 32 bytes), l = 0..L+1
let tG: usize = 0; // adjoint blocks, same shape

let rParams: usize = 0;
let rAcc: usize = 0; // f64x2 per parameter
let rGrad: usize = 0;
let rSigma: usize = 0;
let rInvD: usize = 0;
let rYb: usize = 0; // targets of the block (d × 32 bytes)
let rX: usize = 0;
let rY: usize = 0;

function ralloc(bytes: usize): usize {
  const p = (rTop + 31) & ~(<usize>31);
  rTop = p + bytes;
  const need = <i32>((rTop + 0xffff) >>> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
  memory.fill(p, 0, bytes);
  return p;
}

// @ts-ignore: decorator
@inline function wd(l: i32): i32 {
  return load<i32>(tW + (<usize>l << 2));
}
// @ts-ignore: decorator
@inline function hb(l: i32): usize {
  return load<usize>(tH + (<usize>l << 2));
}
// @ts-ignore: decorator
@inline function gb(l: i32): usize {
  return load<usize>(tG + (<usize>l << 2));
}
// @ts-ignore: decorator
@inline function ow(l: i32): i32 {
  return load<i32>(tOW + (<usize>(l - 1) << 2));
}
// @ts-ignore: decorator
@inline function ob(l: i32): i32 {
  return load<i32>(tOB + (<usize>(l - 1) << 2));
}

/** Starts a regression network: input/output dimension d, L hidden layers. */
export function regInit(d: i32, layers: i32): void {
  RD = d;
  RL = layers;
  rTop = __heap_base;
  rCapacity = 0;
  tW = ralloc(<usize>(layers + 2) << 2);
  tOW = ralloc(<usize>(layers + 1) << 2);
  tOB = ralloc(<usize>(layers + 1) << 2);
  tH = ralloc(<usize>(layers + 2) << 2);
  tG = ralloc(<usize>(layers + 2) << 2);
  store<i32>(tW, d);
  store<i32>(tW + (<usize>(layers + 1) << 2), d);
}

/** width of hidden layer l (0-based) */
export function regSetWidth(l: i32, w: i32): void {
  store<i32>(tW + (<usize>(l + 1) << 2), w);
}

/** Parameter offsets and fixed buffers; returns the parameter count. */
export function regBuild(): i32 {
  let off = 0;
  for (let l = 1; l <= RL + 1; l++) {
    store<i32>(tOW + (<usize>(l - 1) << 2), off);
    off += wd(l) * wd(l - 1);
    store<i32>(tOB + (<usize>(l - 1) << 2), off);
    off += wd(l);
  }
  RSIZE = off;
  rParams = ralloc(<usize>off << 3);
  rAcc = ralloc(<usize>off << 4);
  rGrad = ralloc(<usize>off << 3);
  rSigma = ralloc(<usize>RD << 3);
  rInvD = ralloc(<usize>RD << 3);
  rYb = ralloc(<usize>RD << 5);
  for (let l = 0; l <= RL + 1; l++) {
    store<usize>(tH + (<usize>l << 2), ralloc(<usize>wd(l) << 5));
    store<usize>(tG + (<usize>l << 2), ralloc(<usize>wd(l) << 5));
  }
  rFixedTop = rTop;
  return off;
}

export function regSetKappa(kappa: f64): void {
  rKappa = kappa;
}

/** Makes room for n samples in the x and y buffers. */
export function regReserve(n: i32): void {
  if (n <= rCapacity) return;
  rTop = rFixedTop;
  const c = <usize>(n + 4) * <usize>RD * 8;
  rX = ralloc(c);
  rY = ralloc(c);
  rCapacity = n;
}

export function regPtrParams(): usize {
  return rParams;
}
export function regPtrX(): usize {
  return rX;
}
export function regPtrY(): usize {
  return rY;
}
export function regPtrSigma(): usize {
  return rSigma;
}
export function regPtrInvD(): usize {
  return rInvD;
}
export function regPtrGrad(): usize {
  return rGrad;
}

// @ts-ignore: decorator
@inline function ld(p: usize): v128 {
  return v128.load(p);
}
// @ts-ignore: decorator
@inline function st(p: usize, v: v128): void {
  v128.store(p, v);
}
// @ts-ignore: decorator
@inline function lds(p: usize): v128 {
  return v128.load64_splat(p);
}
// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return f64x2.add(acc, f64x2.mul(a, b));
}

/** out_i = b_i + Σ_j W_ij in_j on one block, in the reference's order (bias first, then j). */
function affine(out: usize, nOut: usize, pW: usize, nIn: i32, inArr: usize, pB: usize): void {
  let i: i32 = 0;
  const n = <i32>nOut;
  for (; i + 1 < n; i += 2) {
    let lo0 = lds(pB + (<usize>i << 3));
    let hi0 = lo0;
    let lo1 = lds(pB + (<usize>(i + 1) << 3));
    let hi1 = lo1;
    const r0 = pW + (<usize>(i * nIn) << 3);
    const r1 = r0 + (<usize>nIn << 3);
    for (let j = 0; j < nIn; j++) {
      const p = inArr + (<usize>j << 5);
      const zl = ld(p);
      const zh = ld(p + 16);
      const w0 = lds(r0 + (<usize>j << 3));
      const w1 = lds(r1 + (<usize>j << 3));
      lo0 = madd(lo0, w0, zl);
      hi0 = madd(hi0, w0, zh);
      lo1 = madd(lo1, w1, zl);
      hi1 = madd(hi1, w1, zh);
    }
    const o = out + (<usize>i << 5);
    st(o, lo0);
    st(o + 16, hi0);
    st(o + 32, lo1);
    st(o + 48, hi1);
  }
  if (i < n) {
    let lo = lds(pB + (<usize>i << 3));
    let hi = lo;
    const r0 = pW + (<usize>(i * nIn) << 3);
    for (let j = 0; j < nIn; j++) {
      const p = inArr + (<usize>j << 5);
      const w0 = lds(r0 + (<usize>j << 3));
      lo = madd(lo, w0, ld(p));
      hi = madd(hi, w0, ld(p + 16));
    }
    const o = out + (<usize>i << 5);
    st(o, lo);
    st(o + 16, hi);
  }
}

/** Loads samples m..m+c−1 (c ≤ 4) of src (n×d) into a block, scaled by sc (or 1), padding with 0. */
function loadRegBlock(src: usize, m: i32, c: i32, dst: usize, scaled: bool): void {
  memory.fill(dst, 0, <usize>RD << 5);
  for (let s = 0; s < c; s++) {
    for (let k = 0; k < RD; k++) {
      let v = load<f64>(src + (<usize>((m + s) * RD + k) << 3));
      if (scaled) v *= load<f64>(rInvD + (<usize>k << 3));
      store<f64>(dst + (<usize>k << 5) + (<usize>s << 3), v);
    }
  }
}

/** forward pass of the block in layer 0: tanh hidden layers, linear output in layer L+1 */
function regForward(): void {
  for (let l = 1; l <= RL + 1; l++) {
    const w = wd(l);
    const out = hb(l);
    affine(out, <usize>w, rParams + (<usize>ow(l) << 3), wd(l - 1), hb(l - 1), rParams + (<usize>ob(l) << 3));
    if (l <= RL) {
      for (let v = 0; v < w * 2; v++) {
        const o = out + (<usize>v << 4);
        st(o, vtanh(ld(o)));
      }
    }
  }
}

/**
 * Loss and gradient over n samples of rX (strain, physical) and rY (stress) with σ in rSigma and
 * 1/D in rInvD, for a batch of `total` samples: returns this part's Σ r² / (total d) and writes
 * this part's share of the gradient into rGrad (the parts of all threads add up to the gradient).
 */
export function regLoss(n: i32, total: i32): f64 {
  memory.fill(rAcc, 0, <usize>RSIZE << 4);
  const L = RL;
  const d = RD;
  const norm: f64 = 1.0 / (<f64>total * <f64>d);
  const outH = hb(L + 1);
  const outG = gb(L + 1);
  let lossAcc = f64x2.splat(0.0);
  for (let m = 0; m < n; m += 4) {
    const c = min(4, n - m);
    loadRegBlock(rX, m, c, hb(0), true);
    loadRegBlock(rY, m, c, rYb, false);
    regForward();
    // lanes of padded samples are masked out of the residual (and so of every adjoint)
    const maskLo = i64x2.replace_lane(i64x2.splat(-1), 1, c > 1 ? -1 : 0);
    const maskHi = i64x2.replace_lane(i64x2.splat(c > 2 ? -1 : 0), 1, c > 3 ? -1 : 0);
    for (let k = 0; k < d; k++) {
      const sg = load<f64>(rSigma + (<usize>k << 3));
      const ck = rKappa * load<f64>(rInvD + (<usize>k << 3));
      const fk = f64x2.splat(((2.0 * norm) / sg) * ck);
      const cv = f64x2.splat(ck);
      const sv = f64x2.splat(sg);
      const o = <usize>k << 5;
      // an unknown target (NaN) has residual 0: its lane is masked out like a padded one
      const ylo = ld(rYb + o);
      const yhi = ld(rYb + o + 16);
      const klo = v128.and(maskLo, f64x2.eq(ylo, ylo));
      const khi = v128.and(maskHi, f64x2.eq(yhi, yhi));
      const rlo = v128.and(f64x2.div(f64x2.sub(f64x2.mul(cv, ld(outH + o)), ylo), sv), klo);
      const rhi = v128.and(f64x2.div(f64x2.sub(f64x2.mul(cv, ld(outH + o + 16)), yhi), sv), khi);
      lossAcc = f64x2.add(lossAcc, f64x2.add(f64x2.mul(rlo, rlo), f64x2.mul(rhi, rhi)));
      st(outG + o, f64x2.mul(fk, rlo));
      st(outG + o + 16, f64x2.mul(fk, rhi));
    }
    // backward: layer L+1 (linear) down to 1
    const one = f64x2.splat(1.0);
    for (let l = L + 1; l >= 1; l--) {
      const nIn = wd(l - 1);
      const nOut = wd(l);
      const G = gb(l);
      const Hin = hb(l - 1);
      if (l <= L) {
        const H = hb(l);
        for (let v = 0; v < nOut * 2; v++) {
          const o = <usize>v << 4;
          const t = ld(H + o);
          st(G + o, f64x2.mul(ld(G + o), f64x2.sub(one, f64x2.mul(t, t))));
        }
      }
      const pw = rParams + (<usize>ow(l) << 3);
      const accW = rAcc + (<usize>ow(l) << 4);
      const accB = rAcc + (<usize>ob(l) << 4);
      const Gin = gb(l - 1);
      if (l > 1) memory.fill(Gin, 0, <usize>nIn << 5);
      for (let i = 0; i < nOut; i++) {
        const gl = ld(G + (<usize>i << 5));
        const gh = ld(G + (<usize>i << 5) + 16);
        const ab = accB + (<usize>i << 4);
        st(ab, f64x2.add(ld(ab), f64x2.add(gl, gh)));
        const row = <usize>(i * nIn);
        const aw = accW + (row << 4);
        for (let j = 0; j < nIn; j++) {
          const hj = Hin + (<usize>j << 5);
          const p = aw + (<usize>j << 4);
          st(p, f64x2.add(ld(p), f64x2.add(f64x2.mul(gl, ld(hj)), f64x2.mul(gh, ld(hj + 16)))));
        }
        if (l > 1) {
          for (let j = 0; j < nIn; j++) {
            const wij = lds(pw + ((row + <usize>j) << 3));
            const q = Gin + (<usize>j << 5);
            st(q, madd(ld(q), wij, gl));
            st(q + 16, madd(ld(q + 16), wij, gh));
          }
        }
      }
    }
  }
  for (let p = 0; p < RSIZE; p++) {
    const a = ld(rAcc + (<usize>p << 4));
    store<f64>(rGrad + (<usize>p << 3), f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1));
  }
  return (f64x2.extract_lane(lossAcc, 0) + f64x2.extract_lane(lossAcc, 1)) * norm;
}

/** tanh of n values of rX into rY (accuracy tests only; regReserve(n / d + 1) first). */
export function regTestTanh(n: i32): void {
  for (let i = 0; i < n; i += 2) {
    const p = <usize>i << 3;
    v128.store(rY + p, vtanh(v128.load(rX + p)));
  }
}
