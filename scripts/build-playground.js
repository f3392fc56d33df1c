// Builds dist/playground/index.html: one self-contained page (the engine
// and KaTeX bundled by esbuild for the browser, the CSS and KaTeX's woff2
// fonts inlined) that works from file:// with no network. Its
// Content-Security-Policy allows exactly the one inline script (by hash), the
// compiling of WebAssembly (the numeric kernels),
// inline styles (KaTeX positions glyphs with style attributes) and data:
// fonts; nothing else loads.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const src = path.join(root, "src/playground");
const outDir = path.join(root, "dist/playground");

const bundle = await build({
  entryPoints: [path.join(src, "app.ts")],
  bundle: true,
  platform: "browser",
  format: "iife",
  target: "es2020",
  minify: true,
  legalComments: "none",
  write: false,
  logLevel: "warning",
});
// Inside a <script> element, "</script" would end it early; "<\/script" means the same to JavaScript.
const js = bundle.outputFiles[0].text.replace(/<\/(script)/gi, "<\\/$1");

const katexDir = path.join(root, "node_modules/katex/dist");
const fontUrl = /url\(fonts\/([^)]+)\)\s*format\("([^"]+)"\)/g;
// Keep only the woff2 source of each @font-face (every browser that runs the page reads it), inlined as data:.
const katexCss = fs.readFileSync(path.join(katexDir, "katex.min.css"), "utf8")
  .replace(/src:([^;}]+)/g, (_, sources) => {
    const woff2 = [...sources.matchAll(fontUrl)].find((m) => m[2] === "woff2");
    if (!woff2) throw new Error(`a KaTeX font has no woff2 source: ${sources}`);
    const data = fs.readFileSync(path.join(katexDir, "fonts", woff2[1])).toString("base64");
    return `src:url(data:font/woff2;base64,${data}) format("woff2")`;
  });
const css = fs.readFileSync(path.join(src, "style.css"), "utf8");

const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("base64");
export const csp = [
  "default-src 'none'",
  // 'wasm-unsafe-eval' lets the page compile the numeric kernels' WebAssembly module (never JavaScript
  // from a string); without it the checks would fall back to the same kernels in JavaScript.
  `script-src 'sha256-${sha256(js)}' 'wasm-unsafe-eval'`,
  "style-src 'unsafe-inline'",
  "font-src data:",
  "img-src 'none'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

const slots = { __CSP__: csp, __KATEX_CSS__: katexCss, __CSS__: css, __JS__: js };
const html = fs.readFileSync(path.join(src, "index.html"), "utf8")
  .replace(/__(CSP|KATEX_CSS|CSS|JS)__/g, (slot) => slots[slot]);

fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, "index.html"), html);
fs.writeFileSync(path.join(outDir, "csp.txt"), `${csp}\n`);
console.log(`dist/playground/index.html: ${(html.length / 1024).toFixed(0)} KiB`);
