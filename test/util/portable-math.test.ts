import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cospi, exp, expm1, log, powInt } from "../../src/util/portable-math.js";

/** distance in units in the last place (both finite, same sign) */
function ulps(a: number, b: number): number {
  const v = new DataView(new ArrayBuffer(16));
  v.setFloat64(0, a);
  v.setFloat64(8, b);
  return Number(BigInt.asIntN(64, v.getBigInt64(0) - v.getBigInt64(8)));
}

describe("portable math (same bits in every engine), against the engine's Math", () => {
  it("exp and log are within 1 ulp of Math.exp and Math.log", () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (x) => {
        expect(Math.abs(ulps(exp(x), Math.exp(x)))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 3000, seed: 1 },
    );
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, max: 1e300, noNaN: true }), (x) => {
        expect(Math.abs(ulps(log(x), Math.log(x)))).toBeLessThanOrEqual(1);
      }),
      { numRuns: 3000, seed: 2 },
    );
    for (const x of [1, 1 + 2 ** -30, 1 - 2 ** -30, 0.5, 2, 1e-310, Math.E]) {
      expect(Math.abs(ulps(log(x), Math.log(x)))).toBeLessThanOrEqual(1);
    }
  });

  it("the special values: exp(0) = 1, log(1) = 0, limits, NaN", () => {
    expect(exp(0)).toBe(1);
    expect(log(1)).toBe(0);
    expect(exp(800)).toBe(Number.POSITIVE_INFINITY);
    expect(exp(-800)).toBe(0);
    expect(exp(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(log(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(log(-1)).toBeNaN();
    expect(exp(Number.NaN)).toBeNaN();
    expect(cospi(0)).toBe(1);
    expect(cospi(1)).toBe(-1);
    expect(cospi(0.5)).toBe(0);
  });

  it("expm1 keeps its relative accuracy near 0; cos(π t) and integer powers are within a few ulps", () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        const e = Math.expm1(x);
        expect(Math.abs(expm1(x) - e)).toBeLessThanOrEqual(
          4 * Number.EPSILON * Math.abs(e) + Number.MIN_VALUE,
        );
      }),
      { numRuns: 2000, seed: 3 },
    );
    fc.assert(
      fc.property(fc.double({ min: -4, max: 4, noNaN: true }), (t) => {
        expect(Math.abs(cospi(t) - Math.cos(Math.PI * t))).toBeLessThanOrEqual(4e-16);
      }),
      { numRuns: 2000, seed: 4 },
    );
    for (const [b, n] of [
      [0.9, 1],
      [0.999, 600],
      [0.9, 37],
      [2, 10],
      [1.5, 0],
    ]) {
      expect(Math.abs(powInt(b, n) - b ** n)).toBeLessThanOrEqual(1e-14 * b ** n);
    }
    expect(powInt(2, 10)).toBe(1024);
  });
});
