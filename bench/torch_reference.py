"""PyTorch float64 baseline for `npm run bench` (bench/run.ts drives it).

The same network as miann (docs/theory.md, section "The input-convex network"), the same
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


def run_ms(fn, repeats):
    """wall milliseconds of each of `repeats` calls"""
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
    """Serves bench/run.ts: the first stdin line is the problem; then one JSON command per line
    ({"cmd": "check" | "gradient" | "stress+tangent" | "exit", "threads": t, "repeats": r}), one JSON
    answer per line, so that run.ts can interleave PyTorch's repeats with miann's."""
    cfg = json.loads(sys.stdin.readline())
    torch.set_default_dtype(torch.float64)
    d, hidden = cfg["inputDim"], cfg["hidden"]
    flat = torch.tensor(cfg["params"], dtype=torch.float64)
    leaves, p = unpack(flat, d, hidden)
    x = torch.tensor(cfg["x"], dtype=torch.float64).reshape(-1, d)
    y = torch.tensor(cfg["y"], dtype=torch.float64).reshape(-1, d)
    sigma = torch.tensor(cfg["sigma"], dtype=torch.float64)
    zero = torch.zeros(1, d, dtype=torch.float64, requires_grad=True)
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
        torch.set_num_threads(c.get("threads", 1))
        if c["cmd"] == "check":
            loss, grad = loss_and_grad(leaves, p, x, y, sigma, zero)
            out = {"loss": loss.item(), "grad": torch.cat([g.reshape(-1) for g in grad]).tolist()}
        elif c["cmd"] == "gradient":
            out = {"ms": run_ms(lambda: loss_and_grad(leaves, p, x, y, sigma, zero), c["repeats"])}
        else:
            out = {"ms": run_ms(lambda: stress_and_tangent(p, x, zero), c["repeats"])}
        out["threads"] = torch.get_num_threads()
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
