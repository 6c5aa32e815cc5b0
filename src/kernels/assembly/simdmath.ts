// Vectorised (f64x2) exp and log1p, accurate to about one ulp, and the overflow-free softplus and
// sigmoid pieces of docs/theory.md, section "The derivatives" built on them. Pinned by test/kernels/simdmath.test.ts against
// Math.exp and Math.log1p.

const INV_LN2: f64 = 1.4426950408889634;

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
// 1.5 * 2^52: integers |k| < 2^51 and the doubles MAGIC + k correspond bit for bit (low bits = k)
const MAGIC: f64 = 6755399441055744.0;
// ln 2 split so that k * LN2_HI is exact for |k| < 2^20 (fdlibm)
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;

/** e^x for both lanes; |x| is clamped to 1000 first (the result is 0 or +inf there anyway). */
// @ts-ignore: decorator
@inline
export function vexp(x: v128): v128 {
  // pmin/pmax are single instructions and keep NaN (it is their first operand)
  x = f64x2.pmax(f64x2.pmin(x, f64x2.splat(1000.0)), f64x2.splat(-1000.0));
  const kf = f64x2.nearest(f64x2.mul(x, f64x2.splat(INV_LN2)));
  let r = f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(kf, f64x2.splat(LN2_LO)));
  // Taylor series to degree 13 on |r| <= ln2/2: truncation error below 2^-56 relative
  let p = f64x2.splat(1.6059043836821613e-10); // 1/13!
  p = horner(p, r, f64x2.splat(2.08767569878681e-9)); // 1/12!
  p = horner(p, r, f64x2.splat(2.505210838544172e-8)); // 1/11!
  p = horner(p, r, f64x2.splat(2.755731922398589e-7)); // 1/10!
  p = horner(p, r, f64x2.splat(2.7557319223985893e-6)); // 1/9!
  p = horner(p, r, f64x2.splat(2.48015873015873e-5)); // 1/8!
  p = horner(p, r, f64x2.splat(1.984126984126984e-4)); // 1/7!
  p = horner(p, r, f64x2.splat(1.388888888888889e-3)); // 1/6!
  p = horner(p, r, f64x2.splat(8.333333333333333e-3)); // 1/5!
  p = horner(p, r, f64x2.splat(4.1666666666666664e-2)); // 1/4!
  p = horner(p, r, f64x2.splat(1.6666666666666666e-1)); // 1/3!
  p = horner(p, r, f64x2.splat(0.5));
  p = horner(p, r, f64x2.splat(1.0));
  p = horner(p, r, f64x2.splat(1.0));
  // multiply by 2^k in two halves (k1 + k2 = k, both in [-722, 722]) so that subnormal results
  // and overflow come out right. 2^k1: adding MAGIC + 1023 puts the integer k1 + 1023 in the low
  // bits of the double; shifting left by 52 moves it into the exponent field (MAGIC's low bits are 0).
  const k1 = f64x2.floor(f64x2.mul(kf, f64x2.splat(0.5)));
  const k2 = f64x2.sub(kf, k1);
  const bias = f64x2.splat(MAGIC + 1023.0);
  const s1 = i64x2.shl(f64x2.add(k1, bias), 52);
  const s2 = i64x2.shl(f64x2.add(k2, bias), 52);
  return f64x2.mul(f64x2.mul(p, s1), s2);
}

const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

/**
 * The common end of musl's log1p, shared by vlog1p and vlog1pUnit: log(1 + f) + k·ln 2 + c for the
 * reduced mantissa f (1 + f in [√2/2, √2)), the exponent k (as a float) and the rounding correction c.
 */
