// Vectorised (f64x2) exp and log1p, accurate to about one ulp, and the overflow-free softplus and
// sigmoid pieces of docs/theory.md, section "The derivatives" built on them. Pinned by test/kernels/simdmath.test.ts against
// Math.exp and Math.log1p.

import { EXP2_TABLE, LOG1P_TABLE } from "./tables";

const INV_LN2: f64 = 1.4426950408889634;
// 1.5 * 2^52: integers |k| < 2^51 and the doubles MAGIC + k correspond bit for bit (low bits = k)
const MAGIC: f64 = 6755399441055744.0;
// ln 2 split so that k * LN2_HI is exact for |k| < 2^20 (fdlibm)
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

// Every vector constant of these functions lives in a static table and is loaded (one load) where
// it is used: V8 materialises an f64x2 constant in the code as three instructions (movq, vmovq,
// vpunpcklqdq) each time, which made up almost half of exp's instructions.
const K_0: usize = memory.data<f64>([8.333333333333333e-3, 8.333333333333333e-3], 16); // 8.333333333333333e-3
const K_1: usize = memory.data<f64>([4.1666666666666664e-2, 4.1666666666666664e-2], 16); // 4.1666666666666664e-2
const K_2: usize = memory.data<f64>([1.984126984126984e-4, 1.984126984126984e-4], 16); // 1.984126984126984e-4
const K_3: usize = memory.data<f64>([1.388888888888889e-3, 1.388888888888889e-3], 16); // 1.388888888888889e-3
const K_4: usize = memory.data<f64>([2.7557319223985893e-6, 2.7557319223985893e-6], 16); // 2.7557319223985893e-6
const K_5: usize = memory.data<f64>([2.48015873015873e-5, 2.48015873015873e-5], 16); // 2.48015873015873e-5
const K_6: usize = memory.data<f64>([2.505210838544172e-8, 2.505210838544172e-8], 16); // 2.505210838544172e-8
const K_7: usize = memory.data<f64>([2.755731922398589e-7, 2.755731922398589e-7], 16); // 2.755731922398589e-7
const K_8: usize = memory.data<f64>([1.6059043836821613e-10, 1.6059043836821613e-10], 16); // 1.6059043836821613e-10
const K_9: usize = memory.data<f64>([2.08767569878681e-9, 2.08767569878681e-9], 16); // 2.08767569878681e-9
const K_10: usize = memory.data<f64>([1.6666666666666666e-1, 1.6666666666666666e-1], 16); // 1.6666666666666666e-1
const K_11: usize = memory.data<f64>([0.5, 0.5], 16); // 0.5
const K_12: usize = memory.data<f64>([1.0, 1.0], 16); // 1.0
const K_13: usize = memory.data<f64>([1000.0, 1000.0], 16); // 1000.0
const K_14: usize = memory.data<f64>([-1000.0, -1000.0], 16); // -1000.0
const K_15: usize = memory.data<f64>([INV_LN2, INV_LN2], 16); // INV_LN2
const K_16: usize = memory.data<f64>([LN2_HI, LN2_HI], 16); // LN2_HI
const K_17: usize = memory.data<f64>([LN2_LO, LN2_LO], 16); // LN2_LO
const K_18: usize = memory.data<f64>([MAGIC + 1023.0, MAGIC + 1023.0], 16); // MAGIC + 1023.0
const K_19: usize = memory.data<f64>([2.0, 2.0], 16); // 2.0
const K_20: usize = memory.data<f64>([LG2, LG2], 16); // LG2
const K_21: usize = memory.data<f64>([LG4, LG4], 16); // LG4
const K_22: usize = memory.data<f64>([LG6, LG6], 16); // LG6
const K_23: usize = memory.data<f64>([LG1, LG1], 16); // LG1
const K_24: usize = memory.data<f64>([LG3, LG3], 16); // LG3
const K_25: usize = memory.data<f64>([LG5, LG5], 16); // LG5
const K_26: usize = memory.data<f64>([LG7, LG7], 16); // LG7
const K_27: usize = memory.data<f64>([MAGIC, MAGIC], 16); // MAGIC
const K_28: usize = memory.data<f64>([54.0, 54.0], 16); // 54.0
const K_29: usize = memory.data<f64>([-708.0, -708.0], 16); // -708.0
const K_31: usize = memory.data<f64>([20.0, 20.0], 16); // 20.0
const K_32: usize = memory.data<f64>([-2.0, -2.0], 16); // -2.0
const K_33: usize = memory.data<f64>([1.1470745597729725e-11, 1.1470745597729725e-11], 16); // 1.1470745597729725e-11
const KI_34: usize = memory.data<i64>([0x3ff00000 - 0x3fe6a09e, 0x3ff00000 - 0x3fe6a09e], 16); // 0x3ff00000 - 0x3fe6a09e
const KI_35: usize = memory.data<i64>([0x3ff, 0x3ff], 16); // 0x3ff
const KI_36: usize = memory.data<i64>([0x000fffff, 0x000fffff], 16); // 0x000fffff
const KI_37: usize = memory.data<i64>([0x3fe6a09e, 0x3fe6a09e], 16); // 0x3fe6a09e
const KI_38: usize = memory.data<i64>([0xffffffff, 0xffffffff], 16); // 0xffffffff
const KI_39: usize = memory.data<i64>([0x8000000000000000, 0x8000000000000000], 16); // 0x8000000000000000

