import { describe, expect, it } from "vitest";
import { Adam } from "../../src/train/adam.js";
import { Lbfgs, minimizeLbfgs, type Objective } from "../../src/train/lbfgs.js";
import { LearningRateSchedule } from "../../src/train/schedule.js";

/** f(x) = ½ (x − c)ᵀ H (x − c) with H = diag(h): minimum 0 at c (closed form). */
function quadratic(h: number[], c: number[]): Objective {
  return (x, g) => {
    let f = 0;
    for (let i = 0; i < x.length; i++) {
      const r = x[i] - c[i];
      g[i] = h[i] * r;
      f += 0.5 * h[i] * r * r;
    }
    return f;
  };
}

/** Rosenbrock in n dimensions: minimum 0 at (1, …, 1). */
const rosenbrock: Objective = (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return f;
};

describe("Adam", () => {
  it("minimises an ill-conditioned convex quadratic to its known minimiser", () => {
    const h = [1, 10, 100, 0.5];
    const c = [1, -2, 0.5, 3];
    const f = quadratic(h, c);
    const x = new Float64Array(4);
    const g = new Float64Array(4);
    const adam = new Adam(4);
    const schedule = new LearningRateSchedule({ kind: "cosine", lr: 0.1, epochs: 3000, minLr: 1e-4 });
    for (let e = 0; e < 3000; e++) {
      f(x, g);
      adam.step(x, g, schedule.rate(e));
    }
    for (let i = 0; i < 4; i++) expect(Math.abs(x[i] - c[i])).toBeLessThan(1e-3);
    expect(f(x, g)).toBeLessThan(1e-7);
  });

  it("uses the β₂ it is given: two steps match the closed form of the bias-corrected moments", () => {
    // θ₂ = θ₀ − lr·g₁/(|g₁| + ε) − lr·m̂₂/(√v̂₂ + ε), m̂₂ = (β₁(1−β₁)g₁ + (1−β₁)g₂)/(1−β₁²),
    // v̂₂ = (β₂(1−β₂)g₁² + (1−β₂)g₂²)/(1−β₂²)
    const [g1, g2, lr, eps, b1] = [0.5, -2, 0.01, 1e-8, 0.9];
    for (const b2 of [0.999, 0.98, 0.5]) {
      const adam = new Adam(1, { beta2: b2 });
      const theta = new Float64Array([1]);
      adam.step(theta, Float64Array.of(g1), lr);
      adam.step(theta, Float64Array.of(g2), lr);
      const m2 = (b1 * (1 - b1) * g1 + (1 - b1) * g2) / (1 - b1 * b1);
      const v2 = (b2 * (1 - b2) * g1 * g1 + (1 - b2) * g2 * g2) / (1 - b2 * b2);
      const expected = 1 - (lr * g1) / (Math.abs(g1) + eps) - (lr * m2) / (Math.sqrt(v2) + eps);
      expect(theta[0]).toBeCloseTo(expected, 14);
    }
    // the second step differs with β₂ (here it is what tells the three apart)
    const second = (b2: number) => {
      const adam = new Adam(1, { beta2: b2 });
      const theta = new Float64Array([1]);
      adam.step(theta, Float64Array.of(g1), lr);
      adam.step(theta, Float64Array.of(g2), lr);
      return theta[0];
    };
    expect(Math.abs(second(0.98) - second(0.999))).toBeGreaterThan(1e-5);
  });

  it("gives the same bits in WebAssembly SIMD as the TypeScript loop, odd sizes and a restored state included", () => {
    // gradients of a Rosenbrock-like valley plus outliers, so that m, v and θ span many scales
    for (const size of [1, 2, 7, 563]) {
      const run = (wasm: boolean): { x: Float64Array; m: Float64Array; v: Float64Array } => {
        const x = Float64Array.from({ length: size }, (_, i) => Math.sin(1 + i) * 2);
        const g = new Float64Array(size);
        let adam = new Adam(size, { beta2: 0.98, wasm });
        for (let e = 0; e < 300; e++) {
          for (let i = 0; i < size; i++)
            g[i] = 4 * x[i] ** 3 - 3 * x[i] + (i % 5 === 0 ? 1e3 : 1e-3) * Math.cos(e + i);
          if (e === 150) {
            const fresh = new Adam(size, { beta2: 0.98, wasm });
            fresh.state = adam.state;
            adam = fresh;
          }
          adam.step(x, g, 0.01 * (1 + Math.cos(e / 50)));
        }
        const { m, v } = adam.state;
        return { x, m, v };
      };
      const fast = run(true);
      const reference = run(false);
      expect(Array.from(fast.x)).toEqual(Array.from(reference.x));
      expect(Array.from(fast.m)).toEqual(Array.from(reference.m));
      expect(Array.from(fast.v)).toEqual(Array.from(reference.v));
    }
  });

  it("continues bit for bit after its state is copied into a fresh optimiser", () => {
    const f = quadratic([1, 3], [2, -1]);
    const run = (split: number | undefined): Float64Array => {
      const x = new Float64Array([0.3, 0.1]);
      const g = new Float64Array(2);
      let adam = new Adam(2);
      for (let e = 0; e < 50; e++) {
        if (e === split) {
          const fresh = new Adam(2);
          fresh.state = JSON.parse(
            JSON.stringify({ ...adam.state, m: [...adam.state.m], v: [...adam.state.v] }),
          );
          adam = fresh;
        }
        f(x, g);
        adam.step(x, g, 0.05);
      }
      return x;
    };
    expect(run(20)).toEqual(run(undefined));
  });
});

