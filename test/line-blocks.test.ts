import { describe, expect, it } from "vitest";
import { LineBlocks } from "../src/print/steps-layout.js";

describe("LineBlocks (the text --steps printout's lines, joined a block at a time)", () => {
  // Around the block size (512): none, one, a block less one, a block, a block and one, several blocks and a part.
  for (const n of [0, 1, 511, 512, 513, 1024, 1500]) {
    it(`${n} lines joined with newlines read as the lines joined with newlines`, () => {
      const lines = Array.from({ length: n }, (_, i) => (i % 7 === 3 ? "" : `     line ${i} = t${i}`));
      const blocks = new LineBlocks();
      for (const l of lines) blocks.push(l);
      const done = blocks.done();
      expect(done.join("\n")).toBe(lines.join("\n"));
      // No empty block: an empty one would add a newline of its own between its neighbours.
      expect(done.length).toBe(Math.ceil(n / 512));
    });
  }
});
