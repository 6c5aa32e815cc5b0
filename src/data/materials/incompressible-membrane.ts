import { UserError } from "../../util/errors.js";
import type { MaterialInfo } from "./law.js";
import { checkParameterNames, numberParameter, PointwiseLaw } from "./law.js";

/**
 * Incompressible rubber sheets in plane stress (d = 3, x = (E11, E22, 2E12)): the thickness stretch
 * follows from det F = 1, C33 = 1/det C2, and the pressure is eliminated by S33 = 0, so the stress
 * is the total derivative s = dW/dx through C33(x) (docs/theory.md, section "Test curves").
 * Energies per unit reference volume, stresses in MPa (the sheet's material, so the nominal stress P
 * of a test is the lab's force over the reference cross-section). Outside C2 positive definite: NaN.
 *
 * Invariant laws W(I1, I2) use, with C2 = [[C11, C12], [C12, C22]], Δ = det C2, τ = C11 + C22:
 *   I1 = τ + 1/Δ,  I2 = Δ + τ/Δ,  S = W1 ∂I1 + W2 ∂I2,
 *   T = W11 ∂I1∂I1ᵀ + W12 (∂I1∂I2ᵀ + ∂I2∂I1ᵀ) + W22 ∂I2∂I2ᵀ + W1 ∂²I1 + W2 ∂²I2,
 * with ∂Δ = (2C22, 2C11, −2C12), ∂²Δ = [[0,4,0],[4,0,0],[0,0,−2]], ∂C33 = −∂Δ/Δ²,
 * ∂²C33 = 2Δ⁻³ ∂Δ∂Δᵀ − Δ⁻² ∂²Δ, ∂τ = (2,2,0), ∂I1 = ∂τ + ∂C33, ∂I2 = ∂Δ + τ∂C33 + C33∂τ,
 * ∂²I1 = ∂²C33, ∂²I2 = ∂²Δ + τ∂²C33 + ∂τ∂C33ᵀ + ∂C33∂τᵀ.
 */

/** W and its derivatives in (I1, I2); NaN energy = outside the law's domain */
interface InvariantDerivatives {
  w: number;
  w1: number;
  w2: number;
  w11: number;
  w12: number;
  w22: number;
}

export abstract class InvariantMembraneLaw extends PointwiseLaw {
  readonly dim = 3;
  private readonly dv: InvariantDerivatives = { w: 0, w1: 0, w2: 0, w11: 0, w12: 0, w22: 0 };
  private readonly dI1 = new Float64Array(3);
  private readonly dI2 = new Float64Array(3);
  private readonly h1 = new Float64Array(9);
  private readonly h2 = new Float64Array(9);

  /** fills out with W(I1, I2) and its derivatives */
  protected abstract invariants(I1: number, I2: number, out: InvariantDerivatives): void;

  point(
    x: Float64Array,
    xo: number,
    s: Float64Array,
    so: number,
    t: Float64Array | undefined,
    to: number,
  ): number {
    const a = 1 + 2 * x[xo];
    const c = 1 + 2 * x[xo + 1];
    const b = x[xo + 2];
    const D = a * c - b * b;
    if (!(a > 0 && D > 0)) return this.inadmissible(s, so, t, to);
    const C33 = 1 / D;
    const tau = a + c;
    const I1 = tau + C33;
    const I2 = D + tau * C33;
    const dv = this.dv;
    this.invariants(I1, I2, dv);
    if (!Number.isFinite(dv.w)) return this.inadmissible(s, so, t, to);
    const dD = [2 * c, 2 * a, -2 * b];
    const dTau = [2, 2, 0];
    const D2 = C33 * C33;
    const dC = dD.map((v) => -v * D2);
    const { dI1, dI2, h1, h2 } = this;
    for (let i = 0; i < 3; i++) {
      dI1[i] = dTau[i] + dC[i];
      dI2[i] = dD[i] + tau * dC[i] + C33 * dTau[i];
      s[so + i] = dv.w1 * dI1[i] + dv.w2 * dI2[i];
    }
    if (t) {
      const hD = [0, 4, 0, 4, 0, 0, 0, 0, -2];
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          const hC = 2 * D2 * C33 * dD[i] * dD[j] - D2 * hD[i * 3 + j];
          h1[i * 3 + j] = hC;
          h2[i * 3 + j] = hD[i * 3 + j] + tau * hC + dTau[i] * dC[j] + dC[i] * dTau[j];
        }
      }
      for (let i = 0; i < 3; i++) {
        for (let j = 0; j < 3; j++) {
          t[to + i * 3 + j] =
            dv.w11 * dI1[i] * dI1[j] +
            dv.w12 * (dI1[i] * dI2[j] + dI2[i] * dI1[j]) +
            dv.w22 * dI2[i] * dI2[j] +
            dv.w1 * h1[i * 3 + j] +
            dv.w2 * h2[i * 3 + j];
        }
      }
    }
    return dv.w;
  }
}

