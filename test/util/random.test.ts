import { describe, expect, it } from "vitest";
import { Random } from "../../src/util/random.js";

/**
 * xoshiro128** seeded through splitmix32 as src/util/random.ts documents it, written again with
 * BigInt arithmetic mod 2^32 (no int32 tricks): an independent oracle for the generator's stream.
 */
function referenceStream(seed: number, count: number): number[] {
  const M = 0xffffffffn;
  const mul = (a: bigint, b: bigint) => (a * b) & M;
  const rotl = (x: bigint, k: bigint) => ((x << k) | (x >> (32n - k))) & M;
  let x = BigInt(seed >>> 0);
  const next = () => {
    x = (x + 0x9e3779b9n) & M;
    let z = x;
    z = mul(z ^ (z >> 16n), 0x85ebca6bn);
    z = mul(z ^ (z >> 13n), 0xc2b2ae35n);
    return z ^ (z >> 16n);
  };
  const s = [next(), next(), next(), next()];
  if ((s[0] | s[1] | s[2] | s[3]) === 0n) s[0] = 1n;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    out.push(Number(mul(rotl(mul(s[1], 5n), 7n), 9n)));
    const t = (s[1] << 9n) & M;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11n);
  }
  return out;
}

describe("Random", () => {
  it("is xoshiro128** seeded by splitmix32, output for output (a BigInt reference)", () => {
    for (const seed of [0, 1, 42, 0x7fffffff, 0x80000000, 0xffffffff]) {
      const r = new Random(seed);
      const got = Array.from({ length: 2000 }, () => r.nextUint32());
      expect(got).toEqual(referenceStream(seed, 2000));
    }
  });

  it("shuffles as Fisher–Yates with int(i + 1) from the end, and leaves the stream where int() would", () => {
    for (const [seed, n] of [
      [1, 3500],
      [0xffffffff, 17],
      [7, 2],
      [9, 1],
    ]) {
      const a = Uint32Array.from({ length: n }, (_, i) => i);
      const r = new Random(seed);
      r.shuffle(a);
      const want = Array.from({ length: n }, (_, i) => i);
      const q = new Random(seed);
      for (let i = n - 1; i > 0; i--) {
        const j = q.int(i + 1);
        [want[i], want[j]] = [want[j], want[i]];
      }
      expect(Array.from(a)).toEqual(want);
      expect(r.nextUint32()).toBe(q.nextUint32());
    }
  });

  it("gives the same stream for the same seed and another for another seed", () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const sa = Array.from({ length: 20 }, () => a.uniform());
    const sb = Array.from({ length: 20 }, () => b.uniform());
    const sc = Array.from({ length: 20 }, () => c.uniform());
    expect(sa).toEqual(sb);
    expect(sa).not.toEqual(sc);
  });

  it("draws uniforms with mean 1/2 and variance 1/12, normals with mean 0 and variance 1", () => {
    const r = new Random(7);
    const n = 200_000;
    let su = 0;
    let su2 = 0;
    let sn = 0;
    let sn2 = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      su += u;
      su2 += u * u;
      const g = r.normal();
      sn += g;
      sn2 += g * g;
    }
    expect(outside).toBe(0);
    // 5 standard errors
    expect(Math.abs(su / n - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(su2 / n - (su / n) ** 2 - 1 / 12)).toBeLessThan(0.002);
    expect(Math.abs(sn / n)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(sn2 / n - 1)).toBeLessThan(0.02);
  });
});
