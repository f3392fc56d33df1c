/**
 * The NumPy back-end's table: every operator as NumPy code. Every value is
 * a 2-D float array (a scalar is 1×1), so reductions return 1×1 arrays and
 * vectors keep their orientation.
 */
import { Prec } from "../../ops/precedence.js";
import type { Notation, PrintContext } from "../../ops/stanza.js";
import { type CodegenTable, code, dimArgs, shapeArgs } from "./table.js";
import { pythonSum, topLevel } from "./python-syntax.js";
import { genericCallable } from "./generic-callables.js";

/** f(x) as a 1×1 array, so every value stays 2-D. */
const scalar = (f: string): Notation => code.atom((c) => `np.array([[${f}(${c.bare(0)})]])`);

/** MATLAB's axis 1 (each column) is NumPy's axis 0; axis 2 (each row) is axis 1. */
const axisIndex = (c: PrintContext): number => c.node.attr.axis! - 1;
const axisOrNone = (c: PrintContext): string => (c.node.attr.axis === undefined ? "None" : String(axisIndex(c)));
const axisKeyword = (c: PrintContext): string => (c.node.attr.axis === undefined ? "" : `, axis=${axisIndex(c)}`);

export const NUMPY_TABLE: CodegenTable = {
  identity: code.atom((c) => `np.eye(${c.dim(c.node.attr.dims![0]!)})`),
  ones: code.atom((c) => `np.ones(${shapeArgs(c)})`),
  zeros: code.atom((c) => `np.zeros(${shapeArgs(c)})`),
  commutation: code.atom((c) => `_commutation(${dimArgs(c)})`),

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
  kron: code.call("np.kron"),
  transpose: code.atom((c) => `${c.arg(0, Prec.ATOM)}.T`),
  power: code.power(),
  matpow: code.atom((c) => `np.linalg.matrix_power(${c.bare(0)}, ${c.node.attr.k})`),
  hpow: code.power(),
  broadcast: code.atom((c) => `np.broadcast_to(${c.bare(0)}, ${shapeArgs(c)})`),

  exp: code.call("np.exp"),
  log: code.call("np.log"),
  sin: code.call("np.sin"),
  cos: code.call("np.cos"),
  tan: code.call("np.tan"),
  tanh: code.call("np.tanh"),
  sigmoid: code.call("_sigmoid"),
  relu: code.atom((c) => `np.maximum(${c.bare(0)}, 0.0)`),
  softplus: code.atom((c) => `np.logaddexp(0.0, ${c.bare(0)})`),
  sqrt: code.call("np.sqrt"),
  abs: code.call("np.abs"),
  step: code.atom((c) => `np.heaviside(${c.bare(0)}, 0.0)`),
  sign: code.call("np.sign"),

  sum: scalar("np.sum"),
  tr: scalar("np.trace"),
  diagEmbed: code.atom((c) => `np.diag(${c.arg(0, Prec.ATOM)}.ravel())`),
  diagExtract: code.atom((c) => `np.diag(${c.bare(0)}).reshape(-1, 1)`),
  vec: code.atom((c) => `${c.arg(0, Prec.ATOM)}.reshape(-1, 1, order="F")`),
  unvec: code.atom((c) => `${c.arg(0, Prec.ATOM)}.reshape(${shapeArgs(c)}, order="F")`),
  inv: code.call("np.linalg.inv"),
  adj: code.call("_adjugate"),
  det: scalar("np.linalg.det"),
  logdet: code.atom((c) => `np.array([[np.linalg.slogdet(${c.bare(0)})[1]]])`),
  norm2: scalar("np.linalg.norm"),
  norm1: code.atom((c) => `np.array([[np.sum(np.abs(${c.bare(0)}))]])`),
  softmax: code.atom((c) => (c.node.attr.axis === undefined ? `_softmax(${c.bare(0)})` : `_softmax_axis(${c.bare(0)}, ${axisIndex(c)})`)),
  logsumexp: code.atom((c) => (c.node.attr.axis === undefined ? `_logsumexp(${c.bare(0)})` : `_logsumexp_axis(${c.bare(0)}, ${axisIndex(c)})`)),

  erf: code.call("_erf"),
  gelu: code.call("_gelu"),
  normcdf: code.call("_normcdf"),
  normpdf: code.atom((c) => `np.exp(-0.5 * ${c.arg(0, Prec.ATOM)} ** 2) / np.sqrt(2.0 * np.pi)`),
  arcsin: code.call("np.arcsin"),
  arccos: code.call("np.arccos"),
  arctan: code.call("np.arctan"),
  sinh: code.call("np.sinh"),
  cosh: code.call("np.cosh"),
  log1p: code.call("np.log1p"),
  expm1: code.call("np.expm1"),
  sumAxis: code.atom((c) => `np.sum(${c.bare(0)}, axis=${axisIndex(c)}, keepdims=True)`),
  mean: code.atom((c) => `np.mean(${c.bare(0)}${axisKeyword(c)}).reshape(${shapeArgs(c)})`),
  max: code.atom((c) => `np.max(${c.bare(0)}${axisKeyword(c)}).reshape(${shapeArgs(c)})`),
  min: code.atom((c) => `np.min(${c.bare(0)}${axisKeyword(c)}).reshape(${shapeArgs(c)})`),
  isMax: code.atom((c) => `_extremum_mask(${c.bare(0)}, ${axisOrNone(c)}, np.argmax)`),
  isMin: code.atom((c) => `_extremum_mask(${c.bare(0)}, ${axisOrNone(c)}, np.argmin)`),
  dimSize: code.atom((c) => `float(${c.dim(c.node.attr.dims![0]!)})`),

  kronBlockSum: code.atom((c) => `_block_sum(${c.bare(0)}, ${c.bare(1)}, ${dimArgs(c)})`),
  kronBlockPair: code.atom((c) => `_block_pair(${c.bare(0)}, ${c.bare(1)}, ${dimArgs(c)})`),

  // Generic functions are the caller's: f, f_prime, f_second…; g (a float), grad_g (X's shape), hess_g ((mn)×(mn)).
  genericMap: code.atom((c) => `${genericCallable(c.node)}(${c.bare(0)})`),
  genericScalar: code.atom((c) => `np.array([[float(${genericCallable(c.node)}(${c.bare(0)}))]])`),
  genericGrad: code.atom((c) => `np.reshape(${genericCallable(c.node)}(${c.bare(0)}), ${shapeArgs(c)})`),
  genericHess: code.atom((c) => `np.reshape(${genericCallable(c.node)}(${c.bare(0)}), ${shapeArgs(c)})`),
};
