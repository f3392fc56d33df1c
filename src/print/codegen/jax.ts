/**
 * The JAX back-end's table: every operator as jax.numpy code on 2-D arrays
 * (a scalar is 1×1). Sizes are Python integers bound from the inputs'
 * shapes, which jax.jit traces as static, so the code compiles under jit
 * and differentiates under jax.grad wherever the function does.
 */
import { Prec } from "../../ops/precedence.js";
import type { PrintContext } from "../../ops/stanza.js";
import { type CodegenTable, code, dimArgs, shapeArgs } from "./table.js";
import { axisIndex, axisOrNone, commonEntries, reductions, reshapeArgs } from "./python-table.js";
import { genericLocal } from "./generic-callables.js";

const axisKeyword = (c: PrintContext): string => (c.node.attr.axis === undefined ? "" : `, axis=${axisIndex(c)}, keepdims=True`);

export const JAX_TABLE: CodegenTable = {
  ...commonEntries("jnp"),
  ...reductions("jnp"),
  identity: code.atom((c) => `jnp.eye(${c.dim(c.node.attr.dims![0]!)})`),
  ones: code.atom((c) => `jnp.ones(${shapeArgs(c)})`),
  zeros: code.atom((c) => `jnp.zeros(${shapeArgs(c)})`),
  commutation: code.atom((c) => `_commutation(${dimArgs(c)})`),
  broadcast: code.atom((c) => `jnp.broadcast_to(${c.bare(0)}, ${shapeArgs(c)})`),

  sigmoid: code.call("jax.nn.sigmoid"),
  relu: code.call("jax.nn.relu"),
  softplus: code.call("jax.nn.softplus"),
  step: code.atom((c) => `jnp.heaviside(${c.bare(0)}, 0.0)`),
  softmax: code.atom((c) => (c.node.attr.axis === undefined
    ? `jax.nn.softmax(${c.arg(0, Prec.ATOM)}.ravel()).reshape(${reshapeArgs(c)})` : `jax.nn.softmax(${c.bare(0)}, axis=${axisIndex(c)})`)),
  logsumexp: code.atom((c) => (c.node.attr.axis === undefined
    ? `jax.nn.logsumexp(${c.bare(0)}).reshape(1, 1)` : `jax.nn.logsumexp(${c.bare(0)}, axis=${axisIndex(c)}, keepdims=True)`)),

  erf: code.call("jax.lax.erf"),
  gelu: code.atom((c) => `jax.nn.gelu(${c.bare(0)}, approximate=False)`),
  // Φ(x) = (1 + erf(x / √2)) / 2
  normcdf: { prec: Prec.PRODUCT, render: (c) => `0.5 * (1.0 + jax.lax.erf(${c.arg(0, Prec.POSTFIX)} / 1.4142135623730951))` },
  sumAxis: code.atom((c) => `jnp.sum(${c.bare(0)}, axis=${axisIndex(c)}, keepdims=True)`),
  mean: code.atom((c) => `jnp.mean(${c.bare(0)}${axisKeyword(c)}).reshape(${reshapeArgs(c)})`),
  max: code.atom((c) => `jnp.max(${c.bare(0)}${axisKeyword(c)}).reshape(${reshapeArgs(c)})`),
  min: code.atom((c) => `jnp.min(${c.bare(0)}${axisKeyword(c)}).reshape(${reshapeArgs(c)})`),
  isMax: code.atom((c) => `_extremum_mask(${c.bare(0)}, ${axisOrNone(c)}, jnp.argmax)`),
  isMin: code.atom((c) => `_extremum_mask(${c.bare(0)}, ${axisOrNone(c)}, jnp.argmin)`),

  genericScalar: code.atom((c) => `jnp.reshape(${genericLocal(c.node)}(${c.bare(0)}), (1, 1))`),
  genericGrad: code.atom((c) => `jnp.reshape(${genericLocal(c.node)}(${c.bare(0)}), ${shapeArgs(c)})`),
  genericHess: code.atom((c) => `jnp.reshape(${genericLocal(c.node)}(${c.bare(0)}), ${shapeArgs(c)})`),
};
