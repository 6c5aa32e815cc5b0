import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { NetworkKernels } from "../../../src/core/kernels.js";
import { createModel } from "../../../src/model/create.js";
import { PolyconvexModel, polyconvexLayout } from "../../../src/model/families/polyconvex-model.js";
import { randomParams, randomPoints } from "../../core/random-model.js";
import { randomStrains } from "./polyconvex-fixture.js";

// The polyconvex model's derivatives against independent numbers: central finite differences of
// the loss for every parameter group, stress = FD of the energy, tangent = FD of the stress, the
// closed forms of a network linear in the invariants (neo-Hookean, Mooney–Rivlin), and
// S(0) = 0, ψ(0) = 0 exactly over random models.

const variants = ["compressible", "membrane"] as const;
const dims = { compressible: { d: 6, m: 4 }, membrane: { d: 3, m: 2 } };

function randomModel(
  variant: (typeof variants)[number],
  seed: number,
  hidden = [5, 4, 3],
  norms = false,
): PolyconvexModel {
  const { d } = dims[variant];
  const m = dims[variant].m + (norms ? 2 : 0);
  const layout = polyconvexLayout(variant, hidden, norms);
  const params = randomParams(layout, seed, { convex: true });
  if (layout.extras.qGrowth !== undefined) params[layout.extras.qGrowth] = 0.3;
  const scaling = {
    strainScale: new Array<number>(d).fill(1),
    stressScale: 3.5,
    inputScale: Array.from({ length: m }, (_, j) => 0.4 + 0.3 * j),
  };
  return new PolyconvexModel({ kind: "polyconvex", inputDim: d, hidden, variant, norms }, params, scaling);
}

const cases = variants.flatMap((v) => [
  [v, false],
  [v, true],
]) as [(typeof variants)[number], boolean][];

describe.each(cases)("polyconvex %s (norms %s): finite differences", (variant, norms) => {
  const { d } = dims[variant];
  const model = randomModel(variant, 17, [5, 4, 3], norms);
  const layout = model.layout;
  const n = 9;
  const x = randomStrains(variant, n, 5, 0.3);
  const t = randomPoints(n, d, 6, 3);
  const mask = Uint8Array.from({ length: n * d }, (_, i) => (i % 3 === 2 ? 0 : 1));
  const tNaN = t.map((v, i) => (mask[i] ? v : Number.NaN));
  const sigma = Float64Array.from({ length: d }, (_, k) => 0.6 + 0.2 * k);

  it("loss gradient = central FD, every parameter group (masked, NaN unknowns, δ and κ ≠ 1)", () => {
    const p = model.params;
    const grad = new Float64Array(layout.size);
    model.lossAndGradient(x, tNaN, n, sigma, grad, mask);
    const scratch = new Float64Array(layout.size);
    const fd = new Float64Array(layout.size);
    for (let i = 0; i < layout.size; i++) {
      const v = p[i];
      const h = 1e-6 * Math.max(1, Math.abs(v));
      p[i] = v + h;
      const lp = model.lossAndGradient(x, tNaN, n, sigma, scratch, mask);
      p[i] = v - h;
      const lm = model.lossAndGradient(x, tNaN, n, sigma, scratch, mask);
      p[i] = v;
      fd[i] = (lp - lm) / (2 * h);
    }
    for (const g of layout.groups) {
      let scale = 0;
      for (let i = g.offset; i < g.offset + g.size; i++) scale = Math.max(scale, Math.abs(fd[i]));
      expect(scale, `${g.name} takes part in the loss`).toBeGreaterThan(1e-7);
      for (let i = g.offset; i < g.offset + g.size; i++) {
        expect(Math.abs(grad[i] - fd[i]), `${g.name}[${i - g.offset}]`).toBeLessThan(1e-5 * scale + 1e-9);
      }
    }
  });

  it("stress = FD of the energy, tangent = FD of the stress (second-order convergence)", () => {
    const stress = new Float64Array(n * d);
    const tangent = new Float64Array(n * d * d);
    model.evaluate(x, n, { stress, tangent });
    const at = (p: Float64Array) => {
      const s = new Float64Array(d);
      const w = new Float64Array(1);
      model.evaluate(p, 1, { stress: s, energy: w });
      return { s, w: w[0] };
    };
    const errorAt = (h: number) => {
      let es = 0;
      let et = 0;
      const p = new Float64Array(d);
      for (let q = 0; q < n; q++) {
        for (let j = 0; j < d; j++) {
          p.set(x.subarray(q * d, q * d + d));
          p[j] += h;
          const plus = at(p);
          p[j] -= 2 * h;
          const minus = at(p);
          es = Math.max(es, Math.abs((plus.w - minus.w) / (2 * h) - stress[q * d + j]));
          for (let i = 0; i < d; i++) {
            const fd = (plus.s[i] - minus.s[i]) / (2 * h);
            et = Math.max(et, Math.abs(fd - tangent[(q * d + i) * d + j]));
          }
        }
      }
      return { es, et };
    };
    const coarse = errorAt(1e-4);
    const fine = errorAt(1e-5);
    let sMax = 0;
    for (const v of stress) sMax = Math.max(sMax, Math.abs(v));
    let tMax = 0;
    for (const v of tangent) tMax = Math.max(tMax, Math.abs(v));
    expect(fine.es).toBeLessThan(1e-6 * sMax);
    expect(fine.et).toBeLessThan(1e-6 * tMax);
    // central differences: the error falls by ~100 for a 10× smaller step (first order: 10)
    expect(fine.es).toBeLessThan(coarse.es / 20);
    expect(fine.et).toBeLessThan(coarse.et / 20);
  });

  it("S(0) = 0 and ψ(0) = 0 exactly, over random models (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        (seed, kappa) => {
          const base = randomModel(variant, seed, [4, 3], norms);
          const scaling = { ...base.scaling, stressScale: kappa };
          const mdl = new PolyconvexModel(base.spec, base.params, scaling);
          const s = new Float64Array(d).fill(Number.NaN);
          const w = new Float64Array(1).fill(Number.NaN);
          mdl.evaluate(new Float64Array(d), 1, { stress: s, energy: w });
          return s.every((v) => v === 0) && w[0] === 0;
        },
      ),
      { numRuns: 60, seed: 42 },
    );
  });
});

