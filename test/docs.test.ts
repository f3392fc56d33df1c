/** The README's option table is generated from the options table (npm run docs:options); keep them equal. */
import { readFileSync } from "node:fs";
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
    expect(readme).toContain('npm install && npx matdiff derive "tanh(W*x + b)" --wrt x');
  });
});
