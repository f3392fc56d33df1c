/**
 * The JAX back-end's table: every operator as jax.numpy code on 2-D arrays
 * (a scalar is 1×1). Sizes are Python integers bound from the inputs'
 * shapes, which jax.jit traces as static, so the code compiles under jit
 * and differentiates under jax.grad wherever the function does.
 */
import { Prec } from "../../ops/precedence.js";
import { type CodegenTable, code, dimArgs, shapeArgs } from "./table.js";
import { commonEntries, reductions, reshapeArgs } from "./python-table.js";

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
  softmax: code.atom((c) => `jax.nn.softmax(${c.arg(0, Prec.ATOM)}.ravel()).reshape(${reshapeArgs(c)})`),
  logsumexp: code.atom((c) => `jax.nn.logsumexp(${c.bare(0)}).reshape(1, 1)`),
};
