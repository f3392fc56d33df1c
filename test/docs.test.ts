/** The README's option table is generated from the options table (npm run docs:options); keep them equal. */
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { OPTIONS } from "../src/cli/options.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("has the option table that src/cli/options.ts generates", () => {
    const rows = OPTIONS.map((o) => {
      const choices = o.choices ? ` (${o.choices.join(", ")})` : "";
      const repeat = o.repeatable ? " Repeatable." : "";
      return `| \`${o.flags}\` | ${o.commands.join(", ")} | ${o.defaultValue ?? ""} | ${o.description}${choices}.${repeat} |`;
    });
    const table = ["| option | commands | default | meaning |", "|---|---|---|---|", ...rows].join("\n");
    const between = /<!-- options:begin -->\n([\s\S]*?)\n<!-- options:end -->/.exec(readme)?.[1];
    expect(between, "run npm run docs:options and paste the table between the markers").toBe(table);
  });
  it("gives the test command and the quick start", () => {
    expect(readme).toContain("npm test");
    expect(readme).toContain("npm ci && npm run build");
    expect(readme).toContain('node bin/matdiff.js derive "tanh(W*x + b)" --wrt x');
  });
});

/** Split a shell command line (double and single quotes, no escapes beyond \"), as the README writes them. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let current = "";
  let quote: string | null = null;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === " ") {
      if (has || current) words.push(current);
      current = "";
      has = false;
    } else {
      current += ch;
    }
  }
  if (has || current) words.push(current);
  return words;
}

describe("README examples", () => {
  // Every fenced example of the form `$ matdiff …` followed by its output, unless abbreviated with "…".
  const blocks = [...readme.matchAll(/^```[a-z]*\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const examples: { command: string; expected: string }[] = [];
  for (const block of blocks) {
    if (block.includes("…")) continue;
    const parts = block.split(/^(?=\$ matdiff )/m).filter((p) => p.startsWith("$ matdiff "));
    for (const p of parts) {
      const [command, ...output] = p.trimEnd().split("\n");
      examples.push({ command: command!.slice(2), expected: output.join("\n") });
    }
  }
  it("has examples to run", () => expect(examples.length).toBeGreaterThanOrEqual(5));
  it.each(examples.map((e) => [e.command, e] as const))("%s", async (_c, e) => {
    const { main } = await import("../src/cli/main.js");
    const { memoryIO } = await import("../src/cli/io.js");
    // The examples may read the files shipped in examples/.
    const files = Object.fromEntries(readdirSync("examples").map((f) => [`examples/${f}`, readFileSync(`examples/${f}`, "utf8")]));
    const m = memoryIO({ files });
    await main(shellWords(e.command).slice(1), m.io);
    const actual = (m.stdout() + m.stderr()).trimEnd();
    // An example may show only the first lines of the output.
    expect(actual.startsWith(e.expected) || actual.includes(e.expected), `README shows:\n${e.expected}\n\nmatdiff prints:\n${actual}`).toBe(true);
  });
});
