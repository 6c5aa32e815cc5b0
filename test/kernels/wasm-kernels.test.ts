import { afterAll, describe, expect, it } from "vitest";
import type { NetworkKernels } from "../../src/core/kernels.js";
import { type ParameterLayout, parameterLayout } from "../../src/core/layout.js";
import { createReferenceKernels } from "../../src/core/network.js";
import { createKernels, createWasmKernels, type DisposableKernels } from "../../src/kernels/index.js";
import {
  CMD_GRADIENT,
  CMD_GRADIENT_HESSIAN,
  CMD_HESSIAN,
  CMD_LOSS,
  CMD_POTENTIAL,
} from "../../src/kernels/protocol.js";
import { splitThreshold } from "../../src/kernels/wasm-kernels.js";
import { loadFixture, relativeError } from "../core/fixture.js";
import { randomParams, randomPoints } from "../core/random-model.js";

// The WebAssembly kernels against the TypeScript reference (the oracle, itself pinned by finite
// differences and the PyTorch fixtures) and against the fixtures directly: every output and every
// gradient group to 1e-12 relative (max error over the group / max magnitude of the group).
// Needs the build (dist/): fails loudly, never skips, when it is missing.

const created: DisposableKernels[] = [];
afterAll(() => {
  for (const k of created) k.dispose();
});

function wasm(layout: ParameterLayout, convex: boolean, threads: number): DisposableKernels {
  // parallelThreshold 0: even one sample goes through the worker pool
  const k = createWasmKernels(layout, { convex, threads, parallelThreshold: 0 });
  created.push(k);
  return k;
}

/** the named groups of the flat parameter vector (src/core/layout.ts) */
function groups(layout: ParameterLayout): [string, number, number][] {
  const d = layout.inputDim;
  const g: [string, number, number][] = [
    ["W1", layout.W1, layout.hidden[0] * d],
    ["b1", layout.b1, layout.hidden[0]],
  ];
  layout.layers.forEach((l, i) => {
    g.push(
      [`Q${i + 2}`, l.Q, l.width * l.inputWidth],
      [`b${i + 2}`, l.b, l.width],
      [`S${i + 2}`, l.S, l.width * d],
    );
  });
  g.push(["qOut", layout.qOut, layout.hidden[layout.hidden.length - 1]], ["A", layout.A, d * d]);
  g.push(["alpha", layout.alpha, 1], ["beta", layout.beta, 1]);
  return g;
}

function expectGroupsClose(
  got: Float64Array,
  want: Float64Array,
  layout: ParameterLayout,
  tol: number,
): void {
  for (const [name, start, count] of groups(layout)) {
    const e = relativeError(got.subarray(start, start + count), want.subarray(start, start + count));
    expect(e, `gradient group ${name}`).toBeLessThanOrEqual(tol);
  }
}

function compareAll(
  ref: NetworkKernels,
  fast: DisposableKernels,
  params: Float64Array,
  n: number,
  seed: number,
) {
  const d = ref.layout.inputDim;
  const x = randomPoints(n, d, seed, 1.5);
  const y = randomPoints(n, d, seed + 1, 2);
  const sigma = Float64Array.from({ length: d }, (_, k) => 0.5 + 0.25 * k);
  const outputs: [string, number, keyof NetworkKernels][] = [
    ["potential", 1, "potential"],
    ["gradient", d, "gradient"],
    ["hessian", d * d, "hessian"],
  ];
  for (const [name, stride, method] of outputs) {
    const a = new Float64Array(n * stride);
    const b = new Float64Array(n * stride).fill(Number.NaN);
    (ref[method] as NetworkKernels["potential"]).call(ref, params, x, n, a);
    (fast[method] as NetworkKernels["potential"]).call(fast, params, x, n, b);
    expect(relativeError(b, a), name).toBeLessThanOrEqual(1e-12);
  }
  // the fused stress + tangent pass
  const g1 = new Float64Array(n * d);
  const h1 = new Float64Array(n * d * d);
  const g2 = new Float64Array(n * d).fill(Number.NaN);
  const h2 = new Float64Array(n * d * d).fill(Number.NaN);
  ref.gradient(params, x, n, g1);
  ref.hessian(params, x, n, h1);
  fast.gradientAndHessian(params, x, n, g2, h2);
  expect(relativeError(g2, g1), "gradientAndHessian: gradient").toBeLessThanOrEqual(1e-12);
  expect(relativeError(h2, h1), "gradientAndHessian: hessian").toBeLessThanOrEqual(1e-12);
  if (n === 0) return;
  const ga = new Float64Array(ref.layout.size);
  const gb = new Float64Array(ref.layout.size).fill(Number.NaN);
  const la = ref.lossAndGradient(params, x, y, sigma, n, ga);
  const lb = fast.lossAndGradient(params, x, y, sigma, n, gb);
  expect(Math.abs(lb - la) / la, "loss").toBeLessThanOrEqual(1e-12);
  expectGroupsClose(gb, ga, ref.layout, 1e-12);
}

