/**
 * Stanzas of the sized constants: the identity I, the ones 𝟏, the zero
 * matrix and the commutation matrix K (K vec(A) = vec(Aᵀ)). They have no
 * arguments, so their differential is zero; attr.dims gives their size.
 */
import * as M from "../kernels/mat.js";
import { type Dim, dimMul, dimValue, isOne } from "../shapes/dim.js";
import { isScalarShape } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import type { OpStanza, PrintContext } from "./stanza.js";
import { delta } from "./index-terms.js";


function subscript(c: PrintContext, dims: readonly Dim[], sep: string): string {
  const parts = dims.map((d) => c.dim(d));
  const body = parts.join(sep);
  return /^[A-Za-z0-9]+$/.test(body) ? `_${body}` : `_(${body})`;
}

export const identityStanza: OpStanza<"identity"> = {
  op: "identity",
  arity: 0,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![0]! }),
  differential: () => null,
  evaluate: (_a, n, sizes) => M.eye(dimValue(n.attr.dims![0]!, sizes)),
  // I_ij = δ_ij
  entry: (f) => (f.power === 1 ? { emit: [delta(f.i, f.j)] } : null),
  text: { prec: Prec.ATOM, render: (c) => `I${subscript(c, c.node.attr.dims!, "·")}` },
  latex: { prec: Prec.ATOM, render: (c) => `I_{${c.dim(c.node.attr.dims![0]!)}}` },
  sample: ({ n }) => ({ args: [], attr: { dims: [n] } }),
};

export const onesStanza: OpStanza<"ones"> = {
  op: "ones",
  arity: 0,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![1]! }),
  differential: () => null,
  evaluate: (_a, n, sizes) => M.ones(dimValue(n.shape.rows, sizes), dimValue(n.shape.cols, sizes)),
  // 𝟏_ij = 1
  entry: () => ({}),
  text: {
    prec: Prec.ATOM,
    render: (c) => `𝟏${isOne(c.node.shape.cols) ? subscript(c, [c.node.shape.rows], "") : subscript(c, [c.node.shape.rows, c.node.shape.cols], "×")}`,
  },
  latex: {
    prec: Prec.ATOM,
    render: (c) => `\\mathbf{1}_{${isOne(c.node.shape.cols) ? c.dim(c.node.shape.rows) : `${c.dim(c.node.shape.rows)}\\times ${c.dim(c.node.shape.cols)}`}}`,
  },
  sample: ({ m, n }) => ({ args: [], attr: { dims: [m, n] } }),
};

export const zerosStanza: OpStanza<"zeros"> = {
  op: "zeros",
  arity: 0,
  shape: (_a, attr) => ({ rows: attr.dims![0]!, cols: attr.dims![1]! }),
  differential: () => null,
  evaluate: (_a, n, sizes) => M.zeros(dimValue(n.shape.rows, sizes), dimValue(n.shape.cols, sizes)),
  text: {
    prec: Prec.ATOM,
    render: (c) => (isScalarShape(c.node.shape) ? "0" : `0${subscript(c, [c.node.shape.rows, c.node.shape.cols], "×")}`),
  },
  latex: {
    prec: Prec.ATOM,
    render: (c) => (isScalarShape(c.node.shape) ? "0" : `0_{${c.dim(c.node.shape.rows)}\\times ${c.dim(c.node.shape.cols)}}`),
  },
  sample: ({ m, n }) => ({ args: [], attr: { dims: [m, n] } }),
};

export const commutationStanza: OpStanza<"commutation"> = {
  op: "commutation",
  arity: 0,
  shape: (_a, attr) => {
    const n = dimMul(attr.dims![0]!, attr.dims![1]!);
    return { rows: n, cols: n };
  },
  differential: () => null,
  evaluate: (_a, n, sizes) => M.commutation(dimValue(n.attr.dims![0]!, sizes), dimValue(n.attr.dims![1]!, sizes)),
  text: { prec: Prec.ATOM, render: (c) => `K${subscript(c, c.node.attr.dims!, ",")}` },
  latex: { prec: Prec.ATOM, render: (c) => `K_{${c.dim(c.node.attr.dims![0]!)},${c.dim(c.node.attr.dims![1]!)}}` },
  sample: ({ m, n }) => ({ args: [], attr: { dims: [m, n] } }),
};

export const constantStanzas = { identity: identityStanza, ones: onesStanza, zeros: zerosStanza, commutation: commutationStanza } as const;
