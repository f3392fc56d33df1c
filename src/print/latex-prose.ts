/**
 * Sentences for LaTeX and Markdown: words set in roman, the mathematics in
 * them (names, ⟨G, A dX B⟩ = ⟨AᵀGBᵀ, dX⟩, vec(dX)) set as inline math, each
 * formula one math span however many words it has, and options set as code
 * (--shape "c: m"). Nothing a sentence holds reaches TeX's text mode
 * unescaped, so every sentence compiles and reads as it was written.
 */
import { type ProseTarget, codeSpan, latexText, markdownText, splitOptions } from "./prose-escape.js";

/** Unicode mathematics as LaTeX: ⟨ → \langle, ᵀ → ^{\top}, 𝟏 → \mathbf{1}, … */
const UNICODE_LATEX: Record<string, string> = {
  "⟨": "\\langle ", "⟩": "\\rangle ", "ᵀ": "^{\\top}", "⊗": "\\otimes ", "⊙": "\\odot ", "⊘": "\\oslash ", "𝟏": "\\mathbf{1}",
  "∂": "\\partial ", "ℓ": "\\ell ", "Σ": "\\sum ", "∇": "\\nabla ", "×": "\\times ", "·": "\\cdot ",
  "−": "-", "σ": "\\sigma ", "δ": "\\delta ", "⌊": "\\lfloor ", "⌋": "\\rfloor ",
  "√": "\\sqrt ", "→": "\\to ", "≠": "\\neq ", "≤": "\\le ", "≥": "\\ge ", "∘": "\\circ ", "%": "\\%", "#": "\\#", "&": "\\&",
  "…": "\\dots ", "$": "\\$", "*": "\\ast ",
};
/** Greek letters α…ω and Α…Ω by code point, as LaTeX writes them (ο, Α are Latin letters there; Σ is the summation above). */
const GREEK_LOWER = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi o pi rho varsigma sigma tau upsilon phi chi psi omega".split(" ");
const GREEK_UPPER = "A B Gamma Delta E Z H Theta I K Lambda M N Xi O Pi P - Sigma T Upsilon Phi X Psi Omega".split(" ");

/** A character no table above names: a Greek letter, a prime, or as text (Latin-1), or by its code point, never raw (pdflatex stops at it). */
function otherChar(ch: string): string {
  const c = ch.codePointAt(0)!;
  const greek = c >= 0x3b1 && c <= 0x3c9 ? GREEK_LOWER[c - 0x3b1] : c >= 0x391 && c <= 0x3a9 ? GREEK_UPPER[c - 0x391] : undefined;
  if (greek && greek !== "-") return greek.length === 1 ? greek : `\\${greek} `;
  if (ch === "′") return "'";
  if (c < 0x80) return ch;
  return /[\u00A0-\u00FF\u2013\u2014\u2018\u2019\u201C\u201D]/u.test(ch) ? `\\text{${ch}}` : `\\text{[U+${c.toString(16).toUpperCase().padStart(4, "0")}]}`;
}
const FUNCTIONS = ["unvec", "logdet", "vec", "diag", "tr", "sum", "mean", "det", "exp", "log", "tanh", "sin", "cos", "tan", "sign", "relu", "softplus", "softmax", "logsumexp", "kron", "step", "abs", "norm1", "norm2"];
/** A function's name standing alone in a formula (vec(A), vec A), not inside a longer name or a command (\sum). */
const FUNCTION_NAME = new RegExp(`(?<![\\\\A-Za-z])(${FUNCTIONS.join("|")})(?![A-Za-z0-9])`, "g");

/** Subscript and superscript characters, as what they raise or lower. */
const SCRIPT: Readonly<Record<string, string>> = {
  "ᵢ": "i", "ⱼ": "j", "₍": "(", "₎": ")", "⁻": "-", ...Object.fromEntries([..."⁰¹²³⁴⁵⁶⁷⁸⁹"].map((c, k) => [c, String(k)])),
};

/** A formula written in Unicode (as the stanzas' reasons are) as LaTeX math. */
export function unicodeMath(s: string): string {
  // A run of subscript letters is one subscript: Aᵢⱼ → A_{ij}, G₍ᵢⱼ₎ → G_{(ij)}; likewise superscripts: B⁻¹ → B^{-1}.
  const grouped = s.replace(/[ᵢⱼ₍₎]+/gu, (run) => `_{${[...run].map((c) => SCRIPT[c]).join("")}}`)
    .replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+/gu, (run) => `^{${[...run].map((c) => SCRIPT[c]).join("")}}`);
  let out = "";
  for (const ch of grouped) out += UNICODE_LATEX[ch] ?? otherChar(ch);
  // a name's underscores are one subscript, as names print: W_hh → W_{hh}, a_b_c → a_{b,c}
  out = out.replace(/_([A-Za-z0-9_]+)/g, (_m, sub: string) => `_{${sub.replace(/_/g, ",")}}`);
  out = out.replace(FUNCTION_NAME, (f) => `\\operatorname{${f}}`);
  return out.replace(/ +/g, " ").trim();
}

/** Characters pdflatex sets in roman text (ASCII, Latin-1, dashes, quotes, the ellipsis); a word with any other is mathematics. */
const TEXT_CHARS = /^[\x00-\xFF\u2013\u2014\u2018\u2019\u201C\u201D\u2026]*$/u;

