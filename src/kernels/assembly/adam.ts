// Adam's update over flat vectors (src/train/adam.ts drives it; its TypeScript loop is the
// reference this must equal bit for bit): the same operations in the same order, two parameters
// per f64x2, plain multiplies and adds in both builds (no fused multiply-add), so the result is the
// same bits, ~3x faster. The update's square root and division are what the loop waits on, and
// SIMD does two of each at once. An instance is an Adam instance only (like regression.ts): its own
// bump allocator over the linear memory, never mixed with a network or a regression instance.

let aSize: i32 = 0;
let aParams: usize = 0;
let aGrad: usize = 0;
let aM: usize = 0;
let aV: usize = 0;

/** Makes room for n parameters: θ, g, m, v, each n float64, zeroed. */
export function adamInit(n: i32): void {
  aSize = n;
  const bytes = (<usize>n << 3) + 32;
  const base = (__heap_base + 31) & ~(<usize>31);
  const top = base + 4 * bytes;
  const need = <i32>((top + 0xffff) >>> 16);
  const have = memory.size();
  if (need > have) memory.grow(need - have);
  aParams = base;
  aGrad = base + bytes;
  aM = base + 2 * bytes;
  aV = base + 3 * bytes;
  memory.fill(base, 0, 4 * bytes);
}

/** 0 θ, 1 g, 2 m, 3 v */
export function adamPtr(which: i32): usize {
  return which == 0 ? aParams : which == 1 ? aGrad : which == 2 ? aM : aV;
}

/**
 * m ← β₁m + (1 − β₁)g, v ← β₂v + ((1 − β₂)g)g, θ ← θ − (lr (m c1)) / (√(v c2) + ε), with
 * a1 = 1 − β₁, a2 = 1 − β₂ and the bias corrections c1, c2 as the caller computes them.
 */
export function adamStep(lr: f64, c1: f64, c2: f64, beta1: f64, beta2: f64, a1: f64, a2: f64, eps: f64): void {
  const vlr = f64x2.splat(lr);
  const vc1 = f64x2.splat(c1);
  const vc2 = f64x2.splat(c2);
  const vb1 = f64x2.splat(beta1);
  const vb2 = f64x2.splat(beta2);
  const va1 = f64x2.splat(a1);
  const va2 = f64x2.splat(a2);
  const veps = f64x2.splat(eps);
  const n = aSize;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    const g = v128.load(aGrad + o);
    const m = f64x2.add(f64x2.mul(vb1, v128.load(aM + o)), f64x2.mul(va1, g));
    const v = f64x2.add(f64x2.mul(vb2, v128.load(aV + o)), f64x2.mul(f64x2.mul(va2, g), g));
    v128.store(aM + o, m);
    v128.store(aV + o, v);
    const step = f64x2.div(f64x2.mul(vlr, f64x2.mul(m, vc1)), f64x2.add(f64x2.sqrt(f64x2.mul(v, vc2)), veps));
    v128.store(aParams + o, f64x2.sub(v128.load(aParams + o), step));
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const g = load<f64>(aGrad + o);
    const m = beta1 * load<f64>(aM + o) + a1 * g;
    const v = beta2 * load<f64>(aV + o) + a2 * g * g;
    store<f64>(aM + o, m);
    store<f64>(aV + o, v);
    store<f64>(aParams + o, load<f64>(aParams + o) - (lr * (m * c1)) / (Math.sqrt(v * c2) + eps));
  }
}
