/**
 * The NumPy back-end: its table (numpy.ts), the helpers its entries call,
 * and how inputs become arrays and the result is returned.
 */
import type { Backend, Helper } from "./table.js";
import { NUMPY_TABLE } from "./numpy.js";

const NUMPY_HELPERS: readonly Helper[] = [
  { name: "_sigmoid", source: `def _sigmoid(x):
    """1 / (1 + exp(-x)), elementwise, without overflow."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))` },
  { name: "_softmax", source: `def _softmax(z):
    """exp(z) / sum(exp(z)) for a column z."""
    e = np.exp(z - np.max(z))
    return e / np.sum(e)` },
  { name: "_logsumexp", source: `def _logsumexp(z):
    """log(sum(exp(z))) as a 1×1 array."""
    top = np.max(z)
    return np.array([[top + np.log(np.sum(np.exp(z - top)))]])` },
  // The axis operations and special functions (issue 10).
  { name: "_softmax_axis", source: `def _softmax_axis(z, axis):
    """exp(z) / sum(exp(z)) along one axis (0: each column, 1: each row)."""
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)` },
  { name: "_logsumexp_axis", source: `def _logsumexp_axis(z, axis):
    """log(sum(exp(z))) along one axis, kept 2-D."""
    top = np.max(z, axis=axis, keepdims=True)
    return top + np.log(np.sum(np.exp(z - top), axis=axis, keepdims=True))` },
  { name: "_extremum_mask", source: `def _extremum_mask(z, axis, pick):
    """1.0 at the first largest (np.argmax) or smallest (np.argmin) entry of each slice, else 0.0."""
    out = np.zeros(z.shape)
    if axis is None:
        out.flat[pick(z.ravel(order="C"))] = 1.0
    else:
        np.put_along_axis(out, np.expand_dims(pick(z, axis=axis), axis), 1.0, axis)
    return out` },
  { name: "_erf", source: `def _erf(x):
    """The error function, elementwise."""
    return np.vectorize(math.erf, otypes=[float])(x)` },
  { name: "_normcdf", source: `def _normcdf(x):
    """Phi(x) = (1 + erf(x / sqrt(2))) / 2, elementwise."""
    return 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))` },
  { name: "_gelu", source: `def _gelu(x):
    """x Phi(x), exactly (not the tanh approximation)."""
    return x * _normcdf(x)` },
  { name: "_adjugate", source: `def _adjugate(x):
    """adj(X) = det(X) X⁻¹, by cofactors, so it is defined at a singular X: adj(X)[j, i] = (-1)^(i+j) det(X without row i, column j)."""
    n = x.shape[0]
    if n == 1:
        return np.ones((1, 1))
    out = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            minor = np.delete(np.delete(x, i, axis=0), j, axis=1)
            out[j, i] = (-1.0) ** (i + j) * np.linalg.det(minor)
    return out` },
  { name: "_commutation", source: `def _commutation(m, n):
    """K (mn×mn) with K @ vec(A) == vec(A.T) for A m×n, vec stacking columns."""
    i, j = np.meshgrid(np.arange(m), np.arange(n), indexing="ij")
    k = np.zeros((m * n, m * n))
    # vec(A)[i + j m] = A[i, j] = vec(A.T)[j + i n]
    k[(j + i * n).ravel(), (i + j * m).ravel()] = 1.0
    return k` },
  { name: "_block_sum", source: `def _block_sum(G, A, p, q):
    """Σ_ij A[i, j] G_[ij], G_[ij] the (i, j) p×q block of G: the adjoint of A ⊗ dB."""
    m, n = A.shape
    return np.einsum("ij,ipjq->pq", A, G.reshape(m, p, n, q))` },
  { name: "_block_pair", source: `def _block_pair(G, B, m, n):
    """[<G_[ij], B>]_ij, G_[ij] the (i, j) block of G: the adjoint of dA ⊗ B."""
    p, q = B.shape
    return np.einsum("ipjq,pq->ij", G.reshape(m, p, n, q), B)` },
];

const NUMPY_ARRAY_IO = `def _as_matrix(name, value, dims):
    """value as a 2-D float array: a float → 1×1, a 1-D array → the declared vector."""
    a = np.asarray(value, dtype=float)
    if a.ndim == 0 or a.ndim == 1 and dims[1] == 1:
        a = a.reshape(-1, 1)
    elif a.ndim == 1 and dims[0] == 1:
        a = a.reshape(1, -1)
    elif a.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array ({_shape_text(dims)}), not {a.ndim}-D")
    if a.size == 0:
        raise ValueError(f"{name} is empty")
    return a


def _result(value, shape):
    """value as a float array of the given shape; a 1×1 result as a float."""
    out = np.array(value, dtype=float)
    out = out.reshape(1, 1) if out.ndim == 0 else out
    if out.shape != shape:
        raise RuntimeError(f"matdiff bug: the result is {out.shape}, expected {shape}")
    return float(out[0, 0]) if shape == (1, 1) else out`;

export const NUMPY_BACKEND: Backend = {
  table: NUMPY_TABLE,
  arrays: "numpy arrays",
  imports: ["import math", "", "import numpy as np"],
  helpers: NUMPY_HELPERS,
  arrayIo: NUMPY_ARRAY_IO,
  reserved: ["np"],
};
