import type { NetworkKernels } from "../core/kernels.js";
import { type ParameterLayout, parameterLayout } from "../core/layout.js";
import type { MaterialOutput } from "../core/material.js";
import { createReferenceKernels } from "../core/network.js";
import type { Model, ModelSpec, Scaling } from "./types.js";
import { ZeroStateValues } from "./zero-state.js";

/**
 * A potential-based network model in physical units (docs/theory.md, section "The model"): kind "miann" (input-convex,
 * the default) or "potential" (the unconstrained baseline, same architecture with Q used raw).
 *
 * The network Ñ sees x' = x / D; the model is N(x) = κ Ñ(x'), so with g₀ = ∇Ñ(0):
 *   s(x) = κ D⁻¹ (∇Ñ(x') − g₀)            (zero at zero strain, exactly)
 *   C(x) = κ D⁻¹ ∇²Ñ(x') D⁻¹
 *   W(x) = κ (Ñ(x') − Ñ(0) − g₀·x')
 * The kernels are swappable (setKernels): the TypeScript reference by default, the WebAssembly
 * kernels of src/kernels/ when available. Scratch buffers live on the model and grow with the
 * largest batch seen; nothing is allocated per sample.
 */
export class NetworkModel implements Model {
  readonly spec: ModelSpec;
  readonly params: Float64Array;
  readonly scaling: Scaling;
  readonly layout: ParameterLayout;
  readonly name: string;
  readonly dim: number;
  readonly hasEnergy = true;
  private kernelsInUse: NetworkKernels;
  private readonly D: Float64Array;
  private readonly kappa: number;
  // scratch
  private xs = new Float64Array(0);
  private ys = new Float64Array(0);
  private readonly sigmaScaled: Float64Array;
  /** ∇Ñ(0) and Ñ(0) for the current parameters */
  private readonly zeroState: ZeroStateValues;

  constructor(
    spec: ModelSpec,
    params: Float64Array,
    scaling: Scaling,
    options?: { kernels?: NetworkKernels },
  ) {
    if (spec.kind !== "miann" && spec.kind !== "potential") {
      throw new RangeError(`NetworkModel is for kinds "miann" and "potential", got "${spec.kind}"`);
    }
    const layout = parameterLayout(spec.inputDim, spec.hidden);
    if (params.length !== layout.size) {
      throw new RangeError(
        `a ${spec.kind} model ${spec.hidden.join("-")} needs ${layout.size} parameters, got ${params.length}`,
      );
    }
    const d = spec.inputDim;
    if (scaling.strainScale.length !== d || !scaling.strainScale.every((v) => v > 0 && Number.isFinite(v))) {
      throw new RangeError(`strain scale must hold ${d} positive finite numbers`);
    }
    if (!(scaling.stressScale > 0 && Number.isFinite(scaling.stressScale))) {
      throw new RangeError("stress scale must be a positive finite number");
    }
    this.spec = { kind: spec.kind, inputDim: d, hidden: [...spec.hidden] };
    this.params = params;
    this.scaling = { strainScale: [...scaling.strainScale], stressScale: scaling.stressScale };
    this.layout = layout;
    this.dim = d;
    this.name = `${spec.kind} ${spec.hidden.join("-")}`;
    this.D = Float64Array.from(scaling.strainScale);
    this.kappa = scaling.stressScale;
    this.sigmaScaled = new Float64Array(d);
    this.zeroState = new ZeroStateValues(d, params.length);
    this.kernelsInUse = createReferenceKernels(layout, { convex: spec.kind === "miann" });
    if (options?.kernels) this.setKernels(options.kernels);
  }

  /** whether the network is input-convex (kind "miann") */
  get convex(): boolean {
    return this.spec.kind === "miann";
  }

  /** the kernels in use */
  get kernels(): NetworkKernels {
    return this.kernelsInUse;
  }

  /** Swaps the numerical backend (e.g. the WebAssembly kernels); they must match layout and kind. */
  setKernels(kernels: NetworkKernels): void {
    if (kernels.layout.size !== this.layout.size || kernels.layout.inputDim !== this.dim) {
      throw new RangeError(`kernels for ${kernels.layout.size} parameters do not fit ${this.name}`);
    }
    if (kernels.convex !== this.convex) {
      throw new RangeError(`kernels with convex=${kernels.convex} do not fit a ${this.spec.kind} model`);
    }
    this.kernelsInUse = kernels;
    this.zeroState.invalidate();
  }

