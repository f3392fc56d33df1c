/**
 * The PyTorch back-end's table: every operator as torch code on 2-D
 * tensors (a scalar is 1×1). Constants take the inputs' dtype and device
 * through `**_k`; every entry is differentiable by autograd where the
 * function is, and builds no Python branch on a tensor's value.
 */
import { Prec } from "../../ops/precedence.js";
import type { PrintContext } from "../../ops/stanza.js";
import { readsNoVariable } from "../../expr/traverse.js";
import { type CodegenTable, code, dimArgs } from "./table.js";
import { axisIndex, axisOrNone, commonEntries, reductions, reshapeArgs } from "./python-table.js";
import { genericLocal } from "./generic-callables.js";

/** Argument i as a tensor: a constant's float made one of the inputs' dtype and device (torch.sqrt(2.0) raises a TypeError). */
const tensorArg = (c: PrintContext, i: number): string => (readsNoVariable(c.node.args[i]!) ? `torch.as_tensor(${c.bare(i)}, **_k)` : c.bare(i));

/** f(args…) with every constant argument made a tensor. */
export const tensorCall = (f: string) => code.atom((c) => `${f}(${c.node.args.map((_, i) => tensorArg(c, i)).join(", ")})`);

const axisDim = (c: PrintContext): string => (c.node.attr.axis === undefined ? "" : `, ${axisIndex(c)}, keepdim=True`);

export const TORCH_TABLE: CodegenTable = {
  ...commonEntries("torch"),
  ...reductions("torch"),
  identity: code.atom((c) => `torch.eye(${c.dim(c.node.attr.dims![0]!)}, **_k)`),
  ones: code.atom((c) => `torch.ones(${reshapeArgs(c)}, **_k)`),
  zeros: code.atom((c) => `torch.zeros(${reshapeArgs(c)}, **_k)`),
  commutation: code.atom((c) => `_commutation(${dimArgs(c)}, **_k)`),
  // A number stretched is a filled tensor; a tensor stretched is a view (expand).
  broadcast: code.atom((c) =>
    c.node.args[0]!.kind === "num" ? `torch.full((${reshapeArgs(c)}), ${c.bare(0)}, **_k)` : `${c.arg(0, Prec.ATOM)}.expand(${reshapeArgs(c)})`),

  // A ⊗ B by broadcasting, (A ⊗ B)[i p + k, j q + l] = A[i, j] B[k, l]: torch.kron fails on some strided (transposed) arguments.
  kron: code.atom((c) => `(${c.arg(0, Prec.ATOM)}[:, None, :, None] * ${c.arg(1, Prec.ATOM)}[None, :, None, :]).reshape(${reshapeArgs(c)})`),
  sigmoid: tensorCall("torch.sigmoid"),
  relu: tensorCall("torch.relu"),
  // softplus(x) = x + log(1 + e^-x) returns x above the threshold: at 40 the term left out is below 1e-17.
  softplus: code.atom((c) => `torch.nn.functional.softplus(${tensorArg(c, 0)}, threshold=40.0)`),
  // φ(x) = exp(−x²/2) / √(2π), as commonEntries writes it, of a tensor.
  normpdf: { prec: Prec.PRODUCT, render: (c) => `torch.exp(-0.5 * ${readsNoVariable(c.node.args[0]!) ? tensorArg(c, 0) : c.arg(0, Prec.ATOM)} ** 2) / 2.5066282746310002` },
  step: tensorCall("_step"),
  softmax: code.atom((c) => (c.node.attr.axis === undefined
    ? `torch.softmax(${c.arg(0, Prec.ATOM)}.ravel(), 0).reshape(${reshapeArgs(c)})` : `torch.softmax(${c.bare(0)}, ${axisIndex(c)})`)),
  logsumexp: code.atom((c) => (c.node.attr.axis === undefined
    ? `torch.logsumexp(${c.arg(0, Prec.ATOM)}.ravel(), 0).reshape(1, 1)` : `torch.logsumexp(${c.bare(0)}, ${axisIndex(c)}, keepdim=True)`)),

  erf: tensorCall("torch.special.erf"),
  gelu: tensorCall("torch.nn.functional.gelu"),
  normcdf: tensorCall("torch.special.ndtr"),
  sumAxis: code.atom((c) => `torch.sum(${c.bare(0)}, ${axisIndex(c)}, keepdim=True)`),
  mean: code.atom((c) => `torch.mean(${c.bare(0)}${axisDim(c)}).reshape(${reshapeArgs(c)})`),
  max: code.atom((c) => `torch.amax(${c.bare(0)}${axisDim(c)}).reshape(${reshapeArgs(c)})`),
  min: code.atom((c) => `torch.amin(${c.bare(0)}${axisDim(c)}).reshape(${reshapeArgs(c)})`),
  isMax: code.atom((c) => `_extremum_mask(${c.bare(0)}, ${axisOrNone(c)}, torch.argmax)`),
  isMin: code.atom((c) => `_extremum_mask(${c.bare(0)}, ${axisOrNone(c)}, torch.argmin)`),

  genericScalar: code.atom((c) => `torch.as_tensor(${genericLocal(c.node)}(${c.bare(0)})).reshape(1, 1)`),
  genericGrad: code.atom((c) => `torch.as_tensor(${genericLocal(c.node)}(${c.bare(0)})).reshape(${reshapeArgs(c)})`),
  genericHess: code.atom((c) => `torch.as_tensor(${genericLocal(c.node)}(${c.bare(0)})).reshape(${reshapeArgs(c)})`),
};
