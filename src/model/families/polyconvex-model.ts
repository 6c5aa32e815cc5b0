import { positiveWeight } from "../../core/activations.js";
import type { LossMap, NetworkKernels } from "../../core/kernels.js";
import { type NetworkConstraints, type ParameterLayout, parameterLayout } from "../../core/layout.js";
import type { MaterialOutput } from "../../core/material.js";
import { createReferenceKernels } from "../../core/network.js";
import { PolyconvexTangentInstance } from "../../kernels/polyconvex-tangent-instance.js";
import { kernelsModule, type SimdBuild } from "../../kernels/wasm-module.js";
import { UserError } from "../../util/errors.js";
import type { Model, ModelSpec, Scaling } from "../types.js";
import { ZeroStateValues } from "../zero-state.js";
import {
  allocateInvariants,
  COMPRESSIBLE_ZERO_DIRECTION,
  computeInvariants,
  type InvariantData,
  inputDims,
  invariantHessians,
  type PolyconvexVariant,
  VARIANT_DIMS,
} from "./invariants.js";

/**
 * The polyconvex family's network constraints: every weight positive (a monotone, convex network
 * of the invariants), no quadratic term, and for the compressible variant the growth
 * coefficient's raw parameter qGrowth (g = P(qGrowth; α) > 0).
 */
export function polyconvexConstraints(variant: PolyconvexVariant): NetworkConstraints {
  return {
    positiveInput: true,
    positiveHidden: true,
    quadratic: false,
    extras: variant === "compressible" ? ["qGrowth"] : [],
  };
}

export function polyconvexLayout(
  variant: PolyconvexVariant,
  hidden: readonly number[],
  norms = false,
): ParameterLayout {
  return parameterLayout(inputDims(variant, norms).m, hidden, polyconvexConstraints(variant));
}

/** The variant of a spec: as given, else from d (6 → compressible, 3 → membrane). */
export function variantOf(spec: Pick<ModelSpec, "inputDim" | "variant">): PolyconvexVariant {
  if (spec.variant !== undefined) {
    if (spec.variant !== "compressible" && spec.variant !== "membrane") {
      throw new UserError(`unknown polyconvex variant "${spec.variant}" (expected compressible or membrane)`);
    }
    const want = VARIANT_DIMS[spec.variant].d;
    if (spec.inputDim !== want) {
      throw new UserError(
        `the ${spec.variant} polyconvex variant needs d = ${want} strain components, got d = ${spec.inputDim}`,
      );
    }
    return spec.variant;
  }
  if (spec.inputDim === 6) return "compressible";
  if (spec.inputDim === 3) return "membrane";
  throw new UserError(
    `a polyconvex model needs 6 strain components (compressible 3D) or 3 (incompressible membrane), got d = ${spec.inputDim}`,
  );
}

/**
 * A polyconvex model (docs/theory.md, section "The polyconvex family"): a monotone input-convex
 * network Ñ of the scaled invariants y' = y(x)/δ, with ψ in physical units
 *   compressible: ψ = κ (Ñ(y') − Ñ(0) − n (J − 1) + g u²),  n = c'·∇Ñ(0),  u = J + 1/J − 2
 *   membrane:     ψ = κ (Ñ(y') − Ñ(0))
 * with c' = (2, 4, 1, −1)/δ and g = P(qGrowth). The stress and tangent follow from the invariant
 * maps B' = ∂y'/∂x (computed once per data set) by one chain rule:
 *   S = κ (B'ᵀ ∇Ñ + (g γ − n) J d),   γ = 2u(1 − J⁻²)
 *   T = κ (B'ᵀ ∇²Ñ B' + Σ_j Ñ,j ∂²y'_j + (gγ − n) ∂²J + G'' J² d dᵀ),  G'' = 2g((1 − J⁻²)² + 2uJ⁻³)
 * The loss runs on the shared network kernel with the per-sample pullback B' and the zero-state
 * direction of the normalisation (LossMap), never a second copy of the network.
 * Strain is used physically (no strain scaling D: the invariants need the true C = I + 2E).
 */
