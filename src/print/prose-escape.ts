/**
 * Words set literally in a sentence of LaTeX (text mode, the article's
 * default OT1 fonts) or of Markdown: what a reader sees is what was
 * written. TeX's special characters are escaped, the ligatures that would
 * change a character are broken (-- is an en dash, " a closing quote), the
 * characters OT1 roman has no glyph for (< > |) are named, and options and
 * code (--shape "c: m") are set in typewriter type, which has every ASCII
 * character.
 */

export type ProseTarget = "latex" | "markdown";

/** Roman text: TeX's specials, and the characters OT1 roman would print as something else (< is ¡, | is —). */
const LATEX_TEXT: Readonly<Record<string, string>> = {
  "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%", $: "\\$", "#": "\\#", _: "\\_",
  "^": "\\textasciicircum{}", "~": "\\textasciitilde{}", "<": "\\textless{}", ">": "\\textgreater{}", "|": "\\textbar{}",
  // OT1 roman has no straight double quote; typewriter type has
  '"': '\\texttt{"}',
};

/** Typewriter type: TeX's specials by character code (cmtt has all of ASCII), quotes straight. */
const LATEX_CODE: Readonly<Record<string, string>> = {
  "\\": "\\char92{}", "{": "\\char123{}", "}": "\\char125{}", "&": "\\&", "%": "\\%", $: "\\$", "#": "\\#", _: "\\char95{}",
  "^": "\\char94{}", "~": "\\char126{}", "'": "\\textquotesingle{}", "`": "\\textasciigrave{}",
};

/** Two hyphens in a row stay two hyphens: -- → -{}- (TeX reads -- as an en dash, --- as an em dash). */
const noDashLigature = (s: string): string => s.replace(/-(?=-)/g, "-{}");

/** Words in LaTeX's roman text mode, printed as written. */
export function latexText(s: string): string {
  return noDashLigature(s.replace(/[\\{}&%$#_^~<>|"]/g, (c) => LATEX_TEXT[c]!));
}

/** Markdown text: the characters Markdown would read as markup, escaped. */
export function markdownText(s: string): string {
  return s.replace(/[*_`\\[\]<>]/g, (c) => `\\${c}`);
}

/**
 * An option or a piece of code, in typewriter type (LaTeX) or a code span (Markdown), printed as written; in LaTeX
 * a character beyond ASCII (a Greek name, λ) is set as `math` spells it, since typewriter type has none.
 */
export function codeSpan(s: string, target: ProseTarget, math: (ch: string) => string): string {
  if (target === "latex") {
    const ascii = noDashLigature(s.replace(/[\\{}&%$#_^~'`]/g, (c) => LATEX_CODE[c]!));
    return `\\texttt{${ascii.replace(/[^\x00-\x7F]/gu, (ch) => `$${math(ch)}$`)}}`;
  }
  // a code span's fence is one backtick more than the longest run inside it
  const fence = "`".repeat(Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return s.includes("`") ? `${fence} ${s} ${fence}` : `${fence}${s}${fence}`;
}

/** A command-line option, with its quoted value if one follows: --shape, --shape "c: m". */
const OPTION = /--[A-Za-z][\w-]*(?: "[^"]*")?/;

/** A sentence cut into its words and its options, in order: [words, option, words, …]; odd indexes are options. */
export function splitOptions(sentence: string): string[] {
  return sentence.split(new RegExp(`(${OPTION.source})`));
}