// the generator's strain-path amplitude (E up to 0.5 in tension and compression keeps C positive definite)
const RUBBER_RANGE = { normal: 0.45, shear: 0.45 };

/** Mooney–Rivlin: W = c1 (I1 − 3) + c2 (I2 − 3); small-strain shear modulus 2(c1 + c2) */
export class MooneyRivlinMembrane extends InvariantMembraneLaw {
  readonly name = "mooney-rivlin-membrane";
  readonly c1: number;
  readonly c2: number;

  constructor(params: Record<string, unknown> = {}) {
    super();
    checkParameterNames(this.name, params, ["c1", "c2"]);
    this.c1 = numberParameter(this.name, params, "c1", 0.16, "any");
    this.c2 = numberParameter(this.name, params, "c2", 0.04, "any");
  }

  static info(): MaterialInfo {
    return {
      name: "mooney-rivlin-membrane",
      dim: 3,
      description: "incompressible Mooney–Rivlin rubber sheet, W = c1(I1 − 3) + c2(I2 − 3), stresses in MPa",
      parameters: [
        { name: "c1", value: 0.16, unit: "MPa", description: "I1 coefficient" },
        { name: "c2", value: 0.04, unit: "MPa", description: "I2 coefficient (shear modulus 2(c1 + c2))" },
      ],
      strainRange: RUBBER_RANGE,
    };
  }

  protected invariants(I1: number, I2: number, o: InvariantDerivatives): void {
    o.w = this.c1 * (I1 - 3) + this.c2 * (I2 - 3);
    o.w1 = this.c1;
    o.w2 = this.c2;
    o.w11 = 0;
    o.w12 = 0;
    o.w22 = 0;
  }
}

/** Yeoh: W = Σ_i C_i0 (I1 − 3)^i, i = 1..3 */
export class YeohMembrane extends InvariantMembraneLaw {
  readonly name = "yeoh-membrane";
  readonly c: [number, number, number];

  constructor(params: Record<string, unknown> = {}) {
    super();
    checkParameterNames(this.name, params, ["c10", "c20", "c30"]);
    this.c = [
      numberParameter(this.name, params, "c10", 0.1858, "any"),
      numberParameter(this.name, params, "c20", -0.00116, "any"),
      numberParameter(this.name, params, "c30", 3.9e-5, "any"),
    ];
  }

  static info(): MaterialInfo {
    return {
      name: "yeoh-membrane",
      dim: 3,
      description: "incompressible Yeoh rubber sheet, W = Σ C_i0 (I1 − 3)^i (Treloar-like), stresses in MPa",
      parameters: [
        { name: "c10", value: 0.1858, unit: "MPa", description: "(I1 − 3) coefficient" },
        { name: "c20", value: -0.00116, unit: "MPa", description: "(I1 − 3)² coefficient" },
        { name: "c30", value: 3.9e-5, unit: "MPa", description: "(I1 − 3)³ coefficient" },
      ],
      strainRange: RUBBER_RANGE,
    };
  }

  protected invariants(I1: number, _I2: number, o: InvariantDerivatives): void {
    const [c1, c2, c3] = this.c;
    const u = I1 - 3;
    o.w = c1 * u + c2 * u * u + c3 * u * u * u;
    o.w1 = c1 + 2 * c2 * u + 3 * c3 * u * u;
    o.w2 = 0;
    o.w11 = 2 * c2 + 6 * c3 * u;
    o.w12 = 0;
    o.w22 = 0;
  }
}

