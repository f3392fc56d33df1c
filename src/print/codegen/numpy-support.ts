/**
 * The NumPy back-end: its table (numpy.ts), the helpers its entries call,
 * and how inputs become arrays and the result is returned.
 */
import type { Backend, Helper } from "./table.js";
import { NUMPY_TABLE } from "./numpy.js";
import { RESERVED_NAMES } from "./python-syntax.js";
import { arrayIo, sharedHelpers } from "./python-table.js";

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
  ...sharedHelpers("np", (size) => `np.eye(${size})`, (list) => list),
];

export const NUMPY_BACKEND: Backend = {
  table: NUMPY_TABLE,
  arrays: "numpy arrays",
  returns: { scalar: "a float", matrix: "array" },
  namespace: "np",
  imports: ["import numpy as np"],
  multiDot: "np.linalg.multi_dot",
  helpers: NUMPY_HELPERS,
  arrayIo: arrayIo({
    what: "array",
    convert: "a = np.asarray(value, dtype=float)",
    result: `"""value as a float array of the given shape, never a view of an input; a 1×1 result as a float."""
    out = np.asarray(value, dtype=float)
    if not (out.flags.owndata and out.flags.writeable):
        out = out.copy()`,
    finish: "return float(out[0, 0]) if shape == (1, 1) else out",
  }),
  reserved: RESERVED_NAMES,
};