export class PolyconvexModel implements Model {
  readonly spec: ModelSpec;
  readonly params: Float64Array;
  readonly scaling: Scaling;
  readonly layout: ParameterLayout;
  readonly variant: PolyconvexVariant;
  /** whether ‖F‖ and ‖cof F‖ are network inputs too */
  readonly norms: boolean;
  readonly name: string;
  readonly dim: number;
  readonly hasEnergy = true;
  private kernelsInUse: NetworkKernels;
  private readonly m: number;
  private readonly kappa: number;
  private readonly delta: Float64Array;
  /** c' = c/δ (compressible) */
  private readonly c: Float64Array;
  // invariants of the last strain array seen, and their scaled forms
  private inv: InvariantData;
  private cachedStrain = new Float64Array(0);
  private cachedN = -1;
  /** per point of the cached strains: 1 when it is no deformation (det C ≤ 0) */
  private invalid = new Uint8Array(0);
  private firstInvalid = -1;
  private yScaled = new Float64Array(0);
  private bScaled = new Float64Array(0);
  // scratch
  private gradN = new Float64Array(0);
  private hessN = new Float64Array(0);
  /** H B' of one point (m × d), scratch of tangent() */
  private hb = new Float64Array(0);
  /** N,j of one point (m), scratch of tangent() */
  private nj = new Float64Array(0);
  /** the chain rule of the tangent in WebAssembly, on the WebAssembly kernels */
  private fastTangent: PolyconvexTangentInstance | undefined;
  /** Σ_j N,j ∂²y_j of one point (d × d), scratch of tangent() */
  private nh = new Float64Array(0);
  private ys = new Float64Array(0);
  private readonly sigmaScaled: Float64Array;
  /** ∇Ñ(0) and Ñ(0) for the current parameters */
  private readonly zeroState: ZeroStateValues;
  private readonly secondDerivatives: Float64Array[];

  constructor(
    spec: ModelSpec,
    params: Float64Array,
    scaling: Scaling,
    options?: { kernels?: NetworkKernels },
  ) {
    if (spec.kind !== "polyconvex")
      throw new RangeError(`PolyconvexModel is for kind "polyconvex", got "${spec.kind}"`);
    const variant = variantOf(spec);
    const norms = spec.norms === true;
    const { d, m } = inputDims(variant, norms);
    const layout = polyconvexLayout(variant, spec.hidden, norms);
    if (params.length !== layout.size) {
      throw new RangeError(
        `a polyconvex ${variant} model ${spec.hidden.join("-")} needs ${layout.size} parameters, got ${params.length}`,
      );
    }
    if (!(scaling.stressScale > 0 && Number.isFinite(scaling.stressScale))) {
      throw new RangeError("stress scale must be a positive finite number");
    }
    const delta = scaling.inputScale ?? new Array<number>(m).fill(1);
    if (delta.length !== m || !delta.every((v) => v > 0 && Number.isFinite(v))) {
      throw new RangeError(`input scale must hold ${m} positive finite numbers`);
    }
    this.spec = { kind: "polyconvex", inputDim: d, hidden: [...spec.hidden], variant };
    if (norms) this.spec.norms = true;
    this.variant = variant;
    this.norms = norms;
    this.params = params;
    this.scaling = {
      strainScale: new Array<number>(d).fill(1),
      stressScale: scaling.stressScale,
      inputScale: [...delta],
    };
    this.layout = layout;
    this.dim = d;
    this.m = m;
    this.name = `polyconvex ${variant}${norms ? " +norms" : ""} ${spec.hidden.join("-")}`;
    this.kappa = scaling.stressScale;
    this.delta = Float64Array.from(delta);
    this.c = new Float64Array(m);
    if (variant === "compressible") {
      // B(0) = c ⊗ e; the norm rows are ∂I(0)/(2√3), computed as computeInvariants does (S(0) = 0 exactly)
      const c = [...COMPRESSIBLE_ZERO_DIRECTION];
      if (norms) c.push(2 / (2 * Math.sqrt(3)), 4 / (2 * Math.sqrt(3)));
      for (let j = 0; j < m; j++) this.c[j] = c[j] / delta[j];
    }
    this.inv = allocateInvariants(variant, 0, norms);
    this.sigmaScaled = new Float64Array(d);
    this.zeroState = new ZeroStateValues(m, params.length);
    this.secondDerivatives = Array.from({ length: m }, () => new Float64Array(d * d));
    this.hb = new Float64Array(m * d);
    this.nj = new Float64Array(m);
    this.nh = new Float64Array(d * d);
    this.kernelsInUse = createReferenceKernels(layout);
    if (options?.kernels) this.setKernels(options.kernels);
  }

