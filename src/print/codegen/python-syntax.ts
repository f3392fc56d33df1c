/** Python spelling shared by every Python back-end: identifiers, numbers, sums, sizes. */
import type { NumNode, VarNode } from "../../expr/node.js";
import { type Dim, formatDim } from "../../shapes/dim.js";
import { Prec } from "../../ops/precedence.js";
import type { Notation } from "../../ops/stanza.js";
import type { Dialect } from "../dialect.js";
import { formatNumber } from "../leaves.js";
import type { CompleteTable } from "./table.js";
import { codeTemporary } from "../naming.js";

const PYTHON_KEYWORDS = new Set([
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
  "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
  "pass", "raise", "return", "try", "while", "with", "yield", "inputs",
]);

/** The modules any Python back-end imports: a user's name never shadows one (np → np_). */
export const MODULE_NAMES: readonly string[] = ["math", "np", "torch", "jax", "jnp"];

/** A name as a Python identifier that is no keyword: λ → u3bb, lambda → lambda_. */
export function pythonName(name: string, reserved: readonly string[] = []): string {
  const ascii = name.replace(/[^A-Za-z0-9_]/g, (ch) => `u${ch.codePointAt(0)!.toString(16)}`);
  return PYTHON_KEYWORDS.has(ascii) || reserved.includes(ascii) ? `${ascii}_` : ascii;
}

/** A number as a Python float literal: 2 → 2.0. */
export function pythonNumber(v: number): string {
  const s = formatNumber(v);
  return Number.isInteger(v) ? `${s}.0` : s;
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

/** a + b - c: a negated term (printed -x by every Python table) becomes a subtraction. */
export const pythonSum: Notation = {
  prec: Prec.SUM,
  render: (c) =>
    c.node.args
      .map((t, i) => {
        if (i > 0 && t.kind === "op" && t.op === "neg") return ` - ${c.bare(i).slice(1)}`;
        if (i > 0 && t.kind === "num" && t.value < 0) return ` - ${String(-t.value)}`;
        const s = c.arg(i, Prec.SUM);
        return i === 0 ? s : ` + ${s}`;
      })
      .join(""),
};
