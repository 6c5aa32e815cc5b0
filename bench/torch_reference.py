"""PyTorch float64 baseline for `npm run bench` (bench/run.ts drives it).

Two models: the MIANN and the polyconvex family's compressible 3D variant (below), each written
from docs/theory.md independently of miann's code.

The MIANN: the same network as miann (docs/theory.md, section "The input-convex network"), the same
parameters and data, float64, autograd with create_graph (double backprop), the usual way this
model is trained in PyTorch. A small server for bench/run.ts (see main): the torch version, the
BLAS library actually loaded, the loss and gradient (flat, miann order) for the check against
miann, and wall times of single calls.

usage: python3 bench/torch_reference.py < commands (bench/run.ts drives it)
"""

import json
import sys
import time

import torch
import torch.nn.functional as F


def unpack(flat, d, hidden):
    """Split the flat parameter vector (src/core/layout.ts order) into leaf tensors."""
    out, o = [], 0

    def take(*shape):
        nonlocal o
        count = 1
        for s in shape:
            count *= s
        t = flat[o : o + count].reshape(shape).clone().requires_grad_(True)
        o += count
        out.append(t)
        return t

    W1, b1 = take(hidden[0], d), take(hidden[0])
    layers = []
    for l in range(1, len(hidden)):
        layers.append((take(hidden[l], hidden[l - 1]), take(hidden[l]), take(hidden[l], d)))
    q, A, alpha, beta = take(hidden[-1]), take(d, d), take(1), take(1)
    assert o == flat.numel()
    return out, (W1, b1, layers, q, A, alpha, beta)


def potential(p, x):
    W1, b1, layers, q, A, alpha, beta = p
    a2, b2 = alpha * alpha, beta * beta

    # threshold=700: exact softplus (the default 20 returns u itself above 20, a 2e-9 error)
    def phi(a):
        return F.softplus(b2 * a, threshold=700) ** 2 / (2 * b2 * b2)

    def P(w):
        return F.softplus(a2 * w, threshold=700) / a2

    z = phi(x @ W1.T + b1)
    for Q, b, S in layers:
        z = phi(z @ P(Q).T + b + x @ S.T)
    return z @ P(q) + ((x @ A.T) ** 2).sum(dim=1)


def loss_and_grad(leaves, p, x, y, sigma, zero):
    xg = x.requires_grad_(True)
    g = torch.autograd.grad(potential(p, xg).sum(), xg, create_graph=True)[0]
    g0 = torch.autograd.grad(potential(p, zero).sum(), zero, create_graph=True)[0]
    loss = (((g - g0 - y) / sigma) ** 2).mean()
    return loss, torch.autograd.grad(loss, leaves)


def stress_and_tangent(p, x, zero):
    """What a finite-element code asks per Gauss point: s = ∇N(x) − ∇N(0) and C = ∇²N(x)."""
    d = x.shape[1]
    xg = x.detach().requires_grad_(True)
    g = torch.autograd.grad(potential(p, xg).sum(), xg, create_graph=True)[0]
    g0 = torch.autograd.grad(potential(p, zero).sum(), zero)[0]
    rows = [torch.autograd.grad(g[:, k].sum(), xg, retain_graph=k < d - 1)[0] for k in range(d)]
    return g.detach() - g0, torch.stack(rows, dim=1)


# --- the polyconvex family, compressible 3D variant, written from the mathematics of
# docs/theory.md, section "The polyconvex family": ψ(x) from C = I + 2E, S = ∂ψ/∂x and T = ∂S/∂x by autograd.


def pc_unpack(nested):
    """Leaf tensors of the fixture layout (W1, b1, layers [{Q, b, S}], qOut, qGrowth, alpha, beta)."""
    leaves = []

    def leaf(v):
        t = torch.tensor(v, dtype=torch.float64).requires_grad_(True)
        leaves.append(t)
        return t

    W1, b1 = leaf(nested["W1"]), leaf(nested["b1"])
    layers = [(leaf(l["Q"]), leaf(l["b"]), leaf(l["S"])) for l in nested["layers"]]
    qOut, qGrowth = leaf(nested["qOut"]), leaf(nested["qGrowth"])
    alpha, beta = leaf(nested["alpha"]), leaf(nested["beta"])
    return leaves, (W1, b1, layers, qOut, qGrowth, alpha, beta)