/** Kernels of a network linear in its inputs, N(y) = a·y + 1 (gradient a, Hessian 0): closed forms. */
function linearKernels(model: PolyconvexModel, a: number[]): NetworkKernels {
  const m = a.length;
  return {
    layout: model.layout,
    convex: true,
    potential(_p, y, n, out) {
      for (let s = 0; s < n; s++) {
        let v = 1;
        for (let j = 0; j < m; j++) v += a[j] * y[s * m + j];
        out[s] = v;
      }
    },
    gradient(_p, _y, n, out) {
      for (let s = 0; s < n; s++) for (let j = 0; j < m; j++) out[s * m + j] = a[j];
    },
    hessian(_p, _y, n, out) {
      out.fill(0, 0, n * m * m);
    },
    lossAndGradient() {
      throw new Error("not used");
    },
  };
}

describe("closed forms of a network linear in the invariants", () => {
  it("membrane neo-Hookean N = (μ/2)(I1 − 3): S = μ(I − C33 C2⁻¹)", () => {
    const mu = 1.7;
    const model = createModel(
      { kind: "polyconvex", inputDim: 3, hidden: [2] },
      { seed: 1, scaling: { strainScale: [1, 1, 1], stressScale: 1 } },
    ) as PolyconvexModel;
    model.setKernels(linearKernels(model, [mu / 2, 0]));
    const n = 20;
    const x = randomStrains("membrane", n, 3, 0.5);
    const s = new Float64Array(n * 3);
    model.evaluate(x, n, { stress: s });
    for (let q = 0; q < n; q++) {
      const c11 = 1 + 2 * x[q * 3];
      const c22 = 1 + 2 * x[q * 3 + 1];
      const c12 = x[q * 3 + 2];
      const det = c11 * c22 - c12 * c12;
      const c33 = 1 / det;
      // C2⁻¹ = [[c22, −c12], [−c12, c11]] / det
      const want = [mu * (1 - (c33 * c22) / det), mu * (1 - (c33 * c11) / det), mu * ((c33 * c12) / det)];
      for (let k = 0; k < 3; k++) expect(Math.abs(s[q * 3 + k] - want[k])).toBeLessThan(1e-13 * mu);
    }
  });

  it("membrane Mooney–Rivlin N = c1 y1 + c2 y2, uniaxial: P = 2(λ − λ⁻²)(c1 + c2/λ) and S22 = 0", () => {
    const [c1, c2] = [0.8, 0.35];
    const model = createModel(
      { kind: "polyconvex", inputDim: 3, hidden: [2] },
      { seed: 1, scaling: { strainScale: [1, 1, 1], stressScale: 1 } },
    ) as PolyconvexModel;
    model.setKernels(linearKernels(model, [c1, c2]));
    for (const lambda of [0.6, 0.9, 1.3, 2, 3.5, 6]) {
      const x = Float64Array.of((lambda * lambda - 1) / 2, (1 / lambda - 1) / 2, 0);
      const s = new Float64Array(3);
      model.evaluate(x, 1, { stress: s });
      const P = lambda * s[0];
      const want = 2 * (lambda - lambda ** -2) * (c1 + c2 / lambda);
      expect(Math.abs(P - want)).toBeLessThan(1e-13 * Math.max(1, Math.abs(want)));
      expect(Math.abs(s[1])).toBeLessThan(1e-13);
    }
  });

  it("compressible N = (μ/2)(I1 − 3): S = μ(I − J C⁻¹) + g·2u(1 − J⁻²) J C⁻¹ (the normalisation n = μ)", () => {
    const mu = 2.3;
    const model = createModel(
      { kind: "polyconvex", inputDim: 6, hidden: [2] },
      { seed: 1, scaling: { strainScale: new Array(6).fill(1), stressScale: 1 } },
    ) as PolyconvexModel;
    model.params[model.layout.extras.qGrowth] = 0.4;
    const g = model.growth();
    model.setKernels(linearKernels(model, [mu / 2, 0, 0, 0]));
    const n = 10;
    const x = randomStrains("compressible", n, 8, 0.4);
    const s = new Float64Array(n * 6);
    const w = new Float64Array(n);
    model.evaluate(x, n, { stress: s, energy: w });
    const pairs = [
      [0, 0],
      [1, 1],
      [2, 2],
      [1, 2],
      [0, 2],
      [0, 1],
    ];
    for (let q = 0; q < n; q++) {
      const e = x.subarray(q * 6, q * 6 + 6);
      const C = [
        [1 + 2 * e[0], e[5], e[4]],
        [e[5], 1 + 2 * e[1], e[3]],
        [e[4], e[3], 1 + 2 * e[2]],
      ];
      const cof = (i: number, j: number) => {
        const r = [0, 1, 2].filter((k) => k !== i);
        const c = [0, 1, 2].filter((k) => k !== j);
        return ((i + j) % 2 ? -1 : 1) * (C[r[0]][c[0]] * C[r[1]][c[1]] - C[r[0]][c[1]] * C[r[1]][c[0]]);
      };
      const det = C[0][0] * cof(0, 0) + C[0][1] * cof(0, 1) + C[0][2] * cof(0, 2);
      const J = Math.sqrt(det);
      const u = J + 1 / J - 2;
      const I1 = C[0][0] + C[1][1] + C[2][2];
      pairs.forEach(([i, j], a) => {
        const inv = cof(j, i) / det;
        const want = mu * ((i === j ? 1 : 0) - J * inv) + g * 2 * u * (1 - 1 / (J * J)) * J * inv;
        expect(Math.abs(s[q * 6 + a] - want)).toBeLessThan(1e-12 * mu);
      });
      const wantW = (mu / 2) * (I1 - 3) - mu * (J - 1) + g * u * u;
      expect(Math.abs(w[q] - wantW)).toBeLessThan(1e-12 * mu);
    }
  });
});
