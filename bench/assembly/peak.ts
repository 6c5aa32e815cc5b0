// The machine's limit for the kernels' arithmetic (bench only, never shipped): f64x2 multiply-add
// throughput on one core, with enough independent accumulators to hide the latency of the chain.
// peakMulAdd: separate f64x2.mul and f64x2.add (what the default kernels build emits);
// peakFma: relaxed-SIMD f64x2.relaxed_madd (only in the relaxed build, where it is a fused FMA).
// Each step of one accumulator is 2 lanes × (1 multiply + 1 add) = 4 flops.

// @ts-ignore: decorator
@inline function step(a: v128, m: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, m, c);
  return f64x2.add(f64x2.mul(a, m), c);
}

/** iters × 12 accumulator steps (48 flops each iteration); returns a sum so nothing is dead */
export function peak12(iters: i32): f64 {
  // m < 1 and c > 0 keep every accumulator bounded (fixed point c / (1 − m))
  const m = f64x2.splat(0.9999999);
  const c = f64x2.splat(1e-7);
  let a0 = f64x2.splat(1.0);
  let a1 = f64x2.splat(1.1);
  let a2 = f64x2.splat(1.2);
  let a3 = f64x2.splat(1.3);
  let a4 = f64x2.splat(1.4);
  let a5 = f64x2.splat(1.5);
  let a6 = f64x2.splat(1.6);
  let a7 = f64x2.splat(1.7);
  let a8 = f64x2.splat(1.8);
  let a9 = f64x2.splat(1.9);
  let a10 = f64x2.splat(2.0);
  let a11 = f64x2.splat(2.1);
  for (let i = 0; i < iters; i++) {
    a0 = step(a0, m, c);
    a1 = step(a1, m, c);
    a2 = step(a2, m, c);
    a3 = step(a3, m, c);
    a4 = step(a4, m, c);
    a5 = step(a5, m, c);
    a6 = step(a6, m, c);
    a7 = step(a7, m, c);
    a8 = step(a8, m, c);
    a9 = step(a9, m, c);
    a10 = step(a10, m, c);
    a11 = step(a11, m, c);
  }
  const s = f64x2.add(
    f64x2.add(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)), f64x2.add(f64x2.add(a4, a5), f64x2.add(a6, a7))),
    f64x2.add(f64x2.add(a8, a9), f64x2.add(a10, a11)),
  );
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/** the same with 8 accumulators (32 flops each iteration): enough for a fused FMA's latency */
export function peak8(iters: i32): f64 {
  const m = f64x2.splat(0.9999999);
  const c = f64x2.splat(1e-7);
  let a0 = f64x2.splat(1.0);
  let a1 = f64x2.splat(1.1);
  let a2 = f64x2.splat(1.2);
  let a3 = f64x2.splat(1.3);
  let a4 = f64x2.splat(1.4);
  let a5 = f64x2.splat(1.5);
  let a6 = f64x2.splat(1.6);
  let a7 = f64x2.splat(1.7);
  for (let i = 0; i < iters; i++) {
    a0 = step(a0, m, c);
    a1 = step(a1, m, c);
    a2 = step(a2, m, c);
    a3 = step(a3, m, c);
    a4 = step(a4, m, c);
    a5 = step(a5, m, c);
    a6 = step(a6, m, c);
    a7 = step(a7, m, c);
  }
  const s = f64x2.add(f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3)), f64x2.add(f64x2.add(a4, a5), f64x2.add(a6, a7)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

// @ts-ignore: decorator
@inline function madd(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, acc);
  return f64x2.add(acc, f64x2.mul(a, b));
}

/**
 * The kernels' inner loop in its best form (src/kernels/assembly/index.ts, affineBlock): four
 * weights (splat, in registers) × two f64x2 vectors loaded from L1 (n pairs at __heap_base, 32 n
 * bytes), eight independent accumulators. 32 flops per pair; reps sweeps.
 */
export function tile(reps: i32, n: i32): f64 {
  const p0 = __heap_base;
  const need = <i32>((p0 + (<usize>n << 5) + 0xffff) >>> 16);
  if (need > memory.size()) memory.grow(need - memory.size());
  for (let j = 0; j < n * 4; j++) store<f64>(p0 + (<usize>j << 3), 1e-3 * <f64>(j % 7));
  const m0 = f64x2.splat(0.5);
  const m1 = f64x2.splat(0.25);
  const m2 = f64x2.splat(0.125);
  const m3 = f64x2.splat(0.0625);
  let c0 = f64x2.splat(0.0);
  let c1 = c0;
  let c2 = c0;
  let c3 = c0;
  let c4 = c0;
  let c5 = c0;
  let c6 = c0;
  let c7 = c0;
  for (let r = 0; r < reps; r++) {
    for (let j = 0; j < n; j++) {
      const q = p0 + (<usize>j << 5);
      const zl = v128.load(q);
      const zh = v128.load(q + 16);
      c0 = madd(c0, m0, zl);
      c1 = madd(c1, m0, zh);
      c2 = madd(c2, m1, zl);
      c3 = madd(c3, m1, zh);
      c4 = madd(c4, m2, zl);
      c5 = madd(c5, m2, zh);
      c6 = madd(c6, m3, zl);
      c7 = madd(c7, m3, zh);
    }
  }
  const s = f64x2.add(f64x2.add(f64x2.add(c0, c1), f64x2.add(c2, c3)), f64x2.add(f64x2.add(c4, c5), f64x2.add(c6, c7)));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