def pc_nested(grads, hidden_layers):
    """The gradient leaves back in the fixture layout."""
    it = iter(grads)
    out = {"W1": next(it).tolist(), "b1": next(it).tolist(), "layers": []}
    for _ in range(hidden_layers):
        out["layers"].append({"Q": next(it).tolist(), "b": next(it).tolist(), "S": next(it).tolist()})
    out["qOut"] = next(it).tolist()
    out["qGrowth"], out["alpha"], out["beta"] = (next(it).item() for _ in range(3))
    return out


def pc_network(p, y):
    """The monotone network N(y): every weight group through P(·; α), no quadratic term."""
    W1, b1, layers, qOut, _, alpha, beta = p
    a2, b2 = alpha * alpha, beta * beta

    def phi(a):
        return F.softplus(b2 * a, threshold=700) ** 2 / (2 * b2 * b2)

    def P(w):
        return F.softplus(a2 * w, threshold=700) / a2

    z = phi(y @ P(W1).T + b1)
    for Q, b, S in layers:
        z = phi(z @ P(Q).T + b + y @ P(S).T)
    return z @ P(qOut)


def pc_energy(p, x, kappa, delta):
    """ψ(x) = κ [N(y/δ) − N(0) − n (J − 1) + g (J + 1/J − 2)²], n = (c/δ)·∇N(0), c = (2, 4, 1, −1);
    x = (E11, E22, E33, 2E23, 2E13, 2E12), so C = I + 2E has C_ij = x_shear off the diagonal."""
    c11, c22, c33 = 1 + 2 * x[:, 0], 1 + 2 * x[:, 1], 1 + 2 * x[:, 2]
    c23, c13, c12 = x[:, 3], x[:, 4], x[:, 5]
    I1 = c11 + c22 + c33
    trC2 = c11**2 + c22**2 + c33**2 + 2 * (c23**2 + c13**2 + c12**2)
    I2 = 0.5 * (I1 * I1 - trC2)
    det = c11 * (c22 * c33 - c23 * c23) - c12 * (c12 * c33 - c23 * c13) + c13 * (c12 * c23 - c22 * c13)
    J = torch.sqrt(det)
    y = torch.stack([I1 - 3, I2 - 3, J - 1, 1 - J], dim=1) / delta
    zero = torch.zeros(1, 4, dtype=torch.float64, requires_grad=True)
    N0 = pc_network(p, zero)
    gN0 = torch.autograd.grad(N0.sum(), zero, create_graph=True)[0][0]
    cvec = torch.tensor([2.0, 4.0, 1.0, -1.0], dtype=torch.float64)
    n = ((cvec / delta) * gN0).sum()
    alpha, qGrowth = p[5], p[4]
    g = F.softplus(alpha * alpha * qGrowth, threshold=700) / (alpha * alpha)
    u = J + 1 / J - 2
    return kappa * (pc_network(p, y) - N0[0] - n * (J - 1) + g * u * u)


def pc_loss_and_grad(leaves, p, x, t, w, sigma, kappa, delta):
    """masked mean of ((S − t)/σ)², S = ∂ψ/∂x (create_graph), and its gradient by autograd"""
    xg = x.detach().requires_grad_(True)
    S = torch.autograd.grad(pc_energy(p, xg, kappa, delta).sum(), xg, create_graph=True)[0]
    r = torch.where(w > 0, (S - t) / sigma, torch.zeros_like(S))
    loss = (w * r * r).sum() / w.sum()
    return loss, torch.autograd.grad(loss, leaves)


def pc_stress_and_tangent(p, x, kappa, delta):
    xg = x.detach().requires_grad_(True)
    S = torch.autograd.grad(pc_energy(p, xg, kappa, delta).sum(), xg, create_graph=True)[0]
    d = x.shape[1]
    rows = [torch.autograd.grad(S[:, k].sum(), xg, retain_graph=k < d - 1)[0] for k in range(d)]
    return S.detach(), torch.stack(rows, dim=1)


