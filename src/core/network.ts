import { positiveWeight, positiveWeightDalpha, positiveWeightDq } from "./activations.js";
import type { LossMap, NetworkKernels } from "./kernels.js";
import { type ParameterLayout, positiveGroups, withConvexity } from "./layout.js";

/**
 * The TypeScript reference kernels of the network N(x) (docs/theory.md, sections "The model" and "The derivatives"): plain loops over typed
 * arrays, the oracle the fast kernels are tested against. All scratch is sized by the layout and
 * allocated once, with the kernel object; nothing is allocated per call or per sample.
 *
 * The layout's constraint list says which groups pass through P(R) = softplus(α²R)/α²; the
 * legacy option `convex` overrides it for Q_l and qOut (true: the MIANN, false: the paper's
 * unconstrained "potential" baseline, dL/dα = 0 when no group is positive).
 */
export function createReferenceKernels(
  layout: ParameterLayout,
  options: { convex?: boolean } = {},
): NetworkKernels {
  return new ReferenceKernels(withConvexity(layout, options.convex));
}

/** Σ w over n×d entries: n·d without a mask, else the number of known (nonzero) entries. */
export function knownWeight(mask: Uint8Array | undefined, n: number, d: number): number {
  if (mask === undefined) return n * d;
  if (mask.length < n * d) throw new RangeError(`mask holds ${mask.length} values, need ${n * d}`);
  let total = 0;
  for (let i = 0; i < n * d; i++) if (mask[i] !== 0) total++;
  return total;
}

class ReferenceKernels implements NetworkKernels {
  readonly layout: ParameterLayout;
  readonly convex: boolean;
  private readonly d: number;
  private readonly widths: number[];
  /** start of layer l's units in the per-unit arrays */
  private readonly unitStart: number[];
  /** offsets of each layer's weight matrix into the previous layer (layer 0: W1) */
  private readonly weightOffset: number[];
  private readonly biasOffset: number[];
  /** offset of the skip matrix S_l (layer 0: W1 itself, used as the input weight) */
  private readonly inputOffset: number[];

  /** params with Q_l and qOut replaced by P(Q) (the weights the network actually uses) */
  private readonly eff: Float64Array;
  /** ∂P/∂Q and ∂P/∂α at the Q and qOut offsets */
  private readonly dEffdQ: Float64Array;
  private readonly dEffdAlpha: Float64Array;
  /** M = AᵀA (d×d) */
  private readonly M: Float64Array;
  private beta = 1;
  /** the params the effective weights were last computed for */
  private readonly preparedFor: Float64Array;
  private preparedValid = false;
  private preparedWithDerivatives = false;
  // the point, direction and gradient of the reverse pass in progress (avoids a closure per sample)
  private revX: Float64Array = new Float64Array(0);
  private revXo = 0;
  private revV: Float64Array = new Float64Array(0);
  private revGrad: Float64Array = new Float64Array(0);
  private betaBar = 0;

  // per-unit scratch (length Σ n_l)
  private readonly a: Float64Array;
  private readonly z: Float64Array;
  private readonly sp: Float64Array; // softplus(β²a)
  private readonly sg: Float64Array; // sigmoid(β²a)
  private readonly d1: Float64Array; // phi'(a)
  private readonly d2: Float64Array; // phi''(a)
  private readonly ad: Float64Array; // ȧ
  private readonly zd: Float64Array; // ż
  private readonly abar: Float64Array;
  private readonly adbar: Float64Array;
  private readonly zbar: Float64Array;
  private readonly zdbar: Float64Array;
  // per-input scratch (length d)
  private readonly xbar: Float64Array;
  private readonly zeroX: Float64Array;
  private readonly g0: Float64Array;
  private readonly g: Float64Array;
  private readonly r: Float64Array;
  private readonly r0: Float64Array;
  private readonly Ax: Float64Array;
  private readonly Av: Float64Array;

