/**
 * The NumPy back-end: its table (numpy.ts), the helpers its entries call,
 * and how inputs become arrays and the result is returned.
 */
import type { Backend, Helper } from "./table.js";
import { NUMPY_TABLE } from "./numpy.js";
import { MODULE_NAMES } from "./python-syntax.js";
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
  ...sharedHelpers("np", (size) => `np.eye(${size})`, (list) => list),
];

export const NUMPY_BACKEND: Backend = {
  table: NUMPY_TABLE,
  arrays: "numpy arrays",
  returns: { scalar: "a float", matrix: "array" },
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
  reserved: MODULE_NAMES,
};
