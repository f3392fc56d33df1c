/**
 * What the Python back-ends (NumPy, PyTorch, JAX) spell alike: Python's
 * operators, the functions all three array modules name the same way, the
 * reshapes, and the helpers and input/result code written once over the
 * module's name (`np`, `torch`, `jnp`). Every value is a 2-D array (a scalar
 * is 1×1), so a product of a column and a matrix broadcasts as diag(v) X.
 */
import { Prec } from "../../ops/precedence.js";
import type { Notation, PrintContext } from "../../ops/stanza.js";
import { type CodegenTable, type Helper, code, dimArgs, shapeArgs } from "./table.js";
import { pythonSum, topLevel } from "./python-syntax.js";
import { genericLocal } from "./generic-callables.js";

/** MATLAB's axis 1 (each column) is the array modules' axis 0; axis 2 (each row) is axis 1. */
export const axisIndex = (c: PrintContext): number => c.node.attr.axis! - 1;
export const axisOrNone = (c: PrintContext): string => (c.node.attr.axis === undefined ? "None" : String(axisIndex(c)));

/** 2⁶², a power of two that every array module's matrix_power takes (PyTorch's exponent is a 64-bit integer). */
const POWER_STEP = 2n ** 62n;

/**
 * `base` to the integer power k, written with k's exact digits (1e22 is 10000000000000000000000; matrix_power refuses
 * a float). Past PyTorch's 64-bit exponents, k is split in base 2⁶²: X^(q·2⁶² + r) = X^r (X^(2⁶²))^q.
 */
function matrixPower(ns: string, base: string, k: bigint): string {
  if (k < 2n * POWER_STEP) return `${ns}.linalg.matrix_power(${base}, ${k})`;
  const high = matrixPower(ns, `${ns}.linalg.matrix_power(${base}, ${POWER_STEP})`, k / POWER_STEP);
  const rest = k % POWER_STEP;
  return rest === 0n ? high : `(${ns}.linalg.matrix_power(${base}, ${rest}) @ ${high})`;
}

/** The entries every Python back-end shares, for the array module `ns`. */
export function commonEntries(ns: string) {
  return {
    add: pythonSum,
    neg: { prec: Prec.UNARY, render: (c) => `-${c.arg(0, Prec.UNARY)}` },
    // A @ B; Python evaluates @ and * left to right, so a scaled right operand (s * B) keeps its parentheses.
    matmul: {
      prec: Prec.PRODUCT,
      render: (c) => {
        const right = c.operand(1);
        return `${c.operand(0)} @ ${topLevel(right, " * ") ? `(${right})` : right}`;
      },
    },
    scale: code.infix("*"),
    hadamard: code.infix("*"),
    hdiv: code.infix("/"),
    div: { prec: Prec.PRODUCT, render: (c) => `${c.operand(0)} / ${c.arg(1, Prec.POSTFIX)}` },
    kron: code.call(`${ns}.kron`),
    transpose: code.atom((c) => `${c.arg(0, Prec.ATOM)}.T`),
    power: code.power(),
    hpow: code.power(),
    matpow: code.atom((c) => matrixPower(ns, c.bare(0), BigInt(c.node.attr.k!))),
    // φ(x) = exp(−x²/2) / √(2π)
    normpdf: { prec: Prec.PRODUCT, render: (c) => `${ns}.exp(-0.5 * ${c.arg(0, Prec.ATOM)} ** 2) / 2.5066282746310002` },
    dimSize: code.atom((c) => `float(${c.dim(c.node.attr.dims![0]!)})`),
    // Generic functions are the caller's: f, f_prime, f_second…; g, grad_g (X's shape), hess_g ((mn)×(mn)).
    genericMap: code.atom((c) => `${genericLocal(c.node)}(${c.bare(0)})`),
    inv: code.call(`${ns}.linalg.inv`),
    adj: code.call("_adjugate"),
    diagEmbed: code.atom((c) => `${ns}.diag(${c.arg(0, Prec.ATOM)}.ravel())`),
    diagExtract: code.atom((c) => `${ns}.diag(${c.bare(0)}).reshape(-1, 1)`),
    // vec stacks columns: vec(X) is Xᵀ read row by row; unvec is its inverse.
    vec: code.atom((c) => `${c.arg(0, Prec.ATOM)}.T.reshape(-1, 1)`),
    unvec: code.atom((c) => `${c.arg(0, Prec.ATOM)}.reshape(${c.dim(c.node.shape.cols)}, ${c.dim(c.node.shape.rows)}).T`),
    kronBlockSum: code.atom((c) => `_block_sum(${c.bare(0)}, ${c.bare(1)}, ${dimArgs(c)})`),
    kronBlockPair: code.atom((c) => `_block_pair(${c.bare(0)}, ${c.bare(1)}, ${dimArgs(c)})`),
  } satisfies Partial<CodegenTable>;
}