// @ts-ignore: decorator
@inline
function log1pReduced(f: v128, c: v128, kf: v128): v128 {
  const hfsq = f64x2.mul(f64x2.splat(0.5), f64x2.mul(f, f));
  const s = f64x2.div(f, f64x2.add(f64x2.splat(2.0), f));
  const z = f64x2.mul(s, s);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(
    w,
    f64x2.add(f64x2.splat(LG2), f64x2.mul(w, f64x2.add(f64x2.splat(LG4), f64x2.mul(w, f64x2.splat(LG6))))),
  );
  const t2 = f64x2.mul(
    z,
    f64x2.add(
      f64x2.splat(LG1),
      f64x2.mul(
        w,
        f64x2.add(f64x2.splat(LG3), f64x2.mul(w, f64x2.add(f64x2.splat(LG5), f64x2.mul(w, f64x2.splat(LG7))))),
      ),
    ),
  );
  const R = f64x2.add(t2, t1);
  // s*(hfsq+R) + (k*ln2_lo + c) - hfsq + f + k*ln2_hi
  let res = f64x2.mul(s, f64x2.add(hfsq, R));
  res = f64x2.add(res, f64x2.add(f64x2.mul(kf, f64x2.splat(LN2_LO)), c));
  res = f64x2.sub(res, hfsq);
  res = f64x2.add(res, f);
  return f64x2.add(res, f64x2.mul(kf, f64x2.splat(LN2_HI)));
}

/** log(1 + x) for both lanes, x > -1 (finite); after musl's log1p, branch-free. */
// @ts-ignore: decorator
@inline
export function vlog1p(x: v128): v128 {
  const one = f64x2.splat(1.0);
  const u = f64x2.add(one, x);
  // exponent k of u, taken so that the reduced mantissa lies in [sqrt(2)/2, sqrt(2))
  // u > 0, so logical shifts equal arithmetic ones here (and are single SSE instructions)
  let hu = i64x2.shr_u(u, 32);
  hu = i64x2.add(hu, i64x2.splat(0x3ff00000 - 0x3fe6a09e));
  const k = i64x2.sub(i64x2.shr_u(hu, 20), i64x2.splat(0x3ff));
  const kf = f64x2.sub(i64x2.add(k, f64x2.splat(MAGIC)), f64x2.splat(MAGIC));
  // correction for the rounding of 1 + x, only meaningful while k < 54
  const cBig = f64x2.sub(one, f64x2.sub(u, x)); // k >= 2
  const cSmall = f64x2.sub(x, f64x2.sub(u, one)); // k < 2
  let c = v128.bitselect(cBig, cSmall, f64x2.ge(kf, f64x2.splat(2.0)));
  c = f64x2.div(c, u);
  c = v128.and(c, f64x2.lt(kf, f64x2.splat(54.0)));
  hu = i64x2.add(v128.and(hu, i64x2.splat(0x000fffff)), i64x2.splat(0x3fe6a09e));
  const m = v128.or(i64x2.shl(hu, 32), v128.and(u, i64x2.splat(0xffffffff)));
  const f = f64x2.sub(m, one);
  return log1pReduced(f, c, kf);
}

/**
 * e^x for x <= 0 only (the activation's exp(−|u|)): x is clamped at −708 so that 2^k stays normal
 * and one scaling step suffices. Below −708 the result (≈ 3e-308) is not the true e^x, but there
 * it only ever enters softplus and sigmoid as an addend next to O(1) values or as a factor of
 * products that underflow to 0 either way.
 */
// @ts-ignore: decorator
@inline
export function vexpNonPositive(x: v128): v128 {
  x = f64x2.pmax(x, f64x2.splat(-708.0));
  const kf = f64x2.nearest(f64x2.mul(x, f64x2.splat(INV_LN2)));
  let r = f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(kf, f64x2.splat(LN2_LO)));
  let p = f64x2.splat(1.6059043836821613e-10);
  p = horner(p, r, f64x2.splat(2.08767569878681e-9));
  p = horner(p, r, f64x2.splat(2.505210838544172e-8));
  p = horner(p, r, f64x2.splat(2.755731922398589e-7));
  p = horner(p, r, f64x2.splat(2.7557319223985893e-6));
  p = horner(p, r, f64x2.splat(2.48015873015873e-5));
  p = horner(p, r, f64x2.splat(1.984126984126984e-4));
  p = horner(p, r, f64x2.splat(1.388888888888889e-3));
  p = horner(p, r, f64x2.splat(8.333333333333333e-3));
  p = horner(p, r, f64x2.splat(4.1666666666666664e-2));
  p = horner(p, r, f64x2.splat(1.6666666666666666e-1));
  p = horner(p, r, f64x2.splat(0.5));
  p = horner(p, r, f64x2.splat(1.0));
  p = horner(p, r, f64x2.splat(1.0));
  return f64x2.mul(p, i64x2.shl(f64x2.add(kf, f64x2.splat(MAGIC + 1023.0)), 52));
}

