/** The mathematics of a LaTeX or Markdown document, for rendering in KaTeX. */
import katex from "katex";

export const katexOk = (tex: string, displayMode: boolean): void => void katex.renderToString(tex, { displayMode, throwOnError: true, strict: "error" });

/** Every display (align* or $$ … $$) and every inline $…$ of a LaTeX or Markdown document. */
export function mathOf(doc: string): { displays: string[]; inline: string[] } {
  const displays = [...doc.matchAll(/\\begin\{align\*\}([\s\S]*?)\\end\{align\*\}/g)].map((m) => `\\begin{aligned}${m[1]}\\end{aligned}`);
  displays.push(...[...doc.matchAll(/\$\$\n([\s\S]*?)\n\$\$/g)].map((m) => m[1]!));
  const rest = doc.replace(/\\begin\{align\*\}[\s\S]*?\\end\{align\*\}/g, "").replace(/\$\$\n[\s\S]*?\n\$\$/g, "");
  const inline = [...rest.matchAll(/\$([^$]+)\$/g)].map((m) => m[1]!);
  return { displays, inline };
}
