import type { MaterialOutput } from "../core/material.js";
import { UserError } from "../util/errors.js";
import { Random } from "../util/random.js";
import type { Model, ModelSpec, Scaling } from "./types.js";

/**
 * The paper's "regression" baseline: an ordinary multilayer perceptron mapping strain directly to
 * stress, s(x) = κ D⁻¹ net(x / D) with the same scaling as the energy models (docs/theory.md, section "Scaling"), tanh
 * hidden layers and a linear output with bias. It has no potential, so its tangent (the Jacobian of
 * the map) is not symmetric, s(0) ≠ 0 in general and there is no energy: the mechanics the MIANN
 * guarantees by construction are missing, which is the point of the comparison.
 *
 * Flat parameter order: for l = 1..L: W_l (n_l × n_{l−1}, row-major, n_0 = d) | b_l (n_l);
 * then W_out (d × n_L) | b_out (d).
 */

/** number of parameters of the regression network with input/output dimension d */
export function regressionParameterCount(inputDim: number, hidden: readonly number[]): number {
  let count = 0;
  let prev = inputDim;
  for (const w of hidden) {
    count += w * prev + w;
    prev = w;
  }
  return count + inputDim * prev + inputDim;
}

/**
 * A swappable backend of the regression model's loss and gradient (the WebAssembly SIMD kernel of
 * src/kernels/regression-kernels.ts); built for one shape and scaling, which must be the model's.
 * Same contract as Model.lossAndGradient, on the given parameters.
 */
export interface RegressionKernels {
  readonly inputDim: number;
  readonly hidden: readonly number[];
  readonly scaling: Scaling;
  lossAndGradient(
    params: Float64Array,
    strain: Float64Array,
    stress: Float64Array,
    n: number,
    sigma: Float64Array,
    grad: Float64Array,
    mask?: Uint8Array,
  ): number;
}

/** samples per block in the training pass */
const CHUNK = 64;

export function createRegressionModel(
  spec: ModelSpec,
  params: Float64Array | undefined,
  scaling: Scaling,
  seed: number,
): Model {
  return new RegressionModel(spec, params, scaling, seed);
}

/**
 * The regression model. Its loss and gradient run in TypeScript (below: the reference) unless
 * kernels are set (setKernels); evaluate always runs here.
 */
export class RegressionModel implements Model {
  readonly name: string;
  readonly dim: number;
  readonly hasEnergy = false;
  readonly params: Float64Array;
  private readonly widths: number[];
  /** offsets of W_l, b_l for l = 1..L+1 (the last is the output layer) */
  private readonly wOff: number[] = [];
  private readonly bOff: number[] = [];
  /** activations h_0..h_L of one sample, concatenated */
  private readonly h: Float64Array;
  private readonly hOff: number[] = [];
  /** adjoints (or forward tangents) per layer, same shape as h */
  private readonly bar: Float64Array;
  private readonly out: Float64Array;
  private readonly invD: Float64Array;
  /** activations and adjoints of a chunk of CHUNK samples, feature-major, layers 0..L+1 */
  private readonly chunkH: Float64Array;
  private readonly chunkBar: Float64Array;
  private readonly chunkOff: number[] = [];
  private kernels: RegressionKernels | undefined;

