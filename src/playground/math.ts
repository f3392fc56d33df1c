/**
 * LaTeX → typeset mathematics with KaTeX. This is the only place the page
 * assigns innerHTML, and what it assigns is KaTeX's own output: trust is
 * false (no \href, \url, \includegraphics, \htmlClass …), macros cannot be
 * defined across calls, and a LaTeX error renders as KaTeX's error text,
 * never as an exception.
 */
import katex from "katex";

export function renderMath(target: HTMLElement, latex: string): void {
  typeset(target, latex, true);
}

/** Mathematics inside a line of text. */
export function renderInlineMath(target: HTMLElement, latex: string): void {
  typeset(target, latex, false);
}

function typeset(target: HTMLElement, latex: string, displayMode: boolean): void {
  const html = katex.renderToString(latex, {
    displayMode,
    throwOnError: false,
    trust: false,
    strict: "ignore",
    output: "htmlAndMathml",
    maxExpand: 1000,
    globalGroup: false,
  });
  target.innerHTML = html;
}
