/**
 * Generic functions the user declares: `f: elementwise` applies a
 * scalar function entry by entry, `g: scalar` is a scalar function of one
 * matrix argument. The function itself is the node's second argument, a
 * variable of role "function" named f (or g): the printers show its name,
 * and the numeric checker samples it like any other value, so a check runs
 * with a random smooth instance of the function:
 *   f(x)  = c₀ + c₁x + c₂x² + c₃x³        (c, 1×4, random normal)
 *   g(X)  = bᵀv + ½ vᵀSv + Σᵢ κᵢvᵢ³,  v = vec(X)   (from one random (mn)×(mn) C:
 *           b = C[:,0], S = (C + Cᵀ)/2, κ = C[0,:]/3)
 * Differentials:
 *   d f⁽ᵏ⁾(X) = f⁽ᵏ⁺¹⁾(X) ⊙ dX
 *   d g(X)    = ⟨∇g(X), dX⟩
 *   d ∇g(X)   = unvec(∇²g(X) vec(dX))
 * ∇²g is as far as a generic scalar function goes (its third derivative is not a matrix).
 */
import type { Expr, Graph, OpNode, VarNode } from "../expr/node.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import * as M from "../kernels/mat.js";
import type { Mat } from "../kernels/mat.js";
import { ONE, dimMul } from "../shapes/dim.js";
import { SCALAR, type Shape, sizeOf } from "../shapes/shape.js";
import { Prec } from "./precedence.js";
import type { Notation, OpStanza, PrintContext, Sample } from "./stanza.js";
import { inner, make, matmul, onLinear, times, unvec, vec } from "./make.js";

export type GenericKind = "elementwise" | "scalar";

/** The four coefficients of an elementwise function's random cubic. */
const CUBIC: Shape = { rows: ONE, cols: { coef: 4, syms: [] } };

/** The function variable of f: its coefficients (elementwise) or its random form (scalar, on an argument of `argument`'s shape). */
export function functionVariable(graph: Graph, name: string, kind: GenericKind, argument: Shape): VarNode {
  const n = sizeOf(argument);
  return graph.variable(name, kind === "elementwise" ? CUBIC : { rows: n, cols: n }, "function");
}

/** f⁽ᵏ⁾(X) for an elementwise f, k ≥ 0. */
export const genericMap = (x: Expr, f: VarNode, k = 0): Expr => make("genericMap", [x, f], { k });
/** g(X), ∇g(X) (order 1), ∇²g(X) (order 2) for a scalar g. */
export function genericScalar(x: Expr, g: VarNode, order = 0): Expr {
  return make(order === 0 ? "genericScalar" : order === 1 ? "genericGrad" : "genericHess", [x, g]);
}

const fnName = (n: OpNode): string => (n.args[1] as VarNode).name;
const PRIMES = ["", "′", "″", "‴"];
const LATEX_PRIMES = ["", "'", "''", "'''"];
const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";
const latexFn = (name: string): string => (name.length === 1 ? name : `\\operatorname{${name}}`);

/** The k-th derivative's mark: ′ ″ ‴, then ⁽⁴⁾ (text) or ^{(4)} (LaTeX). */
export function derivativeMark(k: number, latex: boolean): string {
  if (k < PRIMES.length) return (latex ? LATEX_PRIMES : PRIMES)[k]!;
  return latex ? `^{(${k})}` : `⁽${String(k).split("").map((d) => SUPERSCRIPT[Number(d)]).join("")}⁾`;
}

const applied = (head: (c: PrintContext) => string, open: string, close: string): Notation => ({
  prec: Prec.ATOM,
  render: (c) => `${head(c)}${open}${c.bare(0)}${close}`,
});

/** Coefficients c of the random cubic; its k-th derivative at x. */
function cubicDerivative(c: Mat, k: number, x: number): number {
  const [c0, c1, c2, c3] = [0, 1, 2, 3].map((i) => c.data[i]!);
  switch (k) {
    case 0: return c0! + x * (c1! + x * (c2! + x * c3!));
    case 1: return c1! + x * (2 * c2! + 3 * c3! * x);
    case 2: return 2 * c2! + 6 * c3! * x;
    case 3: return 6 * c3!;
    default: return 0;
  }
}

