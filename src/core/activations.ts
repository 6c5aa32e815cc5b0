/**
 * Scalar activations of the input-convex network (docs/theory.md, sections "The model" and "The derivatives"), in overflow-free form:
 * exact for |u| up to 1e3 and free of NaN/Infinity for finite input, because exp is only ever
 * taken of −|u| ≤ 0.
 *
 *   softplus(u) = max(u, 0) + log1p(exp(−|u|))
 *   sigmoid(u)  = 1 / (1 + exp(−u)), through exp(−|u|)
 *   phi(a)      = softplus(β² a)² / (2 β⁴)        (convex, nondecreasing)
 *   P(Q)        = softplus(α² Q) / α²              (positive-weight map)
 */
import { expm1, log } from "../util/portable-math.js";

/** softplus(u) = log(1 + e^u), overflow-free */
export function softplus(u: number): number {
  return Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));
}

/** sigmoid(u) = 1 / (1 + e^−u), overflow-free (the derivative of softplus) */
export function sigmoid(u: number): number {
  const e = Math.exp(-Math.abs(u));
  return u >= 0 ? 1 / (1 + e) : e / (1 + e);
}

/** σ(u)(1 − σ(u)) without the cancellation of 1 − σ for large u */
export function sigmoidPrime(u: number): number {
  const e = Math.exp(-Math.abs(u));
  const q = 1 + e;
  return e / (q * q);
}

/** phi(a) = softplus(β²a)² / (2β⁴) */
export function phi(a: number, beta: number): number {
  const b2 = beta * beta;
  const s = softplus(b2 * a);
  return (s * s) / (2 * b2 * b2);
}

/** phi'(a) = s σ / β²  (s = softplus(β²a), σ = sigmoid(β²a)) */
export function phiPrime(a: number, beta: number): number {
  const b2 = beta * beta;
  const u = b2 * a;
  return (softplus(u) * sigmoid(u)) / b2;
}

/** phi''(a) = σ² + s σ (1 − σ) */
export function phiSecond(a: number, beta: number): number {
  const u = beta * beta * a;
  const sg = sigmoid(u);
  return sg * sg + softplus(u) * sigmoidPrime(u);
}

/** ∂phi/∂β at fixed a = 2aσs/β³ − 2s²/β⁵ */
export function phiDbeta(a: number, beta: number): number {
  const u = beta * beta * a;
  const s = softplus(u);
  const sg = sigmoid(u);
  const b3 = beta * beta * beta;
  return (2 * a * sg * s) / b3 - (2 * s * s) / (b3 * beta * beta);
}

/** ∂phi'/∂β at fixed a = 2a(σ² + sσ(1−σ))/β − 2sσ/β³ */
export function phiPrimeDbeta(a: number, beta: number): number {
  const u = beta * beta * a;
  const s = softplus(u);
  const sg = sigmoid(u);
  return (2 * a * (sg * sg + s * sigmoidPrime(u))) / beta - (2 * s * sg) / (beta * beta * beta);
}

/** P(Q) = softplus(α²Q) / α², always > 0 */
export function positiveWeight(q: number, alpha: number): number {
  const a2 = alpha * alpha;
  return softplus(a2 * q) / a2;
}

/** ∂P/∂Q = sigmoid(α²Q) */
export function positiveWeightDq(q: number, alpha: number): number {
  return sigmoid(alpha * alpha * q);
}

/** ∂P/∂α at fixed Q = 2Qσ(α²Q)/α − 2 softplus(α²Q)/α³ */
export function positiveWeightDalpha(q: number, alpha: number): number {
  const u = alpha * alpha * q;
  return (2 * q * sigmoid(u)) / alpha - (2 * softplus(u)) / (alpha * alpha * alpha);
}

/** softplus⁻¹(p) = log(e^p − 1) for p > 0, overflow-free (used to place initial weights) */
export function softplusInverse(p: number): number {
  if (!(p > 0)) throw new RangeError(`softplus⁻¹ needs a positive argument, got ${p}`);
  return p + log(-expm1(-p)); // portable: the seeded initial weights are the same bits everywhere
}
