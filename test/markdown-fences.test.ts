/**
 * Which blocks of a Markdown note `check --file` runs: the fenced code blocks
 * tagged matdiff that CommonMark (spec 0.31.2) finds, at the top level, in
 * list items and in block quotes, and never text inside another code block.
 * Each is reported at the line of its opening fence.
 */
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";
import { fencedBlocks } from "../src/api/batch/markdown.js";

async function check(md: string) {
  const m = memoryIO({ files: { "n.md": md } });
  const code = await main(["check", "--file", "n.md"], m.io);
  return { code, out: m.stdout() };
}

/** The lines `check` reported entries at. */
const reported = (out: string) => [...out.matchAll(/^[✓✗] n\.md:(\d+) /gm)].map((m) => Number(m[1]));

/** A block whose claim is wrong (d(xᵀx) = 2x, not 3x), so running it by mistake fails the run. */
const wrong = (prefix = "") => ["```matdiff", "name: wrong", "expr: x'*x", "wrt: x", "claim: 3*x", "```"].map((l) => prefix + l).join("\n");
/** A block whose claim holds. */
const right = (name: string, prefix = "") => ["```matdiff", `name: ${name}`, "expr: x'*x", "wrt: x", "claim: 2*x", "```"].map((l) => prefix + l).join("\n");

describe("a matdiff fence inside another code block is text (CommonMark 4.5: a fence closes only on the same character, at least as long)", () => {
  it("inside a four-backtick fence, as the README shows an example block, it is not run", async () => {
    const r = await check(`# How to write a check\n\n\`\`\`\`markdown\n${wrong()}\n\`\`\`\`\n`);
    expect(r.code).toBe(0);
    expect(r.out).toBe("0 passed, 0 failed\n");
  });

  it("inside a tilde fence neither; a block after the outer fence closes is run at its own line", async () => {
    const r = await check(`~~~\n${wrong()}\n~~~\n\n${right("after")}\n`);
    expect(r.code).toBe(0);
    expect(reported(r.out)).toEqual([10]);
    expect(r.out).toMatch(/^✓ n\.md:10 after$/m);
  });

  it("a shorter fence, the other character or 4 spaces of indentation do not close the outer fence; 3 spaces and a longer run do", async () => {
    const md = ["````text", "```", "~~~~", "    ````", wrong(), "   `````", right("real")].join("\n");
    const r = await check(md);
    expect(r.code).toBe(0);
    expect(reported(r.out)).toEqual([12]);
  });

  it("a fence never closed runs to the end of the document, and holds no block", async () => {
    const r = await check(`\`\`\`\`\n${wrong()}\n\nmore prose\n`);
    expect(r.out).toBe("0 passed, 0 failed\n");
  });

  it("an indented code block (4 spaces, outside a list) holds no block, nor does a paragraph's indented continuation", async () => {
    const indented = wrong("    ");
    const r = await check(`Example:\n\n${indented}\n\nSome text\n${indented}\n`);
    expect(r.code).toBe(0);
    expect(r.out).toBe("0 passed, 0 failed\n");
  });
});

describe("a matdiff fence in a block quote is run (CommonMark 5.1), at its own line", () => {
  it("its wrong claim fails the run", async () => {
    const r = await check(`# Note\n\n${wrong("> ")}\n`);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^✗ n\.md:3 wrong: off by a constant factor/m);
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("0 passed, 1 failed");
  });

  it("in nested quotes (`> >` and `>>`), in a quote inside a list item and in a list inside a quote", async () => {
    const md = [right("top"), "", right("nested", "> > "), "", right("tight", ">>"), "", "- item", "", right("quote in item", "  > "), "", "> - item", ">", right("item in quote", ">   "), ""].join("\n");
    const r = await check(md);
    expect(r.code).toBe(0);
    expect(reported(r.out)).toEqual([1, 8, 15, 24, 33]);
    expect(r.out).toMatch(/^✓ n\.md:24 quote in item$/m);
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("5 passed, 0 failed");
  });

  it("a YAML error in a quoted block points at its real line, its caret 4 columns right of the same error unquoted", async () => {
    const yaml = ["```matdiff", "name: a", "expr: x: y", "wrt: x", "```"];
    const caret = (out: string) => /in n\.md, line (\d+):\n {6}(.*)\n( *)\^/.exec(out)!;
    const plain = caret((await check(`# q\n\n${yaml.join("\n")}\n`)).out);
    const r = await check(`# q\n\n${yaml.map((l) => `> > ${l}`).join("\n")}\n`);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^✗ n\.md:3 #1: could not be checked\n {4}error: n\.md is not valid YAML: /m);
    const quoted = caret(r.out);
    expect([quoted[1], quoted[2]]).toEqual([plain[1], `> > ${plain[2]}`]);
    expect(plain[3]!.length).toBe(6 + "expr: ".length); // under the second key, mid-line
    expect(quoted[3]!.length).toBe(plain[3]!.length + 4);
  });

  it("a quote ends at a line without `>` that is not paragraph text, and its open fence ends with it", async () => {
    const r = await check(`> \`\`\`matdiff\n> name: cut\n> expr: x'*x\n> wrt: x\n> claim: 2*x\n\n${right("next")}\n`);
    expect(reported(r.out)).toEqual([1, 7]);
    expect(r.out).toMatch(/^✓ n\.md:1 cut$/m);
  });
});

