import { describe, expect, it } from "vitest";
import { KernelInstance } from "../../src/kernels/instance.js";
import { kernelsModule } from "../../src/kernels/wasm-module.js";
import { Random } from "../../src/util/random.js";

// The vectorised exp and log1p of the WebAssembly kernels (src/kernels/assembly/simdmath.ts)
// against V8's Math.exp / Math.log1p (fdlibm, < 1 ulp): within 2 ulp of them, over wide ranges.
// Needs the build (dist/wasm/kernels.wasm): fails loudly, never skips, when it is missing.

const instance = new KernelInstance(kernelsModule(), { inputDim: 1, hidden: [1], convex: true });

/** the spacing of doubles at |v| (normal range) */
function ulp(v: number): number {
  const a = Math.abs(v);
  if (a < 2.2250738585072014e-308) return 5e-324;
  return 2 ** (Math.floor(Math.log2(a)) - 52);
}

function worstUlps(values: number[], got: Float64Array, want: (v: number) => number): number {
  let worst = 0;
  values.forEach((v, i) => {
    const w = want(v);
    const e = w === got[i] ? 0 : Math.abs(got[i] - w) / ulp(w);
    worst = Math.max(worst, e);
  });
  return worst;
}

describe("vectorised exp", () => {
  it("is within 2 ulp of Math.exp on [-708, 709], around 0 and at tiny arguments", () => {
    const rng = new Random(7);
    const values: number[] = [0, -0, 1, -1, 0.5, Math.LN2, -Math.LN2, 1e-300, -1e-300, 5e-324, 1e-17, -1e-17];
    for (let i = 0; i < 4000; i++) values.push(rng.range(-708, 709));
    for (let i = 0; i < 2000; i++) values.push(rng.range(-1, 1) * 10 ** rng.range(-20, 1));
    const got = instance.testMath("exp", Float64Array.from(values));
    expect(worstUlps(values, got, Math.exp)).toBeLessThanOrEqual(2);
  });

  it("underflows to 0, overflows to Infinity and passes NaN through (|u| up to 1e3 and beyond)", () => {
    const values = [
      -1000,
      -746,
      1000,
      710,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      -745,
    ];
    const got = instance.testMath("exp", Float64Array.from(values));
    expect(Array.from(got.subarray(0, 7))).toEqual([0, 0, Infinity, Infinity, 0, Infinity, Number.NaN]);
    expect(got[7]).toBe(Math.exp(-745)); // the smallest subnormal
  });

  it("rounds subnormal results close to Math.exp", () => {
    const values = [-709, -710, -720, -730, -740, -744];
    const got = instance.testMath("exp", Float64Array.from(values));
    values.forEach((v, i) => {
      expect(Math.abs(got[i] - Math.exp(v))).toBeLessThanOrEqual(2 * 5e-324 + 4e-16 * Math.exp(v));
    });
  });
});

describe("the activation's table-driven exp and log1p", () => {
  it("exp is within 1 ulp of Math.exp on [-708, 0], at every table boundary and at tiny arguments", () => {
    const rng = new Random(11);
    const values: number[] = [0, -0, -1e-300, -5e-324, -1e-17, -Math.LN2, -708, -707.9];
    // the reduction's boundaries: x = (j ± 1/2) ln2/64, where nearest() switches table entry
    for (let j = 0; j < 64 * 11; j++) {
      const x = -((j + 0.5) * Math.LN2) / 64;
      values.push(x, x * (1 + 2e-16), x * (1 - 2e-16));
    }
    for (let i = 0; i < 4000; i++) values.push(rng.range(-708, 0));
    for (let i = 0; i < 2000; i++) values.push(-(10 ** rng.range(-300, 0)));
    const got = instance.testMath("expNonPositive", Float64Array.from(values));
    expect(worstUlps(values, got, Math.exp)).toBeLessThanOrEqual(1);
  });

  it("log1p is within 2 ulp of Math.log1p on [0, 1], at every table boundary j/128 and at tiny arguments", () => {
    const rng = new Random(12);
    const values: number[] = [0, 1, 5e-324, 1e-300, 1e-16, 2 ** -53, 1 / 128, 127 / 128];
    for (let j = 1; j <= 128; j++) values.push(j / 128, j / 128 - 2 ** -60, j / 128 + 2 ** -60);
    for (let i = 0; i < 4000; i++) values.push(rng.uniform());
    for (let i = 0; i < 2000; i++) values.push(10 ** rng.range(-300, 0));
    const clipped = values.map((v) => Math.min(1, v));
    const got = instance.testMath("log1pUnit", Float64Array.from(clipped));
    expect(worstUlps(clipped, got, Math.log1p)).toBeLessThanOrEqual(2);
  });
});

describe("vectorised log1p", () => {
  it("is within 2 ulp of Math.log1p on (0, 1] (where softplus uses it), tiny values included", () => {
    const rng = new Random(8);
    const values: number[] = [1, 0.5, 1e-300, 5e-324, 1e-16, 2 ** -53, Math.SQRT2 - 1, 0.41421356, 0.4142136];
    for (let i = 0; i < 4000; i++) values.push(rng.uniform());
    for (let i = 0; i < 2000; i++) values.push(10 ** rng.range(-300, 0));
    const got = instance.testMath("log1p", Float64Array.from(values));
    expect(worstUlps(values, got, Math.log1p)).toBeLessThanOrEqual(2);
  });

  it("is within 2 ulp of Math.log1p for negative arguments down to -0.999 and large ones up to 1e300", () => {
    const rng = new Random(9);
    const values: number[] = [0, -0.5, -0.999, 1e300, 2, 3, 1e16];
    for (let i = 0; i < 2000; i++) values.push(rng.range(-0.999, 0));
    for (let i = 0; i < 2000; i++) values.push(10 ** rng.range(0, 300));
    const got = instance.testMath("log1p", Float64Array.from(values));
    expect(worstUlps(values, got, Math.log1p)).toBeLessThanOrEqual(2);
  });

  it("gives the activation's softplus(u) = max(u,0) + log1p(exp(−|u|)) within 4 ulp of the Math composite for u ≥ −708, |u| up to 1e3", () => {
    const rng = new Random(10);
    const us: number[] = [0, 1e-300, -1e-300, 1000, -700, 36, 37, -36, -37, 710, -708, 708];
    for (let i = 0; i < 3000; i++) us.push(rng.range(-708, 1000));
    for (let i = 0; i < 1000; i++) us.push(rng.range(-40, 40));
    const got = instance.testMath("softplus", Float64Array.from(us));
    const want = (u: number) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
    expect(worstUlps(us, got, want)).toBeLessThanOrEqual(4);
  });

  it("keeps softplus(u) below 4e-308 for u < −708 (its exp is clamped there; products underflow)", () => {
    const us = Float64Array.of(-708.5, -709, -745, -800, -1000, -1e10);
    const got = instance.testMath("softplus", us);
    for (const v of got) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(4e-308);
    }
  });
});
