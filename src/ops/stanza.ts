/**
 * The operator stanza: everything about one operator in one object — its
 * shape rule, differential, adjoint and vec-Jacobian (for operators that can
 * carry dX linearly), numeric evaluator, and its notation in each output
 * format. Passes look the stanza up by `op`; they never special-case an
 * operator that a stanza can describe.
 */
import type { Attr, Expr, OpNode, VarRole } from "../expr/node.js";
import type { Dim } from "../shapes/dim.js";
import type { Shape } from "../shapes/shape.js";
import type { Mat } from "../kernels/mat.js";
import type { OpName } from "../expr/names.js";
import type { SurfaceFunction } from "./surface.js";
import type { EntryRule, IndexRule } from "./index-terms.js";

/** What a stanza's printer sees: its node and its arguments, already printed. */
export interface PrintContext {
  readonly node: OpNode;
  /** Argument i, in parentheses if it binds looser than `minPrec`. */
  arg(i: number, minPrec: number): string;
  /**
   * Operand i of this node's own infix operator: parenthesised when it binds
   * looser, or equally but as a different operator (A(B ⊙ C)), or on the
   * right of a non-associative one.
   */
  operand(i: number): string;
  /** The top-level printed form of argument i with no parentheses added. */
  bare(i: number): string;
  dim(d: Dim): string;
  /** Whether argument i's printed form starts (or ends) with a single-letter name or a number. */
  shortEdge(i: number, edge: "first" | "last"): boolean;
  /** Whether argument i's printed form starts (or ends) with a number: juxtaposed against it, it would misread (t0.5, 2a3). */
  numberEdge(i: number, edge: "first" | "last"): boolean;
  /** Colour hooks (identity functions when colour is off). */
  fn(name: string): string;
  sym(op: string): string;
}

export interface Notation {
  readonly prec: number;
  /**
   * The precedence of this node's printed form when it depends on the node, in place of `prec`: an expansion that
   * is a product for some sizes and an atom for others (JSON's source spells unvec by a product of Kronecker products).
   */
  precOf?(node: OpNode): number;
  render(c: PrintContext): string;
}

/**
 * When an application is zero because an argument is: "any" (a product:
 * 0·B = A·0 = 0), "all" (a linear operator: f(0) = 0), "first" (a quotient: 0 ⊘ B = 0).
 */
export type ZeroWhen = "any" | "all" | "first";

/** What the simplifier and the passes may assume about an operator, whatever its arguments. */
export interface OpProperties {
  /** Linear in its arguments jointly: f(A + B) = f(A) + f(B), so d f(A) = f(dA). */
  readonly linear?: boolean;
  /** Linear in each argument separately: d(A∘B) = dA∘B + A∘dB. */
  readonly bilinear?: boolean;
  /** Applies a scalar function entry by entry. */
  readonly elementwise?: boolean;
  /** Its operands broadcast NumPy-style, so a stretched operand may print as itself. */
  readonly broadcasting?: boolean;
  readonly zeroWhen?: ZeroWhen;
}

export interface OpStanza<K extends OpName = OpName> extends OpProperties {
  readonly op: K;
  /** Number of subexpression arguments (attr carries the rest). */
  readonly arity: number | "variadic";
  /** Whether the printer may drop parentheses around a nested use of the same infix operator on the right. */
  readonly associative?: boolean;
  /** The result shape; arguments are already known to fit. */
  shape(args: readonly Shape[], attr: Attr): Shape;
  /** d(node), linear in the argument differentials `d` (null means zero). */
  differential(node: OpNode, d: readonly (Expr | null)[]): Expr | null;
  /**
   * A linear operator's d(node) from only its varying arguments, as (position, differential) pairs, in order: the
   * same as `differential` with null elsewhere, without a list as long as its arguments (a sum of 20,000 terms
   * differentiated with respect to each of its 20,000 names).
   */
  sparseDifferential?(node: OpNode, varying: readonly (readonly [number, Expr])[]): Expr | null;
  /**
   * Operators that can carry dX linearly: the cotangent that reaches
   * argument i when the node's cotangent is `ct`, i.e. the adjoint under the
   * Frobenius product ⟨ct, node⟩ = ⟨result, arg_i⟩.
   */
  adjoint?(node: OpNode, i: number, ct: Expr): Expr;
  /**
   * Operators that can carry dX linearly: given J_i with vec(arg_i) = J_i vec(dX),
   * the matrix M·J_i with vec(node) = M J_i vec(dX).
   */
  vecJacobian?(node: OpNode, i: number, jacobianOfArg: Expr): Expr;
  evaluate(args: readonly Mat[], node: OpNode, sizes: ReadonlyMap<string, number>): Mat;
  /**
   * Whether `evaluate` folds its arguments from the left, so that evaluate([evaluate(args[0..k]), ...args[k..]]) has
   * the very bits of evaluate(args): a point evaluation keeps the fold of a wide sum's fixed leading terms and adds
   * only the rest at each point.
   */
  readonly foldsLeft?: boolean;
  readonly text: Notation;
  readonly latex: Notation;
  /**
   * Why the adjoint and vec rules look as they do, in one sentence each,
   * for --steps ("moving B across the Frobenius product transposes it").
   */
  readonly why?: { readonly adjoint?: string | ((argIndex: number) => string); readonly vec?: string | ((argIndex: number) => string) };
  /** A one-line note when the operator is not differentiable everywhere. */
  readonly nonSmooth?: string;
  /** Why these argument values are outside the operator's domain, or null. */
  outOfDomain?(args: readonly Mat[]): string | null;
  /** The function-call syntax that builds this operator, if any. */
  readonly surface?: SurfaceFunction;
  /**
   * Index form, for operators that can carry dX linearly: the entries of the
   * node from the entries of its dX-linear argument ((A L)_ij = Σ_r A_ir L_rj).
   */
  readonly index?: IndexRule;
  /** Entries of the node in terms of simpler factors ((AB)_ij = Σ_r A_ir B_rj, I_ij = δ_ij), for printing index terms. */
  readonly entry?: EntryRule;
  /**
   * Argument shapes (and attr) of a well-shaped application, from four
   * distinct sizes: used by the registry-driven tests to try every stanza.
   */
  readonly sample: Sample;
}

export interface SampleDims {
  readonly m: Dim;
  readonly n: Dim;
  readonly p: Dim;
  readonly q: Dim;
}

export type Sample = (d: SampleDims) => {
  readonly args: readonly Shape[];
  readonly attr?: Attr;
  /** Each argument's role (default "input"): a generic function's own argument is a "function". */
  readonly roles?: readonly VarRole[];
  /** The arguments the tests differentiate with respect to (default: every input). */
  readonly wrt?: readonly number[];
};