  private readonly quadratic: boolean;
  private readonly positive: { offset: number; size: number }[];
  // loss scratch of the stress dimension (grown on demand)
  private rho = new Float64Array(0);

  constructor(layout: ParameterLayout) {
    this.layout = layout;
    this.convex = layout.constraints.positiveHidden;
    this.quadratic = layout.constraints.quadratic;
    this.positive = positiveGroups(layout);
    const d = layout.inputDim;
    this.d = d;
    this.widths = [...layout.hidden];
    this.unitStart = [];
    let units = 0;
    for (const w of this.widths) {
      this.unitStart.push(units);
      units += w;
    }
    this.weightOffset = [layout.W1, ...layout.layers.map((l) => l.Q)];
    this.biasOffset = [layout.b1, ...layout.layers.map((l) => l.b)];
    this.inputOffset = [layout.W1, ...layout.layers.map((l) => l.S)];
    this.eff = new Float64Array(layout.size);
    this.preparedFor = new Float64Array(layout.size);
    this.dEffdQ = new Float64Array(layout.size);
    this.dEffdAlpha = new Float64Array(layout.size);
    this.M = new Float64Array(d * d);
    const u = () => new Float64Array(units);
    this.a = u();
    this.z = u();
    this.sp = u();
    this.sg = u();
    this.d1 = u();
    this.d2 = u();
    this.ad = u();
    this.zd = u();
    this.abar = u();
    this.adbar = u();
    this.zbar = u();
    this.zdbar = u();
    const v = () => new Float64Array(d);
    this.xbar = v();
    this.zeroX = v();
    this.g0 = v();
    this.g = v();
    this.r = v();
    this.r0 = v();
    this.Ax = v();
    this.Av = v();
  }

  /** Effective weights P(Q), M = AᵀA and β for one parameter vector (once per call). */
  private prepare(params: Float64Array, withDerivatives: boolean): void {
    const L = this.layout;
    if (params.length !== L.size) {
      throw new RangeError(`expected ${L.size} parameters, got ${params.length}`);
    }
    // The effective weights depend on params only: reuse them while params are unchanged (a
    // solver evaluating a few points per call would otherwise pay for every P(Q) each time).
    if (this.preparedValid && (!withDerivatives || this.preparedWithDerivatives)) {
      const last = this.preparedFor;
      let same = true;
      for (let i = 0; i < params.length; i++) {
        if (params[i] !== last[i]) {
          same = false;
          break;
        }
      }
      if (same) return;
    }
    this.preparedFor.set(params);
    this.preparedValid = true;
    this.preparedWithDerivatives = withDerivatives;
    const eff = this.eff;
    eff.set(params);
    const alpha = params[L.alpha];
    const mapBlock = (start: number, count: number) => {
      for (let i = start; i < start + count; i++) {
        const q = params[i];
        eff[i] = positiveWeight(q, alpha);
        if (withDerivatives) {
          this.dEffdQ[i] = positiveWeightDq(q, alpha);
          this.dEffdAlpha[i] = positiveWeightDalpha(q, alpha);
        }
      }
    };
    for (const group of this.positive) mapBlock(group.offset, group.size);
    const d = this.d;
    const A = L.A;
    for (let i = 0; i < d && this.quadratic; i++) {
      for (let j = 0; j < d; j++) {
        let m = 0;
        for (let k = 0; k < d; k++) m += params[A + k * d + i] * params[A + k * d + j];
        this.M[i * d + j] = m;
      }
    }
    this.beta = params[L.beta];
  }

