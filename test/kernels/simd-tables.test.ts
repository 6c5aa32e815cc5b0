import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageRoot } from "../../src/kernels/package-root.js";

// The tables of the activation's exp and log1p (src/kernels/assembly/tables.ts, written by
// scripts/gen-simd-tables.mjs with an atanh series) checked entry by entry by other means, in
// exact BigInt arithmetic: 2^(j/64) by raising the rounding interval to the 64th power, log c_j by
// an exp series.

const source = readFileSync(join(packageRoot(), "src", "kernels", "assembly", "tables.ts"), "utf8");

function table(name: string): number[] {
  const at = source.indexOf(`${name}: usize`);
  const open = source.indexOf("[", at);
  const close = source.indexOf("]", open);
  return source
    .slice(open + 1, close)
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
}

/** a finite double as an exact fraction num / 2^shift (shift ≥ 0) */
function exact(d: number): { num: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, d);
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const mant = exp === 0 ? frac : frac | (1n << 52n);
  const e = (exp === 0 ? 1 : exp) - 1075;
  const sign = d < 0 ? -1n : 1n;
  if (e >= 0) return { num: sign * (mant << BigInt(e)), shift: 0n };
  return { num: sign * mant, shift: BigInt(-e) };
}

/** indices j whose entry is not the double nearest 2^(j/64) */
function badExp2(t: number[]): number[] {
  const bad: number[] = [];
  t.forEach((v, j) => {
    if (j === 0) {
      if (v !== 1) bad.push(j);
      return;
    }
    // v in [1, 2): v = M / 2^52; it is the nearest double iff ((2M − 1)/2^53)^64 < 2^j < ((2M + 1)/2^53)^64
    const M = exact(v).num << (52n - exact(v).shift);
    const target = 1n << (BigInt(j) + 53n * 64n);
    if (!(v >= 1 && v < 2 && (2n * M - 1n) ** 64n < target && target < (2n * M + 1n) ** 64n)) bad.push(j);
  });
  return bad;
}

const S = 200n;
const ONE = 1n << S;

/**
 * e^x in fixed point 2^-S, 0 ≤ x < 1, as (e^(x/2^10))^(2^10): 12 terms of the series at
 * x/2^10 < 2^-10 (truncation below 2^-130), then 10 squarings (another route than the
 * generator's, which sums the series at x itself)
 */
function expFixed(x: bigint): bigint {
  const r = x >> 10n;
  let p = ONE;
  for (let k = 12n; k >= 1n; k--) p = ONE + ((p * r) >> S) / k;
  for (let i = 0; i < 10; i++) p = (p * p) >> S;
  return p;
}

/**
 * indices j whose (lo, hi) pair is not log(1 + j/128) split as the nearest double hi plus a rest
 * lo: e^(hi + lo) must equal 1 + j/128 to 2^-100 relative, and |lo| be at most half an ulp of hi
 */
function badLog1p(pairs: number[]): number[] {
  const bad: number[] = [];
  for (let j = 0; 2 * j + 1 < pairs.length; j++) {
    const lo = pairs[2 * j];
    const hi = pairs[2 * j + 1];
    if (j === 0) {
      if (hi !== 0 || lo !== 0) bad.push(j);
      continue;
    }
    const toFixed = (d: number) => {
      const { num, shift } = exact(d);
      return shift <= S ? num << (S - shift) : num >> (shift - S);
    };
    const c = ONE + (BigInt(j) * ONE) / 128n;
    const err = expFixed(toFixed(hi) + toFixed(lo)) - c;
    const ulpHi = 2 ** (Math.floor(Math.log2(hi)) - 52);
    if ((err < 0n ? -err : err) > c >> 100n || Math.abs(lo) > ulpHi / 2) bad.push(j);
  }
  return bad;
}

describe("the activation's lookup tables", () => {
  it("hold 2^(j/64), j = 0..63, each the nearest double", () => {
    const t = table("EXP2_TABLE");
    expect(t).toHaveLength(64);
    expect(badExp2(t)).toEqual([]);
  });

  it("hold log(1 + j/128), j = 0..128, as the nearest double plus the rest", () => {
    const pairs = table("LOG1P_TABLE");
    expect(pairs).toHaveLength(2 * 129);
    expect(badLog1p(pairs)).toEqual([]);
  });

  it("are checked strictly enough to catch an entry one ulp off", () => {
    const t = table("EXP2_TABLE");
    t[17] += 2 ** -52;
    expect(badExp2(t)).toEqual([17]);
    const pairs = table("LOG1P_TABLE");
    pairs[2 * 40 + 1] += 2 ** -54; // hi of j = 40 (≈ 0.27, ulp 2^-54)
    pairs[2 * 90] += 2 ** -70; // lo of j = 90: e^(hi + lo) off by ~2^-70
    expect(badLog1p(pairs)).toEqual([40, 90]);
  });
});