/** Whether a word of a sentence is mathematics: brackets, operators, Unicode symbols, a one-letter name. */
function isMathWord(word: string): boolean {
  const bare = word.replace(/[,;:.]$/, "");
  const core = bare.replace(/^\(+/, "").replace(/\)+$/, "");
  if (/[⟨⟩⌊⌋=+ᵀ⊗⊙⊘𝟏Σ∂∇ᵢⱼ⁻¹²·×−]/u.test(bare) || /\w\(/.test(bare) || /^[/<>]$/.test(bare) || !TEXT_CHARS.test(bare)) return true;
  // A one-letter name or a differential (dX), but not the article "a".
  return /^d?[A-Za-z]$/.test(core) && core !== "a";
}

/** A word that reads as mathematics inside a formula's brackets (I)(vec, dX,), where an English word does not (stretched). */
const MATH_TOKENS = new RegExp(`^(?:[()\\[\\],;:./*+=<>'^−-]|[0-9]+|(?:${FUNCTIONS.join("|")})(?![A-Za-z])|d?[A-Za-z](?![A-Za-z])|[^\\x00-\\x7F])+$`, "u");

/** Brackets a word opens and does not close (negative when it closes more). */
function bracketBalance(word: string): number {
  let depth = 0;
  for (const ch of word) {
    if (ch === "(" || ch === "[" || ch === "⟨" || ch === "⌊") depth++;
    else if (ch === ")" || ch === "]" || ch === "⟩" || ch === "⌋") depth--;
  }
  return depth;
}

/** A formula being gathered: its words, each mathematics or (inside its brackets) English set as \text. */
interface Formula {
  readonly words: { readonly math: boolean; readonly word: string }[];
  /** Brackets open: until they close, every word belongs to the formula. */
  depth: number;
}

/** A formula's words as one math span; trailing punctuation stays outside it. */
function mathSpan(words: Formula["words"]): string {
  const last = words[words.length - 1]!;
  const tail = last.math ? /[,;:.]$/.exec(last.word)?.[0] ?? "" : "";
  const all = tail ? [...words.slice(0, -1), { math: true, word: last.word.slice(0, -1) }] : words;
  // runs of alike words: mathematics through unicodeMath, English in one \text each
  const parts: string[] = [];
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j]!.math === all[i]!.math) j++;
    const run = all.slice(i, j).map((w) => w.word).join(" ");
    parts.push(all[i]!.math ? unicodeMath(run) : `\\text{ ${latexText(run)} }`);
    i = j;
  }
  return `$${parts.join(" ")}$${tail}`;
}

/** Words (no options among them) as text with inline math; the spaces between and around them kept. */
function wordsProse(text: string, target: ProseTarget): string {
  const escape = target === "latex" ? latexText : markdownText;
  const words = text.split(" ");
  const out: string[] = [];
  let formula: Formula | null = null;
  const flush = (): void => {
    if (formula?.words.length) out.push(mathSpan(formula.words));
    formula = null;
  };
  const add = (f: Formula, word: string, math: boolean): void => {
    f.words.push({ math, word });
    f.depth += bracketBalance(word);
    // a formula ends at a colon or semicolon outside its brackets: "with B: [⟨G, B⟩]" is two formulas
    if (f.depth <= 0 && /[:;]$/.test(word)) flush();
  };
  words.forEach((w, k) => {
    const f: Formula | null = formula;
    // (an empty word is a space at either end of the words: the formula ends there)
    if (f && f.depth > 0 && w !== "") return add(f, w, MATH_TOKENS.test(w));
    const next = words[k + 1] ?? "";
    // i mod p: a word between two terms of a formula; a number that goes on a formula (x > 0); an operand of source
    // text after an operator (h = W*x)
    const after = f?.words[f.words.length - 1]?.word ?? "";
    const continues = f !== null && ((w === "mod" && isMathWord(next)) || /^[0-9]+(?:\.[0-9]+)?[,;:.]?$/.test(w) ||
      (/^[=+*/<>−-]$/.test(after) && /^[A-Za-z0-9_.*'^/()[\]]+$/.test(w.replace(/[,;:.]$/, ""))));
    if (continues || isMathWord(w)) return add(f ?? (formula = { words: [], depth: 0 }), w === "mod" ? "\\bmod" : w, true);
    flush();
    out.push(escape(w));
  });
  flush();
  return out.join(" ");
}

/**
 * A sentence as text with inline math: runs of mathematical words become
 * one $…$ each, reaching over the English inside a formula's brackets
 * (⟨g stretched along d, dX⟩); trailing punctuation stays outside; options
 * become code; the rest is text, escaped so that it prints as written.
 */
export function prose(sentence: string, target: ProseTarget): string {
  // The same few reasons recur on thousands of lines of a long derivation (each move of one kind gives the same
  // words): each is set once per target.
  const cache = PROSE_CACHE[target];
  let set = cache.get(sentence);
  if (set === undefined) {
    set = splitOptions(sentence).map((part, k) => (k % 2 ? codeSpan(part, target, unicodeMath) : wordsProse(part, target))).join("");
    if (cache.size >= PROSE_CACHE_SIZE) cache.clear();
    cache.set(sentence, set);
  }
  return set;
}

/** Sentences already set, per target; emptied when full, so a long run of distinct sentences keeps little. */
const PROSE_CACHE: Record<ProseTarget, Map<string, string>> = { latex: new Map(), markdown: new Map() };
const PROSE_CACHE_SIZE = 512;
