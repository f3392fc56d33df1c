/**
 * The statements of a generated function: the derivative's results and the
 * expression's value, through the fast-code pass (fast.ts), with every
 * shared subexpression a local computed once (t0, t1, …; `y` for the
 * expression itself when the derivative uses it). The locals the results
 * need come first; those only the value needs are listed apart, so that
 * derivative() never computes them.
 */
import type { Derivation } from "../../api/derive.js";
import type { Expr } from "../../expr/node.js";
import type { Dim } from "../../shapes/dim.js";
import { codeTemporary } from "../naming.js";
import { fastCode } from "./fast.js";
import { type CodeNode, type CodeVar } from "./ir.js";
import { topoOrder } from "../../expr/traverse.js";
import { CodeRenderer } from "./emit.js";
import { type Backend, completeTable } from "./table.js";
import { pythonDialect, pythonName, sumNesting } from "./python-syntax.js";

export interface Statement {
  readonly name: string;
  readonly code: string;
}

/** What one part of the function (the results, or the value alone) reads and computes. */
export interface Part {
  /** The expression's names it reads (keys of the inputs). */
  readonly inputs: readonly string[];
  /** The size symbols its code mentions. */
  readonly sizes: readonly string[];
  readonly statements: readonly Statement[];
}

export interface Body {
  readonly results: Part & { readonly code: readonly string[] };
  readonly value: Part & { readonly code: string };
}

/** Leaves, constants and marks (xᵀ, −x, a stretched scalar) print short; naming them would only hide them. */
function isTrivial(n: CodeNode): boolean {
  if (n.kind !== "op" || n.args.length === 0) return true;
  if (["transpose", "neg", "broadcast"].includes(n.op)) return true;
  if (["vec", "diagEmbed"].includes(n.op)) return isTrivial(n.args[0]!);
  return false;
}

/** The size symbols `code` mentions, among those of the nodes' shapes and sizes (each is a local of its own name). */
function sizesOf(nodes: readonly CodeNode[], code: readonly string[], reserved: readonly string[]): string[] {
  const candidates = new Set<string>();
  const add = (d: Dim): void => d.syms.forEach((s) => candidates.add(s));
  for (const n of nodes) {
    [n.shape.rows, n.shape.cols].forEach(add);
    if (n.kind === "op") n.attr.dims?.forEach(add);
  }
  const text = code.join("\n");
  return [...candidates].filter((s) => new RegExp(`(?<![\\w.])${pythonName(s, reserved)}\\b`).test(text));
}

/**
 * Operator levels one statement may nest: CPython refuses an expression nested 200 brackets deep, and every level
 * may open one (a call, a parenthesised operand).
 */
const MAX_NESTING = 32;

/**
 * The function body of `d` for `backend`. `locals` maps each input key to its
 * local name; `taken` holds every name the function already uses.
 */
export function planBody(
  d: Derivation, backend: Backend, locals: ReadonlyMap<string, string>, taken: ReadonlySet<string>, cut: readonly { name: string; node: Expr }[],
): Body {
  const roots: Expr[] = [...cut.map((s) => s.node), ...d.derivatives.map((r) => r.result), d.y];
  const { roots: code, lowered } = fastCode(roots);
  const cutCode = code.slice(0, cut.length);
  const results = code.slice(cut.length, -1);
  const value = code[code.length - 1]!;
  const all = topoOrder(code);
  const uses = new Map<number, number>();
  for (const n of all) if (n.kind === "op") for (const a of n.args) uses.set(a.id, (uses.get(a.id) ?? 0) + 1);
  for (const r of code) uses.set(r.id, (uses.get(r.id) ?? 0) + 1);

  // Names the program gives: an intermediate cut loose by --wrt is computed under its own name; a statement's value keeps its name.
  const names = new Map<number, string>();
  const used = new Set(taken);
  const give = (n: CodeNode | undefined, name: string): void => {
    if (!n || n.kind !== "op" || names.has(n.id) || used.has(name)) return;
    names.set(n.id, name);
    used.add(name);
  };
  cut.forEach((s, i) => give(cutCode[i], pythonName(s.name, backend.reserved)));
  const reachable = new Set(all.map((n) => n.id));
  for (const [id, name] of d.names) {
    const n = lowered.get(id);
    if (n && reachable.has(n.id) && !isTrivial(n)) give(n, pythonName(name, backend.reserved));
  }
  const outputName = pythonName(d.yName, backend.reserved);
  let k = 0;
  // How deep each node's expression nests below it, down to named values: a node deeper than MAX_NESTING is a
  // statement of its own, so no line nests past Python's limit on brackets (and every line stays short).
  const nesting = new Map<number, number>();
  for (const n of all) {
    if (n.kind === "var") names.set(n.id, locals.get(n.name) ?? pythonName(n.name, backend.reserved));
    let depth = 0;
    if (n.kind === "op") {
      // A sum nests one level per term of a run (see pythonSum), any other operator one level.
      const own = n.op === "add" ? Math.max(1, sumNesting(n.args.length)) : 1;
      for (const a of n.args) depth = Math.max(depth, (names.has(a.id) ? 0 : nesting.get(a.id) ?? 0) + own);
    }
    const shared = (uses.get(n.id) ?? 0) >= 2 && !isTrivial(n);
    if (names.has(n.id) || !(shared || (n.kind === "op" && depth >= MAX_NESTING))) {
      nesting.set(n.id, names.has(n.id) ? 0 : depth);
      continue;
    }
    let name = n === value && !used.has(outputName) ? outputName : codeTemporary(k++);
    while (used.has(name)) name = codeTemporary(k++);
    used.add(name);
    names.set(n.id, name);
    nesting.set(n.id, 0);
  }

  const table = completeTable(backend);
  const renderer = new CodeRenderer(table, backend.multiDot, pythonDialect(table, backend.reserved), names);
  const forResults = new Set(topoOrder([...cutCode, ...results]).map((n) => n.id));
  const part = (nodes: readonly CodeNode[], roots: readonly CodeNode[]): Part & { readonly code: string[] } => {
    const statements = nodes.filter((n) => names.has(n.id) && n.kind === "op").map((n) => ({ name: names.get(n.id)!, code: renderer.render(n, true) }));
    const code = roots.map((r) => renderer.render(r));
    return {
      inputs: nodes.filter((n): n is CodeVar => n.kind === "var").map((n) => n.name),
      sizes: sizesOf(nodes, [...statements.map((x) => x.code), ...code], backend.reserved),
      statements,
      code,
    };
  };
  const resultPart = part(all.filter((n) => forResults.has(n.id)), [...cutCode, ...results]);
  const valuePart = part(topoOrder([value]).filter((n) => !forResults.has(n.id)), [value]);
  return {
    results: { ...resultPart, code: resultPart.code.slice(cut.length) },
    value: { ...valuePart, sizes: valuePart.sizes.filter((s) => !resultPart.sizes.includes(s)), code: valuePart.code[0]! },
  };
}