/** g's random form at X: value, gradient (X's shape) or Hessian ((mn)×(mn)). */
function scalarForm(x: Mat, C: Mat, order: 0 | 1 | 2): Mat {
  const v = M.vec(x).data;
  const N = v.length;
  const at = (i: number, j: number): number => C.data[i + j * N]!;
  const b = (i: number) => at(i, 0);
  const S = (i: number, j: number) => (at(i, j) + at(j, i)) / 2;
  const kappa = (i: number) => at(0, i) / 3;
  if (order === 0) {
    let total = 0;
    for (let i = 0; i < N; i++) {
      total += b(i) * v[i]! + kappa(i) * v[i]! ** 3;
      for (let j = 0; j < N; j++) total += 0.5 * v[i]! * S(i, j) * v[j]!;
    }
    return M.scalar(total);
  }
  if (order === 1) {
    const g = new Float64Array(N);
    for (let i = 0; i < N; i++) {
      g[i] = b(i) + 3 * kappa(i) * v[i]! ** 2;
      for (let j = 0; j < N; j++) g[i]! += S(i, j) * v[j]!;
    }
    return M.reshape({ rows: N, cols: 1, data: g } as Mat, x.rows, x.cols);
  }
  const H = M.zeros(N, N);
  for (let i = 0; i < N; i++) for (let j = 0; j < N; j++) H.data[i + j * N] = S(i, j) + (i === j ? 6 * kappa(i) * v[i]! : 0);
  return H;
}

/** A function is never varied: its differential argument is always zero. */
function onArgument(n: OpNode, d: readonly (Expr | null)[], f: (dx: Expr) => Expr): Expr | null {
  if (d[1]) throw new Error(`${n.op}: the function ${fnName(n)} cannot vary`);
  return onLinear(d[0]!, f);
}

export const genericStanzas = {
  genericMap: {
    op: "genericMap",
    arity: 2,
    shape: ([a]) => a!,
    // d f⁽ᵏ⁾(X) = f⁽ᵏ⁺¹⁾(X) ⊙ dX
    differential: (n, d) => onArgument(n, d, (dx) => times(genericMap(n.args[0]!, n.args[1] as VarNode, (n.attr.k ?? 0) + 1), dx)),
    evaluate: ([x, c], n) => M.map(x!, (v) => cubicDerivative(c!, n.attr.k ?? 0, v)),
    text: applied((c) => c.fn(`${fnName(c.node)}${derivativeMark(c.node.attr.k ?? 0, false)}`), "(", ")"),
    latex: applied((c) => `${latexFn(fnName(c.node))}${derivativeMark(c.node.attr.k ?? 0, true)}`, "\\left(", "\\right)"),
    sample: ({ m, n }) => ({ args: [{ rows: m, cols: n }, CUBIC], attr: { k: 1 }, roles: ["input", "function"], wrt: [0] }),
  },
  genericScalar: {
    op: "genericScalar",
    arity: 2,
    shape: () => SCALAR,
    // d g(X) = ⟨∇g(X), dX⟩
    differential: (n, d) => onArgument(n, d, (dx) => inner(genericScalar(n.args[0]!, n.args[1] as VarNode, 1), dx)),
    evaluate: ([x, C]) => scalarForm(x!, C!, 0),
    text: applied((c) => c.fn(fnName(c.node)), "(", ")"),
    latex: applied((c) => latexFn(fnName(c.node)), "\\left(", "\\right)"),
    sample: scalarSample(true),
  },
  genericGrad: {
    op: "genericGrad",
    arity: 2,
    shape: ([a]) => a!,
    // d ∇g(X) = unvec(∇²g(X) vec(dX))
    differential: (n, d) => onArgument(n, d, (dx) => unvec(matmul(genericScalar(n.args[0]!, n.args[1] as VarNode, 2), vec(dx)), n.args[0]!.shape)),
    evaluate: ([x, C]) => scalarForm(x!, C!, 1),
    text: applied((c) => `${c.sym("∇")}${c.fn(fnName(c.node))}`, "(", ")"),
    latex: applied((c) => `\\nabla ${latexFn(fnName(c.node))}`, "\\left(", "\\right)"),
    sample: scalarSample(true),
  },
  genericHess: {
    op: "genericHess",
    arity: 2,
    shape: ([a]) => ({ rows: sizeOf(a!), cols: sizeOf(a!) }),
    differential: (n, d) => onArgument(n, d, () => {
      throw new DiagnosticError(error("bad-option", `the third derivative of ${fnName(n)} is not available: a generic scalar function goes up to its Hessian ∇²${fnName(n)}`));
    }),
    evaluate: ([x, C]) => scalarForm(x!, C!, 2),
    text: applied((c) => `${c.sym("∇²")}${c.fn(fnName(c.node))}`, "(", ")"),
    latex: applied((c) => `\\nabla^2 ${latexFn(fnName(c.node))}`, "\\left(", "\\right)"),
    sample: scalarSample(false),
  },
} satisfies { readonly [K in "genericMap" | "genericScalar" | "genericGrad" | "genericHess"]: OpStanza<K> };

/** A scalar function of an m×n argument: its random form is (mn)×(mn). */
function scalarSample(differentiable: boolean): Sample {
  return ({ m, n }) => {
    const N = dimMul(m, n);
    return { args: [{ rows: m, cols: n }, { rows: N, cols: N }], roles: ["input", "function"], wrt: differentiable ? [0] : [] };
  };
}