  /** Primal forward at x[xo..xo+d): a, z, softplus, sigmoid, phi', phi'' per unit. Returns N(x). */
  private forward(x: Float64Array, xo: number): number {
    const { eff, d, widths, a, z, sp, sg, d1, d2 } = this;
    const beta = this.beta;
    const b2 = beta * beta;
    const b4 = b2 * b2;
    for (let l = 0; l < widths.length; l++) {
      const n = widths[l];
      const us = this.unitStart[l];
      const bo = this.biasOffset[l];
      const io = this.inputOffset[l];
      const prevN = l > 0 ? widths[l - 1] : 0;
      const ps = l > 0 ? this.unitStart[l - 1] : 0;
      const wo = this.weightOffset[l];
      for (let i = 0; i < n; i++) {
        let acc = eff[bo + i];
        const ir = io + i * d;
        for (let k = 0; k < d; k++) acc += eff[ir + k] * x[xo + k];
        if (l > 0) {
          const wr = wo + i * prevN;
          for (let j = 0; j < prevN; j++) acc += eff[wr + j] * z[ps + j];
        }
        const u = us + i;
        a[u] = acc;
        // softplus, sigmoid and σ(1−σ) of t = β²a from one exp(−|t|) (overflow-free, as activations.ts)
        const t = b2 * acc;
        const e = Math.exp(-Math.abs(t));
        const q = 1 + e;
        const s = Math.max(t, 0) + Math.log1p(e);
        const g = t >= 0 ? 1 / q : e / q;
        sp[u] = s;
        sg[u] = g;
        z[u] = (s * s) / (2 * b4);
        d1[u] = (s * g) / b2;
        d2[u] = g * g + (s * e) / (q * q);
      }
    }
    const last = widths.length - 1;
    const nL = widths[last];
    const ls = this.unitStart[last];
    const qo = this.layout.qOut;
    let N = 0;
    for (let i = 0; i < nL; i++) N += eff[qo + i] * z[ls + i];
    const M = this.M;
    for (let i = 0; i < d && this.quadratic; i++) {
      let mi = 0;
      for (let j = 0; j < d; j++) mi += M[i * d + j] * x[xo + j];
      N += x[xo + i] * mi;
    }
    return N;
  }

  /** ∇N at the point of the last forward(), written into out[oo..oo+d). */
  private inputGradient(x: Float64Array, xo: number, out: Float64Array, oo: number): void {
    const { eff, d, widths, zbar, abar, d1, M } = this;
    const last = widths.length - 1;
    for (let i = 0; i < d; i++) {
      let m = 0;
      for (let j = 0; j < d; j++) m += M[i * d + j] * x[xo + j];
      out[oo + i] = 2 * m;
    }
    const qo = this.layout.qOut;
    const ls = this.unitStart[last];
    for (let i = 0; i < widths[last]; i++) zbar[ls + i] = eff[qo + i];
    for (let l = last; l >= 0; l--) {
      const n = widths[l];
      const us = this.unitStart[l];
      const io = this.inputOffset[l];
      for (let i = 0; i < n; i++) abar[us + i] = zbar[us + i] * d1[us + i];
      for (let i = 0; i < n; i++) {
        const ab = abar[us + i];
        const ir = io + i * d;
        for (let k = 0; k < d; k++) out[oo + k] += eff[ir + k] * ab;
      }
      if (l > 0) {
        const prevN = widths[l - 1];
        const ps = this.unitStart[l - 1];
        const wo = this.weightOffset[l];
        for (let j = 0; j < prevN; j++) zbar[ps + j] = 0;
        for (let i = 0; i < n; i++) {
          const ab = abar[us + i];
          const wr = wo + i * prevN;
          for (let j = 0; j < prevN; j++) zbar[ps + j] += eff[wr + j] * ab;
        }
      }
    }
  }

