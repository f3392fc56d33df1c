/**
 * The folders of src/ are the stages of the pipeline, and imports point
 * down the list: a stage never imports a later one (at most three
 * deliberate exceptions), and no files import each other in a circle.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const STAGES = [
  "diagnostics", "kernels", "syntax", "shapes", "expr", "ops", "typing", "calculus",
  "numeric", "simplify", "api", "print", "playground", "cli",
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") out.push(...sourceFiles(p));
    } else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

const IMPORT = /(?:import|export)[^"';]*?from\s+["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => path.normalize(path.join(path.dirname(file), (m[1] ?? m[2])!)).replace(/\.js$/, ".ts"));
}

const stageOf = (file: string): string | null => {
  const parts = path.relative("src", file).split(path.sep);
  return parts.length > 1 ? parts[0]! : null;
};

const files = sourceFiles("src");
const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => fs.existsSync(t))]));

describe("architecture", () => {
  it("every folder of src/ is a known stage", () => {
    const folders = [...new Set(files.map(stageOf).filter((s): s is string => s !== null))];
    expect(folders.filter((f) => !STAGES.includes(f))).toEqual([]);
  });

  it("imports point down the stage order (at most 3 exceptions)", () => {
    const against: string[] = [];
    for (const [from, targets] of graph) {
      for (const to of targets) {
        const a = stageOf(from);
        const b = stageOf(to);
        if (a && b && a !== b && STAGES.indexOf(b) > STAGES.indexOf(a)) against.push(`${from} -> ${to}`);
      }
    }
    expect(against.length, against.join("\n")).toBeLessThanOrEqual(3);
  });

  it("no files import each other in a circle", () => {
    const state = new Map<string, "open" | "done">();
    const circles: string[] = [];
    for (const start of graph.keys()) {
      if (state.has(start)) continue;
      // iterative depth-first search keeping the current path
      const stack: { file: string; next: number }[] = [{ file: start, next: 0 }];
      state.set(start, "open");
      while (stack.length) {
        const top = stack[stack.length - 1]!;
        const targets = graph.get(top.file) ?? [];
        if (top.next < targets.length) {
          const t = targets[top.next++]!;
          if (state.get(t) === "open") circles.push([...stack.map((s) => s.file), t].join(" -> "));
          else if (!state.has(t)) {
            state.set(t, "open");
            stack.push({ file: t, next: 0 });
          }
        } else {
          state.set(top.file, "done");
          stack.pop();
        }
      }
    }
    expect(circles).toEqual([]);
  });

  it("the command line starts without the engine: main.ts's static imports reach no operator, kernel or printer", () => {
    // value imports only: `import type` is erased, and import() loads on first use
    const STATIC = /^(?:import|export)\s+(?!type\s)[^"';]*?from\s+["'](\.{1,2}\/[^"']+)["']/gm;
    const staticImports = (file: string) =>
      [...fs.readFileSync(file, "utf8").matchAll(STATIC)].map((m) => path.normalize(path.join(path.dirname(file), m[1]!)).replace(/\.js$/, ".ts"));
    const reached = new Set<string>();
    const queue = [path.join("src", "cli", "main.ts")];
    while (queue.length) {
      const file = queue.pop()!;
      if (reached.has(file) || !fs.existsSync(file)) continue;
      reached.add(file);
      queue.push(...staticImports(file));
    }
    const engine = [...reached].filter((f) => ["ops", "kernels", "syntax", "typing", "calculus", "simplify", "print"].includes(stageOf(f) ?? "") && !f.endsWith("text-style.ts"));
    expect(engine).toEqual([]);
    expect(reached.size).toBeGreaterThan(5);
  });

  it("no source file is over 400 lines", () => {
    const long = files.filter((f) => fs.readFileSync(f, "utf8").split("\n").length > 400);
    expect(long).toEqual([]);
  });
});
