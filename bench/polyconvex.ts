/**
 * The polyconvex family's rows of `npm run bench`: the compressible 3D variant (d = 6, invariants
 * I1, I2, J; docs/theory.md, section "The polyconvex family"), loss + gradient and stress +
 * tangent through the model (PolyconvexModel on the WebAssembly kernels), next to PyTorch float64
 * autograd of the same model written independently (bench/torch_reference.py, pc_*). Before any
 * timing, PyTorch's loss must equal miann's on the same parameters and data to 1e-10 relative.
 */
import { initialParameters } from "../src/core/init.js";
import { createWasmKernels, type DisposableKernels } from "../src/kernels/index.js";
import type { SimdBuild } from "../src/kernels/wasm-module.js";
import { polyconvexScaling } from "../src/model/families/polyconvex.js";
import { PolyconvexModel, polyconvexLayout } from "../src/model/families/polyconvex-model.js";
import { nestedFromParams, paramsFromNested } from "../src/model/import.js";
import type { ModelSpec } from "../src/model/types.js";
import { Random } from "../src/util/random.js";
import { type CaseRecord, maxRelDiff, printCase, type Side, timedCase, wasmSide } from "./cases.js";
import { polyconvexLossGradientFlops, polyconvexStressTangentFlops } from "./flops.js";
import type { PeakResult } from "./peak.js";
import { timeOnce } from "./stats.js";
import { TorchServers } from "./torch-server.js";

const D = 6;
/** the loss cross-check's bound: PyTorch and miann compute the same model */
const LOSS_TOLERANCE = 1e-10;

/**
 * n strains of real deformations, E = ½(FᵀF − I) with F = I + 0.3·U(−1, 1) and det F > 0.2;
 * random targets with 10 % of the entries unknown (NaN, mask 0) as in test-curve data.
 */
function polyconvexProblem(hidden: number[], n: number) {
  const spec: ModelSpec = { kind: "polyconvex", inputDim: D, hidden, variant: "compressible" };
  const layout = polyconvexLayout("compressible", hidden);
  const params = initialParameters(layout, { seed: 1 });
  const rng = new Random(2);
  for (let i = 0; i < params.length; i++) params[i] += 0.1 * rng.normal();
  const strain = new Float64Array(n * D);
  const F = new Float64Array(9);
  for (let s = 0; s < n; s++) {
    let det = 0;
    while (!(det > 0.2)) {
      for (let i = 0; i < 9; i++) F[i] = (i % 4 === 0 ? 1 : 0) + 0.3 * rng.range(-1, 1);
      det =
        F[0] * (F[4] * F[8] - F[5] * F[7]) -
        F[1] * (F[3] * F[8] - F[5] * F[6]) +
        F[2] * (F[3] * F[7] - F[4] * F[6]);
    }
    const C = (i: number, j: number) => F[i] * F[j] + F[3 + i] * F[3 + j] + F[6 + i] * F[6 + j];
    strain.set([(C(0, 0) - 1) / 2, (C(1, 1) - 1) / 2, (C(2, 2) - 1) / 2, C(1, 2), C(0, 2), C(0, 1)], s * D);
  }
  const mask = new Uint8Array(n * D);
  const stress = new Float64Array(n * D);
  for (let i = 0; i < stress.length; i++) {
    mask[i] = rng.uniform() < 0.1 ? 0 : 1;
    stress[i] = mask[i] ? rng.range(-2, 2) : Number.NaN;
  }
  const sigma = Float64Array.from({ length: D }, (_, k) => 1 + 0.1 * k);
  const scaling = polyconvexScaling(spec, strain, stress, n, mask);
  return { spec, layout, params, strain, stress, mask, sigma, scaling };
}

export interface PolyconvexBenchOptions {
  n: number;
  /** interleaved repeats (default: 21 for small layouts, 9 above 1000 parameters; 3 with quick) */
  repeats?: number;
  quick: boolean;
  /** undefined when PyTorch can run, else why not */
  torchWhy: string | undefined;
  builds: SimdBuild[];
  threads: number[];
  peaks: Map<SimdBuild, PeakResult>;
}

