import { positiveWeight } from "../core/activations.js";
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
  const miannEvaluate = `def _evaluate(E, want_energy, want_tangent):
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


`;
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
_W1 = np.array(${pyNested(net.W1, [net.hidden[0], net.inputDim], "")})
_B1 = np.array(${pyList(net.b1, "")})
_LAYERS = [
`);
  for (const layer of net.layers) {
    out.push(
      `    (\n        np.array(${pyNested(layer.P, [layer.width, layer.inputWidth], "        ")}),\n` +
        `        np.array(${pyList(layer.b, "        ")}),\n` +
        `        np.array(${pyNested(layer.S, [layer.width, net.inputDim], "        ")}),\n    ),\n`,
    );
  }
  out.push(`]
_QOUT = np.array(${pyList(net.q, "")})
_M = np.array(${pyNested(net.M, [net.inputDim, net.inputDim], "")})
_BETA2 = ${pyNumber(net.beta * net.beta)}
# width of the network input (the strain itself, or its invariants)
_NET_DIM = ${desc.network.inputWidth}
${scaling(desc)}


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
    hess = np.broadcast_to(2.0 * _M, (n, _NET_DIM, _NET_DIM)).copy() if want_hessian else None
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


_N0, _G0, _ = _network(np.zeros((1, _NET_DIM)), False)
_N0 = _N0[0]
_G0 = _G0[0]


def _strains(E):
    E = np.asarray(E, dtype=np.float64)
    if E.ndim != 2 or E.shape[1] != DIM:
        raise ValueError(f"expected strains of shape (n, {DIM}), got {E.shape}")
    return E


${evaluate(desc, miannEvaluate)}def energy(E):
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

function scaling(desc: ExportDescription): string {
  const kappa = `_KAPPA = ${pyNumber(desc.tail.stressScale)}`;
  if (desc.head.map === "scaled-strain")
    return `# scaling: x' = x / D, N(x) = kappa * N~(x')
_D = np.array(${pyList(desc.head.strainScale, "")})
${kappa}`;
  const growth = desc.network.groups.find((g) => g.name === "qGrowth");
  const lines = [
    "# the network sees the scaled invariants y' = y / delta; psi = kappa * (...)",
    `_DELTA = np.array(${pyList(desc.head.inputScale, "")})`,
    kappa,
  ];
  if (desc.tail.correction === "volumetric" && growth) {
    const g = positiveWeight(growth.values[0], desc.network.alpha);
    lines.push(
      "# normalisation n = (c / delta) . grad N~(0) (S(0) = 0) and growth g = P(qGrowth)",
      `_C = np.array(${pyList(desc.tail.zeroDirection, "")}) / _DELTA`,
      `_GROWTH = ${pyNumber(g)}`,
    );
  }
  return lines.join("\n");
}

