/**
 * Lowering: the surface tree, once every shape is final, becomes the typed
 * graph. Decisions the syntax leaves open are made here, explicitly:
 * `*` with a scalar side is scaling, otherwise a matrix product; a
 * broadcast operand is wrapped in a broadcast node; `X^-k` is (X⁻¹)^k.
 */
import type { BinaryNode, Node } from "../syntax/ast.js";
import { assertNever } from "../syntax/ast.js";
import { NO_CHILDREN, childrenOf, walk } from "../syntax/walk.js";
import { SpansById } from "../diagnostics/span.js";
import type { Expr, Graph } from "../expr/node.js";
import {
  add, addKeeping, broadcast, div, hadamard, hdiv, hpow, identity, inv, kron, matmul, matpow, neg, ones, power, scale, sub, transpose,
} from "../ops/make.js";
import { functionNamed } from "../ops/registry.js";
import { functionVariable, genericMap, genericScalar } from "../ops/generic.js";
import { type Shape, isScalarShape, shapeEq } from "../shapes/shape.js";
import type { ShapeInference } from "./infer.js";
import { dimensionOf, integerLiteral, literalValue } from "./infer.js";
import { NodeTable } from "./node-table.js";
import { CountById } from "../expr/by-id.js";

export class Lowering {
  /** Where each graph node first came from, for messages about values (domains). */
  readonly spans = new SpansById();
  /** Per graph node, how many expressions other than a bare name lowered to it: equal values written twice are one node. */
  readonly writtenOut = new CountById();
  private readonly lowered = new NodeTable<Expr>();
  /** The terms of each sum lowered as one flat sum (see termsOf). */
  private readonly sums = new NodeTable<readonly Term[]>();

  constructor(
    private readonly inference: ShapeInference,
    private readonly graph: Graph,
    private readonly variableFor: (name: string, shape: Shape) => Expr,
  ) {}

  /** The one argument shape of a generic scalar function. */
  private genericArgument(name: string): Shape {
    return this.inference.u.resolveShape(this.inference.generics.argumentShapes.get(name)!.shape);
  }

  private shapeOf(node: Node): Shape {
    return this.inference.u.resolveShape(this.inference.shapes.get(node)!);
  }

  /** The graph node for `node`, lowering its whole subtree first (children before parents, without recursion). */
  lower(node: Node): Expr {
    const known = this.lowered.get(node);
    if (known) return known;
    walk(node, {
      // −2 is the number −2: its digits are never a node of their own.
      children: (n) =>
        (n.kind === "neg" && n.arg.kind === "number") || this.inference.sizedCall(n) ? NO_CHILDREN : this.termsOf(n)?.map((t) => t.node) ?? childrenOf(n),
      leave: (n) => {
        const e = this.lowerNode(n);
        this.lowered.set(n, e);
        if (!this.spans.has(e.id)) this.spans.set(e.id, n.span);
        if (n.kind !== "name") this.writtenOut.add(e.id);
      },
    });
    return this.lowered.get(node)!;
  }

  /**
   * A chain of + and − of one shape, a + b − c + (d + e), is one flat sum
   * a + b + (−c) + d + e: the same node the binary sums flatten to, built
   * once instead of once per partial sum (which would cost the square of
   * the number of terms). A term of another shape (a broadcast in the
   * middle of the chain) or a subtracted sum stays one term.
   */
  private termsOf(node: Node): readonly Term[] | undefined {
    if (node.kind !== "binary" || (node.op !== "+" && node.op !== "-")) return undefined;
    const known = this.sums.get(node);
    if (known) return known;
    const shape = this.shapeOf(node);
    const joins = (n: Node): boolean => n.kind === "binary" && (n.op === "+" || n.op === "-") && shapeEq(this.shapeOf(n), shape);
    const terms: Term[] = [];
    const open: Term[] = [{ node, negate: false }];
    while (open.length > 0) {
      const t = open.pop()!;
      if (t.node !== node && (t.negate || !joins(t.node))) {
        terms.push(t);
        continue;
      }
      const sum = t.node as BinaryNode;
      open.push({ node: sum.right, negate: sum.op === "-" }, { node: sum.left, negate: false });
    }
    this.sums.set(node, terms);
    return terms;
  }

  private lowerNode(node: Node): Expr {
    const shape = this.shapeOf(node);
    const terms = this.termsOf(node);
    if (terms) {
      // A name that stands for a statement's sum stays that one term: a₂ = a₁ ⊙ x + a₁, not a₁'s terms copied in.
      const lowered = terms.map((t) => (t.negate ? neg(broadcast(this.lower(t.node), shape)) : broadcast(this.lower(t.node), shape)));
      return addKeeping(lowered, (_, i) => terms[i]!.node.kind === "name");
    }
    switch (node.kind) {
      case "number":
        return this.graph.num(node.value);
      case "name":
        if (node.name === "I" || node.name === "eye") return identity(this.graph, shape.rows);
        if (node.name === "ones") return ones(this.graph, shape.rows);
        return this.variableFor(node.name, shape);
      case "neg": {
        if (node.arg.kind === "number") return this.graph.num(-node.arg.value);
        return neg(this.lower(node.arg));
      }
      case "transpose":
        return transpose(this.lower(node.arg));
      case "call": {
        const generic = this.inference.generics.kinds.get(node.fn);
        if (generic) {
          const x = this.lower(node.args[0]!);
          const f = functionVariable(this.graph, node.fn, generic, generic === "scalar" ? this.genericArgument(node.fn) : x.shape);
          return generic === "elementwise" ? genericMap(x, f, node.derivative?.order ?? 0) : genericScalar(x, f, node.derivative?.order ?? 0);
        }
        const fn = functionNamed(node.fn)!;
        if (fn.sized) return fn.sized(this.graph, shape, node.args.map((a) => dimensionOf(a)!), node.args.map(literalValue));
        return fn.lower(node.args.map((a) => this.lower(a)));
      }
      case "binary": {
        const l = this.lower(node.left);
        const r = this.lower(node.right);
        const ls = isScalarShape(l.shape);
        const rs = isScalarShape(r.shape);
        const bc = (e: Expr) => broadcast(e, shape);
        switch (node.op) {
          case "+":
            return add([bc(l), bc(r)]);
          case "-":
            return sub(bc(l), bc(r));
          case "*":
            if (ls) return scale(l, r);
            if (rs) return scale(r, l);
            return matmul(l, r);
          case ".*":
            if (shapeEq(l.shape, r.shape)) return ls ? scale(l, r) : hadamard(l, r);
            if (ls) return scale(l, r);
            if (rs) return scale(r, l);
            return hadamard(bc(l), bc(r));
          case "/":
            return div(l, r);
          case "./":
            if (rs) return div(l, r);
            return hdiv(bc(l), bc(r));
          case "kron":
            return kron(l, r);
          case "^": {
            if (ls) return power(l, r);
            const k = integerLiteral(node.right)!;
            const base = k < 0 ? inv(l) : l;
            const m = Math.abs(k);
            return m === 0 ? identity(this.graph, shape.rows) : m === 1 ? base : matpow(base, m);
          }
          case ".^":
            return hpow(bc(l), rs ? r : bc(r));
          default:
            return assertNever(node.op);
        }
      }
      default:
        return assertNever(node);
    }
  }
}

/** A term of a flat sum: an operand, subtracted or added. */
interface Term {
  readonly node: Node;
  readonly negate: boolean;
}
