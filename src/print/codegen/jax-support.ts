/**
 * The JAX back-end: its table (jax.ts), the helpers its entries call, and
 * how inputs become arrays and the result is returned (an array; a 0-d
 * array for a 1×1 result). Everything is shape-static, so jax.jit compiles it.
 */
import type { Backend } from "./table.js";
import { JAX_TABLE } from "./jax.js";
import { RESERVED_NAMES } from "./python-syntax.js";
import { arrayIo, sharedHelpers } from "./python-table.js";

export const JAX_BACKEND: Backend = {
  table: JAX_TABLE,
  arrays: "jax arrays",
  returns: { scalar: "a 0-d array", matrix: "array" },
  namespace: "jnp",
  imports: ["import jax", "import jax.numpy as jnp"],
  multiDot: "jnp.linalg.multi_dot",
  helpers: [
    { name: "_extremum_mask", source: `def _extremum_mask(z, axis, pick):
    """1.0 at the first largest (argmax) or smallest (argmin) entry of each slice, else 0.0."""
    if axis is None:
        return jax.nn.one_hot(pick(z.ravel()), z.size, dtype=z.dtype).reshape(z.shape)
    return jnp.moveaxis(jax.nn.one_hot(pick(z, axis=axis), z.shape[axis], dtype=z.dtype), -1, axis)` },
    ...sharedHelpers("jnp", (size) => `jnp.eye(${size})`, (list) => `jnp.array(${list})`),
  ],
  arrayIo: arrayIo({
    what: "array",
    convert: `a = jnp.asarray(value)
    if not jnp.issubdtype(a.dtype, jnp.inexact):
        a = a.astype(float)`,
    result: `"""value as an array of the given shape; a 1×1 result as a 0-d array."""
    out = jnp.asarray(value)`,
    finish: "return out.reshape(()) if shape == (1, 1) else out",
  }),
  reserved: RESERVED_NAMES,
};