/** _evaluate(E, want_energy, want_tangent) for the family (the MIANN's, or the invariants'). */
function evaluate(desc: ExportDescription, miann: string): string {
  const head = desc.head;
  if (head.map === "scaled-strain") return miann;
  const norms = head.norms;
  const mb = desc.network.inputWidth - (norms ? 2 : 0);
  const normHelpers = norms
    ? `_ROOT3 = ${pyNumber(Math.sqrt(3))}


def _with_norms(y, B):
    """appends ||F|| - sqrt(3) = sqrt(I1) - sqrt(3), ||cof F|| - sqrt(3) = sqrt(I2) - sqrt(3) to the
    base invariants y (n, ${mb}) and d sqrt(I) = dI / (2 sqrt(I)) to B; returns y, B, sqrt(I) (n, 2)"""
    root = np.sqrt(y[:, :2] + 3.0)
    y = np.concatenate([y, root - _ROOT3], axis=1)
    B = np.concatenate([B, B[:, :2, :] / (2.0 * root)[:, :, None]], axis=1)
    return y, B, root


def _norm_curvature(grad, y, B, root, hessians):
    """sum_r (g_r / delta_r) d2 sqrt(I_r), d2 sqrt(I) = d2 I / (2 sqrt(I)) - dI dI^T / (4 I^(3/2))"""
    out = 0.0
    for r in range(2):
        j = ${mb} + r
        I = y[:, r] + 3.0
        dI = B[:, r, :]
        h = hessians[r] / (2.0 * root[:, r])[:, None, None]
        h = h - dI[:, :, None] * dI[:, None, :] / (4.0 * I * root[:, r])[:, None, None]
        out = out + (grad[:, j] / _DELTA[j])[:, None, None] * h
    return out


`
    : "";
  const addNorms = norms ? "\n        y, B, root = _with_norms(y, B)" : "";
  if (head.variant === "compressible")
    return `${normHelpers}# Voigt pairs (i, j) of 11, 22, 33, 23, 13, 12
_PI = np.array([0, 1, 2, 1, 0, 0])
_PJ = np.array([0, 1, 2, 2, 2, 1])
_E6 = np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0])
# d2 I2 / dx2 = [[0,4,4],[4,0,4],[4,4,0]] (+) (-2 I3), constant
_H_I2 = np.zeros((6, 6))
_H_I2[:3, :3] = 4.0 - 4.0 * np.eye(3)
_H_I2[3:, 3:] = -2.0 * np.eye(3)
_NRM = float(_C @ _G0)


def _kinematics(E, want_hessian):
    """y (n, 4), dy/dx (n, 4, 6), J, dJ/dx = J voigt(C^-1), and d2J/dx2 (n, 6, 6) if wanted."""
    n = E.shape[0]
    C = np.empty((n, 3, 3))
    C[:, 0, 0] = 1.0 + 2.0 * E[:, 0]
    C[:, 1, 1] = 1.0 + 2.0 * E[:, 1]
    C[:, 2, 2] = 1.0 + 2.0 * E[:, 2]
    C[:, 1, 2] = C[:, 2, 1] = E[:, 3]
    C[:, 0, 2] = C[:, 2, 0] = E[:, 4]
    C[:, 0, 1] = C[:, 1, 0] = E[:, 5]
    cof = np.empty((n, 3, 3))
    cof[:, 0, 0] = C[:, 1, 1] * C[:, 2, 2] - C[:, 1, 2] * C[:, 2, 1]
    cof[:, 0, 1] = C[:, 0, 2] * C[:, 2, 1] - C[:, 0, 1] * C[:, 2, 2]
    cof[:, 0, 2] = C[:, 0, 1] * C[:, 1, 2] - C[:, 0, 2] * C[:, 1, 1]
    cof[:, 1, 0] = C[:, 1, 2] * C[:, 2, 0] - C[:, 1, 0] * C[:, 2, 2]
    cof[:, 1, 1] = C[:, 0, 0] * C[:, 2, 2] - C[:, 0, 2] * C[:, 2, 0]
    cof[:, 1, 2] = C[:, 0, 2] * C[:, 1, 0] - C[:, 0, 0] * C[:, 1, 2]
    cof[:, 2, 0] = C[:, 1, 0] * C[:, 2, 1] - C[:, 1, 1] * C[:, 2, 0]
    cof[:, 2, 1] = C[:, 0, 1] * C[:, 2, 0] - C[:, 0, 0] * C[:, 2, 1]
    cof[:, 2, 2] = C[:, 0, 0] * C[:, 1, 1] - C[:, 0, 1] * C[:, 1, 0]
    det = C[:, 0, 0] * cof[:, 0, 0] + C[:, 1, 0] * cof[:, 0, 1] + C[:, 2, 0] * cof[:, 0, 2]
    if np.any(det <= 0.0):
        raise ValueError("a strain is not a deformation (det C <= 0)")
    D = cof / det[:, None, None]
    J = np.sqrt(det)
    I1 = C[:, 0, 0] + C[:, 1, 1] + C[:, 2, 2]
    I2 = 0.5 * (I1 * I1 - np.sum(C * C, axis=(1, 2)))
    y = np.stack([I1 - 3.0, I2 - 3.0, J - 1.0, 1.0 - J], axis=1)
    dv = D[:, _PI, _PJ]
    k = J[:, None] * dv
    B = np.empty((n, 4, 6))
    B[:, 0, :] = 2.0 * _E6
    B[:, 1, :] = 2.0 * (I1[:, None] * _E6 - C[:, _PI, _PJ])
    B[:, 2, :] = k
    B[:, 3, :] = -k
    HJ = None
    if want_hessian:
        Dik = D[:, _PI[:, None], _PI[None, :]]
        Djl = D[:, _PJ[:, None], _PJ[None, :]]
        Dil = D[:, _PI[:, None], _PJ[None, :]]
        Djk = D[:, _PJ[:, None], _PI[None, :]]
        HJ = J[:, None, None] * (dv[:, :, None] * dv[:, None, :] - (Dik * Djl + Dil * Djk))
    return y, B, J, k, HJ


def _evaluate(E, want_energy, want_tangent):
    """psi = kappa (N~(y') - N~(0) - n (J - 1) + g u^2), S = d psi/dx, C = dS/dx (by hand)."""
    E = _strains(E)
    n = E.shape[0]
    W = np.empty(n) if want_energy else None
    S = np.empty((n, DIM))
    C = np.empty((n, DIM, DIM)) if want_tangent else None
    for start in range(0, n, CHUNK):
        block = slice(start, min(start + CHUNK, n))
        y, B, J, k, HJ = _kinematics(E[block], want_tangent)${addNorms}
        Bs = B / _DELTA[None, :, None]
        value, grad, hess = _network(y / _DELTA, want_tangent)
        u = J + 1.0 / J - 2.0
        r = 1.0 - 1.0 / (J * J)
        gamma = 2.0 * u * r
        coef = _GROWTH * gamma - _NRM
        S[block] = _KAPPA * (np.einsum("nja,nj->na", Bs, grad) + coef[:, None] * k)
        if want_tangent:
            T = np.matmul(np.swapaxes(Bs, 1, 2), np.matmul(hess, Bs))
            T += (grad[:, 1] / _DELTA[1])[:, None, None] * _H_I2
            jcoef = grad[:, 2] / _DELTA[2] - grad[:, 3] / _DELTA[3] + coef
            T += jcoef[:, None, None] * HJ
            g2 = 2.0 * _GROWTH * (r * r + 2.0 * u / (J * J * J))
            T += g2[:, None, None] * k[:, :, None] * k[:, None, :]${norms ? "\n            T += _norm_curvature(grad, y, B, root, (0.0 * _H_I2, _H_I2))" : ""}
            C[block] = _KAPPA * T
        if want_energy:
            W[block] = _KAPPA * (value - _N0 - _NRM * (J - 1.0) + _GROWTH * u * u)
    return W, S, C


`;
  return `${normHelpers}_D2_DELTA = np.array([[0.0, 4.0, 0.0], [4.0, 0.0, 0.0], [0.0, 0.0, -2.0]])
_D_TAU = np.array([2.0, 2.0, 0.0])


def _kinematics(E, want_hessian):
    """y (n, 2) and dy/dx (n, 2, 3) with C33 = 1/det C2 (incompressible, plane stress), and the
    second derivatives d2 I1, d2 I2 (n, 3, 3) if wanted."""
    c11 = 1.0 + 2.0 * E[:, 0]
    c22 = 1.0 + 2.0 * E[:, 1]
    c12 = E[:, 2]
    det = c11 * c22 - c12 * c12
    if np.any(det <= 0.0):
        raise ValueError("a strain is not a deformation (det C <= 0)")
    c33 = 1.0 / det
    tau = c11 + c22
    y = np.stack([tau + c33 - 3.0, det + c33 * tau - 3.0], axis=1)
    dDelta = np.stack([2.0 * c22, 2.0 * c11, -2.0 * c12], axis=1)
    dC33 = -dDelta * (c33 * c33)[:, None]
    B = np.stack([_D_TAU + dC33, dDelta + tau[:, None] * dC33 + c33[:, None] * _D_TAU], axis=1)
    H1 = H2 = None
    if want_hessian:
        # d2 C33 = 2 Delta^-3 dDelta dDelta^T - Delta^-2 d2 Delta
        H1 = 2.0 * (c33 * c33 * c33)[:, None, None] * dDelta[:, :, None] * dDelta[:, None, :]
        H1 = H1 - (c33 * c33)[:, None, None] * _D2_DELTA
        H2 = _D2_DELTA + tau[:, None, None] * H1
        H2 = H2 + _D_TAU[None, :, None] * dC33[:, None, :] + dC33[:, :, None] * _D_TAU[None, None, :]
    return y, B, H1, H2


def _evaluate(E, want_energy, want_tangent):
    """psi = kappa (N~(y') - N~(0)), S = d psi/dx, C = dS/dx (by hand)."""
    E = _strains(E)
    n = E.shape[0]
    W = np.empty(n) if want_energy else None
    S = np.empty((n, DIM))
    C = np.empty((n, DIM, DIM)) if want_tangent else None
    for start in range(0, n, CHUNK):
        block = slice(start, min(start + CHUNK, n))
        y, B, H1, H2 = _kinematics(E[block], want_tangent)${addNorms}
        Bs = B / _DELTA[None, :, None]
        value, grad, hess = _network(y / _DELTA, want_tangent)
        S[block] = _KAPPA * np.einsum("nja,nj->na", Bs, grad)
        if want_tangent:
            T = np.matmul(np.swapaxes(Bs, 1, 2), np.matmul(hess, Bs))
            T += (grad[:, 0] / _DELTA[0])[:, None, None] * H1
            T += (grad[:, 1] / _DELTA[1])[:, None, None] * H2${norms ? "\n            T += _norm_curvature(grad, y, B, root, (H1, H2))" : ""}
            C[block] = _KAPPA * T
        if want_energy:
            W[block] = _KAPPA * (value - _N0)
    return W, S, C


`;
}
