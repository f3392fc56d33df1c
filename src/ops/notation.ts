/**
 * Notation builders for stanzas: infix operators, calls, postfix marks and
 * juxtaposition, for each output format. A stanza composes these; the
 * printers (print/text.ts, latex.ts) supply the PrintContext.
 */
import type { Notation, PrintContext } from "./stanza.js";
import { Prec } from "./precedence.js";

export function infix(prec: number, symbol: string, spaced = true): Notation {
  return {
    prec,
    render: (c) => {
      const s = c.sym(symbol);
      return spaced ? `${c.operand(0)} ${s} ${c.operand(1)}` : `${c.operand(0)}${s}${c.operand(1)}`;
    },
  };
}

export function call(name: string, open = "(", close = ")"): Notation {
  return {
    prec: Prec.ATOM,
    render: (c) => `${c.fn(name)}${open}${c.node.args.map((_, i) => c.bare(i)).join(", ")}${close}`,
  };
}

export function postfix(mark: string): Notation {
  return { prec: Prec.POSTFIX, render: (c) => `${c.arg(0, Prec.POSTFIX)}${c.sym(mark)}` };
}

/** A notation that prints its single argument in its own place (broadcasting). */
export function transparent(): Notation {
  return { prec: -1, render: (c) => c.bare(0) };
}

/**
 * Text juxtaposition for products: `Ax`, `2x`, `xᵀAx`, but `W x`, `h Whh`,
 * `diag(v) W`, `(A + B) x` — no space only where the touching tokens are
 * single-letter names (with marks), or after a whole number. A number is
 * never juxtaposed where it could misread: `t·0.5^s` (not `t0.5^s`),
 * `2a·3b`, `0.5 diag(v)`, `2 logdet(X)`, `x.^2 y`.
 */
export function juxtapose(c: PrintContext): string {
  const left = c.operand(0);
  const right = c.operand(1);
  if (c.numberEdge(1, "first")) return `${left}·${right}`;
  const leftIsNumber = c.node.args[0]!.kind === "num" && !left.startsWith("(");
  if (leftIsNumber) return /^[1-9][0-9]*$/.test(left) && (c.shortEdge(1, "first") || startsWithTemporary(right) || right.startsWith("(")) ? left + right : `${left} ${right}`;
  if (c.numberEdge(0, "last")) return `${left} ${right}`;
  // A letter against the same letter (X X, X Xᵀ, and (X X) X) would read as a two-letter name: kept apart.
  const sameLetter = edgeLetter(left, "last") === edgeLetter(right, "first");
  if (!sameLetter && c.shortEdge(0, "last") && c.shortEdge(1, "first") && !left.endsWith(")") && !right.startsWith("(")) return left + right;
  return `${left} ${right}`;
}

/** The character a document starts (or ends) with, document marks (private-use characters, as for startsWithTemporary) aside: Xᵀ ends in ᵀ. */
function edgeLetter(text: string, edge: "first" | "last"): string {
  const step = edge === "first" ? 1 : -1;
  for (let i = edge === "first" ? 0 : text.length - 1; i >= 0 && i < text.length; i += step) {
    const code = text.charCodeAt(i);
    if (code < 0xe000 || code > 0xe00f) return text[i]!;
  }
  return "";
}

/**
 * Whether a text starts with a temporary such as t₁, which reads as one letter after a number (2t₁): a letter
 * and a subscript digit, document marks (private-use characters) aside. Only the head is read, however long the text.
 */
function startsWithTemporary(text: string): boolean {
  let head = "";
  let count = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xe000 && code <= 0xe00f) continue;
    head += ch;
    if (++count === 2) break;
  }
  return /^\p{L}[₀-₉]/u.test(head);
}

/** LaTeX juxtaposition: `2 x`, `t \cdot 0.5^{s}`, `0.5\, I_{n}` (a decimal is kept apart from what follows). */
export function juxtaposeLatex(c: PrintContext, left: string, right: string): string {
  if (c.numberEdge(1, "first")) return `${left} \\cdot ${right}`;
  if (c.numberEdge(0, "last") && !/^[0-9]+$/.test(left)) return `${left}\\, ${right}`;
  return `${left} ${right}`;
}

/** Render a PrintContext's args as a comma list. */
export function argList(c: PrintContext): string {
  return c.node.args.map((_, i) => c.bare(i)).join(", ");
}

const SUPERSCRIPT: Record<string, string> = {
  "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
};

/**
 * 2 → ², -1 → ⁻¹; null when the number has no superscript form: not an integer, or written with a character that
 * has none (1e+21 would lose its "e+" and read as x¹²¹, so it stays x^(1e+21)).
 */
export function superscript(n: number): string | null {
  if (!Number.isInteger(n)) return null;
  const chars = String(n).split("");
  if (!chars.every((ch) => Object.hasOwn(SUPERSCRIPT, ch))) return null;
  return chars.map((ch) => SUPERSCRIPT[ch]).join("");
}

/**
 * An exponent written after ^ in text: bracketed when it is a number in exponent notation, whose sign would read
 * as a sum or a difference (x^(1e+21), x^(1e−7), not x^1e+21); else as it prints at the tightest precedence.
 */
export function exponentText(printed: string): string {
  return /^[0-9.]+e/.test(printed) ? `(${printed})` : printed;
}