/** f(x) reshaped to 1×1, for a module whose reductions return 0-d arrays. */
export const reduced = (f: (c: PrintContext) => string): Notation => code.atom((c) => `${f(c)}.reshape(1, 1)`);

/** The scalar reductions, for a module whose functions return 0-d values. */
export function reductions(ns: string) {
  return {
    sum: reduced((c) => `${ns}.sum(${c.bare(0)})`),
    tr: reduced((c) => `${ns}.trace(${c.bare(0)})`),
    det: reduced((c) => `${ns}.linalg.det(${c.bare(0)})`),
    logdet: reduced((c) => `${ns}.linalg.slogdet(${c.bare(0)})[1]`),
    norm2: reduced((c) => `${ns}.linalg.norm(${c.bare(0)})`),
    norm1: reduced((c) => `${ns}.sum(${ns}.abs(${c.bare(0)}))`),
  } satisfies Partial<CodegenTable>;
}

/** The node's shape as the arguments of reshape: rows, cols. */
export const reshapeArgs = (c: PrintContext): string => shapeArgs(c).slice(1, -1);

/**
 * The helpers every back-end shares, over its module `ns`. `eye` builds an
 * identity of a given size (PyTorch passes the inputs' dtype), `index` turns a
 * Python list into an index.
 */
export function sharedHelpers(ns: string, eye: (size: string) => string, index: (list: string) => string): Helper[] {
  return [
    { name: "_commutation", source: `def _commutation(m, n, **k):
    """K (mn×mn) with K @ vec(A) == vec(A.T) for A m×n, vec stacking columns."""
    # row j + i n of K picks vec(A)[i + j m] = A[i, j]
    return ${eye("m * n")}[${index("[r // n + (r % n) * m for r in range(m * n)]")}]` },
    { name: "_block_sum", source: `def _block_sum(G, A, p, q):
    """Σ_ij A[i, j] G_[ij], G_[ij] the (i, j) p×q block of G: the adjoint of A ⊗ dB."""
    m, n = A.shape
    return ${ns}.einsum("ij,ipjq->pq", A, G.reshape(m, p, n, q))` },
    { name: "_block_pair", source: `def _block_pair(G, B, m, n):
    """[<G_[ij], B>]_ij, G_[ij] the (i, j) block of G: the adjoint of dA ⊗ B."""
    p, q = B.shape
    return ${ns}.einsum("ipjq,pq->ij", G.reshape(m, p, n, q), B)` },
    { name: "_adjugate", source: `def _adjugate(x):
    """adj(X) = det(X) X⁻¹ by cofactors, so it is defined at a singular X: adj(X)[j, i] = (-1)^(i+j) det(X without row i and column j)."""
    n = x.shape[0]
    if n == 1:
        return ${ns}.ones((1, 1), dtype=x.dtype)
    keep = lambda k: ${index("[r for r in range(n) if r != k]")}
    return ${ns}.stack([${ns}.stack([(-1.0) ** (i + j) * ${ns}.linalg.det(x[keep(i)][:, keep(j)]) for i in range(n)]) for j in range(n)])` },
  ];
}

/**
 * `_as_matrix(name, value, dims)` and `_result(value, shape)` over a module:
 * `convert` makes `a` from `value`, `result` makes `out` from `value`, and
 * `finish` returns `out` (a float or a 0-d array for 1×1).
 */
/**
 * _as_matrix, _aligned and _result for an array library. `align`: the body of _aligned(arrays, inputs), which
 * may bring the arrays made from Python numbers to the dtype of those passed as arrays (by default it keeps them).
 */
export function arrayIo(o: { readonly what: string; readonly convert: string; readonly result: string; readonly finish: string; readonly align?: string }): string {
  return `def _aligned(arrays, inputs):
    """The inputs as read${o.align ? "; those given as Python numbers in the dtype and device of the first given as an array" : ""}."""
    ${o.align ?? "return arrays"}


def _as_matrix(name, value, dims):
    """value as a 2-D floating ${o.what}: a float → 1×1, a 1-D ${o.what} → the declared vector."""
    ${o.convert}
    if a.ndim == 0 or a.ndim == 1 and dims[1] == 1:
        a = a.reshape(-1, 1)
    elif a.ndim == 1 and dims[0] == 1:
        a = a.reshape(1, -1)
    elif a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D ${o.what} ({_shape_text(dims)}), not {a.ndim}-D")
    if a.shape[0] * a.shape[1] == 0:
        raise ValueError(f"{name} is empty")
    return a


def _result(value, shape):
    ${o.result}
    out = out.reshape(1, 1) if out.ndim == 0 else out
    if tuple(out.shape) != shape:
        raise RuntimeError(f"matdiff bug: the result is {tuple(out.shape)}, expected {shape}")
    ${o.finish}`;
}
