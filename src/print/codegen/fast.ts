/**
 * The fast-code pass: the expression graph becomes the code graph (ir.ts)
 * that every back-end prints, rewritten so that the code does no work the
 * mathematics does not need:
 *   - a diagonal matrix is never formed to be multiplied: diag(v) X = v * X
 *     (rowScale), X diag(v) = X * vᵀ (colScale, which holds the row vᵀ);
 *   - diagonals combine as vectors: diag(v) diag(w) = diag(v ⊙ w),
 *     diag(v)⁻¹ = diag(1 ⊘ v), diag(v)ᵀ = diag(v), s diag(v) = diag(s v),
 *     diag(v) + diag(w) = diag(v + w), diag(diag(v)) = v;
 *   - a chain of three or more matrix products is one multiDot, ordered by
 *     the sizes at run time (past 16 factors, multiDots of runs of 16);
 *   - the scalars of a chain (numbers, −1, 1×1 factors of `scale`) are applied
 *     to its smallest operand — a vector rather than a matrix — or to the
 *     result when that is smaller;
 *   - a broadcast scalar, row or column next to a full-size operand of an
 *     elementwise operation is left to the array library's broadcasting;
 *   - shared subexpressions stay shared: a chain is flattened only through
 *     nodes used once, and the code graph is hash-consed.
 * And one rewrite for Python itself: a number past float64 (2¹¹⁰⁰, or c·2ᵏ as
 * the simplifier writes one) is the ±inf IEEE arithmetic gives, because
 * Python's float ** raises OverflowError where NumPy, PyTorch, JAX and
 * matdiff's evaluator give ±inf (see overflowedNumber).
 */
import type { Expr, OpNode } from "../../expr/node.js";
import { topoOrder } from "../../expr/traverse.js";
import { type Dim, expAt, isOne } from "../../shapes/dim.js";
import { type Shape, shapeEq } from "../../shapes/shape.js";
import { CodeGraph, type CodeNode, isApply } from "./ir.js";

/** A rough count of entries, to choose the smaller of two operands: every size symbol counts as 64. */
const dimEstimate = (d: Dim): number => d.coef * 64 ** d.syms.reduce((a, _, k) => a + expAt(d, k), 0);
const entries = (s: Shape): number => dimEstimate(s.rows) * dimEstimate(s.cols);
const column = (rows: Dim): Shape => ({ rows, cols: { coef: 1, syms: [] } });

/**
 * The most factors one multiDot orders: NumPy's multi_dot (and PyTorch's and JAX's) searches for the cheapest order
 * in time cubic in the number of factors, in Python, so 400 factors took a minute per call and 6,000 hours.
 */
const MULTI_DOT_MOST = 16;

type Factor = { readonly diag: CodeNode } | { readonly dense: CodeNode };

interface Chain {
  coef: number;
  readonly scalars: CodeNode[];
  readonly factors: Factor[];
}

class FastPass {
  readonly graph = new CodeGraph();
  private readonly memo = new Map<number, CodeNode>();
  /** Each expression node's code node, by expression id. */
  get lowered(): ReadonlyMap<number, CodeNode> {
    return this.memo;
  }
  private readonly uses = new Map<number, number>();
  /** Each node's diagonal v (the node is diag(v)) or null, by expression id: filled children first, never recursive. */
  private readonly diagonals = new Map<number, CodeNode | null>();

  constructor(private readonly roots: readonly Expr[]) {}

  run(): CodeNode[] {
    const order = topoOrder(this.roots);
    for (const node of order) if (node.kind === "op") for (const a of node.args) this.uses.set(a.id, (this.uses.get(a.id) ?? 0) + 1);
    const absorbed = this.absorbedLinks(order);
    for (const node of order) {
      this.diagonals.set(node.id, this.diagonalOf(node));
      // a link that its parent's chain reads through is never code of its own (lowering it would copy the chain below it)
      if (!absorbed.has(node.id)) this.memo.set(node.id, this.lower(node));
    }
    return this.roots.map((r) => this.get(r));
  }

  private get(e: Expr): CodeNode {
    return this.memo.get(e.id)!;
  }

  private lower(e: Expr): CodeNode {
    const g = this.graph;
    if (e.kind === "var") return g.variable(e);
    if (e.kind === "num") return g.num(e);
    const overflowed = this.overflowedNumber(e);
    if (overflowed !== null) return g.num(overflowed);
    if (e.op === "matmul" || e.op === "scale" || (e.op === "neg" && this.isChainHead(e.args[0]!))) return this.chain(e);
    if (e.op === "diagExtract") {
      const v = this.diagonal(e.args[0]!);
      if (v) return v;
    }
    const v = this.diagonal(e);
    if (v && e.op !== "diagEmbed") return g.apply("diagEmbed", [v], e.shape);
    if (e.op === "add" || e.op === "hadamard" || e.op === "hdiv") return g.apply(e.op, this.withoutBroadcasts(e), e.shape, e.attr);
    return g.apply(e.op, e.args.map((a) => this.get(a)), e.shape, e.attr);
  }

