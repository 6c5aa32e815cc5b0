import type { CheckPoints } from "./check-points.js";
import type { ExportDescription } from "./description.js";
import type { Provenance } from "./provenance.js";
import { selfCheckPython } from "./python-self-check.js";
import { pyDocstring, pyList, pyNested, pyNumber } from "./python-source.js";

/**
 * Generates one self-contained Python file (only `torch` imported, besides the standard library's
 * json and sys) defining `Material(torch.nn.Module)`: the model's exact formulas over its raw
 * parameters as float64 `nn.Parameter`s, so that a user can keep training in PyTorch and bring
 * the result back with `to_miann_json()` and `miann import`.
 *
 * The network Ñ and the corrections are those of the export description (description.ts); the
 * derivatives come from PyTorch's autograd (create_graph where a loss needs them), except the
 * softplus, which is an autograd Function with its exact, overflow-free value and derivatives
 * (torch's own softplus returns u itself above its threshold).
 */
export function generatePytorch(desc: ExportDescription, prov: Provenance, check: CheckPoints): string {
  const d = desc.strainDim;
  const net = desc.network;
  const miannEnergyAndStress = `    def energy(self, E, create_graph=None):
        """W = kappa (N~(x') - N~(0) - grad N~(0) . x'), shape (n,); W(0) = 0."""
        if create_graph is None:
            create_graph = torch.is_grad_enabled()
        E = self._strain(E)
        with torch.enable_grad():
            n0, g0 = self._zero(create_graph)
            xs = E / self.strain_scale
            W = self.stress_scale * (self.network(xs) - n0 - xs @ g0)
        return W if create_graph else W.detach()

    def stress(self, E, create_graph=None):
        """S = kappa D^-1 (grad N~(x') - grad N~(0)), shape (n, ${d}); zero at zero strain.
        create_graph (default: whether grad mode is on) keeps S differentiable in the
        parameters and in E, as a loss or a tangent needs."""
        if create_graph is None:
            create_graph = torch.is_grad_enabled()
        E = self._strain(E)
        with torch.enable_grad():
            _, g0 = self._zero(create_graph)
            xs = E / self.strain_scale
            g = self._network_gradient(xs, create_graph)
            S = self.stress_scale * (g - g0) / self.strain_scale
        return S if create_graph else S.detach()

`;
  const positive = net.groups.filter((g) => g.constraint === "positive").map((g) => g.name);
  const out: string[] = [];
  out.push(
    pyDocstring(prov, d, [
      "tangent = d stress / d strain (d x d per point); energy W per unit reference volume, W(0) = 0",
      "",
      "A torch.nn.Module with miann's exact formulas, float64, raw parameters as nn.Parameter:",
      "    import torch, material",
      "    m = material.Material()",
      "    E = torch.zeros(10, material.DIM, dtype=torch.float64)",
      "    S = m.stress(E); C = m.tangent(E); W = m.energy(E)",
      "    L = m.loss(E, S_data, sigma)   # miann's loss; L.backward() gives its exact gradient",
      "    m.to_miann_json('weights.json')  # then: miann import weights.json -o model.json",
      "Run `python3 material.py` to compare with the stresses miann computed at export time.",
    ]),
  );
  out.push(`import json
import sys

import torch

KIND = ${JSON.stringify(desc.kind)}
DIM = ${d}
HIDDEN = [${net.hidden.join(", ")}]
MODEL_NAME = ${JSON.stringify(prov.name)}
MODEL_SHA256 = ${JSON.stringify(prov.sha256)}
MIANN_VERSION = ${JSON.stringify(prov.version)}

# the parameter groups in miann's flat order (src/core/layout.ts), raw (before the map P)
_GROUPS = [${net.groups.map((g) => JSON.stringify(g.name)).join(", ")}]
# groups the network uses through P(w) = softplus(alpha^2 w) / alpha^2 (always > 0)
_POSITIVE = {${positive.map((n) => JSON.stringify(n)).join(", ")}}
_RAW = {
`);
  for (const g of net.groups)
    out.push(`    ${JSON.stringify(g.name)}: ${pyNested(g.values, g.shape, "    ")},\n`);
  out.push(`}
${scalingConstants(desc)}
_STRESS_SCALE = ${pyNumber(desc.tail.stressScale)}
_QUADRATIC = ${net.quadratic ? "True" : "False"}
# width of the network input (the strain itself, or its invariants)
_NET_DIM = ${net.inputWidth}

`);
  out.push(`
class _Sigmoid(torch.autograd.Function):
    """sigmoid(u) through exp(-|u|) (never overflows); derivative e / (1 + e)^2, e = exp(-|u|)."""

    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        e = torch.exp(-torch.abs(u))
        return torch.where(u >= 0, 1.0 / (1.0 + e), e / (1.0 + e))

    @staticmethod
    def backward(ctx, grad):
        (u,) = ctx.saved_tensors
        e = torch.exp(-torch.abs(u))
        return grad * (e / ((1.0 + e) * (1.0 + e)))


class _Softplus(torch.autograd.Function):
    """softplus(u) = max(u, 0) + log1p(exp(-|u|)), exact for every u (torch's own softplus
    returns u above its threshold); derivative sigmoid(u), itself differentiable, so that
    create_graph gives exact second derivatives also where u = 0."""

    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return torch.clamp(u, min=0.0) + torch.log1p(torch.exp(-torch.abs(u)))

    @staticmethod
    def backward(ctx, grad):
        (u,) = ctx.saved_tensors
        return grad * _Sigmoid.apply(u)


def softplus(u):
    return _Softplus.apply(u)


class Material(torch.nn.Module):
    """miann ${desc.kind} model "${prov.name}": energy, stress, tangent and loss for batches (n, ${d})
    of Green-Lagrange strains in miann's Voigt order (engineering shear), float64, physical units."""

    def __init__(self):
        super().__init__()
        for name in _GROUPS:
            self.register_parameter(name, torch.nn.Parameter(torch.tensor(_RAW[name], dtype=torch.float64)))
${scalingBuffer(desc)}
        self.stress_scale = _STRESS_SCALE

    def miann_parameters(self):
        """The parameters in miann's flat order (flatten each, row-major, and concatenate)."""
        return [getattr(self, name) for name in _GROUPS]

    def weight(self, name):
        """The weight the network uses: P(raw) for the positive groups, raw otherwise."""
        w = getattr(self, name)
        if name in _POSITIVE:
            a2 = self.alpha * self.alpha
            return softplus(a2 * w) / a2
        return w

    def network(self, xs):
        """N~(x') for a batch (n, ${d}) of scaled strains x' = x / D."""
        b2 = self.beta * self.beta

        def phi(a):
            s = softplus(b2 * a)
            return s * s / (2.0 * b2 * b2)

        z = phi(xs @ self.weight("W1").T + self.b1)
        for l in range(2, len(HIDDEN) + 1):
            z = phi(z @ self.weight(f"Q{l}").T + getattr(self, f"b{l}") + xs @ self.weight(f"S{l}").T)
        value = z @ self.weight("qOut")
        if _QUADRATIC:
            value = value + ((xs @ self.A.T) ** 2).sum(dim=1)
        return value

    def _network_gradient(self, xs, create_graph):
        if not xs.requires_grad:
            xs = xs.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(self.network(xs).sum(), xs, create_graph=create_graph)
        return g

    def _strain(self, E):
        E = torch.as_tensor(E, dtype=torch.float64)
        if E.dim() != 2 or E.shape[1] != DIM:
            raise ValueError(f"expected strains of shape (n, {DIM}), got {tuple(E.shape)}")
        return E

    def _zero(self, create_graph):
        """N~(0) and grad N~(0) (they depend on the parameters, so they stay in the graph)."""
        x0 = torch.zeros(1, _NET_DIM, dtype=torch.float64, requires_grad=True)
        n0 = self.network(x0)
        (g0,) = torch.autograd.grad(n0.sum(), x0, create_graph=create_graph)
        return n0[0], g0[0]

${energyAndStress(desc, miannEnergyAndStress)}    def tangent(self, E, create_graph=None):
        """C = dS/dE, shape (n, ${d}, ${d}), by autograd of the stress (d reverse passes)."""
        if create_graph is None:
            create_graph = torch.is_grad_enabled()
        E = self._strain(E)
        with torch.enable_grad():
            Ev = E if E.requires_grad else E.detach().requires_grad_(True)
            S = self.stress(Ev, create_graph=True)
            rows = [
                torch.autograd.grad(S[:, k].sum(), Ev, create_graph=create_graph, retain_graph=True)[0]
                for k in range(DIM)
            ]
            C = torch.stack(rows, dim=1)
        return C if create_graph else C.detach()

    def loss(self, E, S, sigma, mask=None):
        """miann's training loss in physical units:
            L = sum_mk w_mk ((S_k(E_m) - S_mk) / sigma_k)^2 / sum_mk w_mk
        with w = mask (1 = known, 0 = unknown; unknown targets may be NaN), w = 1 without a
        mask (then L is the mean over all n x ${d} entries). L = 0 when no entry is known."""
        E = self._strain(E)
        target = torch.as_tensor(S, dtype=torch.float64)
        sigma = torch.as_tensor(sigma, dtype=torch.float64)
        if mask is None:
            w = torch.ones_like(target)
        else:
            w = torch.as_tensor(mask).to(torch.float64)
        known = w != 0
        target = torch.where(known, target, torch.zeros_like(target))
        pred = self.stress(E, create_graph=True)
        r = (pred - target) / sigma
        total = w.sum()
        if total == 0:
            return (pred * 0.0).sum()
        return (w * r * r).sum() / total

    def to_miann_json(self, path=None, name=None):
        """The weights in the layout \`miann import\` reads (with this module's kind and scaling).
        Writes them to \`path\` when given; returns the JSON object."""
        p = {name_: getattr(self, name_).detach().tolist() for name_ in _GROUPS}
        layers = [{"Q": p[f"Q{l}"], "b": p[f"b{l}"], "S": p[f"S{l}"]} for l in range(2, len(HIDDEN) + 1)]
        params = {"W1": p["W1"], "b1": p["b1"], "layers": layers, "qOut": p["qOut"]}
        for key in ("A", "qGrowth"):
            if key in p:
                params[key] = p[key]
        params["alpha"] = p["alpha"]
        params["beta"] = p["beta"]
        out = {
            "kind": KIND,${desc.head.map === "invariants" ? `\n            "variant": ${JSON.stringify(desc.head.variant)},` : ""}${desc.head.map === "invariants" && desc.head.norms ? `\n            "norms": True,` : ""}
            "name": name if name is not None else MODEL_NAME,
            "inputDim": DIM,
            "hidden": list(HIDDEN),
            "scaling": ${scalingJson(desc)},
            "params": params,
        }
        if path is not None:
            with open(path, "w", encoding="utf-8") as f:
                json.dump(out, f)
                f.write("\\n")
        return out

`);
  out.push(
    selfCheckPython(
      check,
      d,
      `    with torch.no_grad():
        got = Material().stress(torch.tensor(_CHECK_STRAIN, dtype=torch.float64)).tolist()`,
    ),
  );
  return out.join("");
}

