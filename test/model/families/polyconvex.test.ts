import { afterAll, describe, expect, it } from "vitest";
import { createWasmKernels, type DisposableKernels } from "../../../src/kernels/index.js";
import { allocateInvariants, computeInvariants } from "../../../src/model/families/invariants.js";
import { PolyconvexModel, polyconvexLayout } from "../../../src/model/families/polyconvex-model.js";
import { relativeError } from "../../core/fixture.js";
import { randomParams, randomPoints } from "../../core/random-model.js";
import { loadPolyconvexFixture, randomStrains } from "./polyconvex-fixture.js";

const variants = ["compressible", "membrane"] as const;

function groupErrors(got: Float64Array, want: Float64Array, f: ReturnType<typeof loadPolyconvexFixture>) {
  return f.layout.groups.map((g) => ({
    name: g.name,
    error: relativeError(
      got.subarray(g.offset, g.offset + g.size),
      want.subarray(g.offset, g.offset + g.size),
    ),
  }));
}

/** stress and tangent of two models at n strains equal to 1e-12; returns the second's tangent */
function expectSameStressAndTangent(
  ref: PolyconvexModel,
  fast: PolyconvexModel,
  x: Float64Array,
  n: number,
  d: number,
): Float64Array {
  const sa = new Float64Array(n * d);
  const sb = new Float64Array(n * d);
  const ca = new Float64Array(n * d * d);
  const cb = new Float64Array(n * d * d);
  ref.evaluate(x, n, { stress: sa, tangent: ca });
  fast.evaluate(x, n, { stress: sb, tangent: cb });
  expect(relativeError(sb, sa)).toBeLessThan(1e-12);
  expect(relativeError(cb, ca)).toBeLessThan(1e-12);
  return cb;
}

describe.each(variants)(
  "polyconvex %s reproduces the PyTorch fixture (reference kernels, 1e-10)",
  (variant) => {
    const f = loadPolyconvexFixture(variant);
    const model = new PolyconvexModel(
      { kind: "polyconvex", inputDim: f.d, hidden: f.hidden, variant },
      f.params,
      { strainScale: new Array(f.d).fill(1), stressScale: 1 },
    );

    it("invariants, N, ∇N, ∇²N", () => {
      const inv = allocateInvariants(variant, f.n);
      computeInvariants(variant, f.inputs, f.n, inv);
      expect(relativeError(inv.y, f.invariants)).toBeLessThan(1e-13);
      const k = model.kernels;
      const N = new Float64Array(f.n);
      k.potential(f.params, inv.y, f.n, N);
      expect(relativeError(N, f.N)).toBeLessThan(1e-10);
      const g = new Float64Array(f.n * f.m);
      k.gradient(f.params, inv.y, f.n, g);
      expect(relativeError(g, f.gradN)).toBeLessThan(1e-10);
      const h = new Float64Array(f.n * f.m * f.m);
      k.hessian(f.params, inv.y, f.n, h);
      expect(relativeError(h, f.hessN)).toBeLessThan(1e-10);
      if (f.growth !== undefined) expect(relativeError([model.growth()], [f.growth])).toBeLessThan(1e-14);
    });

    it("energy, stress, tangent", () => {
      const stress = new Float64Array(f.n * f.d);
      const tangent = new Float64Array(f.n * f.d * f.d);
      const energy = new Float64Array(f.n);
      model.evaluate(f.inputs, f.n, { stress, tangent, energy });
      expect(relativeError(energy, f.energy), "energy").toBeLessThan(1e-10);
      expect(relativeError(stress, f.stress), "stress").toBeLessThan(1e-10);
      expect(relativeError(tangent, f.tangent), "tangent").toBeLessThan(1e-10);
    });

    it("masked loss and its gradient, every group", () => {
      const grad = new Float64Array(f.layout.size);
      const targets = f.targets.map((v, i) => (f.mask[i] ? v : Number.NaN));
      const loss = model.lossAndGradient(f.inputs, targets, f.n, f.sigma, grad, f.mask);
      expect(relativeError([loss], [f.loss])).toBeLessThan(1e-10);
      for (const { name, error } of groupErrors(grad, f.grad, f)) expect(error, name).toBeLessThan(1e-10);
    });
  },
);