  /**
   * ±inf when e is a power or a product of two numbers (as lowered) whose value is past float64: a ** b and c·(±inf)
   * as IEEE arithmetic computes them. Python's float ** would raise OverflowError on 2.0 ** 1024.0 (and
   * ZeroDivisionError on 0.0 ** -1.0, which is inf too); a value float64 holds is left as written.
   */
  private overflowedNumber(e: OpNode): number | null {
    if (e.op !== "power" && e.op !== "scale") return null;
    const [a, b] = e.args.map((x) => this.memo.get(x.id));
    if (a?.kind !== "num" || b?.kind !== "num") return null;
    const value = e.op === "power" ? a.value ** b.value : a.value * b.value;
    return value === Infinity || value === -Infinity ? value : null;
  }

  /**
   * The products, scalings and signs used once whose one parent is lowered as a chain that reads through them
   * (chain() below): a matmul through every argument, a scale through its matrix, a sign through a chain head.
   */
  private absorbedLinks(order: readonly Expr[]): Set<number> {
    const roots = new Set(this.roots.map((r) => r.id));
    const out = new Set<number>();
    const link = (x: Expr): boolean => x.kind === "op" && (x.op === "matmul" || x.op === "scale" || x.op === "neg") && this.uses.get(x.id) === 1 && !roots.has(x.id);
    for (const p of order) {
      if (p.kind !== "op") continue;
      if (p.op === "matmul") for (const a of p.args) if (link(a)) out.add(a.id);
      if (p.op === "scale" && link(p.args[1]!)) out.add(p.args[1]!.id);
      if (p.op === "neg" && this.isChainHead(p.args[0]!) && link(p.args[0]!)) out.add(p.args[0]!.id);
    }
    return out;
  }

  private isChainHead(e: Expr): boolean {
    return e.kind === "op" && (e.op === "matmul" || e.op === "scale") && this.uses.get(e.id) === 1;
  }

  /** An elementwise operation's arguments, broadcasts dropped when another argument has the full shape. */
  private withoutBroadcasts(e: OpNode): CodeNode[] {
    const full = e.args.some((a) => !(a.kind === "op" && a.op === "broadcast") && shapeEq(a.shape, e.shape));
    return e.args.map((a) => (full && a.kind === "op" && a.op === "broadcast" ? this.get(a.args[0]!) : this.get(a)));
  }

  /** v when e is a diagonal matrix diag(v) (v a column of the code graph), else null; e comes after its arguments in the pass. */
  private diagonal(e: Expr): CodeNode | null {
    return this.diagonals.get(e.id)!;
  }

  /** diagonal(e) from its arguments' diagonals, already known: diag(v)ᵀ = diag(v), diag(v)⁻¹ = diag(1 ⊘ v), … */
  private diagonalOf(e: Expr): CodeNode | null {
    if (e.kind !== "op") return null;
    const g = this.graph;
    const vector = (i: number): CodeNode | null => this.diagonal(e.args[i]!);
    switch (e.op) {
      case "diagEmbed": {
        const a = e.args[0]!;
        if (isOne(a.shape.cols)) return this.get(a);
        return g.apply("transpose", [this.get(a)], column(a.shape.cols));
      }
      case "transpose":
        return vector(0);
      case "inv": {
        const v = vector(0);
        return v && g.apply("hdiv", [g.num(1), v], v.shape);
      }
      case "neg": {
        const v = vector(0);
        return v && g.apply("neg", [v], v.shape);
      }
      case "scale": {
        const v = vector(1);
        return v && g.apply("scale", [this.get(e.args[0]!), v], v.shape);
      }
      case "add": {
        const vs = e.args.map((_, i) => vector(i));
        return vs.every((v) => v !== null) ? g.apply("add", vs as CodeNode[], vs[0]!.shape) : null;
      }
      case "matmul": {
        const [v, w] = [vector(0), vector(1)];
        return v && w && g.apply("hadamard", [v, w], v.shape);
      }
      default:
        return null;
    }
  }