/** Gent: W = −(μ Jm / 2) ln(1 − (I1 − 3)/Jm); NaN at and beyond the locking stretch I1 − 3 = Jm */
export class GentMembrane extends InvariantMembraneLaw {
  readonly name = "gent-membrane";
  readonly mu: number;
  readonly jm: number;

  constructor(params: Record<string, unknown> = {}) {
    super();
    checkParameterNames(this.name, params, ["mu", "jm"]);
    this.mu = numberParameter(this.name, params, "mu", 0.4);
    this.jm = numberParameter(this.name, params, "jm", 80);
  }

  static info(): MaterialInfo {
    return {
      name: "gent-membrane",
      dim: 3,
      description: "incompressible Gent rubber sheet, W = −(μ Jm/2) ln(1 − (I1 − 3)/Jm), stresses in MPa",
      parameters: [
        { name: "mu", value: 0.4, unit: "MPa", description: "small-strain shear modulus" },
        { name: "jm", value: 80, unit: "-", description: "locking limit of I1 − 3" },
      ],
      strainRange: RUBBER_RANGE,
    };
  }

  protected invariants(I1: number, _I2: number, o: InvariantDerivatives): void {
    const g = 1 - (I1 - 3) / this.jm;
    if (!(g > 0)) {
      o.w = Number.NaN;
      return;
    }
    const k = (this.mu * this.jm) / 2;
    o.w = 0 - k * Math.log(g); // +0 at I1 = 3
    o.w1 = k / (this.jm * g);
    o.w2 = 0;
    o.w11 = k / (this.jm * this.jm * g * g);
    o.w12 = 0;
    o.w22 = 0;
  }
}

/**
 * Ogden: W = Σ_p (μ_p/α_p)(λ1^α_p + λ2^α_p + λ3^α_p − 3), λ3 = 1/(λ1λ2), from the eigenvalues
 * c1, c2 of C2 (λ_i² = c_i) and its eigenvectors n_i: S = 2 Σ_i w_i n_i n_iᵀ, w_i = ∂W/∂c_i, and
 * dS[δC] = 2 Σ_ij w_ij δc_j n_i n_iᵀ + 2 g (n1·δC n2)(n1 n2ᵀ + n2 n1ᵀ), δc_j = n_j·δC n_j,
 * g = (w1 − w2)/(c1 − c2), which tends to ½(w11 + w22) − w12 (with an O((c1 − c2)²) error) as the
 * eigenvalues meet. Default: Ogden's 1972 fit of Treloar's natural rubber (μ in MPa), shear
 * modulus ½ Σ μ_p α_p ≈ 0.42 MPa.
 */
export class OgdenMembrane extends PointwiseLaw {
  readonly name = "ogden-membrane";
  readonly dim = 3;
  readonly mu: number[];
  readonly alpha: number[];

  constructor(params: Record<string, unknown> = {}) {
    super();
    checkParameterNames(this.name, params, ["mu", "alpha"]);
    const list = (key: string, fallback: number[]): number[] => {
      const v = params[key] ?? fallback;
      const arr = typeof v === "number" ? [v] : v;
      if (
        !Array.isArray(arr) ||
        arr.length === 0 ||
        !arr.every((e) => typeof e === "number" && Number.isFinite(e))
      ) {
        throw new UserError(`material ogden-membrane: parameter ${key} must be a list of finite numbers`);
      }
      return arr as number[];
    };
    this.mu = list("mu", [0.63, 0.0012, -0.01]);
    this.alpha = list("alpha", [1.3, 5, -2]);
    if (this.mu.length !== this.alpha.length) {
      throw new UserError(
        `material ogden-membrane: mu has ${this.mu.length} terms but alpha ${this.alpha.length}; give one α per μ`,
      );
    }
    this.mu.forEach((m, p) => {
      if (!(m * this.alpha[p] > 0)) {
        throw new UserError(
          `material ogden-membrane: term ${p + 1} needs μα > 0 (got μ = ${m}, α = ${this.alpha[p]}); else the law is unstable`,
        );
      }
    });
  }