describe.each(variants)("polyconvex %s on the WebAssembly kernels (1 and 2 threads)", (variant) => {
  const created: DisposableKernels[] = [];
  afterAll(() => {
    for (const k of created) k.dispose();
  });
  const f = loadPolyconvexFixture(variant);
  for (const threads of [1, 2]) {
    it(`reproduces the fixture to 1e-10 on ${threads} thread(s): every output and gradient group`, () => {
      const kernels = createWasmKernels(f.layout, { threads, parallelThreshold: 0, outputDim: f.d });
      created.push(kernels);
      const model = new PolyconvexModel(
        { kind: "polyconvex", inputDim: f.d, hidden: f.hidden, variant },
        f.params,
        { strainScale: new Array(f.d).fill(1), stressScale: 1 },
        { kernels },
      );
      const stress = new Float64Array(f.n * f.d);
      const tangent = new Float64Array(f.n * f.d * f.d);
      const energy = new Float64Array(f.n);
      model.evaluate(f.inputs, f.n, { stress, tangent, energy });
      expect(relativeError(energy, f.energy), "energy").toBeLessThan(1e-10);
      expect(relativeError(stress, f.stress), "stress").toBeLessThan(1e-10);
      expect(relativeError(tangent, f.tangent), "tangent").toBeLessThan(1e-10);
      const grad = new Float64Array(f.layout.size);
      const targets = f.targets.map((v, i) => (f.mask[i] ? v : Number.NaN));
      const loss = model.lossAndGradient(f.inputs, targets, f.n, f.sigma, grad, f.mask);
      expect(relativeError([loss], [f.loss])).toBeLessThan(1e-10);
      for (const { name, error } of groupErrors(grad, f.grad, f)) expect(error, name).toBeLessThan(1e-10);
    });
  }

  it("= the reference to 1e-12 on a random model and 600 random deformations, masked, 2 threads", () => {
    const kernels = createWasmKernels(f.layout, { threads: 2, parallelThreshold: 0, outputDim: f.d });
    created.push(kernels);
    const spec = { kind: "polyconvex" as const, inputDim: f.d, hidden: [7, 5, 3], variant };
    const layout = polyconvexLayout(variant, spec.hidden);
    const params = randomParams(layout, 3, { convex: true });
    const scaling = {
      strainScale: new Array(f.d).fill(1),
      stressScale: 2.5,
      inputScale: variant === "compressible" ? [0.5, 0.8, 0.1, 0.1] : [0.7, 0.9],
    };
    const ref = new PolyconvexModel(spec, params, scaling);
    const fastKernels = createWasmKernels(layout, { threads: 2, parallelThreshold: 0, outputDim: f.d });
    created.push(fastKernels);
    const fast = new PolyconvexModel(spec, params, scaling, { kernels: fastKernels });
    const n = 600;
    const x = randomStrains(variant, n, 9);
    const t = randomPoints(n, f.d, 10, 3);
    const mask = Uint8Array.from({ length: n * f.d }, (_, i) => ((i * 7919) % 5 === 0 ? 0 : 1));
    const tNaN = t.map((v, i) => (mask[i] ? v : Number.NaN));
    const sigma = Float64Array.from({ length: f.d }, (_, k) => 0.5 + 0.1 * k);
    const ga = new Float64Array(layout.size);
    const gb = new Float64Array(layout.size);
    const la = ref.lossAndGradient(x, tNaN, n, sigma, ga, mask);
    const lb = fast.lossAndGradient(x, tNaN, n, sigma, gb, mask);
    expect(Math.abs(lb - la) / la).toBeLessThan(1e-12);
    for (const g of layout.groups) {
      expect(
        relativeError(gb.subarray(g.offset, g.offset + g.size), ga.subarray(g.offset, g.offset + g.size)),
        g.name,
      ).toBeLessThan(1e-12);
    }
    expectSameStressAndTangent(ref, fast, x, n, f.d);
  });

  it("with the norm inputs too: stress and tangent (its chain rule in WebAssembly) = the reference to 1e-12", () => {
    const spec = { kind: "polyconvex" as const, inputDim: f.d, hidden: [6, 4], variant, norms: true };
    const layout = polyconvexLayout(variant, spec.hidden, true);
    const params = randomParams(layout, 4, { convex: true });
    const scaling = {
      strainScale: new Array(f.d).fill(1),
      stressScale: 1.7,
      inputScale: variant === "compressible" ? [0.5, 0.8, 0.1, 0.1, 0.3, 0.4] : [0.7, 0.9, 0.2, 0.3],
    };
    const ref = new PolyconvexModel(spec, params, scaling);
    const fastKernels = createWasmKernels(layout, { threads: 1, outputDim: f.d });
    created.push(fastKernels);
    const fast = new PolyconvexModel(spec, params, scaling, { kernels: fastKernels });
    // more points than one chunk of the WebAssembly chain rule (256), and not a multiple of it
    const n = 601;
    const x = randomStrains(variant, n, 11);
    const cb = expectSameStressAndTangent(ref, fast, x, n, f.d);
    // the last point's tangent is there (the tail chunk), and symmetric
    const last = cb.subarray((n - 1) * f.d * f.d);
    expect(last.some((v) => v !== 0)).toBe(true);
    for (let a = 0; a < f.d; a++)
      for (let b = 0; b < f.d; b++) expect(last[a * f.d + b]).toBe(last[b * f.d + a]);
  });
});