  /** x' = x / D into the scratch buffer */
  private scaledStrain(strain: Float64Array, n: number): Float64Array {
    const d = this.dim;
    if (this.xs.length < n * d) this.xs = new Float64Array(n * d);
    const xs = this.xs;
    const D = this.D;
    for (let m = 0; m < n; m++) {
      for (let k = 0; k < d; k++) xs[m * d + k] = strain[m * d + k] / D[k];
    }
    return xs.length === n * d ? xs : xs.subarray(0, n * d);
  }

  evaluate(strain: Float64Array, n: number, out: MaterialOutput): void {
    const d = this.dim;
    const { D, kappa, params } = this;
    const g0 = this.zeroState.g0;
    const k = this.kernelsInUse;
    const xs = this.scaledStrain(strain, n);
    this.zeroState.update(this.kernelsInUse, this.params);
    const s = out.stress;
    const C = out.tangent;
    // stress and tangent in one pass where the backend shares the forward work
    if (C && k.gradientAndHessian) k.gradientAndHessian(params, xs, n, s, C);
    else {
      k.gradient(params, xs, n, s);
      if (C) k.hessian(params, xs, n, C);
    }
    this.physicalStress(s, n, g0);
    if (C) {
      for (let m = 0; m < n; m++) {
        for (let i = 0; i < d; i++) {
          for (let j = 0; j < d; j++) C[(m * d + i) * d + j] *= kappa / (D[i] * D[j]);
        }
      }
    }
    if (out.energy) {
      const W = out.energy;
      const N0 = this.zeroState.n0[0];
      k.potential(params, xs, n, W);
      for (let m = 0; m < n; m++) {
        let dot = 0;
        for (let i = 0; i < d; i++) dot += g0[i] * xs[m * d + i];
        W[m] = kappa * (W[m] - N0 - dot);
      }
    }
  }

  evaluateStressLater(strain: Float64Array, n: number, stress: Float64Array): (() => void) | undefined {
    const k = this.kernelsInUse;
    if (!k.gradientLater) return undefined;
    const xs = this.scaledStrain(strain, n);
    this.zeroState.update(k, this.params);
    // ∇Ñ(0) of these parameters: the optimiser moves them before the result is read
    const g0 = Float64Array.from(this.zeroState.g0);
    const wait = k.gradientLater(this.params, xs, n, stress);
    if (!wait) return undefined;
    return () => {
      wait();
      this.physicalStress(stress, n, g0);
    };
  }

  /** s = κ D⁻¹ (∇Ñ − ∇Ñ(0)) in place, from the raw network gradient (evaluate and evaluateStressLater) */
  private physicalStress(s: Float64Array, n: number, g0: Float64Array): void {
    const d = this.dim;
    const { D, kappa } = this;
    for (let m = 0; m < n; m++) {
      for (let i = 0; i < d; i++) s[m * d + i] = (kappa / D[i]) * (s[m * d + i] - g0[i]);
    }
  }

  /**
   * The loss of docs/theory.md, section "The loss" in physical units. With s = κ D⁻¹ s' (s' the stress of Ñ at x'):
   *   (s_k − y_k)/σ_k = (κ/D_k)(s'_k − y_k D_k/κ)/σ_k = (s'_k − y'_k)/σ'_k,
   * with y'_k = y_k D_k/κ and σ'_k = σ_k D_k/κ. So the physical loss and its θ-gradient are exactly
   * the raw kernel's on (x', y', σ'). The mask passes through unchanged (an unknown entry stays
   * unread: NaN · D/κ is NaN, and the kernel never reads it).
   */
  lossAndGradient(
    strain: Float64Array,
    stress: Float64Array,
    n: number,
    sigma: Float64Array,
    grad: Float64Array,
    mask?: Uint8Array,
  ): number {
    const d = this.dim;
    const { D, kappa } = this;
    const xs = this.scaledStrain(strain, n);
    if (this.ys.length < n * d) this.ys = new Float64Array(n * d);
    const ys = this.ys.length === n * d ? this.ys : this.ys.subarray(0, n * d);
    for (let m = 0; m < n; m++) {
      for (let k = 0; k < d; k++) ys[m * d + k] = (stress[m * d + k] * D[k]) / kappa;
    }
    for (let k = 0; k < d; k++) this.sigmaScaled[k] = (sigma[k] * D[k]) / kappa;
    return this.kernelsInUse.lossAndGradient(this.params, xs, ys, this.sigmaScaled, n, grad, mask);
  }
}