  get kernels(): NetworkKernels {
    return this.kernelsInUse;
  }

  /** Swaps the numerical backend; the kernels must be built on this model's layout. */
  setKernels(kernels: NetworkKernels): void {
    const L = kernels.layout;
    if (L.size !== this.layout.size || L.inputDim !== this.m || !L.constraints.positiveInput) {
      throw new RangeError(`kernels for ${L.size} parameters do not fit ${this.name}`);
    }
    this.kernelsInUse = kernels;
    this.zeroState.invalidate();
    // on the WebAssembly kernels the tangent's chain rule runs in WebAssembly too (the same
    // module); the TypeScript tangent() below stays the reference
    const simd = (kernels as { simd?: SimdBuild }).simd;
    this.fastTangent =
      simd === undefined
        ? undefined
        : new PolyconvexTangentInstance(kernelsModule(simd), this.variant, this.norms, this.delta);
  }

  /** g = P(qGrowth; α), the growth coefficient (0 for the membrane) */
  growth(): number {
    const at = this.layout.extras.qGrowth;
    return at === undefined ? 0 : positiveWeight(this.params[at], this.params[this.layout.alpha]);
  }

  /** The invariant data of these n strains: computed once per strain array content. */
  invariants(strain: Float64Array, n: number): InvariantData {
    const d = this.dim;
    const m = this.m;
    if (n === this.cachedN) {
      const c = this.cachedStrain;
      let same = true;
      for (let i = 0; i < n * d; i++) {
        if (c[i] !== strain[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.inv;
    }
    if (this.inv.n < n) {
      this.inv = allocateInvariants(this.variant, n, this.norms);
      this.cachedStrain = new Float64Array(n * d);
      this.yScaled = new Float64Array(n * m);
      this.bScaled = new Float64Array(n * m * d);
    }
    this.cachedN = -1;
    computeInvariants(this.variant, strain, n, this.inv, this.norms);
    const { y, B } = this.inv;
    const delta = this.delta;
    if (this.invalid.length < n) this.invalid = new Uint8Array(n);
    this.firstInvalid = -1;
    for (let s = 0; s < n; s++) {
      let ok = true;
      for (let j = 0; j < m && ok; j++) ok = Number.isFinite(y[s * m + j]);
      for (let i = s * m * d; i < (s + 1) * m * d && ok; i++) ok = Number.isFinite(B[i]);
      this.invalid[s] = ok ? 0 : 1;
      if (!ok && this.firstInvalid < 0) this.firstInvalid = s;
      for (let j = 0; j < m; j++) {
        // a strain that is no deformation (det C ≤ 0) is evaluated at y = 0 and reported as NaN
        this.yScaled[s * m + j] = ok ? y[s * m + j] / delta[j] : 0;
        const o = (s * m + j) * d;
        for (let k = 0; k < d; k++) this.bScaled[o + k] = ok ? B[o + k] / delta[j] : 0;
      }
    }
    this.cachedStrain.set(strain.subarray(0, n * d));
    this.cachedN = n;
    return this.inv;
  }

  /** n = c'·∇Ñ(0), the normalisation on J (0 for the membrane); summed as S(0) sums B(0)ᵀ∇Ñ(0) */
  private normalisation(): number {
    let n = 0;
    for (let j = 0; j < this.m; j++) n += this.c[j] * this.zeroState.g0[j];
    return n;
  }

  evaluate(strain: Float64Array, n: number, out: MaterialOutput): void {
    const { dim: d, m, kappa, params } = this;
    const k = this.kernelsInUse;
    const inv = this.invariants(strain, n);
    this.zeroState.update(this.kernelsInUse, this.params);
    if (this.gradN.length < n * m) this.gradN = new Float64Array(n * m);
    const gN = this.gradN;
    const y = this.yScaled.subarray(0, n * m);
    const C = out.tangent;
    if (C) {
      if (this.hessN.length < n * m * m) this.hessN = new Float64Array(n * m * m);
      if (k.gradientAndHessian) k.gradientAndHessian(params, y, n, gN, this.hessN);
      else {
        k.gradient(params, y, n, gN);
        k.hessian(params, y, n, this.hessN);
      }
    } else k.gradient(params, y, n, gN);
    const nrm = this.normalisation();
    const g = this.growth();
    const B = this.bScaled;
    const s = out.stress;
    for (let p = 0; p < n; p++) {
      const coef = g * inv.gamma[p] - nrm;
      for (let a = 0; a < d; a++) {
        let v = 0;
        for (let j = 0; j < m; j++) v += B[(p * m + j) * d + a] * gN[p * m + j];
        if (this.variant === "compressible") v += coef * inv.k[p * d + a];
        s[p * d + a] = kappa * v;
      }
    }
    if (C && this.fastTangent) {
      this.fastTangent.tangent(strain, n, this.bScaled, gN, this.hessN, inv, kappa, nrm, g, C);
    } else if (C) this.tangent(strain, n, inv, C);
    if (out.energy) {
      const W = out.energy;
      k.potential(params, y, n, W);
      const N0 = this.zeroState.n0[0];
      for (let p = 0; p < n; p++) {
        let w = W[p] - N0;
        if (this.variant === "compressible") {
          const u = inv.u[p];
          w += -nrm * (inv.J[p] - 1) + g * u * u;
        }
        W[p] = kappa * w;
      }
    }
    // like the reference laws: a strain that is no deformation has no stress (NaN), never a number
    if (this.firstInvalid >= 0) {
      for (let p = this.firstInvalid; p < n; p++) {
        if (!this.invalid[p]) continue;
        s.fill(Number.NaN, p * d, (p + 1) * d);
        C?.fill(Number.NaN, p * d * d, (p + 1) * d * d);
        out.energy?.fill(Number.NaN, p, p + 1);
      }
    }
  }

  /** T = κ (B'ᵀ∇²Ñ B' + Σ_j Ñ,j ∂²y'_j + …) after the network's gradient and Hessian are in place. */
  private tangent(strain: Float64Array, n: number, inv: InvariantData, C: Float64Array): void {
    const { dim: d, m, kappa, delta } = this;
    const B = this.bScaled;
    const gN = this.gradN;
    const H = this.hessN;
    const h = this.secondDerivatives;
    const nrm = this.normalisation();
    const g = this.growth();
    const compressible = this.variant === "compressible";
    const HB = this.hb;
    const HJ = h[2];
    const kv = inv.k;
    for (let p = 0; p < n; p++) {
      invariantHessians(this.variant, strain, p, h, inv, this.norms);
      const o = p * d * d;
      const bo = p * m * d;
      const ho = p * m * m;
      // network part B'ᵀ H B' as B'ᵀ (H B'): m·m·d + d·d·m products instead of d·d·m·m
      for (let i = 0; i < m; i++) {
        for (let b = 0; b < d; b++) {
          let t = 0;
          for (let j = 0; j < m; j++) t += H[ho + i * m + j] * B[bo + j * d + b];
          HB[i * d + b] = t;
        }
      }
      // Σ_j N,j ∂²y_j with N,j = Ñ,j/δ_j
      const Nj = this.nj;
      for (let j = 0; j < m; j++) Nj[j] = gN[p * m + j] / delta[j];
      // compressible: the J terms (G' − n) ∂²J + G'' ∂J∂Jᵀ with G' = gγ, ∂J = J d = k
      let jCoef = 0;
      let g2 = 0;
      if (compressible) {
        const J = inv.J[p];
        const u = inv.u[p];
        const r = 1 - 1 / (J * J);
        jCoef = g * inv.gamma[p] - nrm;
        g2 = 2 * g * (r * r + (2 * u) / (J * J * J));
      }
      const ko = p * d;
      // Σ_j N,j ∂²y_j over the d × d entries first (contiguous, one array at a time)
      const NH = this.nh;
      const h0 = h[0];
      const n0 = Nj[0];
      for (let ab = 0; ab < d * d; ab++) NH[ab] = n0 * h0[ab];
      for (let j = 1; j < m; j++) {
        const hj = h[j];
        const nj = Nj[j];
        for (let ab = 0; ab < d * d; ab++) NH[ab] += nj * hj[ab];
      }
      // T is symmetric (every term is): the upper half, mirrored
      for (let a = 0; a < d; a++) {
        for (let b = a; b < d; b++) {
          const ab = a * d + b;
          let v = 0;
          for (let i = 0; i < m; i++) v += B[bo + i * d + a] * HB[i * d + b];
          v += NH[ab];
          if (compressible) v += jCoef * HJ[ab] + g2 * kv[ko + a] * kv[ko + b];
          C[o + ab] = kappa * v;
          C[o + b * d + a] = kappa * v;
        }
      }
    }
  }

  /**
   * The loss in physical units: S = κ S' so (S_k − t_k)/σ_k = (S'_k − t_k/κ)/(σ_k/κ), i.e. the
   * kernel's loss on the targets t/κ and σ/κ, with the family's pullback (LossMap).
   */
  lossAndGradient(
    strain: Float64Array,
    stress: Float64Array,
    n: number,
    sigma: Float64Array,
    grad: Float64Array,
    mask?: Uint8Array,
  ): number {
    const { dim: d, m, kappa } = this;
    const inv = this.invariants(strain, n);
    if (this.firstInvalid >= 0) {
      const at = Array.from(strain.subarray(this.firstInvalid * d, (this.firstInvalid + 1) * d));
      throw new UserError(
        `strain point ${this.firstInvalid + 1} [${at.join(", ")}] is not a deformation (det C ≤ 0): the polyconvex model needs physical Green–Lagrange strains`,
      );
    }
    if (this.ys.length < n * d) this.ys = new Float64Array(n * d);
    const ys = this.ys.subarray(0, n * d);
    for (let i = 0; i < n * d; i++) ys[i] = stress[i] / kappa;
    for (let k = 0; k < d; k++) this.sigmaScaled[k] = sigma[k] / kappa;
    const map: LossMap = {
      outputDim: d,
      pullback: this.bScaled.subarray(0, n * m * d),
      zeroState:
        this.variant === "compressible"
          ? {
              k: inv.k.subarray(0, n * d),
              c: this.c,
              gamma: inv.gamma.subarray(0, n),
              growth: this.layout.extras.qGrowth,
            }
          : undefined,
    };
    return this.kernelsInUse.lossAndGradient(
      this.params,
      this.yScaled.subarray(0, n * m),
      ys,
      this.sigmaScaled,
      n,
      grad,
      mask,
      map,
    );
  }
}
