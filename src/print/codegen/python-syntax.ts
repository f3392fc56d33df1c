/** Python spelling shared by every Python back-end: identifiers, numbers, sums, sizes. */
import type { NumNode, VarNode } from "../../expr/node.js";
import { type Dim, formatDim } from "../../shapes/dim.js";
import { Prec } from "../../ops/precedence.js";
import type { Notation } from "../../ops/stanza.js";
import type { Dialect } from "../dialect.js";
import { exactNumber } from "../leaves.js";
import type { CompleteTable } from "./table.js";
import { codeTemporary } from "../naming.js";

const PYTHON_KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
  "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
  "pass", "raise", "return", "try", "while", "with", "yield",
]);

/** The modules any Python back-end imports: a user's name never shadows one (np → np_). */
export const MODULE_NAMES: readonly string[] = ["math", "np", "torch", "jax", "jnp"];

/**
 * The names without a leading underscore that the generated functions read for themselves, so that a local named
 * after an input, a size or a generic function would change what they do: the parameters of
 * `_derivative(inputs, with_value)`, and the builtins a function body calls (callable and TypeError check the
 * generic functions, float divides by a size and reads g(X), dict holds PyTorch's dtype and device). Every other
 * name the module defines or reads (_arrays, _sizes, _value, _k, _read_inputs, _result, the helpers) begins with an
 * underscore, which no name of matdiff's language does.
 */
export const INTERNAL_NAMES: readonly string[] = ["inputs", "with_value", "callable", "TypeError", "float", "dict"];

/** The names a local of a Python back-end may not take: a user's name that is one steps aside (np → np_, with_value → with_value_). */
export const RESERVED_NAMES: readonly string[] = [...MODULE_NAMES, ...INTERNAL_NAMES];

/**
 * A name as a Python identifier that no two names share and that is no keyword or name the module reads: Greek
 * letters are Python identifiers (PEP 3131, stable under its NFKC reading) and stay as written (λ); a keyword or
 * reserved name takes a "_" (lambda → lambda_, np → np_), and so does a name that already ends in one (np_ → np__),
 * so np and np_ never meet in one local. (The one letter of matdiff's Greek range that is no identifier, the
 * unassigned U+03A2, is written u3a2.)
 */
export function pythonName(name: string, reserved: readonly string[] = []): string {
  const identifier = name.replace(/[^A-Za-z0-9_\u0391-\u03A1\u03A3-\u03A9\u03B1-\u03C9]/g, (ch) => `u${ch.codePointAt(0)!.toString(16)}`);
  return PYTHON_KEYWORDS.has(identifier) || reserved.includes(identifier) || identifier.endsWith("_") ? `${identifier}_` : identifier;
}

/** A number as a Python float literal that reads back as exactly v: 2 → 2.0, 1e+21 as it is, ∞ as float("inf"). */
export function pythonNumber(v: number): string {
  if (Number.isNaN(v)) return 'float("nan")';
  if (!Number.isFinite(v)) return v > 0 ? 'float("inf")' : '-float("inf")';
  const s = exactNumber(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** A size as a Python product of bound sizes: 2 * n * h. */
export function pythonDim(d: Dim, reserved: readonly string[] = []): string {
  return formatDim(d, { name: (s) => pythonName(s, reserved), times: " * ", power: (b, e) => `${b} ** ${e}` });
}

/** The dialect of a Python back-end's table. */
export function pythonDialect(table: CompleteTable, reserved: readonly string[]): Dialect {
  return {
    notation: (op) => table[op],
    leaf: (node: VarNode | NumNode) => (node.kind === "num" ? pythonNumber(node.value) : pythonName(node.name, reserved)),
    dim: (d) => pythonDim(d, reserved),
    paren: (s) => `(${s})`,
    marks: false,
    name: (s) => pythonName(s, reserved),
    temporary: codeTemporary,
  };
}

/** Whether `s` contains `token` outside every bracket and string. */
export function topLevel(s: string, token: string): boolean {
  let depth = 0;
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) quote = ch === quote ? "" : quote;
    else if (ch === '"' || ch === "'") quote = ch;
    else if ("([{".includes(ch)) depth++;
    else if (")]}".includes(ch)) depth--;
    else if (depth === 0 && s.startsWith(token, i)) return true;
  }
  return false;
}

/**
 * Terms a sum writes in one run: Python parses a + b + c + … as a chain nested one level per term, and refuses
 * to compile a chain a few thousand deep, so a longer sum is written in bracketed groups of SUM_RUN terms (and
 * groups of groups), which nest about SUM_RUN levels per grouping.
 */
export const SUM_RUN = 16;

/** The levels a sum of k terms nests in Python's syntax tree, grouped as pythonSum writes it. */
export function sumNesting(k: number): number {
  return k <= SUM_RUN ? Math.max(k - 1, 0) : SUM_RUN + sumNesting(Math.ceil(k / SUM_RUN));
}

/** a + b - c: a negated term (printed -x by every Python table) becomes a subtraction. */
export const pythonSum: Notation = {
  prec: Prec.SUM,
  render: (c) => {
    // Each term as it starts a run, and as it continues one (+ s, or - x for a negated term).
    const first = (i: number): string => c.arg(i, Prec.SUM);
    const next = (i: number): string => {
      const t = c.node.args[i]!;
      if (t.kind === "op" && t.op === "neg") return ` - ${c.bare(i).slice(1)}`;
      if (t.kind === "num" && t.value < 0) return ` - ${String(-t.value)}`;
      return ` + ${first(i)}`;
    };
    const run = (from: number, to: number): string => {
      let text = first(from);
      for (let i = from + 1; i < to; i++) text += next(i);
      return text;
    };
    const k = c.node.args.length;
    if (k <= SUM_RUN) return run(0, k);
    let groups: string[] = [];
    for (let i = 0; i < k; i += SUM_RUN) groups.push(`(${run(i, Math.min(i + SUM_RUN, k))})`);
    while (groups.length > SUM_RUN) {
      const outer: string[] = [];
      for (let i = 0; i < groups.length; i += SUM_RUN) outer.push(`(${groups.slice(i, i + SUM_RUN).join(" + ")})`);
      groups = outer;
    }
    return groups.join(" + ");
  },
};