  /** Tangent forward along v (after forward()): ȧ, ż per unit (docs/theory.md, section "The derivatives"). */
  private tangentForward(v: Float64Array, vo: number): void {
    const { eff, d, widths, ad, zd, d1 } = this;
    for (let l = 0; l < widths.length; l++) {
      const n = widths[l];
      const us = this.unitStart[l];
      const io = this.inputOffset[l];
      const prevN = l > 0 ? widths[l - 1] : 0;
      const ps = l > 0 ? this.unitStart[l - 1] : 0;
      const wo = this.weightOffset[l];
      for (let i = 0; i < n; i++) {
        let acc = 0;
        const ir = io + i * d;
        for (let k = 0; k < d; k++) acc += eff[ir + k] * v[vo + k];
        if (l > 0) {
          const wr = wo + i * prevN;
          for (let j = 0; j < prevN; j++) acc += eff[wr + j] * zd[ps + j];
        }
        ad[us + i] = acc;
        zd[us + i] = d1[us + i] * acc;
      }
    }
  }

  /**
   * Reverse pass on Ṅ = ∇N(x)·v (after forward() and tangentForward(v)). Fills the per-unit
   * adjoints ā (abar) and ǡ (adbar) layer by layer, and sends each layer's adjoints to the input
   * (x̄, Hessian) or the parameters (loss gradient) before propagating them to layer l−1.
   */
  private tangentReverse(toInput: boolean): void {
    const { eff, widths, zbar, zdbar, abar, adbar, ad, d1, d2 } = this;
    const last = widths.length - 1;
    const qo = this.layout.qOut;
    const ls = this.unitStart[last];
    for (let i = 0; i < widths[last]; i++) {
      zdbar[ls + i] = eff[qo + i];
      zbar[ls + i] = 0;
    }
    for (let l = last; l >= 0; l--) {
      const n = widths[l];
      const us = this.unitStart[l];
      for (let i = 0; i < n; i++) {
        const u = us + i;
        abar[u] = zdbar[u] * d2[u] * ad[u] + zbar[u] * d1[u];
        adbar[u] = zdbar[u] * d1[u];
      }
      if (toInput) this.reverseToInput(l);
      else this.reverseToParameters(l);
      if (l > 0) {
        const prevN = widths[l - 1];
        const ps = this.unitStart[l - 1];
        const wo = this.weightOffset[l];
        for (let j = 0; j < prevN; j++) {
          zbar[ps + j] = 0;
          zdbar[ps + j] = 0;
        }
        for (let i = 0; i < n; i++) {
          const ab = abar[us + i];
          const adb = adbar[us + i];
          const wr = wo + i * prevN;
          for (let j = 0; j < prevN; j++) {
            const w = eff[wr + j];
            zbar[ps + j] += w * ab;
            zdbar[ps + j] += w * adb;
          }
        }
      }
    }
  }

  potential(params: Float64Array, x: Float64Array, n: number, out: Float64Array): void {
    this.prepare(params, false);
    for (let m = 0; m < n; m++) out[m] = this.forward(x, m * this.d);
  }

  gradient(params: Float64Array, x: Float64Array, n: number, out: Float64Array): void {
    this.prepare(params, false);
    const d = this.d;
    for (let m = 0; m < n; m++) {
      this.forward(x, m * d);
      this.inputGradient(x, m * d, out, m * d);
    }
  }

  hessian(params: Float64Array, x: Float64Array, n: number, out: Float64Array): void {
    this.prepare(params, false);
    const { d, xbar, M } = this;
    const v = this.r;
    for (let m = 0; m < n; m++) {
      this.forward(x, m * d);
      for (let row = 0; row < d; row++) {
        v.fill(0);
        v[row] = 1;
        this.tangentForward(v, 0);
        // x̄ = H v: reverse on Ṅ to the input, x̄ = 2Mv + W1ᵀā1 + Σ S_lᵀ ā_l (docs/theory.md, section "The derivatives")
        for (let k = 0; k < d; k++) xbar[k] = 2 * M[k * d + row];
        this.tangentReverse(true);
        const o = (m * d + row) * d;
        for (let k = 0; k < d; k++) out[o + k] = xbar[k];
      }
    }
  }

