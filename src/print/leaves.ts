/**
 * How names and numbers are spelled in mathematics: Greek names as
 * letters, `Whh` as W_{hh} in LaTeX. (Code back-ends spell names in codegen/.)
 * These spell one name on its own; spelling.ts keeps the names of one
 * printout apart when two of them would come out alike.
 */
/**
 * Greek names → [text, LaTeX]. omicron is left out (ο reads as the letter o, and LaTeX has no \omicron), and Upsilon
 * prints as typed in text (Υ reads as Y, a matrix result's name).
 */
const GREEK_TABLE: Record<string, [string, string]> = {
  alpha: ["α", "\\alpha"], beta: ["β", "\\beta"], gamma: ["γ", "\\gamma"], delta: ["δ", "\\delta"],
  epsilon: ["ε", "\\epsilon"], zeta: ["ζ", "\\zeta"], eta: ["η", "\\eta"], theta: ["θ", "\\theta"],
  iota: ["ι", "\\iota"], kappa: ["κ", "\\kappa"], lambda: ["λ", "\\lambda"], mu: ["μ", "\\mu"], nu: ["ν", "\\nu"],
  xi: ["ξ", "\\xi"], pi: ["π", "\\pi"], rho: ["ρ", "\\rho"], sigma: ["σ", "\\sigma"],
  tau: ["τ", "\\tau"], upsilon: ["υ", "\\upsilon"], phi: ["φ", "\\phi"], chi: ["χ", "\\chi"], psi: ["ψ", "\\psi"],
  omega: ["ω", "\\omega"], Gamma: ["Γ", "\\Gamma"], Delta: ["Δ", "\\Delta"], Theta: ["Θ", "\\Theta"],
  Lambda: ["Λ", "\\Lambda"], Xi: ["Ξ", "\\Xi"], Pi: ["Π", "\\Pi"], Sigma: ["Σ", "\\Sigma"], Upsilon: ["Upsilon", "\\Upsilon"],
  Phi: ["Φ", "\\Phi"], Psi: ["Ψ", "\\Psi"], Omega: ["Ω", "\\Omega"],
};
/** Maps, not objects: a user's name (`constructor`, `__proto__`) is never looked up through a prototype. */
const GREEK: ReadonlyMap<string, [string, string]> = new Map(Object.entries(GREEK_TABLE));
/** A Greek letter typed as such (α, Σ) → its LaTeX command. */
const GREEK_LETTER_TO_LATEX: ReadonlyMap<string, string> = new Map([...GREEK.values()].filter(([letter]) => [...letter].length === 1));
const GREEK_LETTER = /[\u0391-\u03A9\u03B1-\u03C9]/gu;

/**
 * A name's own spelling, and how many readings it took: a subscript read off a name that has no underscore
 * (h1 → h_{1}, Whh → W_{hh}) and a Greek letter read off its English name (alpha → α) count one each. Of two
 * names spelled alike, the one with fewer readings is the one the spelling states (spelling.ts).
 */
export interface Spelt {
  readonly spelling: string;
  readonly readings: number;
}

/** `alpha` → α in text; other names as written. */
export function textName(name: string): string {
  return textSpelt(name).spelling;
}

export function textSpelt(name: string): Spelt {
  const m = /^([A-Za-z]+)(.*)$/.exec(name);
  if (m && GREEK.has(m[1]!)) {
    const letter = GREEK.get(m[1]!)![0];
    return { spelling: letter + m[2]!, readings: letter === m[1] ? 0 : 1 };
  }
  return { spelling: name, readings: 0 };
}

/**
 * LaTeX the way papers typeset names: Whh, W_hh → W_{hh}; h_prev → h_{\mathrm{prev}};
 * x1 → x_{1}; alpha → \alpha; sigma_1 → \sigma_{1}.
 */
export function latexName(name: string): string {
  return latexSpelt(name).spelling;
}

/** Greek letters typed as such, by their commands (pdflatex reads no Unicode in mathematics). */
const greekCommands = (s: string): string => s.replace(GREEK_LETTER, (ch) => (GREEK_LETTER_TO_LATEX.has(ch) ? `{${GREEK_LETTER_TO_LATEX.get(ch)}}` : ch));