const K_64_LN2: usize = memory.data<f64>([92.33248261689366, 92.33248261689366], 16); // 64/ln2
const K_LN2_HI_64: usize = memory.data<f64>([LN2_HI / 64.0, LN2_HI / 64.0], 16); // exact: a power-of-2 division
const K_LN2_LO_64: usize = memory.data<f64>([LN2_LO / 64.0, LN2_LO / 64.0], 16);
const K_1_64: usize = memory.data<f64>([0.015625, 0.015625], 16);
const K_1_720: usize = memory.data<f64>([1.3888888888888889e-3, 1.3888888888888889e-3], 16);
const K_128: usize = memory.data<f64>([128.0, 128.0], 16);
const K_1_128: usize = memory.data<f64>([0.0078125, 0.0078125], 16);
const K_L2: usize = memory.data<f64>([-0.5, -0.5], 16);
const K_L3: usize = memory.data<f64>([0.3333333333333333, 0.3333333333333333], 16);
const K_L4: usize = memory.data<f64>([-0.25, -0.25], 16);
const K_L5: usize = memory.data<f64>([0.2, 0.2], 16);
const K_L6: usize = memory.data<f64>([-0.16666666666666666, -0.16666666666666666], 16);
const K_L7: usize = memory.data<f64>([0.14285714285714285, 0.14285714285714285], 16);
const K_L8: usize = memory.data<f64>([-0.125, -0.125], 16);
const KI_63: usize = memory.data<i64>([63, 63], 16);
const KI_255: usize = memory.data<i64>([255, 255], 16);

/**
 * One Horner step p·r + c. The relaxed-SIMD build fuses it (relaxed_madd: one rounding, a shorter
 * dependency chain); the baseline build rounds the product and the sum (its bits are unchanged).
 */
// @ts-ignore: decorator
@inline
function horner(p: v128, r: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(p, r, c);
  return f64x2.add(f64x2.mul(p, r), c);
}

/**
 * e^r by its Taylor series to degree 13 on |r| <= ln2/2 (truncation error below 2^-56 relative):
 * the leading terms 1 + r + r²/2 + r³/6 by Horner steps as before (they carry the rounding that
 * matters), the tail T = Σ_{i≥4} r^{i−4}/i! by Estrin's scheme (pairs, then r², r⁴, r⁸), whose
 * errors are scaled by r⁴ < 0.015. The dependency chain is 8 steps instead of 14: the activation
 * is latency-bound, so this is what makes it faster.
 */
// @ts-ignore: decorator
@inline
function expTaylor13(r: v128): v128 {
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const r8 = f64x2.mul(r4, r4);
  const t45 = horner(v128.load(K_0), r, v128.load(K_1)); // 1/5!, 1/4!
  const t67 = horner(v128.load(K_2), r, v128.load(K_3)); // 1/7!, 1/6!
  const t89 = horner(v128.load(K_4), r, v128.load(K_5)); // 1/9!, 1/8!
  const t1011 = horner(v128.load(K_6), r, v128.load(K_7)); // 1/11!, 1/10!
  const t1213 = horner(v128.load(K_8), r, v128.load(K_9)); // 1/13!, 1/12!
  const u47 = horner(t67, r2, t45);
  const u811 = horner(t1011, r2, t89);
  const t = horner(t1213, r8, horner(u811, r4, u47));
  let p = horner(t, r, v128.load(K_10)); // 1/3!
  p = horner(p, r, v128.load(K_11));
  p = horner(p, r, v128.load(K_12));
  return horner(p, r, v128.load(K_12));
}