describe("WebAssembly kernels = TypeScript reference (1e-12 relative)", () => {
  const shapes: [number, number[]][] = [
    [3, [9, 9, 6]], // the paper's plane network
    [6, [7, 3, 5]], // widths not divisible by the SIMD width, 3D input
    [3, [5]], // one hidden layer
    [2, [1, 1]], // the smallest
  ];
  for (const [d, hidden] of shapes) {
    for (const convex of [true, false]) {
      it(`d=${d} hidden=${hidden.join("-")} ${convex ? "convex" : "non-convex"}, n = 0, 1, 3, 37 on 1 and 3 threads`, () => {
        const layout = parameterLayout(d, hidden);
        const params = randomParams(layout, 11 + d + hidden.length, { convex });
        const ref = createReferenceKernels(layout, { convex });
        for (const threads of [1, 3]) {
          const fast = wasm(layout, convex, threads);
          for (const n of [0, 1, 3, 37]) compareAll(ref, fast, params, n, 100 + n);
        }
      });
    }
  }

  it("splits a batch larger than the shared buffer across 2 threads (buffer regrowth) and stays equal", () => {
    const layout = parameterLayout(3, [9, 9, 6]);
    const params = randomParams(layout, 5, { convex: true });
    const ref = createReferenceKernels(layout, { convex: true });
    const fast = wasm(layout, true, 2);
    compareAll(ref, fast, params, 300, 1);
    compareAll(ref, fast, params, 2501, 2);
    compareAll(ref, fast, params, 5, 3);
  });

  it("gives the same bits on the same thread count, call after call", () => {
    const layout = parameterLayout(3, [9, 9, 6]);
    const params = randomParams(layout, 6, { convex: true });
    const fast = wasm(layout, true, 2);
    const x = randomPoints(500, 3, 1);
    const y = randomPoints(500, 3, 2);
    const sigma = Float64Array.of(1, 2, 3);
    const g1 = new Float64Array(layout.size);
    const g2 = new Float64Array(layout.size);
    const l1 = fast.lossAndGradient(params, x, y, sigma, 500, g1);
    const l2 = fast.lossAndGradient(params, x, y, sigma, 500, g2);
    expect(l2).toBe(l1);
    expect(Array.from(g2)).toEqual(Array.from(g1));
  });

  it("splits the loss into chunks summed in chunk order: 2 and 3 threads give the same bits, call after call", async () => {
    // whichever thread takes which chunk (it varies with the machine's load), the chunks' sums are
    // added in the same order, so the thread count and the run do not move the last bits
    const layout = parameterLayout(3, [9, 9, 6]);
    const params = randomParams(layout, 7, { convex: true });
    const ref = createReferenceKernels(layout, { convex: true });
    // enough rows that the workers wake in time to take chunks (1,252 rows each, a short last one)
    const n = 20003;
    const x = randomPoints(n, 3, 5);
    const y = randomPoints(n, 3, 6);
    const sigma = Float64Array.of(1, 2, 3);
    const gr = new Float64Array(layout.size);
    const lr = ref.lossAndGradient(params, x, y, sigma, n, gr);
    const results: { l: number; g: number[] }[] = [];
    for (const threads of [2, 3]) {
      const fast = wasm(layout, true, threads);
      // the workers booted (a first call would find them still starting and do every chunk itself)
      const probe = new Float64Array(12);
      for (let i = 0; i < 300; i++) {
        const finish = fast.gradientLater?.(params, x, 4, probe);
        if (finish) {
          finish();
          break;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
      for (let call = 0; call < 3; call++) {
        const g = new Float64Array(layout.size);
        const l = fast.lossAndGradient(params, x, y, sigma, n, g);
        results.push({ l, g: Array.from(g) });
      }
    }
    for (const r of results.slice(1)) {
      expect(r.l).toBe(results[0].l);
      expect(r.g).toEqual(results[0].g);
    }
    expect(Math.abs(results[0].l - lr) / lr).toBeLessThanOrEqual(1e-12);
    expectGroupsClose(Float64Array.from(results[0].g), gr, layout, 1e-12);
  });

  it("reuses the x = 0 pass within a call only: after other parameters and other calls, the same bits as fresh kernels", () => {
    // the zero-strain term of the gradient reuses the pass at x = 0 of the same call; a stale copy
    // (other parameters, or a gradient/Hessian call in between) would move the gradient
    const layout = parameterLayout(3, [9, 9, 6]);
    const a = randomParams(layout, 21, { convex: true });
    const b = randomParams(layout, 22, { convex: true });
    const x = randomPoints(37, 3, 3);
    const y = randomPoints(37, 3, 4);
    const sigma = Float64Array.of(1, 2, 3);
    const ref = createReferenceKernels(layout, { convex: true });
    const used = wasm(layout, true, 1);
    const g = new Float64Array(layout.size);
    used.lossAndGradient(a, x, y, sigma, 37, g);
    used.hessian(b, x, 5, new Float64Array(5 * 9));
    const lb = used.lossAndGradient(b, x, y, sigma, 37, g);
    const fresh = wasm(layout, true, 1);
    const gf = new Float64Array(layout.size);
    expect(lb).toBe(fresh.lossAndGradient(b, x, y, sigma, 37, gf));
    expect(Array.from(g)).toEqual(Array.from(gf));
    const gr = new Float64Array(layout.size);
    ref.lossAndGradient(b, x, y, sigma, 37, gr);
    expect(relativeError(g, gr)).toBeLessThan(1e-12);
  });
});

describe("WebAssembly kernels reproduce the PyTorch float64 fixtures", () => {
  for (const name of ["plane", "3d"] as const) {
    for (const threads of [1, 2]) {
      it(`${name} on ${threads} thread(s)`, () => {
        const f = loadFixture(name);
        const k = wasm(f.layout, true, threads);
        const { d, n, params, inputs } = f;
        const pot = new Float64Array(n);
        k.potential(params, inputs, n, pot);
        expect(relativeError(pot, f.potential)).toBeLessThanOrEqual(1e-10);
        const g = new Float64Array(n * d);
        const g0 = new Float64Array(d);
        k.gradient(params, inputs, n, g);
        k.gradient(params, new Float64Array(d), 1, g0);
        expect(relativeError(g0, f.gradientAtZero)).toBeLessThanOrEqual(1e-10);
        const stress = g.map((v, i) => v - g0[i % d]);
        expect(relativeError(stress, f.stress)).toBeLessThanOrEqual(1e-10);
        const h = new Float64Array(n * d * d);
        k.hessian(params, inputs, n, h);
        expect(relativeError(h, f.tangent)).toBeLessThanOrEqual(1e-10);
        const grad = new Float64Array(f.layout.size);
        const loss = k.lossAndGradient(params, inputs, f.targets, f.sigma, n, grad);
        expect(Math.abs(loss - f.loss) / f.loss).toBeLessThanOrEqual(1e-10);
        expectGroupsClose(grad, f.grad, f.layout, 1e-10);
      });
    }
  }
});

describe("the default split threshold", () => {
  it("keeps calls of well under a few milliseconds on the calling thread and splits larger ones", () => {
    const small = parameterLayout(3, [16, 16, 8]).size; // the default recipe's network
    const paper = parameterLayout(3, [9, 9, 6]).size;
    // the default recipe's validation (750 rows of stress) and its mini-batches stay on one thread
    expect(splitThreshold(small, 3, CMD_GRADIENT)).toBeGreaterThan(750);
    expect(splitThreshold(small, 3, CMD_LOSS)).toBeGreaterThan(48);
    // the bench's 10,000-point calls (loss + gradient, stress, stress + tangent) split
    for (const cmd of [CMD_GRADIENT, CMD_LOSS, CMD_HESSIAN, CMD_GRADIENT_HESSIAN]) {
      expect(splitThreshold(paper, 3, cmd)).toBeLessThan(10_000);
    }
    // costlier commands and larger networks split sooner, never below 256 rows
    expect(splitThreshold(paper, 3, CMD_HESSIAN)).toBeLessThan(splitThreshold(paper, 3, CMD_LOSS));
    expect(splitThreshold(paper, 3, CMD_LOSS)).toBeLessThan(splitThreshold(paper, 3, CMD_GRADIENT));
    expect(splitThreshold(paper, 3, CMD_GRADIENT)).toBeLessThan(splitThreshold(paper, 3, CMD_POTENTIAL));
    expect(splitThreshold(small, 3, CMD_GRADIENT)).toBeLessThan(splitThreshold(paper, 3, CMD_GRADIENT));
    expect(splitThreshold(parameterLayout(3, [64, 64, 64]).size, 3, CMD_HESSIAN)).toBe(256);
  });
});

describe("stress and tangent over threads", () => {
  it("are the 1-thread bits whatever thread took which chunk (3 threads, 2,000 points)", () => {
    const layout = parameterLayout(3, [9, 9, 6]);
    const params = randomParams(layout, 9, { convex: true });
    const n = 2000;
    const x = randomPoints(n, 3, 5);
    const one = createWasmKernels(layout, { convex: true, threads: 1 });
    const three = createWasmKernels(layout, { convex: true, threads: 3, parallelThreshold: 0 });
    created.push(one, three);
    const g1 = new Float64Array(n * 3);
    const h1 = new Float64Array(n * 9);
    one.gradientAndHessian(params, x, n, g1, h1);
    for (let call = 0; call < 3; call++) {
      const g3 = new Float64Array(n * 3);
      const h3 = new Float64Array(n * 9);
      three.gradientAndHessian(params, x, n, g3, h3);
      expect(Array.from(g3)).toEqual(Array.from(g1));
      expect(Array.from(h3)).toEqual(Array.from(h1));
    }
  });
});

describe("when the worker threads start", () => {
  it("not for the first two calls worth splitting (their boot would cost more), from the third on", () => {
    const layout = parameterLayout(3, [16, 16, 8]);
    const params = randomParams(layout, 8, { convex: true });
    const n = 2 * splitThreshold(layout.size, 3, CMD_LOSS);
    const x = randomPoints(n, 3, 3);
    const y = randomPoints(n, 3, 4);
    const sigma = Float64Array.of(1, 2, 3);
    const one = createWasmKernels(layout, { convex: true, threads: 1 });
    const two = createWasmKernels(layout, { convex: true, threads: 2 });
    created.push(one, two);
    const g1 = new Float64Array(layout.size);
    const g2 = new Float64Array(layout.size);
    const l1 = one.lossAndGradient(params, x, y, sigma, n, g1);
    for (const call of [1, 2, 3]) {
      const l2 = two.lossAndGradient(params, x, y, sigma, n, g2);
      if (call < 3) {
        // on the calling thread alone: the 1-thread bits
        expect(l2).toBe(l1);
        expect(Array.from(g2)).toEqual(Array.from(g1));
      } else {
        // split: the sums are taken in another order, equal to rounding
        expect(Array.from(g2)).not.toEqual(Array.from(g1));
        expect(relativeError(g2, g1)).toBeLessThan(1e-12);
      }
    }
  });
});

describe("createKernels", () => {
  it("picks wasm by default and the reference on request, with equal results", () => {
    const layout = parameterLayout(3, [4, 3]);
    const params = randomParams(layout, 3, { convex: true });
    const a = createKernels(layout, { convex: true, threads: 1 });
    const b = createKernels(layout, { convex: true, backend: "reference" });
    created.push(a, b);
    expect(a.threads).toBe(1);
    const x = randomPoints(9, 3, 4);
    const ga = new Float64Array(27);
    const gb = new Float64Array(27);
    a.gradient(params, x, 9, ga);
    b.gradient(params, x, 9, gb);
    expect(relativeError(ga, gb)).toBeLessThanOrEqual(1e-12);
  });

  it("rejects a bad thread count, and works again after dispose() (a new pool on demand)", () => {
    const layout = parameterLayout(3, [4]);
    expect(() => createWasmKernels(layout, { convex: true, threads: 0 })).toThrow(/threads/);
    const params = randomParams(layout, 4, { convex: true });
    const k = wasm(layout, true, 2);
    const ref = createReferenceKernels(layout, { convex: true });
    const x = randomPoints(20, 3, 5);
    const a = new Float64Array(60);
    const b = new Float64Array(60);
    ref.gradient(params, x, 20, a);
    k.gradient(params, x, 20, b);
    k.dispose();
    b.fill(Number.NaN);
    k.gradient(params, x, 20, b);
    expect(relativeError(b, a)).toBeLessThanOrEqual(1e-12);
  });

  it("rejects a wrong parameter count and an unknown backend", () => {
    const layout = parameterLayout(3, [4]);
    const k = wasm(layout, true, 1);
    expect(() => k.gradient(new Float64Array(3), new Float64Array(3), 1, new Float64Array(3))).toThrow(
      /parameters/,
    );
    expect(() => createKernels(layout, { convex: true, backend: "gpu" as never })).toThrow(/backend/);
  });
});

describe("WebAssembly masked loss = TypeScript reference (1e-12), on 1 and 2 threads", () => {
  const maskFor = (n: number, d: number, seed: number): Uint8Array => {
    const m = new Uint8Array(n * d);
    let s = seed;
    for (let i = 0; i < m.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      m[i] = (s >>> 16) % 3 === 0 ? 0 : 1;
    }
    return m;
  };
  for (const [d, hidden] of [
    [3, [9, 9, 6]],
    [6, [7, 3, 5]],
  ] as [number, number[]][]) {
    for (const convex of [true, false]) {
      it(`d=${d} hidden=${hidden.join("-")} ${convex ? "convex" : "non-convex"}, NaN in unknown entries, n = 1, 37, 600`, () => {
        const layout = parameterLayout(d, hidden);
        const params = randomParams(layout, 31 + d, { convex });
        const ref = createReferenceKernels(layout, { convex });
        for (const threads of [1, 2]) {
          const fast = wasm(layout, convex, threads);
          for (const n of [1, 37, 600]) {
            const x = randomPoints(n, d, n + 1, 1.5);
            const mask = maskFor(n, d, n + 3);
            mask[0] = 1;
            const y = randomPoints(n, d, n + 2, 2).map((v, i) => (mask[i] ? v : Number.NaN));
            const sigma = Float64Array.from({ length: d }, (_, k) => 0.5 + 0.25 * k);
            const ga = new Float64Array(layout.size);
            const gb = new Float64Array(layout.size).fill(Number.NaN);
            const la = ref.lossAndGradient(params, x, y, sigma, n, ga, mask);
            const lb = fast.lossAndGradient(params, x, y, sigma, n, gb, mask);
            expect(Number.isFinite(la)).toBe(true);
            expect(Math.abs(lb - la) / la, "loss").toBeLessThanOrEqual(1e-12);
            expectGroupsClose(gb, ga, layout, 1e-12);
            // all ones = no mask
            const ones = new Uint8Array(n * d).fill(1);
            const yk = randomPoints(n, d, n + 2, 2);
            const g1 = new Float64Array(layout.size);
            const g2 = new Float64Array(layout.size);
            const l1 = fast.lossAndGradient(params, x, yk, sigma, n, g1);
            const l2 = fast.lossAndGradient(params, x, yk, sigma, n, g2, ones);
            expect(Math.abs(l2 - l1)).toBeLessThanOrEqual(1e-14 * l1);
            expectGroupsClose(g2, g1, layout, 1e-14);
            // nothing known: 0 and a zero gradient
            const g0 = new Float64Array(layout.size).fill(3);
            expect(fast.lossAndGradient(params, x, y, sigma, n, g0, new Uint8Array(n * d))).toBe(0);
            expect(g0.every((v) => v === 0)).toBe(true);
          }
        }
      });
    }
  }
});
