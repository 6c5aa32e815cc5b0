import { afterAll, describe, expect, it } from "vitest";
import { attachFastKernels } from "../../src/kernels/attach.js";
import { RegressionInstance } from "../../src/kernels/regression-instance.js";
import {
  createWasmRegressionKernels,
  type DisposableRegressionKernels,
} from "../../src/kernels/regression-kernels.js";
import { kernelsModule } from "../../src/kernels/wasm-module.js";
import { createRegressionModel, type RegressionModel } from "../../src/model/regression.js";
import type { Scaling } from "../../src/model/types.js";
import { Random } from "../../src/util/random.js";
import { randomPoints } from "../core/random-model.js";

// The regression baseline's WebAssembly kernel (src/kernels/assembly/regression.ts) against the
// TypeScript reference of src/model/regression.ts (pinned by finite differences in
// test/train/regression.test.ts): the loss and the gradient to 1e-12 relative (see below), on 1–3
// threads, and its vectorised tanh against Math.tanh. Needs the build (dist/): fails loudly.

const created: DisposableRegressionKernels[] = [];
afterAll(() => {
  for (const k of created) k.dispose();
});

function scalingFor(d: number): Scaling {
  return { strainScale: Array.from({ length: d }, (_, k) => 0.03 + 0.02 * k), stressScale: 17.5 };
}

function referenceModel(d: number, hidden: number[], seed: number): RegressionModel {
  const model = createRegressionModel(
    { kind: "regression", inputDim: d, hidden },
    undefined,
    scalingFor(d),
    seed,
  );
  // non-zero biases too (the initialisation leaves them 0)
  const rng = new Random(seed + 99);
  for (let i = 0; i < model.params.length; i++)
    if (model.params[i] === 0) model.params[i] = rng.range(-0.3, 0.3);
  return model as RegressionModel;
}

function expectEqualToReference(
  ref: RegressionModel,
  fast: DisposableRegressionKernels,
  n: number,
  seed: number,
  what: string,
): void {
  const d = ref.dim;
  const strain = randomPoints(n, d, seed, 0.12);
  const stress = randomPoints(n, d, seed + 1, 40);
  const sigma = Float64Array.from({ length: d }, (_, k) => 8 + 3 * k);
  const g1 = new Float64Array(ref.params.length);
  const g2 = new Float64Array(ref.params.length).fill(Number.NaN);
  const l1 = ref.lossAndGradient(strain, stress, n, sigma, g1);
  const l2 = fast.lossAndGradient(ref.params, strain, stress, n, sigma, g2);
  expect(Math.abs(l2 - l1) / l1, `${what}: loss`).toBeLessThanOrEqual(1e-12);
  // Each gradient group (W_l, b_l) to 1e-12 of its largest entry, and every entry not far below
  // that (≥ 1% of it) to 1e-12 of itself. Entries that are small sums of larger terms of
  // opposite sign are exempt from the second test: the kernel's tanh differs from Math.tanh by
  // an ulp or two, and cancellation amplifies that relative to the entry (seen: 1.4e-12 at n = 2).
  for (const [name, start, count] of groups(d, ref.spec.hidden)) {
    let scale = 0;
    let err = 0;
    for (let i = start; i < start + count; i++) {
      scale = Math.max(scale, Math.abs(g1[i]));
      err = Math.max(err, Math.abs(g2[i] - g1[i]));
    }
    expect(err, `${what}: gradient group ${name}`).toBeLessThanOrEqual(1e-12 * scale);
    for (let i = start; i < start + count; i++) {
      if (Math.abs(g1[i]) < 0.01 * scale) continue;
      expect(Math.abs(g2[i] - g1[i]), `${what}: ${name} entry ${i - start}`).toBeLessThanOrEqual(
        1e-12 * Math.abs(g1[i]),
      );
    }
  }
}

/** the W_l and b_l groups of the flat parameter vector (src/model/regression.ts) */
function groups(d: number, hidden: readonly number[]): [string, number, number][] {
  const widths = [d, ...hidden, d];
  const out: [string, number, number][] = [];
  let off = 0;
  for (let l = 1; l < widths.length; l++) {
    out.push([`W${l}`, off, widths[l] * widths[l - 1]]);
    off += widths[l] * widths[l - 1];
    out.push([`b${l}`, off, widths[l]]);
    off += widths[l];
  }
  return out;
}

