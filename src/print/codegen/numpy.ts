/**
 * The NumPy back-end's table: every operator as NumPy code. Every value is
 * a 2-D float array (a scalar is 1×1), so reductions return 1×1 arrays and
 * vectors keep their orientation.
 */
import type { Notation, PrintContext } from "../../ops/stanza.js";
import { type CodegenTable, code, dimArgs, shapeArgs } from "./table.js";
import { genericLocal } from "./generic-callables.js";
import { axisIndex, axisOrNone, commonEntries } from "./python-table.js";

/** f(x) as a 1×1 array, so every value stays 2-D. */
const scalar = (f: string): Notation => code.atom((c) => `np.array([[${f}(${c.bare(0)})]])`);

const axisKeyword = (c: PrintContext): string => (c.node.attr.axis === undefined ? "" : `, axis=${axisIndex(c)}`);

export const NUMPY_TABLE: CodegenTable = {
  ...commonEntries("np"),
  identity: code.atom((c) => `np.eye(${c.dim(c.node.attr.dims![0]!)})`),
  ones: code.atom((c) => `np.ones(${shapeArgs(c)})`),
  zeros: code.atom((c) => `np.zeros(${shapeArgs(c)})`),
  commutation: code.atom((c) => `_commutation(${dimArgs(c)})`),

  broadcast: code.atom((c) => `np.broadcast_to(${c.bare(0)}, ${shapeArgs(c)})`),

  sigmoid: code.call("_sigmoid"),
  relu: code.atom((c) => `np.maximum(${c.bare(0)}, 0.0)`),
  softplus: code.atom((c) => `np.logaddexp(0.0, ${c.bare(0)})`),
  step: code.atom((c) => `np.heaviside(${c.bare(0)}, 0.0)`),

  sum: scalar("np.sum"),
  tr: scalar("np.trace"),
  det: scalar("np.linalg.det"),
  logdet: code.atom((c) => `np.array([[np.linalg.slogdet(${c.bare(0)})[1]]])`),
  norm2: scalar("np.linalg.norm"),
  norm1: code.atom((c) => `np.array([[np.sum(np.abs(${c.bare(0)}))]])`),
  softmax: code.atom((c) => (c.node.attr.axis === undefined ? `_softmax(${c.bare(0)})` : `_softmax_axis(${c.bare(0)}, ${axisIndex(c)})`)),
  logsumexp: code.atom((c) => (c.node.attr.axis === undefined ? `_logsumexp(${c.bare(0)})` : `_logsumexp_axis(${c.bare(0)}, ${axisIndex(c)})`)),

  erf: code.call("_erf"),
  gelu: code.call("_gelu"),
  normcdf: code.call("_normcdf"),
  sumAxis: code.atom((c) => `np.sum(${c.bare(0)}, axis=${axisIndex(c)}, keepdims=True)`),
  mean: code.atom((c) => `np.mean(${c.bare(0)}${axisKeyword(c)}).reshape(${shapeArgs(c)})`),
  max: code.atom((c) => `np.max(${c.bare(0)}${axisKeyword(c)}).reshape(${shapeArgs(c)})`),
  min: code.atom((c) => `np.min(${c.bare(0)}${axisKeyword(c)}).reshape(${shapeArgs(c)})`),
  isMax: code.atom((c) => `_extremum_mask(${c.bare(0)}, ${axisOrNone(c)}, np.argmax)`),
  isMin: code.atom((c) => `_extremum_mask(${c.bare(0)}, ${axisOrNone(c)}, np.argmin)`),

  genericScalar: code.atom((c) => `np.array([[float(${genericLocal(c.node)}(${c.bare(0)}))]])`),
  genericGrad: code.atom((c) => `np.reshape(${genericLocal(c.node)}(${c.bare(0)}), ${shapeArgs(c)})`),
  genericHess: code.atom((c) => `np.reshape(${genericLocal(c.node)}(${c.bare(0)}), ${shapeArgs(c)})`),
};