/** e^x for both lanes; |x| is clamped to 1000 first (the result is 0 or +inf there anyway). */
// @ts-ignore: decorator
@inline
export function vexp(x: v128): v128 {
  // pmin/pmax are single instructions and keep NaN (it is their first operand)
  x = f64x2.pmax(f64x2.pmin(x, v128.load(K_13)), v128.load(K_14));
  const kf = f64x2.nearest(f64x2.mul(x, v128.load(K_15)));
  let r = f64x2.sub(x, f64x2.mul(kf, v128.load(K_16)));
  r = f64x2.sub(r, f64x2.mul(kf, v128.load(K_17)));
  // Taylor series to degree 13 on |r| <= ln2/2: truncation error below 2^-56 relative
  const p = expTaylor13(r);
  // multiply by 2^k in two halves (k1 + k2 = k, both in [-722, 722]) so that subnormal results
  // and overflow come out right. 2^k1: adding MAGIC + 1023 puts the integer k1 + 1023 in the low
  // bits of the double; shifting left by 52 moves it into the exponent field (MAGIC's low bits are 0).
  const k1 = f64x2.floor(f64x2.mul(kf, v128.load(K_11)));
  const k2 = f64x2.sub(kf, k1);
  const bias = v128.load(K_18);
  const s1 = i64x2.shl(f64x2.add(k1, bias), 52);
  const s2 = i64x2.shl(f64x2.add(k2, bias), 52);
  return f64x2.mul(f64x2.mul(p, s1), s2);
}


/**
 * The end of musl's log1p (vlog1p): log(1 + f) + k·ln 2 + c for the
 * reduced mantissa f (1 + f in [√2/2, √2)), the exponent k (as a float) and the rounding correction c.
 */
// @ts-ignore: decorator
@inline
function log1pReduced(f: v128, c: v128, kf: v128): v128 {
  const hfsq = f64x2.mul(v128.load(K_11), f64x2.mul(f, f));
  const s = f64x2.div(f, f64x2.add(v128.load(K_19), f));
  const z = f64x2.mul(s, s);
  // R = Σ_{i=1..7} LG_i z^i by Estrin's scheme (pairs in z, then z², z⁴): a dependency chain of
  // 5 steps after z instead of musl's 8; the activation is latency-bound, so depth is what costs
  const z2 = f64x2.mul(z, z);
  const z4 = f64x2.mul(z2, z2);
  const p12 = horner(v128.load(K_20), z, v128.load(K_23)); // LG1 + LG2 z
  const p34 = horner(v128.load(K_21), z, v128.load(K_24)); // LG3 + LG4 z
  const p56 = horner(v128.load(K_22), z, v128.load(K_25)); // LG5 + LG6 z
  const q14 = horner(p34, z2, p12);
  const q57 = horner(v128.load(K_26), z2, p56); // LG5 + LG6 z + LG7 z²
  const R = f64x2.mul(z, horner(q57, z4, q14));
  // s*(hfsq+R) + (k*ln2_lo + c) - hfsq + f + k*ln2_hi
  let res = f64x2.mul(s, f64x2.add(hfsq, R));
  res = f64x2.add(res, f64x2.add(f64x2.mul(kf, v128.load(K_17)), c));
  res = f64x2.sub(res, hfsq);
  res = f64x2.add(res, f);
  return f64x2.add(res, f64x2.mul(kf, v128.load(K_16)));
}

