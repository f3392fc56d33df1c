/**
 * The derivation's steps on the page, from the library's Markdown steps
 * (`formatMarkdown(d, { steps: true })`): `$$ … $$` blocks become KaTeX
 * displays; paragraphs and `>` reasons become text with `**bold**` and
 * inline `$ … $` mathematics. Every word goes in through text nodes; the
 * only markup is KaTeX's own (math.ts).
 */
import { el, fill } from "./dom.js";
import { renderMath, renderInlineMath } from "./math.js";

type Block = { readonly kind: "display"; readonly latex: string } | { readonly kind: "paragraph" | "reason"; readonly text: string };

/** Split the Markdown into display blocks and paragraphs (a blank line ends a paragraph). */
export function stepBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split("\n");
  let paragraph: string[] = [];
  const flush = () => {
    if (!paragraph.length) return;
    const reason = paragraph.every((l) => l.startsWith(">"));
    const text = paragraph.map((l) => (reason ? l.replace(/^>\s?/, "") : l)).join(" ");
    blocks.push({ kind: reason ? "reason" : "paragraph", text });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "$$") {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== "$$"; i++) body.push(lines[i]!);
      blocks.push({ kind: "display", latex: body.join("\n") });
    } else if (line.trim() === "") flush();
    else paragraph.push(line);
  }
  flush();
  return blocks;
}

/** Text with **bold** runs and $inline math$, as DOM nodes. */
function inlineNodes(text: string): Node[] {
  const nodes: Node[] = [];
  // $…$ (math) or **…** (bold); everything else is plain text
  const pattern = /\$([^$]+)\$|\*\*([^*]+)\*\*/g;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index! > at) nodes.push(document.createTextNode(text.slice(at, m.index)));
    if (m[1] !== undefined) {
      const span = el("span", { class: "inline-math" });
      renderInlineMath(span, m[1]);
      nodes.push(span);
    } else nodes.push(el("strong", {}, m[2]!));
    at = m.index! + m[0].length;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

export function renderSteps(target: HTMLElement, markdown: string): void {
  fill(target);
  for (const block of stepBlocks(markdown)) {
    if (block.kind === "display") {
      const box = el("div", { class: "step-display" });
      renderMath(box, block.latex);
      target.appendChild(box);
    } else {
      const p = el("p", { class: block.kind === "reason" ? "step-reason" : "step-text" });
      for (const n of inlineNodes(block.text)) p.appendChild(n);
      target.appendChild(p);
    }
  }
}