/**
 * log(1 + t) for t in [0, 1] given u = 1 + t (rounded) and q = 1/u, which the activation has
 * anyway for the sigmoid: musl's log1p with the exponent k of u known to be 0 or 1 (no bit
 * extraction) and the rounding correction (t − (u − 1))/u taken as a product with q.
 */
// @ts-ignore: decorator
@inline
export function vlog1pUnit(t: v128, u: v128, q: v128): v128 {
  const one = f64x2.splat(1.0);
  const big = f64x2.gt(u, f64x2.splat(1.4142135623730951));
  const um1 = f64x2.sub(u, one); // exact (Sterbenz)
  const f = v128.bitselect(f64x2.sub(f64x2.mul(u, f64x2.splat(0.5)), one), um1, big);
  const c = f64x2.mul(f64x2.sub(t, um1), q);
  const kf = v128.and(big, one);
  return log1pReduced(f, c, kf);
}

/** softplus(u) = max(u, 0) + log1p(exp(−|u|)) as the activation computes it (for the tests). */
// @ts-ignore: decorator
@inline
export function vsoftplus(u: v128): v128 {
  const one = f64x2.splat(1.0);
  const e = vexpNonPositive(f64x2.neg(f64x2.abs(u)));
  const up = f64x2.add(one, e);
  const q = f64x2.div(one, up);
  return f64x2.add(f64x2.pmax(u, f64x2.splat(0.0)), vlog1pUnit(e, up, q));
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
  const t = f64x2.mul(f64x2.pmin(ax, f64x2.splat(20.0)), f64x2.splat(-2.0));
  const kf = f64x2.nearest(f64x2.mul(t, f64x2.splat(INV_LN2)));
  let r = f64x2.sub(t, f64x2.mul(kf, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(kf, f64x2.splat(LN2_LO)));
  // P(r) = Σ_{i=0}^{13} r^i / (i+1)!, q = r P(r)
  let p = f64x2.splat(1.1470745597729725e-11); // 1/14!
  p = horner(p, r, f64x2.splat(1.6059043836821613e-10)); // 1/13!
  p = horner(p, r, f64x2.splat(2.08767569878681e-9)); // 1/12!
  p = horner(p, r, f64x2.splat(2.505210838544172e-8)); // 1/11!
  p = horner(p, r, f64x2.splat(2.755731922398589e-7)); // 1/10!
  p = horner(p, r, f64x2.splat(2.7557319223985893e-6)); // 1/9!
  p = horner(p, r, f64x2.splat(2.48015873015873e-5)); // 1/8!
  p = horner(p, r, f64x2.splat(1.984126984126984e-4)); // 1/7!
  p = horner(p, r, f64x2.splat(1.388888888888889e-3)); // 1/6!
  p = horner(p, r, f64x2.splat(8.333333333333333e-3)); // 1/5!
  p = horner(p, r, f64x2.splat(4.1666666666666664e-2)); // 1/4!
  p = horner(p, r, f64x2.splat(1.6666666666666666e-1)); // 1/3!
  p = horner(p, r, f64x2.splat(0.5));
  p = horner(p, r, f64x2.splat(1.0));
  const q = f64x2.mul(r, p);
  // 2^k, k in [−58, 0]: normal, exact
  const s = i64x2.shl(f64x2.add(kf, f64x2.splat(MAGIC + 1023.0)), 52);
  const one = f64x2.splat(1.0);
  const m = f64x2.add(f64x2.mul(s, q), f64x2.sub(s, one));
  // −m / (2 + m) ≥ 0 (abs: no −0 from m = 0)
  const th = f64x2.abs(f64x2.div(f64x2.neg(m), f64x2.add(f64x2.splat(2.0), m)));
  // sign of x back on (tanh(−0) = −0)
  return v128.or(th, v128.and(x, i64x2.splat(0x8000000000000000)));
}
