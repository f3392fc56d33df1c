/**
 * Shape inference over the surface tree: every node gets a shape, unknown
 * dimensions are unified, and a mismatch becomes a diagnostic that points
 * at the operator and names both shapes. Broadcasting (+ − ⊙ ⊘ .^) follows
 * NumPy: a dimension that is literally 1 stretches to the other.
 */
import type { BinaryNode, CallNode, Node } from "../syntax/ast.js";
import { assertNever } from "../syntax/ast.js";
import { NO_CHILDREN, childrenOf, walk } from "../syntax/walk.js";
import type { Span } from "../diagnostics/span.js";
import { DiagnosticError, error } from "../diagnostics/diagnostic.js";
import type { DiagnosticCode } from "../diagnostics/diagnostic.js";
import { nearest } from "../diagnostics/suggest.js";
import { functionNamed, functionNames } from "../ops/registry.js";
import type { CallSite } from "../ops/surface.js";
import { type Dim, ONE, dimInt, dimKey, dimMul, dimSym, formatDim, superscript } from "../shapes/dim.js";
import { SCALAR, type Shape } from "../shapes/shape.js";
import { type Unifier, isUnknownSymbol } from "../shapes/unify.js";
import type { GenericKind } from "../ops/generic.js";
import { NodeTable } from "./node-table.js";

/** How a name gets its shape: from the environment, a default, or an error. */
export type NameResolver = (name: string, span: Span) => Shape;

/** Generic functions in scope: name → elementwise or scalar; a scalar one's argument shape is fixed by its first call. */
export interface GenericScope {
  readonly kinds: ReadonlyMap<string, GenericKind>;
  readonly argumentShapes: Map<string, { shape: Shape; span: Span }>;
}

export class ShapeInference {
  readonly shapes = new NodeTable<Shape>();
  /** Every broadcasting operator with its operands' shapes (a row against a column makes a matrix: typing/defaults.ts notes it). */
  readonly broadcasts: { node: BinaryNode; left: Shape; right: Shape }[] = [];
  private readonly display = new Map<string, string>();

  constructor(
    readonly u: Unifier,
    readonly text: string,
    readonly origin: string,
    private readonly resolveName: NameResolver,
    readonly generics: GenericScope = { kinds: new Map(), argumentShapes: new Map() },
  ) {}

  /** The shape of `node`, inferring its whole subtree first (children before parents, without recursion). */
  infer(node: Node): Shape {
    const known = this.shapes.get(node);
    if (known) return known;
    walk(node, {
      enter: (n) => {
        if (n.kind === "call") this.checkCallee(n);
      },
      children: (n) => (this.sizedCall(n) ? NO_CHILDREN : childrenOf(n)),
      leave: (n) => this.shapes.set(n, this.inferNode(n)),
    });
    return this.shapes.get(node)!;
  }

  private inferNode(node: Node): Shape {
    switch (node.kind) {
      case "number":
        return SCALAR;
      case "name":
        if (node.name === "I" || node.name === "eye") {
          const n = this.u.fresh();
          return { rows: n, cols: n };
        }
        if (node.name === "ones") return { rows: this.u.fresh(), cols: ONE };
        if ((functionNamed(node.name) && !functionNamed(node.name)!.sized) || this.generics.kinds.has(node.name)) {
          this.fail("not-a-function", `${node.name} is a function; call it as ${node.name}(…)`, node.span);
        }
        return this.resolveName(node.name, node.span);
      case "neg":
        return this.infer(node.arg);
      case "transpose": {
        const s = this.infer(node.arg);
        return { rows: s.cols, cols: s.rows };
      }
      case "binary":
        return this.inferBinary(node);
      case "call":
        return this.inferCall(node);
      default:
        return assertNever(node);
    }
  }

