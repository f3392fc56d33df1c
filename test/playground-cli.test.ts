/** `matdiff playground`: prints its address, serves the page, stops on Ctrl-C with exit 0; a bad port is exit 2. */
import { spawn, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const BIN = "bin/matdiff.js";

describe("matdiff playground", () => {
  it("serves the page on 127.0.0.1 and stops on SIGINT", async () => {
    const child = spawn(process.execPath, [BIN, "playground", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) resolve(m[0]);
      });
      child.on("exit", () => reject(new Error(`exited early: ${out}`)));
    });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Content-Security-Policy");
    expect((await fetch(`${url}chunks/`)).status).toBe(404);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  it("refuses a port that is not a number, with exit 2", () => {
    const r = spawnSync(process.execPath, [BIN, "playground", "--port", "http"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--port takes a whole number");
  });
});