describe("learning-rate schedules", () => {
  it("cosine starts at lr and ends at its floor; plateau halves after patience", () => {
    const cos = new LearningRateSchedule({ kind: "cosine", lr: 0.02, epochs: 100, minLr: 0.001 });
    expect(cos.rate(0)).toBe(0.02);
    expect(cos.rate(100)).toBeCloseTo(0.001, 15);
    expect(cos.rate(50)).toBeCloseTo(0.0105, 15);
    // hold 0 is the plain cosine, bit for bit
    const held0 = new LearningRateSchedule({ kind: "cosine", lr: 0.02, epochs: 100, minLr: 0.001, hold: 0 });
    for (const e of [0, 1, 37, 50, 99, 100, 120]) expect(held0.rate(e)).toBe(cos.rate(e));
    // so is an explicit hold: undefined (an options object built from optional fields)
    const heldU = new LearningRateSchedule({
      kind: "cosine",
      lr: 0.02,
      epochs: 100,
      minLr: 0.001,
      hold: undefined,
    });
    for (const e of [0, 37, 100]) expect(heldU.rate(e)).toBe(cos.rate(e));
    const pl = new LearningRateSchedule({ kind: "plateau", lr: 0.02, epochs: 100, patience: 3 });
    pl.observe(1);
    for (let i = 0; i < 4; i++) pl.observe(1);
    expect(pl.rate(10)).toBe(0.01);
  });
});

describe("cosine with a hold", () => {
  it("stays at lr for round(hold·epochs) epochs, then is the cosine over the rest, reaching the floor at the end", () => {
    const s = new LearningRateSchedule({ kind: "cosine", lr: 0.02, epochs: 200, minLr: 2e-4, hold: 0.3 });
    for (const e of [0, 1, 30, 59, 60]) expect(s.rate(e)).toBe(0.02);
    // from epoch 60 the cosine spans the remaining 140 epochs: halfway at 130, a quarter at 95
    expect(s.rate(130)).toBeCloseTo(2e-4 + 0.5 * (0.02 - 2e-4), 15);
    expect(s.rate(95)).toBeCloseTo(2e-4 + 0.5 * (0.02 - 2e-4) * (1 + Math.cos(Math.PI / 4)), 15);
    expect(s.rate(200)).toBeCloseTo(2e-4, 15);
    expect(s.rate(260)).toBeCloseTo(2e-4, 15);
    // strictly decreasing after the hold
    for (let e = 61; e <= 200; e++) expect(s.rate(e)).toBeLessThan(s.rate(e - 1));
  });

  it("refuses a hold outside [0, 1)", () => {
    expect(() => new LearningRateSchedule({ kind: "cosine", lr: 0.02, epochs: 10, hold: 1 })).toThrow(
      RangeError,
    );
    expect(() => new LearningRateSchedule({ kind: "cosine", lr: 0.02, epochs: 10, hold: -0.1 })).toThrow(
      RangeError,
    );
  });
});

describe("L-BFGS", () => {
  it("minimises a convex quadratic in few iterations", () => {
    const h = [1, 10, 100, 1000, 0.1];
    const c = [1, -2, 0.5, 3, -7];
    const r = minimizeLbfgs(quadratic(h, c), new Float64Array(5), { maxIterations: 100 });
    expect(r.status).toBe("converged");
    expect(r.iterations).toBeLessThan(40);
    for (let i = 0; i < 5; i++) expect(Math.abs(r.x[i] - c[i])).toBeLessThan(1e-7);
  });

  it("minimises the 10-dimensional Rosenbrock function to tolerance", () => {
    const x0 = new Float64Array(10).fill(-1.2);
    const r = minimizeLbfgs(rosenbrock, x0, { maxIterations: 500 });
    for (let i = 0; i < 10; i++) expect(Math.abs(r.x[i] - 1)).toBeLessThan(1e-6);
    expect(r.value).toBeLessThan(1e-12);
  });

  it("uses relative stopping tests: a loss scaled by 1e-8 converges to the same minimiser", () => {
    const base = quadratic([1, 50, 2], [0.3, -0.2, 1]);
    const tiny: Objective = (x, g) => {
      const f = base(x, g);
      for (let i = 0; i < g.length; i++) g[i] *= 1e-8;
      return f * 1e-8;
    };
    const r = minimizeLbfgs(tiny, new Float64Array(3), { maxIterations: 100 });
    expect(Math.abs(r.x[0] - 0.3)).toBeLessThan(1e-6);
    expect(Math.abs(r.x[1] + 0.2)).toBeLessThan(1e-6);
    expect(Math.abs(r.x[2] - 1)).toBeLessThan(1e-6);
  });

  it("shrinks a step that overflows instead of failing", () => {
    // f = exp-like barrier: non-finite beyond x > 2, minimum at x = 1.5
    const f: Objective = (x, g) => {
      if (x[0] > 2) {
        g[0] = Number.NaN;
        return Number.NaN;
      }
      g[0] = 2 * (x[0] - 1.5);
      return (x[0] - 1.5) ** 2;
    };
    const x = new Float64Array([-100]);
    const g = new Float64Array(1);
    const opt = new Lbfgs(1);
    let v = f(x, g);
    for (let i = 0; i < 30; i++) {
      const r = opt.iterate(x, v, g, f);
      v = r.value;
      if (r.status === "converged") break;
    }
    expect(Math.abs(x[0] - 1.5)).toBeLessThan(1e-6);
  });
});
