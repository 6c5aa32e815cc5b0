"""PyTorch float64 MIANN trained to accuracy: the other side of the bench's time-to-accuracy row.

Written on its own (it does not use miann's code): an input-convex network of the strain,
N(x') = P(q)·z_L(x') + |A x'|², z_1 = φ(W1 x' + b1), z_l = φ(P(Q_l) z_{l-1} + b_l + S_l x'),
φ(a) = softplus(β² a)² / (2 β⁴), P(w) = softplus(α² w) / α² (positive weights), with the stress
s = (κ / D) (∇N(x') − ∇N(0)) of the scaled strain x' = x / D (D_k = max |x_k| over the training
rows, κ = max |s| over them). Loss: mean of ((s − t) / σ_k)² with σ_k the training rows' standard
deviation, as miann's. Adam on mini-batches (cosine learning rate), then full-batch L-BFGS with a
strong-Wolfe line search, until every stress component's test RMSE/σ is below the target or the
budget runs out. The clock stops while the test split is measured (after every Adam epoch and every
L-BFGS step): the seconds are training only.

usage: python3 bench/torch_train.py INPUT.json   (bench/run.ts writes it: strain, stress, split)
Prints one JSON object: seconds to the target (null if not reached), the test RMSE/σ then, and
the final ones.
"""

import json
import math
import sys
import time

import torch
import torch.nn.functional as F


class Miann(torch.nn.Module):
    def __init__(self, d, hidden, beta0, gen):
        super().__init__()

        def uniform(*shape, bound):
            return torch.nn.Parameter((torch.rand(*shape, generator=gen) * 2 - 1) * bound)

        def positive(rows, cols):
            # P(Q) ≈ 1 / cols: the sum over the previous layer stays of order one
            base = math.log(math.expm1(1.0 / cols))
            return torch.nn.Parameter(base + 0.1 * torch.randn(rows, cols, generator=gen))

        self.W1 = uniform(hidden[0], d, bound=1 / math.sqrt(d))
        self.b1 = torch.nn.Parameter(torch.zeros(hidden[0]))
        self.Q = torch.nn.ParameterList()
        self.b = torch.nn.ParameterList()
        self.S = torch.nn.ParameterList()
        for l in range(1, len(hidden)):
            self.Q.append(positive(hidden[l], hidden[l - 1]))
            self.b.append(torch.nn.Parameter(torch.zeros(hidden[l])))
            self.S.append(uniform(hidden[l], d, bound=1 / math.sqrt(d)))
        self.q = positive(1, hidden[-1])
        self.A = uniform(d, d, bound=0.1)
        self.alpha = torch.nn.Parameter(torch.ones(1))
        self.beta = torch.nn.Parameter(torch.full((1,), beta0))

    def potential(self, x):
        a2, b2 = self.alpha**2, self.beta**2

        def phi(a):
            return F.softplus(b2 * a, threshold=700) ** 2 / (2 * b2 * b2)

        def P(w):
            return F.softplus(a2 * w, threshold=700) / a2

        z = phi(x @ self.W1.T + self.b1)
        for Q, b, S in zip(self.Q, self.b, self.S):
            z = phi(z @ P(Q).T + b + x @ S.T)
        return (z @ P(self.q).T).squeeze(1) + ((x @ self.A.T) ** 2).sum(dim=1)

    def stress(self, xs, create_graph):
        """∇N(x') − ∇N(0) of scaled strains (the caller multiplies by κ / D)"""
        xs = xs.detach().requires_grad_(True)
        zero = torch.zeros(1, xs.shape[1], requires_grad=True)
        g = torch.autograd.grad(self.potential(xs).sum(), xs, create_graph=create_graph)[0]
        g0 = torch.autograd.grad(self.potential(zero).sum(), zero, create_graph=create_graph)[0]
        return g - g0


def main():
    cfg = json.load(open(sys.argv[1]))
    torch.set_default_dtype(torch.float64)
    torch.set_num_threads(cfg["threads"])
    gen = torch.Generator().manual_seed(cfg.get("seed", 1))
    d = cfg["inputDim"]
    X = torch.tensor(cfg["strain"]).reshape(-1, d)
    Y = torch.tensor(cfg["stress"]).reshape(-1, d)
    tr, te = torch.tensor(cfg["train"]), torch.tensor(cfg["test"])
    Xtr, Ytr, Xte, Yte = X[tr], Y[tr], X[te], Y[te]
    D = Xtr.abs().max(dim=0).values
    kappa = Ytr.abs().max()
    sigma = Ytr.std(dim=0, unbiased=False)
    model = Miann(d, cfg["hidden"], cfg.get("beta0", 3.0), gen)
    scale = kappa / D
    xtr, xte = Xtr / D, Xte / D

    def loss_on(xs, ys, create_graph=True):
        return ((((scale * model.stress(xs, create_graph)) - ys) / sigma) ** 2).mean()

    def test_rel_rmse():
        s = scale * model.stress(xte, False)
        return (((s.detach() - Yte) ** 2).mean(dim=0).sqrt() / sigma).tolist()

    target, budget = cfg["target"], cfg["budget"]
    batch, adam_epochs, lr = cfg["batch"], cfg["adamEpochs"], cfg["lr"]
    trained = 0.0
    reached = None
    state = {"rel": None}

    def measure():
        """test RMSE/σ now (off the clock); True once every component is below the target"""
        nonlocal reached
        rel = test_rel_rmse()
        state["rel"] = rel
        if reached is None and max(rel) < target:
            reached = {"seconds": trained, "testRelRmse": rel}
        return reached is not None

    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=adam_epochs, eta_min=lr / 100)
    n = xtr.shape[0]
    epochs = 0
    for epoch in range(adam_epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(n, generator=gen)
        for start in range(0, n, batch):
            idx = perm[start : start + batch]
            opt.zero_grad()
            loss = loss_on(xtr[idx], Ytr[idx])
            loss.backward()
            opt.step()
        sched.step()
        trained += time.perf_counter() - t0
        epochs += 1
        if measure() or trained > budget:
            break
    iterations = 0
    if reached is None and trained <= budget:
        lbfgs = torch.optim.LBFGS(
            model.parameters(), lr=1, max_iter=1, history_size=10, line_search_fn="strong_wolfe"
        )

        def closure():
            lbfgs.zero_grad()
            loss = loss_on(xtr, Ytr)
            loss.backward()
            return loss

        while trained <= budget:
            t0 = time.perf_counter()
            lbfgs.step(closure)
            trained += time.perf_counter() - t0
            iterations += 1
            if measure():
                break
    print(
        json.dumps(
            {
                "threads": torch.get_num_threads(),
                "torch": torch.__version__,
                "seconds": reached["seconds"] if reached else None,
                "testRelRmseAtTarget": reached["testRelRmse"] if reached else None,
                "finalTestRelRmse": state["rel"],
                "adamEpochs": epochs,
                "lbfgsIterations": iterations,
                "trainedSeconds": trained,
            }
        )
    )


if __name__ == "__main__":
    main()
