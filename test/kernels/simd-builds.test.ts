import { afterAll, describe, expect, it } from "vitest";
import type { NetworkKernels } from "../../src/core/kernels.js";
import { parameterLayout } from "../../src/core/layout.js";
import { createReferenceKernels } from "../../src/core/network.js";
import { createWasmKernels, type DisposableKernels, relaxedSimdAvailable } from "../../src/kernels/index.js";
import { KernelInstance } from "../../src/kernels/instance.js";
import { enableRelaxedSimd } from "../../src/kernels/relaxed-simd-node.js";
import { kernelsModule, type SimdBuild } from "../../src/kernels/wasm-module.js";
import { Random } from "../../src/util/random.js";
import { loadFixture, relativeError } from "../core/fixture.js";
import { randomParams, randomPoints } from "../core/random-model.js";

// The two builds of the WebAssembly kernels (baseline SIMD, and relaxed SIMD with fused
// multiply-adds, src/kernels/wasm-module.ts): each equals the TypeScript reference to 1e-12
// relative, they equal each other to 1e-12, and each reproduces the PyTorch fixtures. Node 20 has
// relaxed SIMD behind a V8 flag, which enableRelaxedSimd() turns on (as the command line does).

const created: DisposableKernels[] = [];
afterAll(() => {
  for (const k of created) k.dispose();
});

function kernels(layout: ReturnType<typeof parameterLayout>, simd: SimdBuild, threads: number) {
  const k = createWasmKernels(layout, { convex: true, threads, parallelThreshold: 0, simd });
  created.push(k);
  return k;
}

/** every output of the kernels on n points: potential, gradient, Hessian, fused pass, loss + gradient */
function outputs(
  k: NetworkKernels & Partial<DisposableKernels>,
  params: Float64Array,
  n: number,
  seed: number,
) {
  const d = k.layout.inputDim;
  const x = randomPoints(n, d, seed, 1.5);
  const y = randomPoints(n, d, seed + 1, 2);
  const sigma = Float64Array.from({ length: d }, (_, j) => 0.5 + 0.25 * j);
  const potential = new Float64Array(n);
  const gradient = new Float64Array(n * d);
  const hessian = new Float64Array(n * d * d);
  k.potential(params, x, n, potential);
  k.gradient(params, x, n, gradient);
  k.hessian(params, x, n, hessian);
  const fusedGradient = new Float64Array(n * d);
  const fusedHessian = new Float64Array(n * d * d);
  if (k.gradientAndHessian) k.gradientAndHessian(params, x, n, fusedGradient, fusedHessian);
  else {
    fusedGradient.set(gradient);
    fusedHessian.set(hessian);
  }
  const lossGradient = new Float64Array(k.layout.size);
  const loss = k.lossAndGradient(params, x, y, sigma, n, lossGradient);
  return {
    potential,
    gradient,
    hessian,
    fusedGradient,
    fusedHessian,
    lossGradient,
    loss: Float64Array.of(loss),
  };
}

function expectClose(a: ReturnType<typeof outputs>, b: ReturnType<typeof outputs>, what: string) {
  for (const key of Object.keys(a) as (keyof typeof a)[]) {
    expect(relativeError(a[key], b[key]), `${what}: ${key}`).toBeLessThanOrEqual(1e-12);
  }
}