/** log(1 + x) for both lanes, x > -1 (finite); after musl's log1p, branch-free. */
// @ts-ignore: decorator
@inline
export function vlog1p(x: v128): v128 {
  const one = v128.load(K_12);
  const u = f64x2.add(one, x);
  // exponent k of u, taken so that the reduced mantissa lies in [sqrt(2)/2, sqrt(2))
  // u > 0, so logical shifts equal arithmetic ones here (and are single SSE instructions)
  let hu = i64x2.shr_u(u, 32);
  hu = i64x2.add(hu, v128.load(KI_34));
  const k = i64x2.sub(i64x2.shr_u(hu, 20), v128.load(KI_35));
  const kf = f64x2.sub(i64x2.add(k, v128.load(K_27)), v128.load(K_27));
  // correction for the rounding of 1 + x, only meaningful while k < 54
  const cBig = f64x2.sub(one, f64x2.sub(u, x)); // k >= 2
  const cSmall = f64x2.sub(x, f64x2.sub(u, one)); // k < 2
  let c = v128.bitselect(cBig, cSmall, f64x2.ge(kf, v128.load(K_19)));
  c = f64x2.div(c, u);
  c = v128.and(c, f64x2.lt(kf, v128.load(K_28)));
  hu = i64x2.add(v128.and(hu, v128.load(KI_36)), v128.load(KI_37));
  const m = v128.or(i64x2.shl(hu, 32), v128.and(u, v128.load(KI_38)));
  const f = f64x2.sub(m, one);
  return log1pReduced(f, c, kf);
}

/**
 * e^x for x <= 0 only (the activation's exp(−|u|)), from a table: x = (64k + j) ln2/64 + r with
 * |r| <= ln2/128, e^x = 2^k · 2^(j/64) · e^r, and e^r − 1 = q by its Taylor series to degree 6
 * (truncation below 2^-60 relative), summed as T + T·q so that only the last addition rounds at
 * full scale (within 1 ulp of Math.exp). Against the degree-13 series of vexp the dependency chain
 * is about half as long: the activation is latency-bound, so that is what it gains.
 * x is clamped at −708 so that 2^k stays normal. Below −708 the result (≈ 3e-308) is not the true
 * e^x, but there it only ever enters softplus and sigmoid as an addend next to O(1) values or as
 * a factor of products that underflow to 0 either way.
 */
// @ts-ignore: decorator
@inline
export function vexpNonPositive(x: v128): v128 {
  x = f64x2.pmax(x, v128.load(K_29));
  const kf = f64x2.nearest(f64x2.mul(x, v128.load(K_64_LN2)));
  let r = f64x2.sub(x, f64x2.mul(kf, v128.load(K_LN2_HI_64)));
  r = f64x2.sub(r, f64x2.mul(kf, v128.load(K_LN2_LO_64)));
  // j = kf mod 64: the low bits of MAGIC + kf hold kf in two's complement
  const magic = v128.load(K_27);
  const j = v128.and(f64x2.add(kf, magic), v128.load(KI_63));
  const t0 = load<f64>(EXP2_TABLE + (<usize>i64x2.extract_lane(j, 0) << 3));
  const t1 = load<f64>(EXP2_TABLE + (<usize>i64x2.extract_lane(j, 1) << 3));
  const T = f64x2.replace_lane(f64x2.splat(t0), 1, t1);
  // k = (kf − j)/64, exact
  const k = f64x2.mul(f64x2.sub(kf, f64x2.sub(v128.or(j, magic), magic)), v128.load(K_1_64));
  // q = r + r²(1/2 + r/6) + r⁴(1/24 + r/120 + r²/720), Estrin's scheme
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const a = horner(r, v128.load(K_10), v128.load(K_11));
  const b = horner(r2, v128.load(K_1_720), horner(r, v128.load(K_0), v128.load(K_1)));
  const q = horner(r4, b, horner(r2, a, r));
  return f64x2.mul(horner(T, q, T), i64x2.shl(f64x2.add(k, v128.load(K_18)), 52));
}

/**
 * log(1 + t) for t in [0, 1] (the activation's log1p(exp(−|u|))), from a table: t = j/128 + d
 * with d exact and 0 <= d < 1/128, log(1 + t) = log c_j + log1p(r), c_j = 1 + j/128, r = d/c_j,
 * log1p(r) by its series to degree 8 (truncation below 2^-59 relative), log c_j as hi + lo.
 * j = 0 has c_0 = 1 and log c_0 = 0: tiny t keep their relative accuracy. Needs no 1/(1 + t), so
 * it runs beside the sigmoid's division instead of after it.
 */