  private inferBinary(node: BinaryNode): Shape {
    const l = this.infer(node.left);
    const r = this.infer(node.right);
    switch (node.op) {
      case "+":
      case "-":
      case ".*":
      case "./":
      case ".^":
        return this.broadcast(node, l, r);
      case "*": {
        if (this.isScalar(l)) return r;
        if (this.isScalar(r)) return l;
        if (!this.u.unify(l.cols, r.rows)) {
          this.fail("shape-mismatch",
            `cannot multiply ${this.describe(node.left)} (${this.show(l)}) by ${this.describe(node.right)} (${this.show(r)}): ` +
              `inner dimensions ${this.showDim(l.cols)} and ${this.showDim(r.rows)} differ`,
            node.span, this.operandNotes(node, l, r), this.productHint(node, l, r));
        }
        return { rows: l.rows, cols: r.cols };
      }
      case "/":
        if (!this.isScalar(r)) {
          this.fail("not-scalar",
            `can only divide by a scalar, but ${this.describe(node.right)} is ${this.show(r)}`, node.span,
            this.operandNotes(node, l, r), "use ./ (or ⊘) for elementwise division");
        }
        return l;
      case "kron":
        return { rows: dimMul(this.u.resolve(l.rows), this.u.resolve(r.rows)), cols: dimMul(this.u.resolve(l.cols), this.u.resolve(r.cols)) };
      case "^":
        return this.inferPower(node, l, r);
      default:
        return assertNever(node.op);
    }
  }

  private inferPower(node: BinaryNode, l: Shape, r: Shape): Shape {
    if (!this.isScalar(r)) {
      this.fail("bad-exponent", `the exponent of ^ must be a scalar, but ${this.describe(node.right)} is ${this.show(r)}`,
        node.right.span, [], "use .^ for an elementwise power");
    }
    if (this.isScalar(l)) return l;
    const k = integerLiteral(node.right);
    if (k === null) {
      // (2^10) is a whole number too, but only a written one is read as the count of factors.
      const written = node.right.kind === "number" || node.right.kind === "neg" ? "" : " written as a number (X^3, X^-2)";
      this.fail("bad-exponent", `a matrix power needs an integer exponent${written}, not ${this.describe(node.right)}`,
        node.right.span, [], `use .^ for an elementwise power of ${this.describe(node.left)}`);
    }
    if (!this.u.unify(l.rows, l.cols)) {
      this.fail("not-square", `a matrix power needs a square matrix, but ${this.describe(node.left)} is ${this.show(l)}`,
        node.span, [], "use .^ for an elementwise power");
    }
    return l;
  }

  /** I(n), ones(m, n), …: a call whose arguments are sizes or literals, not values (neither inferred nor lowered). */
  sizedCall(node: Node): boolean {
    return node.kind === "call" && !this.generics.kinds.has(node.fn) && Boolean(functionNamed(node.fn)?.sized);
  }

  /** A call's function exists and takes this many arguments (checked before its arguments are inferred). */
  private checkCallee(node: CallNode): void {
    if (this.generics.kinds.has(node.fn)) return;
    const fn = functionNamed(node.fn);
    if (node.derivative) {
      const written = this.text.slice(node.span.start, node.span.end).split("(")[0]!;
      this.fail("unknown-function", `${written} is not available: only a declared generic function has ${node.derivative.kind === "prime" ? "f′" : "∇g"}`, node.span, [],
        fn ? `write the derivative of ${node.fn} out (e.g. 1 - tanh(u).^2 for tanh′(u))` : `declare it: where ${node.fn}: ${node.derivative.kind === "prime" ? "elementwise" : "scalar"}`);
    }
    if (!fn) {
      const suggestion = nearest(node.fn, functionNames());
      this.fail("unknown-function", `unknown function ${node.fn}`, node.fnSpan, [],
        suggestion ? `did you mean ${suggestion}?` : `declare it: where ${node.fn}: elementwise (or ${node.fn}: scalar for a scalar function of a matrix)`);
    }
    const most = fn.maxArity ?? fn.arity;
    if (node.args.length < fn.arity || node.args.length > most) {
      const count = most === fn.arity ? `${fn.arity}` : `${fn.arity} to ${most}`;
      this.fail("arity", `${node.fn} takes ${count} argument${most === 1 ? "" : "s"}, but was given ${node.args.length}`, node.span);
    }
  }