/**
 * A name as typed, in LaTeX: upright, with `_` as `\_` (\mathrm{h1}, \mathrm{W\_hh}). Upright, it never reads as
 * italic letters side by side (the product W h h). Distinct names give distinct texts, and a paper spelling is a
 * whole \mathrm{…} only for a name spelled as typed already (a lowercase word, \mathrm{bias}; x_, \mathrm{x\_}).
 */
export function latexAsTyped(name: string): string {
  return `\\mathrm{${greekCommands(name).replace(/_/g, "\\_")}}`;
}

export function latexSpelt(name: string): Spelt {
  let base: string;
  let sub: string;
  let readings = 0;
  const underscore = name.indexOf("_");
  if (underscore > 0) {
    const parts = name.split("_");
    // x_ or x__1: an empty part has no subscript to stand for (x_ would print as x)
    if (parts.some((p) => p === "")) return { spelling: latexAsTyped(name), readings: 0 };
    base = parts[0]!;
    sub = parts.slice(1).join(",");
    if (GREEK.has(base)) readings++;
  } else {
    const greek = [...GREEK.keys()].find((g) => name.startsWith(g) && (name.length === g.length || /[0-9]/.test(name[g.length]!)));
    const m = greek ? [name, greek, name.slice(greek.length)] : /^(.)(.*)$/u.exec(name)!;
    base = m[1]!;
    sub = m[2]!;
    if (!greek && /^[a-z]+$/.test(sub) && /^[a-z]$/.test(base)) {
      // a lowercase multi-letter name (bias, prev) is a word, not a letter with a subscript
      return { spelling: `\\mathrm{${name}}`, readings: 0 };
    }
    if (greek) readings++;
    if (sub !== "") readings++;
  }
  // A base of several letters is upright (ab_1 → \mathrm{ab}_{1}): italic, ab_{1} reads as a times b_{1}.
  const head = GREEK.get(base)?.[1] ?? GREEK_LETTER_TO_LATEX.get(base) ?? ([...base].length > 1 ? `\\mathrm{${greekCommands(base)}}` : greekCommands(base));
  if (sub === "") return { spelling: head, readings };
  const subText = /^[0-9]+$/.test(sub) || [...sub].length === 1 || /^[a-z]{1,2}$/i.test(sub) ? greekCommands(sub) : `\\mathrm{${greekCommands(sub)}}`;
  return { spelling: `${head}_{${subText}}`, readings };
}

/** Irrational constants that derivatives bring (d erf(x) = (2/√π) exp(−x²) dx), by value, as text and LaTeX write them. */
const NAMED_CONSTANTS: readonly { readonly value: number; readonly text: string; readonly latex: string }[] = [
  { value: 2 / Math.sqrt(Math.PI), text: "2/√π", latex: "\\tfrac{2}{\\sqrt{\\pi}}" },
];

/** The named constant that v is, exactly, or its negative; null for any other number. */
export function namedConstant(v: number): { readonly negative: boolean; readonly text: string; readonly latex: string } | null {
  for (const c of NAMED_CONSTANTS) if (v === c.value || v === -c.value) return { negative: v < 0, text: c.text, latex: c.latex };
  return null;
}

/**
 * p/q when v is a fraction with a small denominator whose decimal does not
 * end (1/3, −2/3, 5/6), so that (xᵀx)^(1/3) differentiates to
 * 1/3 (xᵀx)^(−2/3) x rather than 0.333333333333…; null otherwise (0.5 stays 0.5).
 */
export function fractionOf(v: number): { p: number; q: number } | null {
  if (Number.isInteger(v) || !Number.isFinite(v) || formatNumber(v).replace(/^-?\d*\./, "").length <= 6) return null;
  for (let q = 3; q <= 12; q++) {
    const p = Math.round(v * q);
    if (Math.abs(v - p / q) <= 1e-12 * Math.max(1, Math.abs(v)) && gcd(Math.abs(p), q) === 1) return { p, q };
  }
  return null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A number as code and matdiff's own syntax write it: the shortest digits that read back as exactly v. */
export function exactNumber(v: number): string {
  return String(v);
}

export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(12)).toString();
}
