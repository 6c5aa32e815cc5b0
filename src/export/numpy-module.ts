import { bakeDescription } from "./baked-network.js";
import type { CheckPoints } from "./check-points.js";
import type { ExportDescription } from "./description.js";
import type { Provenance } from "./provenance.js";
import { selfCheckPython } from "./python-self-check.js";
import { pyDocstring, pyList, pyNested, pyNumber } from "./python-source.js";

/**
 * Generates one self-contained Python file (only `numpy` imported, besides the standard library's
 * sys) that evaluates the model for an (n, d) array of strains at once: `energy(E)`, `stress(E)`,
 * `stress_tangent(E)`. Vectorised over the points (blocks of CHUNK rows bound the memory); no
 * Python loop over points. The parameters are baked (the constraint maps P applied at export, in
 * miann's own float64, printed with 17 digits). The derivatives are written out:
 *   forward  a_l = P_l z_(l-1) + b_l + S_l x',  z_l = phi(a_l),  da_l/dx' = J_l
 *            (J_1 = W1, J_l = P_l diag(phi'(a_(l-1))) J_(l-1) + S_l)
 *   reverse  G_L = P(q), G_(l-1) = P_lᵀ (G_l ⊙ phi'(a_l))   (G_l = dN/dz_l)
 *   gradient ∇Ñ = Σ_l (input weights of l)ᵀ (G_l ⊙ phi'(a_l)) + 2 M x'
 *   Hessian  ∇²Ñ = Σ_l J_lᵀ diag(G_l ⊙ phi''(a_l)) J_l + 2 M
 * (the Hessian of a composition of convex units: each unit contributes its curvature along its
 * own input direction, weighted by how much the output depends on it; docs/theory.md,
 * section "The Python exports").
 */