  /** x̄ += (input weights of layer l)ᵀ ā_l */
  private reverseToInput(l: number): void {
    const { d, eff, abar, xbar } = this;
    const nl = this.widths[l];
    const us = this.unitStart[l];
    const io = this.inputOffset[l];
    for (let i = 0; i < nl; i++) {
      const ab = abar[us + i];
      const ir = io + i * d;
      for (let k = 0; k < d; k++) xbar[k] += eff[ir + k] * ab;
    }
  }

  lossAndGradient(
    params: Float64Array,
    x: Float64Array,
    y: Float64Array,
    sigma: Float64Array,
    n: number,
    grad: Float64Array,
    mask?: Uint8Array,
    map?: LossMap,
  ): number {
    this.prepare(params, true);
    const { d, g0, g, r, r0, zeroX } = this;
    const L = this.layout;
    grad.fill(0);
    const dOut = map ? map.outputDim : d;
    const total = knownWeight(mask, n, dOut);
    if (total === 0) return 0;
    this.forward(zeroX, 0);
    this.inputGradient(zeroX, 0, g0, 0);
    r0.fill(0);
    if (this.rho.length < dOut) this.rho = new Float64Array(dOut);
    const rho = this.rho;
    const B = map?.pullback;
    const zs = map?.zeroState;
    const growth = zs?.growth !== undefined ? this.eff[zs.growth] : 0;
    let normalisation = 0; // c·∇N(0)
    if (zs) for (let j = 0; j < d; j++) normalisation += zs.c[j] * g0[j];
    let growthBar = 0;
    let loss = 0;
    const scale = 2 / total;
    for (let m = 0; m < n; m++) {
      const xo = m * d;
      const to = m * dOut;
      this.forward(x, xo);
      this.inputGradient(x, xo, g, 0);
      const bo = m * d * dOut;
      const coef = zs ? growth * (zs.gamma ? zs.gamma[m] : 0) - normalisation : 0;
      // ρ_m = ∂L/∂S_m = 2 w (S_m − t_m) / (Σw σ²), S_m = ∇N(x_m) − ∇N(0) or the family's map
      for (let k = 0; k < dOut; k++) {
        if (mask !== undefined && mask[to + k] === 0) {
          rho[k] = 0;
          continue;
        }
        let sk: number;
        if (B) {
          sk = 0;
          for (let j = 0; j < d; j++) sk += B[bo + j * dOut + k] * g[j];
          if (zs) sk += coef * zs.k[to + k];
        } else sk = g[k] - g0[k];
        const e = (sk - y[to + k]) / sigma[k];
        loss += e * e;
        rho[k] = (scale * e) / sigma[k];
      }
      if (B) {
        // v_m = B_m ρ_m; the zero-state term's share: j_m = k_m·ρ_m
        for (let j = 0; j < d; j++) {
          let v = 0;
          for (let k = 0; k < dOut; k++) v += B[bo + j * dOut + k] * rho[k];
          r[j] = v;
        }
        if (zs) {
          let jm = 0;
          for (let k = 0; k < dOut; k++) jm += zs.k[to + k] * rho[k];
          for (let j = 0; j < d; j++) r0[j] -= jm * zs.c[j];
          if (zs.gamma) growthBar += jm * zs.gamma[m];
        }
      } else {
        for (let k = 0; k < d; k++) {
          r[k] = rho[k];
          r0[k] -= rho[k];
        }
      }
      this.accumulateParameterGradient(x, xo, r, grad);
    }
    // the zero-state term ∂/∂θ [r_0 · ∇N(0)]: r_0 = −Σ r_m for the MIANN (docs/theory.md, section "The derivatives"),
    // −Σ_m (k_m·ρ_m) c for a family with a normalisation on J
    if (!B || zs) {
      this.forward(zeroX, 0);
      this.accumulateParameterGradient(zeroX, 0, r0, grad);
    }
    if (zs?.growth !== undefined) grad[zs.growth] += growthBar;
    // chain rule through P: grad holds ∂/∂P(R) at the positive groups so far
    let alphaBar = 0;
    for (const group of this.positive) {
      for (let i = group.offset; i < group.offset + group.size; i++) {
        alphaBar += grad[i] * this.dEffdAlpha[i];
        grad[i] *= this.dEffdQ[i];
      }
    }
    grad[L.alpha] = alphaBar;
    return loss / total;
  }