  /** A product chain: its factors (through nodes used once), diagonals and scalars pulled out, then assembled. */
  private chain(e: OpNode): CodeNode {
    const chain: Chain = { coef: 1, scalars: [], factors: [] };
    // Depth first, left to right, with an explicit stack (a chain may be thousands of products deep).
    const stack: Expr[] = [e];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x !== e && this.uses.get(x.id)! > 1) this.factor(x, chain);
      else if (x.kind === "op" && x.op === "matmul") for (let i = x.args.length - 1; i >= 0; i--) stack.push(x.args[i]!);
      else if (x.kind === "op" && x.op === "neg") {
        chain.coef = -chain.coef;
        stack.push(x.args[0]!);
      } else if (x.kind === "op" && x.op === "scale") {
        const s = x.args[0]!;
        if (s.kind === "num") chain.coef *= s.value;
        else chain.scalars.push(this.get(s));
        stack.push(x.args[1]!);
      } else this.factor(x, chain);
    }
    return this.assemble(chain, e.shape);
  }

  private factor(x: Expr, chain: Chain): void {
    const v = this.diagonal(x);
    chain.factors.push(v ? { diag: v } : { dense: this.get(x) });
  }

  private assemble(chain: Chain, shape: Shape): CodeNode {
    const g = this.graph;
    // diag(v) diag(w) = diag(v ⊙ w)
    const items: Factor[] = [];
    for (const f of chain.factors) {
      const last = items[items.length - 1];
      if (last && "diag" in last && "diag" in f) items[items.length - 1] = { diag: g.apply("hadamard", [last.diag, f.diag], last.diag.shape) };
      else items.push(f);
    }
    if (items.length === 1 && "diag" in items[0]!) return g.apply("diagEmbed", [this.scaled(chain, items[0].diag)], shape);
    // diag(v) X = v * X, X diag(v) = X * vᵀ, on the smaller neighbour
    for (let i = items.findIndex((f) => "diag" in f); i >= 0; i = items.findIndex((f) => "diag" in f)) {
      const v = (items[i] as { diag: CodeNode }).diag;
      const left = items[i - 1] as { dense: CodeNode } | undefined;
      const right = items[i + 1] as { dense: CodeNode } | undefined;
      if (right && (!left || entries(right.dense.shape) <= entries(left.dense.shape))) {
        items.splice(i, 2, { dense: g.apply("rowScale", [v, right.dense], right.dense.shape) });
      } else {
        items.splice(i - 1, 2, { dense: g.apply("colScale", [left!.dense, this.transposed(v)], left!.dense.shape) });
      }
    }
    const dense = items.map((f) => (f as { dense: CodeNode }).dense);
    // The scalars go to the smallest operand: a scaled row or column's vector, a factor, or the result.
    if (chain.coef !== 1 || chain.scalars.length) {
      const size = (n: CodeNode): number => (isApply(n, "rowScale") || isApply(n, "colScale") ? entries(this.scaleVector(n).shape) : entries(n.shape));
      const best = dense.reduce((b, n, i) => (size(n) < size(dense[b]!) ? i : b), 0);
      if (entries(shape) < size(dense[best]!) && dense.length > 1) return this.scaled(chain, this.product(dense, shape));
      dense[best] = this.scaledOperand(chain, dense[best]!);
    }
    return this.product(dense, shape);
  }

  /** vᵀ, without a double transpose. */
  private transposed(v: CodeNode): CodeNode {
    if (v.kind === "op" && v.op === "transpose") return v.args[0]!;
    return this.graph.apply("transpose", [v], { rows: v.shape.cols, cols: v.shape.rows });
  }

  private scaleVector(n: CodeNode): CodeNode {
    return (n as { args: readonly CodeNode[] }).args[isApply(n, "rowScale") ? 0 : 1]!;
  }

  /** A factor with the chain's scalars applied: inside the vector of a row or column scaling. */
  private scaledOperand(chain: Chain, n: CodeNode): CodeNode {
    if (n.kind !== "op" || (n.op !== "rowScale" && n.op !== "colScale")) return this.scaled(chain, n);
    const i = n.op === "rowScale" ? 0 : 1;
    return this.graph.apply(n.op, n.args.map((a, j) => (j === i ? this.scaled(chain, a) : a)), n.shape);
  }

  /** c s₁ s₂ … x: numbers first, then the 1×1 factors, then x. */
  private scaled(chain: Chain, x: CodeNode): CodeNode {
    const g = this.graph;
    let out = chain.scalars.reduceRight((acc, s) => g.apply("scale", [s, acc], acc.shape), x);
    if (chain.coef === -1) out = g.apply("neg", [out], out.shape);
    else if (chain.coef !== 1) out = g.apply("scale", [g.num(chain.coef), out], out.shape);
    return out;
  }

  /**
   * The product of the factors: one multiDot for a chain of up to MULTI_DOT_MOST, and past that, multiDots of
   * consecutive runs of that many, multiplied in turn the same way (a tree a few levels deep).
   */
  private product(dense: readonly CodeNode[], shape: Shape): CodeNode {
    if (dense.length === 1) return dense[0]!;
    if (dense.length <= MULTI_DOT_MOST) return this.graph.apply(dense.length === 2 ? "matmul" : "multiDot", dense, shape);
    const runs: CodeNode[] = [];
    for (let i = 0; i < dense.length; i += MULTI_DOT_MOST) {
      const run = dense.slice(i, i + MULTI_DOT_MOST);
      runs.push(this.product(run, { rows: run[0]!.shape.rows, cols: run[run.length - 1]!.shape.cols }));
    }
    return this.product(runs, shape);
  }
}

/** The roots as the code graph, rewritten for speed (see above). */
export function fastCode(roots: readonly Expr[]): { graph: CodeGraph; roots: CodeNode[]; lowered: ReadonlyMap<number, CodeNode> } {
  const pass = new FastPass(roots);
  return { roots: pass.run(), graph: pass.graph, lowered: pass.lowered };
}