describe("a matdiff fence in a list item is run at its own line (CommonMark 5.2)", () => {
  it("under an item, on the marker's line, and in a nested item (indented 4 or more)", async () => {
    const md = ["1. first", "", right("item", "   "), "", "- " + right("marker line", "  ").slice(2), "", "- a", "  - b", "", right("nested", "    "), ""].join("\n");
    const r = await check(md);
    expect(reported(r.out)).toEqual([3, 10, 20]);
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("3 passed, 0 failed");
  });

  it("indented 4 past the item's content it is indented code in the item, not a block", async () => {
    const r = await check(`- an item\n\n${wrong("      ")}\n`);
    expect(r.out).toBe("0 passed, 0 failed\n");
  });
});

describe("fencedBlocks", () => {
  it("gives each block's line, info and text without quote markers, list indentation or the fence's indentation", () => {
    const md = "intro\n\n> - ~~~ matdiff  title\n>   a: 1\n>\n>     b: 2\n>   ~~~\n\n  ```yaml\n   c: 3\n d: 4\n  ```\n";
    const blocks = fencedBlocks(md);
    expect(blocks.map(({ line, info, body }) => ({ line, info, body }))).toEqual([
      { line: 3, info: "matdiff  title", body: "a: 1\n\n  b: 2\n" },
      { line: 9, info: "yaml", body: " c: 3\nd: 4\n" },
    ]);
    // every position of the text maps to its character in the document
    const [quoted] = blocks;
    for (let p = 0; p < quoted!.body.length; p++) {
      if (quoted!.body[p] !== "\n") expect(md[quoted!.offsetOf(p)]).toBe(quoted!.body[p]);
    }
  });

  it("reads tabs as the next multiple of 4 columns, and CRLF line endings", () => {
    expect(fencedBlocks("\t```matdiff\n\tx\n\t```\n")).toEqual([]);
    const [b] = fencedBlocks(">\t```matdiff\r\n>\ta: 1\r\n>\t```\r\n");
    expect(b).toMatchObject({ line: 1, info: "matdiff", body: "a: 1\n" });
  });

  it("a backtick fence's info string holds no backtick (that line is inline code)", () => {
    expect(fencedBlocks("``` matdiff `x`\na\n```\n").map((b) => b.line)).toEqual([3]);
  });

  it("a matdiff block nested past 100 quotes or list items is reported as an entry that cannot be checked, not skipped", async () => {
    const md = [wrong("> ".repeat(150)), "", wrong("- ".repeat(20_000)), "", right("at the limit", "> ".repeat(100)), ""].join("\n");
    const r = await check(md);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^✗ n\.md:1 #1: could not be checked\n\s+error: n\.md, line 1: a matdiff block inside more than 100 block quotes and list items is not read/m);
    expect(r.out).toMatch(/^✗ n\.md:8 .*could not be checked/m);
    expect(r.out).toMatch(/^✓ n\.md:15 at the limit$/m);
    // deep text that opens no matdiff fence is read as before
    expect((await check(`${"> ".repeat(150)}\`\`\`python\nx\n\`\`\`\n`)).out).toBe("0 passed, 0 failed\n");
  });

  it("a line of many nested list markers is read, and the block after it found", () => {
    const md = `${"- ".repeat(100_000)}x\n\n\n${right("after")}\n`;
    expect(fencedBlocks(md).map((b) => b.line)).toEqual([4]);
  });
});
