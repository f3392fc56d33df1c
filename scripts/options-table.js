// Prints the README's option table from src/api/option-table.ts (the one source
// of the options): npm run docs:options. test/readme.test.ts keeps them equal.
import { build } from "esbuild";

const out = await build({ entryPoints: ["src/api/option-table.ts"], bundle: true, format: "esm", write: false, platform: "node" });
const { OPTIONS } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString("base64")}`);
const rows = OPTIONS.map((o) => {
  const choices = o.choices ? ` (${o.choices.join(", ")})` : "";
  const repeat = o.repeatable ? " Repeatable." : "";
  return `| \`${o.flags}\` | ${o.commands.join(", ")} | ${o.defaultValue ?? ""} | ${o.description}${choices}.${repeat} |`;
});
console.log(["| option | commands | default | meaning |", "|---|---|---|---|", ...rows].join("\n"));
