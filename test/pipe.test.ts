/**
 * matdiff at the head of a pipe whose reader stops early (`matdiff … | head`):
 * the closed pipe ends the command quietly, with its own exit status, and
 * never with Node's stack trace for the failed write.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("a reader that closes the pipe early", () => {
  it("ends matdiff quietly with exit 0 when the output is larger than the pipe holds", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "matdiff-pipe-"));
    const input = path.join(dir, "long.mdf");
    // About 150 KB of output: more than a pipe's buffer, so the write after `head` exits fails.
    writeFileSync(input, Array(3000).fill("X").join("*"));
    const r = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" bin/matdiff.js derive --input "${input}" --wrt X --form grad | head -c 100 > /dev/null`], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 20_000);
});