// @ts-ignore: decorator
@inline
export function vlog1pUnit(t: v128): v128 {
  const magic = v128.load(K_27);
  const jf = f64x2.floor(f64x2.mul(t, v128.load(K_128)));
  const j = v128.and(f64x2.add(jf, magic), v128.load(KI_255));
  const p0 = v128.load(LOG1P_TABLE + (<usize>i64x2.extract_lane(j, 0) << 4));
  const p1 = v128.load(LOG1P_TABLE + (<usize>i64x2.extract_lane(j, 1) << 4));
  const lo = v128.shuffle<u8>(p0, p1, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
  const hi = v128.shuffle<u8>(p0, p1, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
  const jn = f64x2.mul(jf, v128.load(K_1_128));
  const r = f64x2.div(f64x2.sub(t, jn), f64x2.add(v128.load(K_12), jn));
  // r − r²/2 + ... − r⁸/8, Estrin's scheme
  const r2 = f64x2.mul(r, r);
  const r4 = f64x2.mul(r2, r2);
  const a = horner(v128.load(K_L3), r, v128.load(K_L2));
  const c45 = horner(v128.load(K_L5), r, v128.load(K_L4));
  const c67 = horner(v128.load(K_L7), r, v128.load(K_L6));
  const b = horner(v128.load(K_L8), r4, horner(c67, r2, c45));
  const p = horner(b, r4, horner(a, r2, r));
  return f64x2.add(hi, f64x2.add(p, lo));
}

/** softplus(u) = max(u, 0) + log1p(exp(−|u|)) as the activation computes it (for the tests). */
// @ts-ignore: decorator
@inline
export function vsoftplus(u: v128): v128 {
  const e = vexpNonPositive(f64x2.neg(f64x2.abs(u)));
  return f64x2.add(f64x2.pmax(u, f64x2.splat(0.0)), vlog1pUnit(e));
}

/**
 * tanh for both lanes, to a few ulp: tanh|x| = −m / (2 + m) with m = expm1(−2|x|) ∈ (−1, 0], the
 * sign put back from x. expm1(t) = 2^k (1 + q) − 1 = 2^k q + (2^k − 1) with q = e^r − 1 = r P(r)
 * from the Taylor series on |r| ≤ ln2/2 (k = 0, so m = q, for |t| ≤ ln2/2: no cancellation near
 * 0). |x| is clamped to 20 first: tanh is 1 in double precision beyond 19.1, and NaN stays NaN.
 */
// @ts-ignore: decorator
@inline
export function vtanh(x: v128): v128 {
  const ax = f64x2.abs(x);
  const t = f64x2.mul(f64x2.pmin(ax, v128.load(K_31)), v128.load(K_32));
  const kf = f64x2.nearest(f64x2.mul(t, v128.load(K_15)));
  let r = f64x2.sub(t, f64x2.mul(kf, v128.load(K_16)));
  r = f64x2.sub(r, f64x2.mul(kf, v128.load(K_17)));
  // P(r) = Σ_{i=0}^{13} r^i / (i+1)!, q = r P(r)
  let p = v128.load(K_33); // 1/14!
  p = horner(p, r, v128.load(K_8)); // 1/13!
  p = horner(p, r, v128.load(K_9)); // 1/12!
  p = horner(p, r, v128.load(K_6)); // 1/11!
  p = horner(p, r, v128.load(K_7)); // 1/10!
  p = horner(p, r, v128.load(K_4)); // 1/9!
  p = horner(p, r, v128.load(K_5)); // 1/8!
  p = horner(p, r, v128.load(K_2)); // 1/7!
  p = horner(p, r, v128.load(K_3)); // 1/6!
  p = horner(p, r, v128.load(K_0)); // 1/5!
  p = horner(p, r, v128.load(K_1)); // 1/4!
  p = horner(p, r, v128.load(K_10)); // 1/3!
  p = horner(p, r, v128.load(K_11));
  p = horner(p, r, v128.load(K_12));
  const q = f64x2.mul(r, p);
  // 2^k, k in [−58, 0]: normal, exact
  const s = i64x2.shl(f64x2.add(kf, v128.load(K_18)), 52);
  const one = v128.load(K_12);
  const m = f64x2.add(f64x2.mul(s, q), f64x2.sub(s, one));
  // −m / (2 + m) ≥ 0 (abs: no −0 from m = 0)
  const th = f64x2.abs(f64x2.div(f64x2.neg(m), f64x2.add(v128.load(K_19), m)));
  // sign of x back on (tanh(−0) = −0)
  return v128.or(th, v128.and(x, v128.load(KI_39)));
}