export function generateNumpy(desc: ExportDescription, prov: Provenance, check: CheckPoints): string {
  const d = desc.strainDim;
  const net = bakeDescription(desc);
  const out: string[] = [];
  out.push(
    pyDocstring(prov, d, [
      "tangent = d stress / d strain (d x d per point); energy W per unit reference volume, W(0) = 0",
      "",
      "Vectorised NumPy (float64), for arrays of points, e.g. FEniCSx external-operator callbacks:",
      "    import numpy as np, material",
      "    E = np.zeros((1000, material.DIM))",
      "    S = material.stress(E)                 # (n, DIM)",
      "    S, C = material.stress_tangent(E)      # (n, DIM), (n, DIM, DIM)",
      "    W = material.energy(E)                 # (n,)",
      "Run `python3 material.py` to compare with the stresses miann computed at export time.",
    ]),
  );
  out.push(`import sys

import numpy as np

KIND = ${JSON.stringify(desc.kind)}
DIM = ${d}
HIDDEN = [${net.hidden.join(", ")}]
MODEL_NAME = ${JSON.stringify(prov.name)}
MODEL_SHA256 = ${JSON.stringify(prov.sha256)}
MIANN_VERSION = ${JSON.stringify(prov.version)}
# points per block: bounds the memory of the Jacobians (CHUNK x width x DIM per layer)
CHUNK = 4096

# network parameters, constraint maps already applied (P(Q), P(q), M = A^T A)
_W1 = np.array(${pyNested(net.W1, [net.hidden[0], d], "")})
_B1 = np.array(${pyList(net.b1, "")})
_LAYERS = [
`);
  for (const layer of net.layers) {
    out.push(
      `    (\n        np.array(${pyNested(layer.P, [layer.width, layer.inputWidth], "        ")}),\n` +
        `        np.array(${pyList(layer.b, "        ")}),\n` +
        `        np.array(${pyNested(layer.S, [layer.width, d], "        ")}),\n    ),\n`,
    );
  }
  out.push(`]
_QOUT = np.array(${pyList(net.q, "")})
_M = np.array(${pyNested(net.M, [d, d], "")})
_BETA2 = ${pyNumber(net.beta * net.beta)}
# scaling: x' = x / D, N(x) = kappa * N~(x')
_D = np.array(${pyList(net.strainScale, "")})
_KAPPA = ${pyNumber(net.stressScale)}


def _activation(a):
    """phi(a) = softplus(b a)^2 / (2 b^2), b = beta^2, with phi' and phi'', overflow-free."""
    u = _BETA2 * a
    e = np.exp(-np.abs(u))
    s = np.maximum(u, 0.0) + np.log1p(e)
    g = np.where(u >= 0.0, 1.0 / (1.0 + e), e / (1.0 + e))
    gp = e / ((1.0 + e) * (1.0 + e))
    return s * s / (2.0 * _BETA2 * _BETA2), s * g / _BETA2, g * g + s * gp


def _network(xs, want_hessian):
    """N~, its gradient (n, DIM) and, if wanted, its Hessian (n, DIM, DIM) at scaled strains xs."""
    n = xs.shape[0]
    a = xs @ _W1.T + _B1
    z, d1, d2 = _activation(a)
    units = [(z, d1, d2, _W1)]  # per layer: z, phi', phi'', input weights
    J = np.broadcast_to(_W1, (n,) + _W1.shape) if want_hessian else None
    jacobians = [J]
    for P, b, S in _LAYERS:
        a = z @ P.T + b + xs @ S.T
        if want_hessian:
            J = np.matmul(P, d1[:, :, None] * J) + S
            jacobians.append(J)
        z, d1, d2 = _activation(a)
        units.append((z, d1, d2, S))
    value = z @ _QOUT + np.einsum("ni,ij,nj->n", xs, _M, xs)
    grad = 2.0 * xs @ _M
    hess = np.broadcast_to(2.0 * _M, (n, DIM, DIM)).copy() if want_hessian else None
    G = np.broadcast_to(_QOUT, (n, _QOUT.shape[0]))
    for l in range(len(units) - 1, -1, -1):
        z, d1, d2, Win = units[l]
        ab = G * d1
        grad = grad + ab @ Win
        if want_hessian:
            J = jacobians[l]
            hess += np.matmul(np.swapaxes(J, 1, 2), (G * d2)[:, :, None] * J)
        if l > 0:
            G = ab @ _LAYERS[l - 1][0]
    return value, grad, hess


_N0, _G0, _ = _network(np.zeros((1, DIM)), False)
_N0 = _N0[0]
_G0 = _G0[0]


def _strains(E):
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape[1] != DIM:
        raise ValueError(f"expected strains of shape (n, {DIM}), got {E.shape}")
    return E


def _evaluate(E, want_energy, want_tangent):
    E = _strains(E)
    n = E.shape[0]
    W = np.empty(n) if want_energy else None
    S = np.empty((n, DIM))
    C = np.empty((n, DIM, DIM)) if want_tangent else None
    for start in range(0, n, CHUNK):
        block = slice(start, min(start + CHUNK, n))
        xs = E[block] / _D
        value, grad, hess = _network(xs, want_tangent)
        S[block] = _KAPPA * (grad - _G0) / _D
        if want_tangent:
            C[block] = _KAPPA * hess / _D[:, None] / _D[None, :]
        if want_energy:
            W[block] = _KAPPA * (value - _N0 - xs @ _G0)
    return W, S, C


def energy(E):
    """Strain energy W, shape (n,), for strains E of shape (n, DIM); W(0) = 0."""
    return _evaluate(E, True, False)[0]


def stress(E):
    """2nd Piola-Kirchhoff stress, shape (n, DIM), for strains E of shape (n, DIM); S(0) = 0."""
    return _evaluate(E, False, False)[1]


def stress_tangent(E):
    """Stress (n, DIM) and tangent dS/dE (n, DIM, DIM) for strains E of shape (n, DIM)."""
    _, S, C = _evaluate(E, False, True)
    return S, C


`);
  out.push(selfCheckPython(check, d, "    got = stress(np.array(_CHECK_STRAIN)).tolist()"));
  return out.join("");
}