  static info(): MaterialInfo {
    return {
      name: "ogden-membrane",
      dim: 3,
      description:
        "incompressible Ogden rubber sheet, W = Σ μ/α (λ1^α + λ2^α + λ3^α − 3), Treloar's natural rubber by default, stresses in MPa",
      parameters: [
        { name: "mu", value: [0.63, 0.0012, -0.01], unit: "MPa", description: "μ_p (one per term)" },
        { name: "alpha", value: [1.3, 5, -2], unit: "-", description: "α_p (one per term, μ_p α_p > 0)" },
      ],
      strainRange: RUBBER_RANGE,
    };
  }

  point(
    x: Float64Array,
    xo: number,
    s: Float64Array,
    so: number,
    t: Float64Array | undefined,
    to: number,
  ): number {
    const a = 1 + 2 * x[xo];
    const c = 1 + 2 * x[xo + 1];
    const b = x[xo + 2];
    const D = a * c - b * b;
    if (!(a > 0 && D > 0)) return this.inadmissible(s, so, t, to);
    const m = (a + c) / 2;
    const r = Math.hypot((a - c) / 2, b);
    const c1 = m + r;
    const c2 = D / c1; // = m − r without cancellation
    const theta = 0.5 * Math.atan2(2 * b, a - c);
    const co = Math.cos(theta);
    const si = Math.sin(theta);
    const c3 = 1 / (c1 * c2);
    let w = 0;
    let w1 = 0;
    let w2 = 0;
    let w11 = 0;
    let w22 = 0;
    let w12 = 0;
    for (let p = 0; p < this.mu.length; p++) {
      const mu = this.mu[p];
      const h = this.alpha[p] / 2;
      const p1 = c1 ** h;
      const p2 = c2 ** h;
      const p3 = c3 ** h;
      w += (mu / this.alpha[p]) * (p1 + p2 + p3 - 3);
      w1 += ((mu / 2) * (p1 - p3)) / c1;
      w2 += ((mu / 2) * (p2 - p3)) / c2;
      w11 += ((mu / 2) * ((h - 1) * p1 + (1 + h) * p3)) / (c1 * c1);
      w22 += ((mu / 2) * ((h - 1) * p2 + (1 + h) * p3)) / (c2 * c2);
      w12 += ((mu / 2) * (h * p3)) / (c1 * c2);
    }
    // S = 2 (w1 n1n1ᵀ + w2 n2n2ᵀ), n1 = (cos θ, sin θ), n2 = (−sin θ, cos θ)
    s[so] = 2 * (w1 * co * co + w2 * si * si);
    s[so + 1] = 2 * (w1 * si * si + w2 * co * co);
    s[so + 2] = 2 * (w1 - w2) * co * si;
    if (t) {
      const g = c1 - c2 > 1e-6 * m ? (w1 - w2) / (c1 - c2) : 0.5 * (w11 + w22) - w12;
      // δC for x1, x2, x3: 2e1e1, 2e2e2, e1e2 + e2e1 → (δC11, δC22, δC12)
      const dCs = [
        [2, 0, 0],
        [0, 2, 0],
        [0, 0, 1],
      ];
      for (let j = 0; j < 3; j++) {
        const [p11, p22, p12] = dCs[j];
        // n_iᵀ δC n_k
        const q11 = co * co * p11 + si * si * p22 + 2 * co * si * p12;
        const q22 = si * si * p11 + co * co * p22 - 2 * co * si * p12;
        const q12 = -co * si * p11 + co * si * p22 + (co * co - si * si) * p12;
        const e1 = w11 * q11 + w12 * q22;
        const e2 = w12 * q11 + w22 * q22;
        // 2(e1 n1n1ᵀ + e2 n2n2ᵀ) + 2 g q12 (n1n2ᵀ + n2n1ᵀ); (n1n2ᵀ + n2n1ᵀ) = (−2cs, 2cs, c² − s²)
        t[to + j] = 2 * (e1 * co * co + e2 * si * si) + 2 * g * q12 * (-2 * co * si);
        t[to + 3 + j] = 2 * (e1 * si * si + e2 * co * co) + 2 * g * q12 * (2 * co * si);
        t[to + 6 + j] = 2 * (e1 - e2) * co * si + 2 * g * q12 * (co * co - si * si);
      }
    }
    return w;
  }
}