describe("WebAssembly regression kernel = TypeScript reference (1e-12 relative)", () => {
  const shapes: [number, number[]][] = [
    [3, [16, 16, 8]], // the demo's network
    [6, [7, 3, 5]], // odd widths, 3D input
    [3, [5]], // one hidden layer
    [2, [1, 1]], // the smallest
    [1, [9, 2]], // one strain component
  ];
  for (const [d, hidden] of shapes) {
    it(`d=${d} hidden=${hidden.join("-")}: n = 1, 2, 3, 37, 301 on 1, 2 and 3 threads`, () => {
      const ref = referenceModel(d, hidden, 5 + d + hidden.length);
      for (const threads of [1, 2, 3]) {
        // parallelThreshold 0: even one sample goes through the worker pool (n < threads included)
        const fast = createWasmRegressionKernels({ inputDim: d, hidden }, ref.scaling, {
          threads,
          parallelThreshold: 0,
        });
        created.push(fast);
        for (const n of [1, 2, 3, 37, 301])
          expectEqualToReference(ref, fast, n, 40 + n, `${threads} threads, n=${n}`);
      }
    });
  }

  it("n = 0 gives loss 0 and a zero gradient", () => {
    const ref = referenceModel(3, [4], 1);
    const fast = createWasmRegressionKernels({ inputDim: 3, hidden: [4] }, ref.scaling, { threads: 1 });
    created.push(fast);
    const g = new Float64Array(ref.params.length).fill(7);
    expect(
      fast.lossAndGradient(
        ref.params,
        new Float64Array(0),
        new Float64Array(0),
        0,
        Float64Array.of(1, 1, 1),
        g,
      ),
    ).toBe(0);
    expect(Array.from(g).every((v) => v === 0)).toBe(true);
  });

  it("gives the same bits for the same thread count, call after call and kernel after kernel", () => {
    const ref = referenceModel(3, [16, 16, 8], 2);
    const n = 2501; // larger than the pool's initial shared buffer
    const strain = randomPoints(n, 3, 1, 0.1);
    const stress = randomPoints(n, 3, 2, 30);
    const sigma = Float64Array.of(10, 12, 5);
    for (const threads of [1, 2]) {
      const results: [number, number[]][] = [];
      for (let rep = 0; rep < 2; rep++) {
        const fast = createWasmRegressionKernels({ inputDim: 3, hidden: [16, 16, 8] }, ref.scaling, {
          threads,
        });
        created.push(fast);
        for (let call = 0; call < 2; call++) {
          const g = new Float64Array(ref.params.length);
          const l = fast.lossAndGradient(ref.params, strain, stress, n, sigma, g);
          results.push([l, Array.from(g)]);
        }
      }
      for (const r of results.slice(1)) expect(r).toEqual(results[0]);
    }
  });
});

describe("attachFastKernels on a regression model", () => {
  it("puts its loss and gradient on the kernel (wasm), keeps TypeScript (reference), and release restores it", () => {
    const ref = referenceModel(3, [16, 16, 8], 3);
    const model = createRegressionModel(
      ref.spec,
      Float64Array.from(ref.params),
      ref.scaling,
      0,
    ) as RegressionModel;
    const n = 500;
    const strain = randomPoints(n, 3, 8, 0.1);
    const stress = randomPoints(n, 3, 9, 30);
    const sigma = Float64Array.of(10, 12, 5);
    const want = new Float64Array(ref.params.length);
    const lWant = ref.lossAndGradient(strain, stress, n, sigma, want);
    const g = new Float64Array(ref.params.length);

    const releaseRef = attachFastKernels(model, { backend: "reference" });
    expect(model.lossAndGradient(strain, stress, n, sigma, g)).toBe(lWant);
    expect(Array.from(g)).toEqual(Array.from(want));
    releaseRef();

    const release = attachFastKernels(model, { backend: "wasm", threads: 2 });
    const l = model.lossAndGradient(strain, stress, n, sigma, g);
    expect(l).not.toBe(lWant); // a different summation order: the kernel really ran
    expect(Math.abs(l - lWant) / lWant).toBeLessThanOrEqual(1e-12);
    for (let i = 0; i < g.length; i++)
      expect(Math.abs(g[i] - want[i])).toBeLessThanOrEqual(1e-12 * Math.abs(want[i]));
    release();
    expect(model.lossAndGradient(strain, stress, n, sigma, g)).toBe(lWant);
  });

  it("refuses kernels built for another shape or scaling", () => {
    const model = referenceModel(3, [4, 4], 1);
    const other = createWasmRegressionKernels(
      { inputDim: 3, hidden: [4, 4] },
      { strainScale: [1, 1, 1], stressScale: 1 },
      { threads: 1 },
    );
    const wrongShape = createWasmRegressionKernels({ inputDim: 3, hidden: [4, 5] }, model.scaling, {
      threads: 1,
    });
    created.push(other, wrongShape);
    expect(() => model.setKernels(other)).toThrow(RangeError);
    expect(() => model.setKernels(wrongShape)).toThrow(RangeError);
  });
});

describe("vectorised tanh of the regression kernel", () => {
  const instance = new RegressionInstance(kernelsModule(), {
    inputDim: 1,
    hidden: [1],
    strainScale: [1],
    stressScale: 1,
  });

  function ulp(v: number): number {
    const a = Math.abs(v);
    if (a < 2.2250738585072014e-308) return 5e-324;
    return 2 ** (Math.floor(Math.log2(a)) - 52);
  }

  it("is within 3 ulp of Math.tanh from subnormal arguments to ±25", () => {
    const rng = new Random(11);
    const values: number[] = [
      0.5,
      -0.5,
      1,
      -1,
      Math.LN2 / 4,
      0.3466,
      0.3467,
      1e-300,
      -1e-300,
      5e-324,
      1e-17,
      19,
      19.5,
      20,
      25,
      -25,
    ];
    for (let i = 0; i < 4000; i++) values.push(rng.range(-25, 25));
    for (let i = 0; i < 4000; i++) values.push(rng.range(-1, 1) * 10 ** rng.range(-20, 0.5));
    const got = instance.testTanh(Float64Array.from(values));
    let worst = 0;
    values.forEach((v, i) => {
      const w = Math.tanh(v);
      worst = Math.max(worst, w === got[i] ? 0 : Math.abs(got[i] - w) / ulp(w));
    });
    expect(worst).toBeLessThanOrEqual(3);
  });

  it("keeps the sign of zero, saturates at ±1 without overflow and passes NaN through", () => {
    const values = [
      0,
      -0,
      1e300,
      -1e300,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      710,
      -710,
    ];
    const got = Array.from(instance.testTanh(Float64Array.from(values)));
    expect(Object.is(got[0], 0)).toBe(true);
    expect(Object.is(got[1], -0)).toBe(true);
    expect(got.slice(2, 6)).toEqual([1, -1, 1, -1]);
    expect(Number.isNaN(got[6])).toBe(true);
    expect(got.slice(7)).toEqual([1, -1]);
  });
});
