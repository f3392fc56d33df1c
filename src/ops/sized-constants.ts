/**
 * Constants written with their sizes, as matdiff prints them and as
 * matrixcalculus.org spells them: I(n) and eye(n) (the identity), ones(m, n)
 * and ones(n), zeros(m, n), K(m, n) (the commutation matrix, K vec(A) =
 * vec(Aᵀ) for A m×n); vector(c) and matrix(c), a column or a matrix whose
 * every entry is the number c, sized by where they stand.
 */
import type { Expr, Graph } from "../expr/node.js";
import { type Dim, ONE, dimMul } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import type { Unifier } from "../shapes/unify.js";
import { type CallSite, type SurfaceFunction, callError } from "./surface.js";
import { commutation, constant, identity, ones, zeros } from "./make.js";

/** Argument i as a size: a dimension name or a positive integer. */
function size(site: CallSite, i: number): Dim {
  const d = site.dimension(i);
  if (d === null) {
    callError(site, "arity", `${site.fnName} takes sizes (a dimension name or a positive integer), not ${site.describe(i)}`, i,
      `for example ${site.fnName}(n) or ${site.fnName}(m, n)`);
  }
  return d;
}

function sized(
  names: readonly string[], arity: number, maxArity: number,
  shape: (dims: readonly Dim[], u: Unifier) => Shape,
  build: (g: Graph, s: Shape, dims: readonly Dim[]) => Expr,
): SurfaceFunction {
  return {
    names, arity, maxArity,
    check: (_args, u, site) => shape(Array.from({ length: site.argSpans.length }, (_, i) => size(site, i)), u),
    lower: () => {
      throw new Error(`${names[0]}: a sized constant is built by its sized() builder`);
    },
    sized: (g, s, dims) => build(g, s, dims),
  };
}

/** vector(c) / matrix(c): the number c in every entry, sized by unification. */
function filled(name: string, column: boolean): SurfaceFunction {
  return {
    names: [name], arity: 1,
    check: (_args, u, site) => {
      if (site.literal(0) === null) callError(site, "arity", `${name} takes a number, the value of every entry: ${name}(1)`, 0);
      return { rows: u.fresh(), cols: column ? ONE : u.fresh() };
    },
    lower: () => {
      throw new Error(`${name}: built by its sized() builder`);
    },
    sized: (g, s, _dims, literals) => (literals[0] === 1 ? ones(g, s.rows, s.cols) : literals[0] === 0 ? zeros(g, s) : constant(g, literals[0]!, s)),
  };
}

export const sizedFunctions: readonly SurfaceFunction[] = [
  sized(["I", "eye"], 1, 1, ([n]) => ({ rows: n!, cols: n! }), (g, _s, [n]) => identity(g, n!)),
  sized(["ones"], 1, 2, ([m, n]) => ({ rows: m!, cols: n ?? ONE }), (g, s) => ones(g, s.rows, s.cols)),
  sized(["zeros"], 1, 2, ([m, n]) => ({ rows: m!, cols: n ?? ONE }), (g, s) => zeros(g, s)),
  sized(["K"], 2, 2, ([m, n]) => ({ rows: dimMul(m!, n!), cols: dimMul(m!, n!) }), (g, _s, [m, n]) => commutation(g, m!, n!)),
  filled("vector", true),
  filled("matrix", false),
];
