import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contourSegments } from "../../src/report/contours.js";

function grid(n: number, lo: number, hi: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => lo + ((hi - lo) * k) / (n - 1));
}

function sample(xs: Float64Array, ys: Float64Array, f: (x: number, y: number) => number): Float64Array {
  const v = new Float64Array(xs.length * ys.length);
  for (let j = 0; j < ys.length; j++)
    for (let i = 0; i < xs.length; i++) v[j * xs.length + i] = f(xs[i], ys[j]);
  return v;
}

describe("contourSegments (marching squares)", () => {
  it("is exact for a linear field: every endpoint lies on the level set, and the line is covered", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.double({ min: -0.9, max: 0.9, noNaN: true }),
        (a, b, t) => {
          fc.pre(Math.abs(a) + Math.abs(b) > 0.1);
          const xs = grid(9, -1, 1);
          const ys = grid(7, -1, 1);
          const level = t * (Math.abs(a) + Math.abs(b));
          const segs = contourSegments(
            sample(xs, ys, (x, y) => a * x + b * y),
            xs,
            ys,
            [level],
          );
          expect(segs.length).toBeGreaterThan(0);
          for (const s of segs) {
            expect(a * s.x + b * s.y - level).toBeCloseTo(0, 9);
            expect(a * s.x2 + b * s.y2 - level).toBeCloseTo(0, 9);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("traces a circle of x² + y² to within the interpolation error, with its length ≈ 2πr", () => {
    const xs = grid(41, -1, 1);
    const ys = grid(41, -1, 1);
    const r = 0.6;
    const segs = contourSegments(
      sample(xs, ys, (x, y) => x * x + y * y),
      xs,
      ys,
      [r * r],
    );
    let length = 0;
    for (const s of segs) {
      expect(Math.hypot(s.x, s.y)).toBeCloseTo(r, 2);
      expect(Math.hypot(s.x2, s.y2)).toBeCloseTo(r, 2);
      length += Math.hypot(s.x2 - s.x, s.y2 - s.y);
    }
    expect(length / (2 * Math.PI * r)).toBeCloseTo(1, 2);
  });

  it("skips cells with non-finite corners and draws nothing for a level outside the range", () => {
    const xs = grid(5, 0, 1);
    const ys = grid(5, 0, 1);
    const v = sample(xs, ys, (x) => x);
    expect(contourSegments(v, xs, ys, [2])).toHaveLength(0);
    v.fill(Number.NaN);
    expect(contourSegments(v, xs, ys, [0.5])).toHaveLength(0);
  });

  it("splits a saddle cell into two corner-cutting segments", () => {
    const xs = Float64Array.of(0, 1);
    const ys = Float64Array.of(0, 1);
    // corners (0,0)=1, (1,0)=0, (1,1)=1, (0,1)=0: a saddle at level 0.5
    const segs = contourSegments(Float64Array.of(1, 0, 0, 1), xs, ys, [0.5]);
    expect(segs).toHaveLength(2);
    for (const s of segs) {
      // each piece cuts off one corner: its endpoints lie on two adjacent edges
      const onEdge = (x: number, y: number) => x === 0 || x === 1 || y === 0 || y === 1;
      expect(onEdge(s.x, s.y) && onEdge(s.x2, s.y2)).toBe(true);
    }
  });
});
