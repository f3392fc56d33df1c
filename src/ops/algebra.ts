/**
 * The algebra every product-like and linear operator shares, written once
 * (in the spirit of JAX's deflinear and defbilinear):
 *
 *   linear f:     d f(A) = f(dA)                       (each argument's part, summed)
 *   bilinear ∘:   d(A ∘ B) = dA ∘ B + A ∘ dB
 *
 * A stanza built by these gives only what is particular to it: its adjoint
 * and vec rule per argument (one line each), its evaluator and notation.
 */
import type { Expr, OpNode } from "../expr/node.js";
import type { OpName } from "../expr/names.js";
import type { OpStanza } from "./stanza.js";
import { onLinear, plus, plusAll } from "./make.js";

/** The node's operator applied to other arguments, with the same attributes. */
export const rebuild = (n: OpNode, args: readonly Expr[]): Expr => n.graph.op(n.op, args, n.attr);

type Given<K extends OpName> = Omit<OpStanza<K>, "differential" | "linear" | "bilinear" | "zeroWhen">;

/**
 * A linear operator. `part` is f with dA in place of argument i and zero
 * elsewhere (the default, for one argument, is f(dA)); adjoint and vec are required.
 */
export function linear<K extends OpName>(
  spec: Given<K> & Required<Pick<OpStanza<K>, "adjoint" | "vecJacobian">> & { readonly part?: (n: OpNode, i: number, d: Expr) => Expr },
): OpStanza<K> {
  const part = spec.part ?? ((n: OpNode, _i: number, d: Expr) => rebuild(n, [d]));
  const sparse = (n: OpNode, varying: readonly (readonly [number, Expr])[]): Expr | null => plusAll(varying.map(([i, d]) => part(n, i, d)));
  return withFields<OpStanza<K>>(spec, ["part"], {
    linear: true,
    zeroWhen: "all",
    // d f(A₁, …, Aₖ) = Σᵢ f(0, …, dAᵢ, …, 0), over the varying Aᵢ only
    differential: (n, ds) => sparse(n, ds.flatMap((d, i) => (d === null ? [] : [[i, d] as const]))),
    sparseDifferential: sparse,
  });
}

/** One side of a bilinear operator: the adjoint and vec rule for that argument. */
export interface Side {
  /** The cotangent reaching this argument: ⟨ct, node⟩ = ⟨adjoint, arg⟩. */
  readonly adjoint: (n: OpNode, ct: Expr) => Expr;
  /** M·J with vec(node) = M J vec(dX) when vec(arg) = J vec(dX). */
  readonly vec: (n: OpNode, j: Expr) => Expr;
}

/** A bilinear operator A ∘ B, from its two side rules. */
export function bilinear<K extends OpName>(
  spec: Omit<Given<K>, "arity" | "adjoint" | "vecJacobian"> & { readonly left: Side; readonly right: Side },
): OpStanza<K> {
  const sides = [spec.left, spec.right] as const;
  return withFields<OpStanza<K>>(spec, ["left", "right"], {
    arity: 2,
    bilinear: true,
    zeroWhen: "any",
    // d(A ∘ B) = dA ∘ B + A ∘ dB
    differential: (n, [da, db]) => {
      const [a, b] = n.args as [Expr, Expr];
      return plus(onLinear(da!, (d) => rebuild(n, [d, b])), onLinear(db!, (d) => rebuild(n, [a, d])));
    },
    adjoint: (n, i, ct) => sides[i]!.adjoint(n, ct),
    vecJacobian: (n, i, j) => sides[i]!.vec(n, j),
  });
}

/**
 * `spec`'s fields but those named in `omit`, then `fields`, copied one by one into a new object. Object rest and
 * then spread give the same fields but copy the spec twice, a rest object and then the stanza; copied once, the
 * stanzas made at every start allocate about 8 KB less (see README, Start-up).
 */
function withFields<T>(spec: object, omit: readonly string[], fields: Partial<T>): T {
  const out: Record<string, unknown> = {};
  for (const key in spec) if (!omit.includes(key)) out[key] = (spec as Record<string, unknown>)[key];
  for (const key in fields) out[key] = fields[key];
  return out as T;
}
