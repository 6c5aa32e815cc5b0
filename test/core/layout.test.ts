import { describe, expect, it } from "vitest";
import { parameterLayout } from "../../src/core/layout.js";

describe("parameterLayout", () => {
  it("counts every group once, contiguously, for the fixture architecture 3-9-9-6", () => {
    const d = 3;
    const L = parameterLayout(d, [9, 9, 6]);
    // closed form: W1 + b1 + Σ(Q + b + S) + q + A + alpha + beta
    const expected = 9 * 3 + 9 + (9 * 9 + 9 + 9 * 3) + (6 * 9 + 6 + 6 * 3) + 6 + 3 * 3 + 2;
    expect(L.size).toBe(expected);
    expect(L.W1).toBe(0);
    expect(L.b1).toBe(27);
    expect(L.layers[0].Q).toBe(36);
    expect(L.layers[1].S + 6 * 3).toBe(L.qOut);
    expect(L.beta).toBe(L.size - 1);
  });

  it("rejects impossible shapes", () => {
    expect(() => parameterLayout(0, [4])).toThrow(RangeError);
    expect(() => parameterLayout(3, [])).toThrow(RangeError);
    expect(() => parameterLayout(3, [4, 0])).toThrow(RangeError);
  });
});