  private inferCall(node: CallNode): Shape {
    const generic = this.generics.kinds.get(node.fn);
    if (generic) return this.inferGenericCall(node, generic);
    const fn = functionNamed(node.fn)!;
    // The arguments of I(n), ones(m, n), vector(1)… are sizes or literals, not values.
    const args = fn.sized ? [] : node.args.map((a) => this.infer(a));
    const site: CallSite = {
      fnName: node.fn,
      span: node.span,
      argSpans: node.args.map((a) => a.span),
      text: this.text,
      origin: this.origin,
      describe: (i) => this.describe(node.args[i]!),
      show: (s) => this.show(s),
      literal: (i) => literalValue(node.args[i]!),
      dimension: (i) => dimensionOf(node.args[i]!),
    };
    return fn.check(args, this.u, site);
  }

  /**
   * f(X), f′(X), f″(X) for an elementwise f: X's shape. g(X) for a scalar g:
   * a scalar; ∇g(X) X's shape; ∇²g(X) (mn)×(mn). g takes one argument shape.
   */
  private inferGenericCall(node: CallNode, kind: GenericKind): Shape {
    const d = node.derivative;
    if (node.args.length !== 1) {
      this.fail("arity", `${node.fn} is a generic ${kind} function of one argument, but was given ${node.args.length}`, node.span);
    }
    if (kind === "elementwise" && d?.kind === "nabla") {
      this.fail("unknown-function", `${node.fn} is elementwise: its derivative is ${node.fn}′(u), not ∇${node.fn}`, node.span, [], `write ${node.fn}'(…)`);
    }
    if (kind === "scalar" && d?.kind === "prime") {
      this.fail("unknown-function", `${node.fn} is a scalar function of a matrix: its derivative is the gradient ∇${node.fn}(X), not ${node.fn}′`, node.span, [],
        `write ∇${node.fn}(…), or declare ${node.fn}: elementwise if it applies entry by entry`);
    }
    if (kind === "scalar" && d && d.order > 2) {
      this.fail("unknown-function", `${node.fn} goes up to its Hessian ∇²${node.fn}`, node.span);
    }
    const arg = this.infer(node.args[0]!);
    if (kind === "elementwise") return arg;
    const first = this.generics.argumentShapes.get(node.fn);
    if (!first) this.generics.argumentShapes.set(node.fn, { shape: arg, span: node.args[0]!.span });
    else if (!this.u.unify(first.shape.rows, arg.rows) || !this.u.unify(first.shape.cols, arg.cols)) {
      this.fail("shape-mismatch", `${node.fn} takes a ${this.show(first.shape)} argument (from its first call), but ${this.describe(node.args[0]!)} is ${this.show(arg)}`,
        node.args[0]!.span, [{ message: "first called on this", span: first.span }], "a generic scalar function has one argument shape");
    }
    if (!d) return SCALAR;
    if (d.order === 1) return arg;
    const n = dimMul(this.u.resolve(arg.rows), this.u.resolve(arg.cols));
    return { rows: n, cols: n };
  }

  /** NumPy broadcasting, one dimension at a time. */
  private broadcast(node: BinaryNode, l: Shape, r: Shape): Shape {
    const pick = (a: Dim, b: Dim): Dim | null => {
      const aOne = this.u.isOne(a);
      const bOne = this.u.isOne(b);
      if (aOne && !bOne) return b;
      if (bOne && !aOne) return a;
      return this.u.unify(a, b) ? a : null;
    };
    this.broadcasts.push({ node, left: l, right: r });
    const rows = pick(l.rows, r.rows);
    const cols = pick(l.cols, r.cols);
    if (rows === null || cols === null) {
      const verb: Record<string, string> = {
        "+": "add", "-": "subtract", ".*": "multiply elementwise", "./": "divide elementwise", ".^": "raise elementwise",
      };
      const which = rows === null ? `rows ${this.showDim(l.rows)} and ${this.showDim(r.rows)}` : `columns ${this.showDim(l.cols)} and ${this.showDim(r.cols)}`;
      this.fail("shape-mismatch",
        `cannot ${verb[node.op]} ${this.describe(node.left)} (${this.show(l)}) and ${this.describe(node.right)} (${this.show(r)}): ${which} differ`,
        node.span, this.operandNotes(node, l, r),
        "shapes must match, or one side must be a scalar, a 1×c row or an r×1 column that can be stretched");
    }
    return { rows, cols };
  }