/** Runs and prints the family's rows; returns the records for --json. */
export async function benchPolyconvex(opts: PolyconvexBenchOptions): Promise<object[]> {
  const { n, threads } = opts;
  const records: object[] = [];
  for (const hidden of [
    [8, 8],
    [32, 32],
  ]) {
    const p = polyconvexProblem(hidden, n);
    const { layout } = p;
    const name = `polyconvex compressible 4-${hidden.join("-")}-1`;
    const rounds = opts.repeats ?? (opts.quick ? 2 : layout.size > 1000 ? 5 : 11);
    console.log(
      `\n${name}  (${layout.size} parameters; d = 6 strains → I1, I2, J; norms off; ${n.toLocaleString("en-US")} points, 10 % of the stress entries unknown)`,
    );
    const ref = new PolyconvexModel(p.spec, p.params, p.scaling);
    const refGrad = new Float64Array(layout.size);
    const refLoss = ref.lossAndGradient(p.strain, p.stress, n, p.sigma, refGrad, p.mask);
    const refMs = timeOnce(() =>
      ref.lossAndGradient(p.strain, p.stress, n, p.sigma, new Float64Array(layout.size), p.mask),
    );
    console.log(`  reference (TypeScript), 1 thread: loss + gradient ${refMs.toFixed(1)} ms (one call)`);

    let torch: TorchServers | undefined;
    let info: string | undefined;
    if (opts.torchWhy === undefined) {
      torch = new TorchServers(threads);
      const ti = await torch.setup({
        model: "polyconvex",
        params: nestedFromParams(layout, p.params),
        x: Array.from(p.strain),
        y: Array.from(p.stress), // NaN (unknown) travels as null
        mask: Array.from(p.mask),
        sigma: Array.from(p.sigma),
        kappa: p.scaling.stressScale,
        delta: p.scaling.inputScale,
      });
      info = `torch ${ti.torch}; BLAS ${ti.blas.map((b) => b.split("/").pop()).join(", ") || "(none mapped)"}`;
      for (const t of threads) {
        const c = await torch.check<unknown>(t);
        const rel = Math.abs(c.loss - refLoss) / Math.abs(refLoss);
        const gradDiff = maxRelDiff(paramsFromNested(layout, c.grad, "PyTorch gradient"), refGrad);
        console.log(
          `  cross-check, PyTorch ${t} thread(s) vs miann: loss ${c.loss.toPrecision(15)} vs ${refLoss.toPrecision(15)}, rel. diff ${rel.toExponential(1)} (bound ${LOSS_TOLERANCE}); gradient max rel. diff ${gradDiff.toExponential(1)}`,
        );
        if (!(rel <= LOSS_TOLERANCE)) {
          torch.close();
          throw new Error(
            `bench: PyTorch's polyconvex loss differs from miann's by ${rel.toExponential(2)} relative (> ${LOSS_TOLERANCE}): the two sides do not compute the same model`,
          );
        }
      }
    } else console.log(`  PyTorch: ${opts.torchWhy}`);

    for (const kind of ["gradient", "stress+tangent"] as const) {
      const kernels: DisposableKernels[] = [];
      const sides: Side[] = [];
      for (const simd of opts.builds) {
        for (const t of threads) {
          const k = createWasmKernels(layout, { threads: t, simd, outputDim: D });
          kernels.push(k);
          const model = new PolyconvexModel(p.spec, p.params, p.scaling, { kernels: k });
          const grad = new Float64Array(layout.size);
          if (kind === "gradient") {
            const loss = model.lossAndGradient(p.strain, p.stress, n, p.sigma, grad, p.mask);
            const diff = Math.max(Math.abs(loss - refLoss) / Math.abs(refLoss), maxRelDiff(grad, refGrad));
            if (diff > 1e-10)
              console.log(`  WARNING: wasm ${simd} ${t} thread(s) differs from the reference by ${diff}`);
          }
          const out = { stress: new Float64Array(n * D), tangent: new Float64Array(n * D * D) };
          const call =
            kind === "gradient"
              ? () => model.lossAndGradient(p.strain, p.stress, n, p.sigma, grad, p.mask)
              : () => model.evaluate(p.strain, n, out);
          sides.push(wasmSide(simd, t, call));
        }
      }
      if (torch) sides.push(...torch.sides(kind, threads));
      const flops =
        kind === "gradient"
          ? polyconvexLossGradientFlops(layout, D, n)
          : polyconvexStressTangentFlops(layout, D, n);
      const rec: CaseRecord[] = await timedCase(name, kind, n, flops, sides, rounds, opts.peaks, info);
      for (const k of kernels) k.dispose();
      printCase(rec);
      records.push(...rec);
    }
    torch?.close();
  }
  return records;
}
