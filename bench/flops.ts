/**
 * Flops of the fused algorithm (src/kernels/assembly/index.ts), counted as 2 per multiply-add of
 * the matrix products and the quadratic term only; activations (exp, log1p, division) and
 * element-wise work are real work but not counted, so GFLOP/s are a lower bound of the arithmetic.
 *
 * Per sample and hidden layer l of width w fed by nin units (0 for the first) and the d inputs,
 * M_l = w·(nin + d) multiply-adds make one pass over the layer's matrices [P(Q_l) S_l]:
 *   loss + gradient: forward primal, forward tangent, the transposed products of ∇N and of the
 *     tangent's reverse pass, and the weight gradient's two outer products ǡżᵀ + āzᵀ (2 passes):
 *     6 Σ M_l, plus 3 d² for the quadratic term (2Mx, G += xvᵀ + vxᵀ);
 *   stress + tangent: forward primal and the reverse pass of ∇N, then per input direction a
 *     tangent forward: (2 + d) Σ M_l, plus d² for 2Mx and the symmetric product
 *     ∇²N = Σ ∇a c ∇aᵀ: d(d + 1)/2 multiply-adds per unit, d(d + 1)/2 Σ w_l.
 */
import type { ParameterLayout } from "../src/core/layout.js";

function layerMacs(layout: ParameterLayout): number {
  const d = layout.inputDim;
  let m = 0;
  layout.hidden.forEach((w, l) => {
    m += w * ((l === 0 ? 0 : layout.hidden[l - 1]) + d);
  });
  return m;
}

/** multiply-adds of ∇N and ∇²N at one point, without the quadratic term (see above) */
function networkStressTangentMacs(layout: ParameterLayout): number {
  const d = layout.inputDim;
  const units = layout.hidden.reduce((a, w) => a + w, 0);
  return (2 + d) * layerMacs(layout) + ((d * (d + 1)) / 2) * units;
}

/** flops of one loss + gradient over n samples */
export function lossGradientFlops(layout: ParameterLayout, n: number): number {
  const d = layout.inputDim;
  return 2 * n * (6 * layerMacs(layout) + 3 * d * d);
}

/** flops of stress (∇N) and tangent (∇²N) at n points */
export function stressTangentFlops(layout: ParameterLayout, n: number): number {
  const d = layout.inputDim;
  return 2 * n * (networkStressTangentMacs(layout) + d * d);
}

/**
 * The polyconvex family (network on the m invariants, no quadratic term, layout.inputDim = m) with
 * its per-sample chain rule to the d strains: loss + gradient adds S = Bᵀ∇N and v = Bρ (2 m d);
 * stress + tangent adds Bᵀ∇N (m d), Bᵀ(∇²N)B as computed (H B: m² d, then the symmetric half of
 * Bᵀ(HB): ½d(d + 1) m), Σ_j N,j ∂²y_j (m d²) and the J terms (2 d²). The invariants and their second
 * derivatives are not counted (the invariants are data-only, computed once per data set).
 */
export function polyconvexLossGradientFlops(layout: ParameterLayout, d: number, n: number): number {
  const m = layout.inputDim;
  return 2 * n * (6 * layerMacs(layout) + 2 * m * d);
}

export function polyconvexStressTangentFlops(layout: ParameterLayout, d: number, n: number): number {
  const m = layout.inputDim;
  return (
    2 *
    n *
    (networkStressTangentMacs(layout) + m * d + m * m * d + ((d * (d + 1)) / 2) * m + m * d * d + 2 * d * d)
  );
}