  constructor(
    readonly spec: ModelSpec,
    params: Float64Array | undefined,
    readonly scaling: Scaling,
    seed: number,
  ) {
    const d = spec.inputDim;
    if (spec.kind !== "regression") throw new RangeError(`expected a regression spec, got ${spec.kind}`);
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`input dimension must be ≥ 1, got ${d}`);
    if (spec.hidden.length < 1 || spec.hidden.some((w) => !Number.isInteger(w) || w < 1)) {
      throw new RangeError(`hidden widths must be positive integers, got ${spec.hidden.join(",")}`);
    }
    if (scaling.strainScale.length !== d || scaling.strainScale.some((v) => !(v > 0))) {
      throw new RangeError(`strain scale must hold ${d} positive numbers`);
    }
    if (!(scaling.stressScale > 0)) throw new RangeError("stress scale must be positive");
    this.dim = d;
    this.name = `regression ${spec.hidden.join("-")}`;
    this.widths = [d, ...spec.hidden, d];
    let off = 0;
    for (let l = 1; l < this.widths.length; l++) {
      this.wOff.push(off);
      off += this.widths[l] * this.widths[l - 1];
      this.bOff.push(off);
      off += this.widths[l];
    }
    const size = regressionParameterCount(d, spec.hidden);
    if (params !== undefined) {
      if (params.length !== size) {
        throw new UserError(
          `regression model ${spec.hidden.join("-")} with d = ${d} has ${size} parameters, got ${params.length}`,
        );
      }
      this.params = params;
    } else {
      this.params = new Float64Array(size);
      this.initialise(seed);
    }
    let hSize = 0;
    for (let l = 0; l < this.widths.length - 1; l++) {
      this.hOff.push(hSize);
      hSize += this.widths[l];
    }
    this.h = new Float64Array(hSize);
    this.bar = new Float64Array(hSize);
    this.out = new Float64Array(d);
    let chunkSize = 0;
    for (const w of this.widths) {
      this.chunkOff.push(chunkSize);
      chunkSize += w * CHUNK;
    }
    this.chunkH = new Float64Array(chunkSize);
    this.chunkBar = new Float64Array(chunkSize);
    this.invD = Float64Array.from(scaling.strainScale, (v) => 1 / v);
  }

  /** Puts lossAndGradient on other kernels (undefined: back to the TypeScript reference). */
  setKernels(kernels: RegressionKernels | undefined): void {
    if (kernels) {
      const { inputDim, hidden, scaling } = kernels;
      const fits =
        inputDim === this.dim &&
        hidden.length === this.spec.hidden.length &&
        hidden.every((w, l) => w === this.spec.hidden[l]) &&
        scaling.stressScale === this.scaling.stressScale &&
        scaling.strainScale.length === this.dim &&
        scaling.strainScale.every((v, k) => v === this.scaling.strainScale[k]);
      if (!fits) throw new RangeError(`regression kernels do not fit ${this.name} and its scaling`);
    }
    this.kernels = kernels;
  }

  /** Glorot-uniform weights, zero biases, from the seeded generator */
  private initialise(seed: number): void {
    const rng = new Random(seed);
    for (let l = 1; l < this.widths.length; l++) {
      const fanIn = this.widths[l - 1];
      const fanOut = this.widths[l];
      const r = Math.sqrt(6 / (fanIn + fanOut));
      const w = this.wOff[l - 1];
      for (let i = 0; i < fanIn * fanOut; i++) this.params[w + i] = rng.range(-r, r);
    }
  }

  /** forward pass of one scaled input x' (already in h_0); leaves h_1..h_L and the output in `out` */
  private forward(): void {
    const { params: p, widths, h, hOff, out, wOff, bOff } = this;
    const L = widths.length - 2;
    for (let l = 1; l <= L; l++) {
      const nIn = widths[l - 1];
      const nOut = widths[l];
      const w = wOff[l - 1];
      const b = bOff[l - 1];
      const src = hOff[l - 1];
      const dst = hOff[l];
      for (let i = 0; i < nOut; i++) {
        let a = p[b + i];
        const row = w + i * nIn;
        for (let j = 0; j < nIn; j++) a += p[row + j] * h[src + j];
        h[dst + i] = Math.tanh(a);
      }
    }
    // linear output layer
    const nIn = widths[L];
    const w = wOff[L];
    const b = bOff[L];
    const src = hOff[L];
    for (let i = 0; i < widths[L + 1]; i++) {
      let a = p[b + i];
      const row = w + i * nIn;
      for (let j = 0; j < nIn; j++) a += p[row + j] * h[src + j];
      out[i] = a;
    }
  }

  evaluate(strain: Float64Array, n: number, result: MaterialOutput): void {
    const d = this.dim;
    const { h, out, invD, bar, widths, hOff, params: p } = this;
    const kappa = this.scaling.stressScale;
    const L = widths.length - 2;
    const tangentOut = result.tangent;
    for (let m = 0; m < n; m++) {
      for (let j = 0; j < d; j++) h[j] = strain[m * d + j] * invD[j];
      this.forward();
      for (let k = 0; k < d; k++) result.stress[m * d + k] = kappa * invD[k] * out[k];
      if (!tangentOut) continue;
      // Jacobian column j by forward-mode along e_j: ḣ_l = (1 − h_l²) ⊙ W_l ḣ_{l−1}
      for (let j = 0; j < d; j++) {
        bar.fill(0, 0, d);
        bar[j] = 1;
        for (let l = 1; l <= L + 1; l++) {
          const nIn = widths[l - 1];
          const nOut = widths[l];
          const w = this.wOff[l - 1];
          const src = hOff[l - 1];
          for (let i = 0; i < nOut; i++) {
            let a = 0;
            const row = w + i * nIn;
            for (let q = 0; q < nIn; q++) a += p[row + q] * bar[src + q];
            if (l === L + 1) {
              tangentOut[m * d * d + i * d + j] = kappa * invD[i] * a * invD[j];
            } else {
              const t = h[hOff[l] + i];
              bar[hOff[l] + i] = (1 - t * t) * a;
            }
          }
        }
      }
    }
  }

  lossAndGradient(
    strain: Float64Array,
    stress: Float64Array,
    n: number,
    sigma: Float64Array,
    grad: Float64Array,
    mask?: Uint8Array,
  ): number {
    if (this.kernels) return this.kernels.lossAndGradient(this.params, strain, stress, n, sigma, grad, mask);
    grad.fill(0);
    // the loss's denominator Σ w (n·d without a mask); Σ w = 0: L = 0, zero gradient
    let weight = n * this.dim;
    if (mask !== undefined) {
      weight = 0;
      for (let i = 0; i < n * this.dim; i++) weight += mask[i];
    }
    if (weight === 0) return 0;
    let loss = 0;
    for (let start = 0; start < n; start += CHUNK) {
      loss += this.chunkLossAndGradient(
        strain,
        stress,
        start,
        Math.min(CHUNK, n - start),
        1 / weight,
        sigma,
        grad,
        mask,
      );
    }
    return loss;
  }

  /**
   * Backprop over `count` samples from row `start`, layer by layer for the whole chunk (activations
   * stored feature-major, H[j·CHUNK + m], so the inner loops run over samples); adds this chunk's
   * share of the loss (times `norm` = 1/Σw of the whole batch) and of its gradient. An entry whose
   * mask is 0 has residual 0 and its target is not read.
   */
  private chunkLossAndGradient(
    strain: Float64Array,
    stress: Float64Array,
    start: number,
    count: number,
    norm: number,
    sigma: Float64Array,
    grad: Float64Array,
    mask: Uint8Array | undefined,
  ): number {
    const d = this.dim;
    const { widths, wOff, bOff, invD, params: p } = this;
    const H = this.chunkH;
    const G = this.chunkBar;
    const offs = this.chunkOff;
    const kappa = this.scaling.stressScale;
    const L = widths.length - 2;
    const B = CHUNK;
    // h_0 = x / D
    for (let j = 0; j < d; j++) {
      const row = offs[0] + j * B;
      for (let m = 0; m < count; m++) H[row + m] = strain[(start + m) * d + j] * invD[j];
    }
    // hidden layers: h_l = tanh(W_l h_{l−1} + b_l); the output o = W h_L + b sits in layer L+1
    for (let l = 1; l <= L + 1; l++) {
      const nIn = widths[l - 1];
      const nOut = widths[l];
      const w = wOff[l - 1];
      const b = bOff[l - 1];
      const src = offs[l - 1];
      const dst = offs[l];
      for (let i = 0; i < nOut; i++) {
        const ai = dst + i * B;
        const bi = p[b + i];
        for (let m = 0; m < count; m++) H[ai + m] = bi;
        for (let j = 0; j < nIn; j++) {
          const wij = p[w + i * nIn + j];
          const hj = src + j * B;
          for (let m = 0; m < count; m++) H[ai + m] += wij * H[hj + m];
        }
        if (l <= L) for (let m = 0; m < count; m++) H[ai + m] = Math.tanh(H[ai + m]);
      }
    }
    // output adjoint ō_k = ∂L/∂o_k = 2 w_k (s_k − y_k)/(Σw σ_k²) · κ / D_k
    let loss = 0;
    const outOff = offs[L + 1];
    for (let k = 0; k < d; k++) {
      const c = kappa * invD[k];
      const f = ((2 * norm) / sigma[k]) * c;
      const row = outOff + k * B;
      for (let m = 0; m < count; m++) {
        const at = (start + m) * d + k;
        const r = mask !== undefined && mask[at] === 0 ? 0 : (c * H[row + m] - stress[at]) / sigma[k];
        loss += r * r;
        G[row + m] = f * r;
      }
    }
    // backward, layer L+1 (linear) down to 1
    for (let l = L + 1; l >= 1; l--) {
      const nIn = widths[l - 1];
      const nOut = widths[l];
      const w = wOff[l - 1];
      const b = bOff[l - 1];
      const src = offs[l - 1];
      const dst = offs[l];
      if (l <= L) {
        // ā_l = h̄_l ⊙ (1 − h_l²)
        for (let i = 0; i < nOut; i++) {
          const ai = dst + i * B;
          for (let m = 0; m < count; m++) {
            const t = H[ai + m];
            G[ai + m] *= 1 - t * t;
          }
        }
      }
      if (l > 1) for (let j = 0; j < nIn; j++) G.fill(0, src + j * B, src + j * B + count);
      for (let i = 0; i < nOut; i++) {
        const ai = dst + i * B;
        let gb = 0;
        for (let m = 0; m < count; m++) gb += G[ai + m];
        grad[b + i] += gb;
        for (let j = 0; j < nIn; j++) {
          const hj = src + j * B;
          let gw = 0;
          for (let m = 0; m < count; m++) gw += G[ai + m] * H[hj + m];
          grad[w + i * nIn + j] += gw;
          if (l > 1) {
            const wij = p[w + i * nIn + j];
            for (let m = 0; m < count; m++) G[hj + m] += wij * G[ai + m];
          }
        }
      }
    }
    return loss * norm;
  }
}