  /**
   * grad += ∂/∂θ [v · ∇N(x)] for the point of the last forward() (Q and qOut entries receive
   * ∂/∂P(Q); the caller applies the chain rule through P once at the end).
   */
  private accumulateParameterGradient(
    x: Float64Array,
    xo: number,
    v: Float64Array,
    grad: Float64Array,
  ): void {
    const { d, widths, zd, eff, Ax, Av } = this;
    const L = this.layout;
    this.tangentForward(v, 0);
    // output layer: P̄(q) = ż_L;  Ā = 2A(x vᵀ + v xᵀ)
    const last = widths.length - 1;
    const ls = this.unitStart[last];
    for (let i = 0; i < widths[last]; i++) grad[L.qOut + i] += zd[ls + i];
    for (let i = 0; i < d && this.quadratic; i++) {
      let sx = 0;
      let sv = 0;
      for (let k = 0; k < d; k++) {
        const aik = eff[L.A + i * d + k];
        sx += aik * x[xo + k];
        sv += aik * v[k];
      }
      Ax[i] = sx;
      Av[i] = sv;
    }
    for (let i = 0; i < d && this.quadratic; i++) {
      for (let j = 0; j < d; j++) grad[L.A + i * d + j] += 2 * (Av[i] * x[xo + j] + Ax[i] * v[j]);
    }
    this.revX = x;
    this.revXo = xo;
    this.revV = v;
    this.revGrad = grad;
    this.betaBar = 0;
    this.tangentReverse(false);
    grad[L.beta] += this.betaBar;
  }

  /** Layer l's share of ∂/∂θ [v · ∇N(x)]: W̄/P̄, S̄, b̄ and β̄ (docs/theory.md, section "The derivatives"). */
  private reverseToParameters(l: number): void {
    const { d, widths, z, zd, ad, a, sp, sg, d2, abar, adbar, zbar, zdbar } = this;
    const x = this.revX;
    const xo = this.revXo;
    const v = this.revV;
    const grad = this.revGrad;
    const beta = this.beta;
    const b3 = beta * beta * beta;
    const b5 = b3 * beta * beta;
    const n = widths[l];
    const us = this.unitStart[l];
    let betaBar = 0;
    for (let i = 0; i < n; i++) {
      const u = us + i;
      const ai = a[u];
      const s = sp[u];
      const g = sg[u];
      // ∂phi/∂β and ∂phi'/∂β at fixed a
      const dphi = (2 * ai * g * s) / b3 - (2 * s * s) / b5;
      const dphi1 = (2 * ai * d2[u]) / beta - (2 * s * g) / b3;
      betaBar += zdbar[u] * dphi1 * ad[u] + zbar[u] * dphi;
    }
    this.betaBar += betaBar;
    const bo = this.biasOffset[l];
    const io = this.inputOffset[l];
    for (let i = 0; i < n; i++) {
      const ab = abar[us + i];
      const adb = adbar[us + i];
      grad[bo + i] += ab;
      const ir = io + i * d;
      for (let k = 0; k < d; k++) grad[ir + k] += adb * v[k] + ab * x[xo + k];
    }
    if (l > 0) {
      const prevN = widths[l - 1];
      const ps = this.unitStart[l - 1];
      const wo = this.weightOffset[l];
      for (let i = 0; i < n; i++) {
        const ab = abar[us + i];
        const adb = adbar[us + i];
        const wr = wo + i * prevN;
        for (let j = 0; j < prevN; j++) grad[wr + j] += adb * zd[ps + j] + ab * z[ps + j];
      }
    }
  }
}