describe("the relaxed-SIMD and baseline builds of the kernels", () => {
  it("relaxed SIMD is available after enableRelaxedSimd() (Node 20 and later)", () => {
    expect(enableRelaxedSimd()).toBe(true);
    expect(relaxedSimdAvailable()).toBe(true);
  });

  const shapes: [number, number[]][] = [
    [3, [9, 9, 6]],
    [6, [7, 3, 5]],
    [3, [16, 16, 8]],
    [3, [33, 20, 13]],
    [2, [1, 1]],
  ];
  for (const [d, hidden] of shapes) {
    it(`d=${d} hidden=${hidden.join("-")}: relaxed = baseline = reference to 1e-12, n = 1, 6, 41, 1 and 2 threads`, () => {
      enableRelaxedSimd();
      const layout = parameterLayout(d, hidden);
      const params = randomParams(layout, 21 + d + hidden.length, { convex: true });
      const ref = createReferenceKernels(layout, { convex: true });
      for (const n of [1, 6, 41]) {
        const want = outputs(ref, params, n, 300 + n);
        for (const threads of [1, 2]) {
          const relaxed = outputs(kernels(layout, "relaxed", threads), params, n, 300 + n);
          const baseline = outputs(kernels(layout, "baseline", threads), params, n, 300 + n);
          expectClose(relaxed, want, `relaxed vs reference, n=${n}, ${threads} thread(s)`);
          expectClose(baseline, want, `baseline vs reference, n=${n}, ${threads} thread(s)`);
          expectClose(relaxed, baseline, `relaxed vs baseline, n=${n}, ${threads} thread(s)`);
        }
      }
    });
  }

  for (const name of ["plane", "3d"] as const) {
    it(`the relaxed build reproduces the PyTorch fixture ${name}`, () => {
      enableRelaxedSimd();
      const f = loadFixture(name);
      const k = kernels(f.layout, "relaxed", 2);
      const { d, n, params, inputs } = f;
      const pot = new Float64Array(n);
      k.potential(params, inputs, n, pot);
      expect(relativeError(pot, f.potential)).toBeLessThanOrEqual(1e-10);
      const g = new Float64Array(n * d);
      const g0 = new Float64Array(d);
      k.gradient(params, inputs, n, g);
      k.gradient(params, new Float64Array(d), 1, g0);
      expect(
        relativeError(
          g.map((v, i) => v - g0[i % d]),
          f.stress,
        ),
      ).toBeLessThanOrEqual(1e-10);
      const h = new Float64Array(n * d * d);
      k.hessian(params, inputs, n, h);
      expect(relativeError(h, f.tangent)).toBeLessThanOrEqual(1e-10);
      const grad = new Float64Array(f.layout.size);
      const loss = k.lossAndGradient(params, inputs, f.targets, f.sigma, n, grad);
      expect(Math.abs(loss - f.loss) / f.loss).toBeLessThanOrEqual(1e-10);
      expect(relativeError(grad, f.grad)).toBeLessThanOrEqual(1e-10);
    });
  }

  it("gives the same bits on the same build and thread count, call after call", () => {
    enableRelaxedSimd();
    const layout = parameterLayout(3, [9, 9, 6]);
    const params = randomParams(layout, 8, { convex: true });
    const k = kernels(layout, "relaxed", 2);
    const a = outputs(k, params, 500, 9);
    const b = outputs(k, params, 500, 9);
    expect(Array.from(b.lossGradient)).toEqual(Array.from(a.lossGradient));
    expect(b.loss[0]).toBe(a.loss[0]);
  });

  it("the relaxed build's exp, log1p and softplus stay within 2 ulp of Math (fused Horner steps)", () => {
    enableRelaxedSimd();
    const instance = new KernelInstance(kernelsModule("relaxed"), { inputDim: 1, hidden: [1], convex: true });
    const ulp = (v: number) => {
      const a = Math.abs(v);
      return a < 2.2250738585072014e-308 ? 5e-324 : 2 ** (Math.floor(Math.log2(a)) - 52);
    };
    const worst = (values: number[], got: Float64Array, want: (v: number) => number) =>
      Math.max(...values.map((v, i) => (want(v) === got[i] ? 0 : Math.abs(got[i] - want(v)) / ulp(want(v)))));
    const rng = new Random(17);
    const wide = Array.from({ length: 4000 }, () => rng.range(-708, 709));
    const small = Array.from({ length: 2000 }, () => rng.range(-1, 1) * 10 ** rng.range(-20, 1));
    const exps = [...wide, ...small];
    expect(worst(exps, instance.testMath("exp", Float64Array.from(exps)), Math.exp)).toBeLessThanOrEqual(2);
    const unit = Array.from({ length: 4000 }, () => rng.uniform() * 10 ** -rng.range(0, 12));
    expect(worst(unit, instance.testMath("log1p", Float64Array.from(unit)), Math.log1p)).toBeLessThanOrEqual(
      2,
    );
    const u = Array.from({ length: 4000 }, () => rng.range(-50, 50));
    const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
    expect(worst(u, instance.testMath("softplus", Float64Array.from(u)), softplus)).toBeLessThanOrEqual(4);
  });
});