/** the scaling constants at module level */
function scalingConstants(desc: ExportDescription): string {
  if (desc.head.map === "scaled-strain") {
    return `# scaling: the network sees x' = x / D and N(x) = kappa * N~(x')
_STRAIN_SCALE = ${pyList(desc.head.strainScale, "")}`;
  }
  return `# the network sees the scaled invariants y' = y / delta, and psi = kappa * (...)
_INPUT_SCALE = ${pyList(desc.head.inputScale, "")}
_VARIANT = ${JSON.stringify(desc.head.variant)}`;
}

function scalingBuffer(desc: ExportDescription): string {
  if (desc.head.map === "scaled-strain")
    return `        self.register_buffer("strain_scale", torch.tensor(_STRAIN_SCALE, dtype=torch.float64))`;
  return `        self.register_buffer("input_scale", torch.tensor(_INPUT_SCALE, dtype=torch.float64))`;
}

function scalingJson(desc: ExportDescription): string {
  if (desc.head.map === "scaled-strain")
    return `{"strainScale": self.strain_scale.tolist(), "stressScale": float(self.stress_scale)}`;
  return `{"strainScale": [1.0] * DIM, "stressScale": float(self.stress_scale), "inputScale": self.input_scale.tolist()}`;
}

/** energy() and stress(): the MIANN's closed form, or autograd of the polyconvex energy. */
function energyAndStress(desc: ExportDescription, miann: string): string {
  const head = desc.head;
  if (head.map === "scaled-strain") return miann;
  const compressible = head.variant === "compressible";
  // with the norms, ‖F‖ − √3 = √I1 − √3 and ‖cof F‖ − √3 = √I2 − √3 follow the base invariants
  const withNorms = (base: string) =>
    head.norms
      ? `${base}, torch.sqrt(I1) - ${pyNumber(Math.sqrt(3))}, torch.sqrt(I2) - ${pyNumber(Math.sqrt(3))}`
      : base;
  const invariants = compressible
    ? `        C11 = 1.0 + 2.0 * E[:, 0]
        C22 = 1.0 + 2.0 * E[:, 1]
        C33 = 1.0 + 2.0 * E[:, 2]
        C23, C13, C12 = E[:, 3], E[:, 4], E[:, 5]
        I1 = C11 + C22 + C33
        I2 = C11 * C22 + C22 * C33 + C11 * C33 - C12 * C12 - C13 * C13 - C23 * C23
        det = C11 * (C22 * C33 - C23 * C23) - C12 * (C12 * C33 - C23 * C13) + C13 * (C12 * C23 - C22 * C13)
        if bool((det <= 0).any()):
            raise ValueError("a strain is not a deformation (det C <= 0)")
        J = torch.sqrt(det)
        return torch.stack([${withNorms("I1 - 3.0, I2 - 3.0, J - 1.0, 1.0 - J")}], dim=1), J`
    : `        C11 = 1.0 + 2.0 * E[:, 0]
        C22 = 1.0 + 2.0 * E[:, 1]
        C12 = E[:, 2]
        det = C11 * C22 - C12 * C12
        if bool((det <= 0).any()):
            raise ValueError("a strain is not a deformation (det C <= 0)")
        C33 = 1.0 / det
        tau = C11 + C22
        I1 = tau + C33
        I2 = det + C33 * tau
        return torch.stack([${withNorms("I1 - 3.0, I2 - 3.0")}], dim=1), None`;
  const tail = compressible
    ? `
        # normalisation on J (S(0) = 0) and the growth term g u^2, u = J + 1/J - 2
        c = torch.tensor(${JSON.stringify((desc.tail as { zeroDirection: number[] }).zeroDirection)}, dtype=torch.float64) / self.input_scale
        u = J + 1.0 / J - 2.0
        W = W - (c * g0).sum() * (J - 1.0) + self.growth() * u * u`
    : "";
  const growth = compressible
    ? `
    def growth(self):
        """g = P(qGrowth) > 0, the coefficient of the growth term."""
        a2 = self.alpha * self.alpha
        return softplus(a2 * self.qGrowth) / a2
`
    : "";
  return `    def invariants(self, E):
        """The network input y (n, ${desc.network.inputWidth}) of strains E (n, DIM), and J (${compressible ? "n," : "None: incompressible"})."""
${invariants}
${growth}
    def _energy(self, E, zero_graph):
        n0, g0 = self._zero(zero_graph)
        y, J = self.invariants(E)
        W = self.network(y / self.input_scale) - n0${tail}
        return self.stress_scale * W

    def energy(self, E, create_graph=None):
        """psi per unit reference volume, shape (n,); psi(0) = 0."""
        if create_graph is None:
            create_graph = torch.is_grad_enabled()
        E = self._strain(E)
        with torch.enable_grad():
            W = self._energy(E, create_graph)
        return W if create_graph else W.detach()

    def stress(self, E, create_graph=None):
        """S = d psi / dE (2nd Piola-Kirchhoff), shape (n, DIM), by autograd; zero at zero strain.
        create_graph (default: whether grad mode is on) keeps S differentiable in the
        parameters and in E, as a loss or a tangent needs."""
        if create_graph is None:
            create_graph = torch.is_grad_enabled()
        E = self._strain(E)
        with torch.enable_grad():
            Ev = E if E.requires_grad else E.detach().requires_grad_(True)
            W = self._energy(Ev, create_graph)
            (S,) = torch.autograd.grad(W.sum(), Ev, create_graph=create_graph)
        return S if create_graph else S.detach()

`;
}