  isScalar(s: Shape): boolean {
    return this.u.isOne(s.rows) && this.u.isOne(s.cols);
  }

  private productHint(node: BinaryNode, l: Shape, r: Shape): string | undefined {
    const eq = (a: Dim, b: Dim) => dimKey(this.u.resolve(a)) === dimKey(this.u.resolve(b));
    const a = this.describe(node.left);
    const b = this.describe(node.right);
    if (a.endsWith("…") || b.endsWith("…")) return undefined;
    if (eq(l.rows, r.rows) && eq(l.cols, r.cols)) return `for the elementwise product write ${a} .* ${b}`;
    if (eq(l.rows, r.rows)) return `did you mean ${wrap(a)}'*${wrap(b)}?`;
    if (eq(l.cols, r.cols)) return `did you mean ${wrap(a)}*${wrap(b)}'?`;
    if (eq(l.rows, r.cols) && eq(l.cols, r.rows)) return `did you mean ${wrap(b)}*${wrap(a)}?`;
    return undefined;
  }

  private operandNotes(node: BinaryNode, l: Shape, r: Shape) {
    return [
      { message: `${this.describe(node.left)} is ${this.show(l)}`, span: node.left.span },
      { message: `${this.describe(node.right)} is ${this.show(r)}`, span: node.right.span },
    ];
  }

  /** A node named for a message: its name, or its source text (shortened). */
  describe(node: Node): string {
    if (node.kind === "name") return node.name;
    const src = this.text.slice(node.span.start, node.span.end).replace(/\s+/g, " ").trim();
    return src.length <= 30 ? src : `${src.slice(0, 27)}…`;
  }

  show(s: Shape): string {
    if (this.isScalar(s)) return "scalar";
    return `${this.showDim(s.rows)}×${this.showDim(s.cols)}`;
  }

  /** Unknown dimensions print as d₁, d₂… in messages, consistently within one run. */
  showDim(d: Dim): string {
    const r = this.u.resolve(d);
    const name = (s: string): string => {
      if (!isUnknownSymbol(s)) return s;
      let shown = this.display.get(s);
      if (!shown) {
        shown = `d${String(this.display.size + 1).split("").map((c) => "₀₁₂₃₄₅₆₇₈₉"[Number(c)]).join("")}`;
        this.display.set(s, shown);
      }
      return shown;
    };
    return formatDim(r, { name, times: "·", power: superscript });
  }

  fail(code: DiagnosticCode, message: string, span: Span, notes: { message: string; span?: Span }[] = [], help?: string): never {
    throw new DiagnosticError(error(code, message, { span, text: this.text, origin: this.origin }, notes, help));
  }
}

function wrap(s: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(s) ? s : `(${s})`;
}

/** The number a node spells literally (`2`, `-1`, `0.5`), or null. */
export function literalValue(node: Node): number | null {
  if (node.kind === "number") return node.value;
  if (node.kind === "neg" && node.arg.kind === "number") return -node.arg.value;
  return null;
}

/** A size argument (the n of I(n)): a dimension name or a positive integer, or null. */
export function dimensionOf(node: Node): Dim | null {
  if (node.kind === "name") return dimSym(node.name);
  if (node.kind === "number" && Number.isInteger(node.value) && node.value > 0) return dimInt(node.value);
  return null;
}

/** The integer an exponent spells literally (`2`, `-1`), or null. */
export function integerLiteral(node: Node): number | null {
  if (node.kind === "number" && Number.isInteger(node.value)) return node.value;
  if (node.kind === "neg" && node.arg.kind === "number" && Number.isInteger(node.arg.value)) return -node.arg.value;
  return null;
}

