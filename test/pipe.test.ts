/**
 * matdiff at the head of a pipe whose reader stops early (`matdiff … | head`):
 * the closed pipe ends the command quietly, with its own exit status, and
 * never with Node's stack trace for the failed write. The command writes its
 * descriptors directly (src/cli/io.ts): a pipe another program left
 * non-blocking still receives every byte, and a device that refuses the write
 * is said in one line.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("a reader that closes the pipe early", () => {
  it("ends matdiff quietly with exit 0 when the output is larger than the pipe holds", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "matdiff-pipe-"));
    const input = path.join(dir, "long.mdf");
    // About 150 KB of output: more than a pipe's buffer, so the write after `head` exits fails.
    // X A X A …: no two equal factors meet, so the gradient keeps a term per factor (over 100,000 characters)
    writeFileSync(input, Array(3000).fill("X*A").join("*"));
    const r = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" bin/matdiff.js derive --input "${input}" --wrt X --form grad | head -c 100 > /dev/null`], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 20_000);
});

describe("writing the output", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "matdiff-out-"));
  const input = path.join(dir, "long.mdf");
  // X A X A …: no two equal factors meet, so the gradient keeps a term per factor (over 100,000 characters)
  writeFileSync(input, Array(3000).fill("X*A").join("*"));
  const command = [process.execPath, "bin/matdiff.js", "derive", "--input", input, "--wrt", "X", "--form", "grad"];

  const python = spawnSync("python3", ["--version"]).status === 0;

  it.runIf(python)("gives a non-blocking pipe with a slow reader the whole output, as a blocking one gets it", () => {
    const expected = spawnSync(command[0]!, command.slice(1), { encoding: "utf8", maxBuffer: 1 << 26 }).stdout;
    // The pipe's writing end is non-blocking and fills before the reader starts: a direct write meets EAGAIN.
    const reader = [
      "import os, subprocess, sys, time",
      "r, w = os.pipe()",
      "os.set_blocking(w, False)",
      "p = subprocess.Popen(sys.argv[1:], stdout=w)",
      "os.close(w)",
      "time.sleep(1)",
      "out = b''",
      "while chunk := os.read(r, 65536): out += chunk",
      "sys.stdout.buffer.write(out)",
      "sys.exit(p.wait())",
    ].join("\n");
    const r = spawnSync("python3", ["-c", reader, ...command], { encoding: "utf8", maxBuffer: 1 << 26 });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(expected.length).toBeGreaterThan(100_000);
    expect(r.stdout).toBe(expected);
  }, 20_000);

  it.runIf(existsSync("/dev/full"))("says in one line, with exit 2, that a full device cannot take the output", () => {
    const r = spawnSync("bash", ["-c", `"${command.join('" "')}" > /dev/full`], { encoding: "utf8" });
    expect(r.stderr).toBe("error: cannot write the output: ENOSPC: no space left on device, write\n");
    expect(r.status).toBe(2);
  }, 20_000);
});
