/**
 * The PyTorch back-end's table: every operator as torch code on 2-D
 * tensors (a scalar is 1×1). Constants take the inputs' dtype and device
 * through `**_k`; every entry is differentiable by autograd where the
 * function is, and builds no Python branch on a tensor's value.
 */
import { Prec } from "../../ops/precedence.js";
import { type CodegenTable, code, dimArgs } from "./table.js";
import { commonEntries, reductions, reshapeArgs } from "./python-table.js";

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
  sigmoid: code.call("torch.sigmoid"),
  relu: code.call("torch.relu"),
  // softplus(x) = x + log(1 + e^-x) returns x above the threshold: at 40 the term left out is below 1e-17.
  softplus: code.atom((c) => `torch.nn.functional.softplus(${c.bare(0)}, threshold=40.0)`),
  step: code.call("_step"),
  softmax: code.atom((c) => `torch.softmax(${c.arg(0, Prec.ATOM)}.ravel(), 0).reshape(${reshapeArgs(c)})`),
  logsumexp: code.atom((c) => `torch.logsumexp(${c.arg(0, Prec.ATOM)}.ravel(), 0).reshape(1, 1)`),
};
