"""Runs emitted matdiff modules under one framework (numpy, torch or jax).

usage: python3 frameworks.py FRAMEWORK cases.json out.json

Each case: {id, code, kwargs (2-D lists), wrt, form, grad_name, order, jit}. For each
it records derivative(**kwargs) and value_and_derivative(**kwargs), and the
framework's own autodiff of the emitted value function y(X): in the
differential form the JVP along d<wrt>, in the grad form the gradient of
<G, y(X)>, with --order 2 the Hessian. Under jax it also runs derivative through
jax.jit when the case asks (compiling takes a fifth of a second); under torch it back-propagates through derivative() with autograd.
"""
import json
import os
import sys

import numpy as np

framework, cases_path, out_path = sys.argv[1:4]
if framework == "torch":
    import torch
    import torch.func

    torch.set_default_dtype(torch.float64)
    array = lambda x: torch.tensor(x, dtype=torch.float64)
    to_numpy = lambda t: t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    jvp = lambda f, x, dx: torch.func.jvp(f, (x,), (dx,))[1]
    grad = lambda f, x: torch.func.grad(f)(x)
    hessian = lambda f, x: torch.func.hessian(f)(x)
elif framework == "jax":
    # The cases are tiny: XLA's cheapest compilation keeps the many small compiles of eager jax quick.
    os.environ.setdefault("XLA_FLAGS", "--xla_backend_optimization_level=0 --xla_llvm_disable_expensive_passes=true")
    import jax

    jax.config.update("jax_enable_x64", True)
    import jax.numpy as jnp

    array = lambda x: jnp.array(x, dtype=jnp.float64)
    to_numpy = np.asarray
    jvp = lambda f, x, dx: jax.jvp(f, (x,), (dx,))[1]
    grad = lambda f, x: jax.grad(f)(x)
    hessian = lambda f, x: jax.hessian(f)(x)
else:
    array = lambda x: np.array(x, dtype=float)
    to_numpy = np.asarray


def encode(r):
    if isinstance(r, dict):
        return {"dict": {k: encode(v) for k, v in r.items()}}
    if isinstance(r, float):
        return {"kind": "float", "ndim": 0, "data": [[r]]}
    a = to_numpy(r)
    data = a.reshape(1, 1) if a.ndim == 0 else a
    rows = [[x if np.isfinite(x) else str(x) for x in row] for row in data.tolist()] if data.ndim == 2 else str(a)
    return {"kind": type(r).__module__.split(".")[0], "ndim": int(a.ndim), "dtype": str(a.dtype), "data": rows}


def autodiff(case, ns, kw):
    """What the framework's own autodiff says each result is, or None."""
    value = lambda name: lambda x: ns["value_and_derivative"](**{**kw, name: x})[0]
    out = {}
    for name in case["wrt"]:
        x = kw[name]
        if case["order"] == 2:
            h = hessian(value(name), x)
            out[name] = h.reshape(x.shape[0] * x.shape[1], x.shape[0] * x.shape[1])
        elif case["form"] == "differential":
            out[name] = jvp(value(name), x, kw["d" + name])
        elif case["form"] == "grad":
            g = kw[case["grad_name"]]
            out[name] = grad(lambda x, f=value(name): (g * f(x)).sum(), x)
        else:
            return None
    return out if len(out) > 1 else out[case["wrt"][0]]


def run(case):
    ns = {}
    exec(compile(case["code"], case["id"], "exec"), ns)
    kw = {k: array(v) for k, v in case["kwargs"].items()}
    result = {"derivative": encode(ns["derivative"](**kw))}
    y, d = ns["value_and_derivative"](**kw)
    result["value"], result["value_derivative"] = encode(y), encode(d)
    if framework != "numpy":
        auto = autodiff(case, ns, kw)
        if auto is not None:
            result["autodiff"] = encode(auto)
    if framework == "jax" and case["jit"]:
        result["jit"] = encode(jax.jit(lambda **k: ns["derivative"](**k))(**kw))
    if framework == "torch":
        leaves = {k: v.clone().requires_grad_(True) for k, v in kw.items()}
        d = ns["derivative"](**leaves)
        total = sum(v.sum() for v in d.values()) if isinstance(d, dict) else d.sum()
        if total.requires_grad:
            grads = torch.autograd.grad(total, list(leaves.values()), allow_unused=True)
            result["autograd"] = "finite" if all(g is None or bool(torch.isfinite(g).all()) for g in grads) else "not finite"
        else:
            result["autograd"] = "constant"
    return result


out = {}
for case in json.load(open(cases_path)):
    try:
        out[case["id"]] = run(case)
    except Exception as e:
        out[case["id"]] = {"error": type(e).__name__, "message": str(e)}
json.dump(out, open(out_path, "w"))