def run_ms(fn, repeats, warmup_ms):
    """wall milliseconds of each of `repeats` calls, after untimed calls lasting warmup_ms"""
    start = time.perf_counter()
    fn()
    while (time.perf_counter() - start) * 1e3 < warmup_ms:
        fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1e3)
    return times


def loaded_blas():
    """Shared libraries of a BLAS/LAPACK kind mapped into this process."""
    libs = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                name = path.rsplit("/", 1)[-1]
                if any(k in name for k in ("blas", "lapack", "mkl", "blis")):
                    libs.add(path)
    except OSError:
        pass
    return sorted(libs)


def main():
    """Serves bench/run.ts: the first stdin line is the problem (model "miann", the default, or
    "polyconvex"); then one JSON command per line ({"cmd": "check" | "gradient" |
    "stress+tangent" | "exit", "threads": t, "repeats": r}), one JSON answer per line, so that
    run.ts can interleave PyTorch's repeats with miann's. The polyconvex check answers the
    gradient in the fixture layout (nested), the MIANN's flat."""
    cfg = json.loads(sys.stdin.readline())
    torch.set_default_dtype(torch.float64)
    if cfg.get("model", "miann") == "polyconvex":
        leaves, p = pc_unpack(cfg["params"])
        d = 6
        x = torch.tensor(cfg["x"], dtype=torch.float64).reshape(-1, d)
        w = torch.tensor(cfg["mask"], dtype=torch.float64).reshape(-1, d)
        # unknown targets come as null (NaN in miann); they are never read as numbers
        t = torch.tensor([0.0 if v is None else v for v in cfg["y"]], dtype=torch.float64).reshape(-1, d)
        sigma = torch.tensor(cfg["sigma"], dtype=torch.float64)
        kappa = torch.tensor(cfg["kappa"], dtype=torch.float64)
        delta = torch.tensor(cfg["delta"], dtype=torch.float64)
        layers = len(cfg["params"]["layers"])

        def check():
            loss, grad = pc_loss_and_grad(leaves, p, x, t, w, sigma, kappa, delta)
            return {"loss": loss.item(), "grad": pc_nested(grad, layers)}

        def gradient():
            return pc_loss_and_grad(leaves, p, x, t, w, sigma, kappa, delta)

        def stress_tangent():
            return pc_stress_and_tangent(p, x, kappa, delta)

    else:
        d, hidden = cfg["inputDim"], cfg["hidden"]
        flat = torch.tensor(cfg["params"], dtype=torch.float64)
        leaves, p = unpack(flat, d, hidden)
        x = torch.tensor(cfg["x"], dtype=torch.float64).reshape(-1, d)
        y = torch.tensor(cfg["y"], dtype=torch.float64).reshape(-1, d)
        sigma = torch.tensor(cfg["sigma"], dtype=torch.float64)
        zero = torch.zeros(1, d, dtype=torch.float64, requires_grad=True)

        def check():
            loss, grad = loss_and_grad(leaves, p, x, y, sigma, zero)
            return {"loss": loss.item(), "grad": torch.cat([g.reshape(-1) for g in grad]).tolist()}

        def gradient():
            return loss_and_grad(leaves, p, x, y, sigma, zero)

        def stress_tangent():
            return stress_and_tangent(p, x, zero)

    print(
        json.dumps(
            {
                "torch": torch.__version__,
                "blas": loaded_blas(),
                "interopThreads": torch.get_num_interop_threads(),
            }
        ),
        flush=True,
    )
    for line in sys.stdin:
        c = json.loads(line)
        if c["cmd"] == "exit":
            break
        # bench/run.ts keeps one server per thread count: the pools are set up once, not each call
        if torch.get_num_threads() != c.get("threads", 1):
            torch.set_num_threads(c.get("threads", 1))
        if c["cmd"] == "check":
            out = check()
        elif c["cmd"] == "gradient":
            out = {"ms": run_ms(gradient, c["repeats"], c.get("warmupMs", 0))}
        else:
            out = {"ms": run_ms(stress_tangent, c["repeats"], c.get("warmupMs", 0))}
        out["threads"] = torch.get_num_threads()
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
