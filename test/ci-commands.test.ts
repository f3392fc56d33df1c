/**
 * The ready-to-copy CI pieces run the command lines they document: the
 * pre-commit hook's entry (.pre-commit-hooks.yaml) and the GitHub Actions
 * step (examples/github-actions.yml), each against the shipped notes.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const bin = "bin/matdiff.js";
const matdiff = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

/** A command line as a shell splits it (these hold no quotes). */
const words = (line: string) => line.trim().split(/\s+/);

describe("pre-commit hook", () => {
  const [hook] = parse(readFileSync(".pre-commit-hooks.yaml", "utf8")) as { id: string; entry: string; files: string; language: string }[];
  it("is a node hook whose pattern takes Markdown notes and matdiff batch files", () => {
    expect(hook!.language).toBe("node");
    const files = new RegExp(hook!.files);
    expect(["notes.md", "docs/derivations.markdown", "checks.matdiff.yaml"].every((f) => files.test(f))).toBe(true);
    expect(files.test("src/index.ts")).toBe(false);
  });
  it("its entry, given file names as pre-commit passes them, checks every file and fails on a wrong claim", () => {
    const [command, ...args] = words(hook!.entry);
    expect(command).toBe("matdiff");
    const right = matdiff([...args, "README.md", "examples/notes.md"]);
    expect(right.status).toBe(1);
    expect(right.stdout).toMatch(/✗ examples\/notes.md:\d+ Pascanu eq. 5, as published \(wrong\)/);
    const prose = matdiff([...args, "README.md"]);
    expect(prose.status).toBe(0);
  });
});

describe("GitHub Actions step", () => {
  const workflow = parse(readFileSync("examples/github-actions.yml", "utf8")) as { jobs: Record<string, { steps: { run?: string }[] }> };
  const run = Object.values(workflow.jobs)[0]!.steps.find((s) => s.run)!.run!;
  it("runs matdiff through npx and annotates each wrong claim on its line", () => {
    const [npx, yes, pkg, ...args] = words(run);
    expect([npx, yes, pkg!.replace(/@.*/, "")]).toEqual(["npx", "--yes", "matdiff"]);
    const r = matdiff(args);
    expect(r.status).toBe(1);
    const annotations = r.stdout.split("\n").filter((l) => l.startsWith("::error "));
    expect(annotations).toHaveLength(2);
    for (const a of annotations) expect(a).toMatch(/^::error file=examples\/notes.md,line=\d+,title=matdiff%3A [^:]+::\S/);
  });
});
