"""Times matdiff's emitted code against hand-written closed forms and autodiff (see bench-code.js).

Every timing is the best of several runs after a warm-up (which also compiles
under jax.jit); float64 throughout. Ratios: generated / hand-written (want
<= 1.2) and generated / autodiff (want < 1 for the Hessians).
"""
import json
import os
import sys
import inspect
import time

import numpy as np

spec = json.load(open(sys.argv[1]))
rng = np.random.default_rng(13)


def best(f, runs=5, sync=lambda r: r):
    t0 = time.perf_counter()
    sync(f())
    first = time.perf_counter() - t0
    if first > 5.0:
        # a call this slow (torch.func.hessian at n = 2048) is timed once: it is already the slower side
        return first
    ts = []
    for _ in range(runs):
        t0 = time.perf_counter()
        sync(f())
        ts.append(time.perf_counter() - t0)
    return min(ts)


def inputs(case, n):
    if case in ("logistic", "softplus"):
        return {"X": rng.standard_normal((n, n)) / np.sqrt(n), "y": np.sign(rng.standard_normal((n, 1))), "w": rng.standard_normal((n, 1))}
    if case == "mlp":
        return {"W1": rng.standard_normal((n, n)) / np.sqrt(n), "x": rng.standard_normal((n, 1)), "b1": rng.standard_normal((n, 1)),
                "W2": rng.standard_normal((n, n)) / np.sqrt(n), "t": rng.standard_normal((n, 1))}
    return {"A": rng.standard_normal((n, n)), "x": rng.standard_normal((n, 1))}


def load(code):
    ns = {}
    exec(compile(code, "<matdiff>", "exec"), ns)
    f = ns["derivative"]
    params = inspect.signature(f).parameters
    if any(p.kind == p.VAR_KEYWORD for p in params.values()):
        return f
    # a --bare function takes only the names it reads
    return lambda **kw: f(**{k: v for k, v in kw.items() if k in params})


def frameworks():
    """name → (array maker, sync, module xp, sigmoid, tanh, autodiff maker, jit)"""
    import torch
    import torch.func

    torch.set_num_threads(os.cpu_count())
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    return {
        "numpy": dict(array=np.asarray, sync=lambda r: r, xp=np, sigmoid=lambda z: 1 / (1 + np.exp(-z)), jit=lambda f: f, autodiff=None),
        "torch": dict(array=lambda a: torch.tensor(a, dtype=torch.float64), sync=lambda r: r, xp=torch, sigmoid=torch.sigmoid, jit=lambda f: f,
                      autodiff=dict(hessian=torch.func.hessian, grad=torch.func.grad)),
        "jax": dict(array=lambda a: jnp.asarray(a, dtype=jnp.float64), sync=lambda r: jax.block_until_ready(r), xp=jnp, sigmoid=jax.nn.sigmoid, jit=jax.jit,
                    autodiff=dict(hessian=jax.hessian, grad=jax.grad)),
    }


def hand(case, fw):
    """The closed form, written as a practitioner would."""
    xp, sigmoid = fw["xp"], fw["sigmoid"]
    if case in ("logistic", "softplus"):
        def h(X, y, w):
            s = sigmoid(y * (X @ w))
            return X.T @ ((y * y * s * (1 - s)) * X)
        return h
    if case == "mlp":
        def g(W1, x, b1, W2, t):
            a = xp.tanh(W1 @ x + b1)
            return ((W2.T @ (2.0 * (W2 @ a - t))) * (1 - a * a)) @ x.T
        return g
    return lambda A, x: A + A.T


def objective(case, fw, kw):
    """The scalar function of the variable being differentiated, for autodiff, and that variable's name."""
    xp = fw["xp"]
    if case == "logistic":
        return (lambda w: xp.sum(xp.log(1 + xp.exp(-kw["y"] * (kw["X"] @ w))))), "w"
    if case == "softplus":
        sp = (lambda z: xp.logaddexp(z, xp.zeros_like(z)))
        return (lambda w: xp.sum(sp(-kw["y"] * (kw["X"] @ w)))), "w"
    if case == "mlp":
        return (lambda W1: xp.sum((kw["W2"] @ xp.tanh(W1 @ kw["x"] + kw["b1"]) - kw["t"]) ** 2)), "W1"
    return (lambda x: (x.T @ kw["A"] @ x).reshape(())), "x"


def main():
    fws = frameworks()
    rows = []
    print("matdiff bench:code — best of 5, float64; ratio = generated / hand-written, and generated / autodiff", flush=True)
    for case in spec["cases"]:
        cid = case["id"]
        for n in spec["sizes"]:
            raw = inputs(cid, n)
            row = {"case": cid, "n": n}
            for name, fw in fws.items():
                kw = {k: fw["array"](v) for k, v in raw.items()}
                generated = fw["jit"](load(spec["modules"][cid][name]))
                written = fw["jit"](hand(cid, fw))
                t_gen = best(lambda: generated(**kw), sync=fw["sync"])
                t_hand = best(lambda: written(**kw), sync=fw["sync"])
                row[name] = {"generated": t_gen, "hand": t_hand}
                if fw["autodiff"]:
                    f, var = objective(cid, fw, kw)
                    kind = "hessian" if case["order"] == 2 else "grad"
                    auto = fw["jit"](fw["autodiff"][kind](f))
                    row[name]["autodiff"] = best(lambda: auto(kw[var]), sync=fw["sync"], runs=3)
            rows.append(row)
            cells = []
            for name in fws:
                r = row[name]
                cell = f"{name} {r['generated'] * 1e3:8.2f} ms ×{r['generated'] / r['hand']:.2f} hand"
                if "autodiff" in r:
                    cell += f" ×{r['generated'] / r['autodiff']:.2f} autodiff"
                cells.append(cell)
            print(f"{cid:10} n={n:<5} " + " | ".join(cells), flush=True)
    import torch
    import jax

    print(f"\nversions: python {sys.version.split()[0]}, numpy {np.__version__}, torch {torch.__version__}, jax {jax.__version__}, cpus {os.cpu_count()}")
    print("\n| case | n | NumPy / hand | PyTorch / hand | JAX / hand | PyTorch / torch.func | JAX / jax (jit) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        ratio = lambda fw, key: f"{r[fw]['generated'] / r[fw][key]:.2f}×"
        print(f"| {r['case']} | {r['n']} | {ratio('numpy', 'hand')} | {ratio('torch', 'hand')} | {ratio('jax', 'hand')} | {ratio('torch', 'autodiff')} | {ratio('jax', 'autodiff')} |")


main()
