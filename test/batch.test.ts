/**
 * check --file for CI: file:line per entry, the shapes used with
 * defaults marked, matdiff's answer beside a failed claim, config errors
 * exit 2 after the other entries ran, each message once; the entry fields;
 * Markdown notes checked in place; the text, JSON, JUnit and GitHub reporters.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";
import { checkBatch, checkReadBatch, readBatch } from "../src/api/batch/run.js";
import { RUN_WORK, WorkBudget } from "../src/numeric/work.js";
import { parseXml, type XmlElement } from "./helpers/xml.js";

async function run(argv: string[], files: Record<string, string>) {
  const m = memoryIO({ files });
  const code = await main(argv, m.io);
  return { code, out: m.stdout(), err: m.stderr() };
}

const mixed = `# one right, one wrong, one broken
- name: quadratic form
  wrt: x
  expr: x'*A*x
  claim: A*x + A'*x
- name: forgot a transpose
  expr: x'*A*x
  shape: "A: n x n"
  wrt: x
  claim: 2*A*x
- name: unknown field
  expr: x
  wrt: x
  claim: I
  shapez: "x: 3"
`;

describe("the run's work budget", () => {
  const small = "- name: small\n  expr: W*x\n  wrt: x\n  claim: W\n";
  const large = "- name: large\n  expr: tr(A*X*B)\n  shape: \"A: n x n, X: n x n, B: n x n\"\n  wrt: X\n  form: grad\n  claim: G*A'*B'\n  dims: {n: 60}\n";

  it("an entry whose check would pass what the run has left is not checked; the entries after it still run", async () => {
    // one instance of the large entry draws 3·3,600 entries and multiplies two 60×60 products: over 10⁶
    const budget = new WorkBudget(1e6);
    const r = await checkBatch(small + large + small, "b.yaml", {}, budget);
    if (!r.ok) throw new Error("unreadable");
    const [first, refused, last] = r.value.results;
    expect(first!.report?.ok).toBe(true);
    expect(refused!.error?.message).toMatch(/^not checked: this run's checks have spent about .* would pass what one run may spend \(1\.0e\+6\)/);
    expect(refused!.error?.help).toMatch(/run of their own/);
    expect(last!.report?.ok).toBe(true);
    expect(budget.spent).toBeGreaterThan(0);
    expect(budget.spent).toBeLessThanOrEqual(1e6);
  });

  it("the first check of a run is never refused; once not one more instance fits, later entries are refused without being derived", async () => {
    const budget = new WorkBudget(1);
    expect(budget.exhausted).toBe(false);
    const r = await checkBatch(large + small + small, "e.yaml", {}, budget);
    if (!r.ok) throw new Error("unreadable");
    const [first, ...rest] = r.value.results;
    expect(first!.report?.ok).toBe(true);
    expect(budget.exhausted).toBe(true);
    const spent = budget.spent;
    for (const e of rest) expect(e.error?.message).toMatch(/^not checked: .* any further check would pass what one run may spend/);
    expect(budget.spent).toBe(spent);
  });

  it("a wrong claim is diagnosed whatever the budget has left: its verdict is in", async () => {
    const wrong = "- name: wrong\n  expr: x'*A*x\n  shape: \"A: n x n\"\n  wrt: x\n  claim: 2*A*x\n";
    // the room the two checks take with the right claim (433,000), and 40% more for the wrong one's further
    // difference tiers (it takes 549,000); its diagnosis's further instances would take 338,000 more
    const measured = new WorkBudget(1e12);
    await checkBatch(small + wrong.replace("claim: 2*A*x", "claim: (A + A')*x"), "w.yaml", {}, measured);
    const budget = new WorkBudget(measured.spent * 1.4);
    const r = await checkBatch(small + wrong, "w.yaml", {}, budget);
    if (!r.ok) throw new Error("unreadable");
    expect(r.value.results[1]!.error).toBeUndefined();
    expect(r.value.results[1]!.report?.ok).toBe(false);
    expect(r.value.failed).toBe(1);
  });

  it("one budget spans the files of a run, and the default leaves room for many ordinary entries", async () => {
    const read = await readBatch(small + large, "c.yaml");
    if (!read.ok) throw new Error("unreadable");
    const budget = new WorkBudget();
    expect(budget.limit).toBe(RUN_WORK);
    expect(checkReadBatch(read.value, budget).passed).toBe(2);
    const afterOne = budget.spent;
    expect(checkReadBatch(read.value, budget).passed).toBe(2);
    expect(budget.spent).toBeGreaterThan(afterOne);
  });
});

describe("the nodes a run's entries build", () => {
  // A tanh nest 200 deep builds about 2,400 nodes to check; `small` about 30.
  const deep = (name: string, claim = "I") => `- name: ${name}\n  expr: "${"tanh(".repeat(200)}x${")".repeat(200)}"\n  wrt: x\n  shape: "x: scalar"\n  claim: "${claim}"\n`;
  const small = "- name: small\n  expr: W*x\n  wrt: x\n  claim: W\n";

  it("are counted, whatever each entry's outcome", async () => {
    const budget = new WorkBudget();
    const r = await checkBatch(small + small, "n.yaml", {}, budget);
    expect(r.ok && r.value.passed).toBe(2);
    expect(budget.nodesBuilt).toBeGreaterThan(20);
    expect(budget.nodesBuilt).toBeLessThan(200);
  });

  it("the first entry may build as many as any request; a later one is stopped where the run's nodes run out, and the rest are not derived", async () => {
    const measured = new WorkBudget();
    await checkBatch(deep("one"), "m.yaml", {}, measured);
    const one = measured.nodesBuilt;
    expect(one).toBeGreaterThan(1000);
    // room for the first entry and half of the second
    const budget = new WorkBudget(RUN_WORK, Math.round(one * 1.5));
    const r = await checkBatch(deep("first") + deep("second") + small, "d.yaml", {}, budget);
    if (!r.ok) throw new Error("unreadable");
    const [first, second, third] = r.value.results;
    expect(first!.error, JSON.stringify(first!.error)).toBeUndefined();
    expect(second!.error?.message).toMatch(/^not checked: this run's entries have built \d+ expression nodes in their derivations, and this one would pass what one run may build \(\d+\)$/);
    expect(second!.error?.help).toMatch(/run of their own/);
    expect(third!.error?.message).toMatch(/^not checked: .* any further check would pass what one run may build/);
    expect(budget.exhausted).toBe(true);
    expect(r.value.errors).toBe(2);
  });

  it("a wrong claim is explained even past the run's nodes: its verdict is in", async () => {
    // W square, so that the answer in the other layouts has the claim's shape and the explanation works it out
    const square = small.replace("  claim: W\n", '  shape: "W: n x n, x: n"\n  claim: W\n');
    const wrong = square.replace("name: small", "name: wrong").replace("claim: W", "claim: 2*W");
    const [first, right, explained] = await Promise.all([deep("first"), square, wrong].map(async (entry) => {
      const measured = new WorkBudget();
      await checkBatch(entry, "m.yaml", {}, measured);
      return measured.nodesBuilt;
    }));
    // explaining the wrong claim (other layouts, a transpose) builds nodes that checking it does not (its claim 2W has two more than W)
    expect(explained!).toBeGreaterThan(right! + 2);
    // room for all but the explanation's last node
    const budget = new WorkBudget(RUN_WORK, first! + explained! - 1);
    const r = await checkBatch(deep("first") + wrong, "w.yaml", {}, budget);
    if (!r.ok) throw new Error("unreadable");
    expect(r.value.results[1]!.error).toBeUndefined();
    expect(r.value.results[1]!.report?.ok).toBe(false);
    expect(budget.nodesBuilt).toBe(first! + explained!);
  });
});

describe("entry fields", () => {
  const one = (fields: string) => `- name: e\n${fields}`;
  it("order: 2 checks a claimed Hessian against second differences (Cookbook eq. 81: ∇²(xᵀAx) = A + Aᵀ)", async () => {
    const right = await checkBatch(one("  expr: x'*A*x\n  wrt: x\n  order: 2\n  claim: A + A'\n"), "h.yaml");
    expect(right.ok && right.value.passed).toBe(1);
    const wrong = await checkBatch(one("  expr: x'*A*x\n  wrt: x\n  order: 2\n  claim: 2*A\n"), "h.yaml");
    expect(wrong.ok && wrong.value.failed).toBe(1);
  });

  it("dims, trials, seed and tol reach the numeric check", async () => {
    const r = await checkBatch(one("  expr: W*x\n  wrt: x\n  claim: W\n  dims: {m: 7, n: 2}\n  trials: 2\n  seed: 5\n  tol: 1e-8\n"), "d.yaml");
    if (!r.ok) throw new Error("unreadable");
    const numeric = r.value.results[0]!.report!.numeric;
    expect(numeric.trials).toHaveLength(2);
    expect(numeric.tol).toBe(1e-8);
    expect(numeric.trials.every((t) => t.sizes.m === 7 && t.sizes.n === 2)).toBe(true);
  });

  it("grad-name names the upstream gradient of the grad form", async () => {
    const r = await checkBatch(one("  expr: W*x\n  wrt: x\n  form: grad\n  grad-name: U\n  claim: W'*U\n"), "g.yaml");
    expect(r.ok && r.value.passed).toBe(1);
  });

  it("function declares the entry's generic functions, and a claim may use f′", async () => {
    const good = await run(["check", "--file", "f.yaml"], { "f.yaml": one("  expr: f(x)\n  wrt: x\n  claim: \"diag(f'(x))\"\n  function: \"f: elementwise\"\n") });
    expect(good.code, good.out).toBe(0);
    const wrong = await run(["check", "--file", "f.yaml"], { "f.yaml": one("  expr: f(x)\n  wrt: x\n  claim: \"diag(f(x))\"\n  function: \"f: elementwise\"\n") });
    expect(wrong.code, wrong.out).toBe(1);
  });

  it("an entry's expr may be a program whose claim uses its intermediate names", async () => {
    const r = await checkBatch(one("  expr: \"u = W*x; h = tanh(u); L = sum(h)\"\n  wrt: W\n  form: grad\n  claim: \"G*(1 - h.*h)*x'\"\n"), "p.yaml");
    expect(r.ok && r.value.passed, JSON.stringify(r)).toBe(1);
  });

  it("a claim or expression that YAML reads as a number is checked as its text (claim: 0 is the zero derivative)", async () => {
    const zero = await checkBatch(one("  expr: sum(A) + 0*x\n  wrt: x\n  form: grad\n  claim: 0\n"), "z.yaml");
    expect(zero.ok && zero.value.passed, JSON.stringify(zero)).toBe(1);
    const wrong = await checkBatch(one("  expr: a*x\n  wrt: a\n  shape: \"a: scalar, x: scalar\"\n  claim: 2\n"), "n.yaml");
    expect(wrong.ok && wrong.value.failed, JSON.stringify(wrong)).toBe(1);
  });

  it("a field that does not apply to the entry's form is an error for that entry, as the option is on the command line", async () => {
    const r = await checkBatch(one("  expr: sum(x)\n  wrt: x\n  form: grad\n  layout: numerator\n  claim: G*ones(m)\n") + one("  expr: x\n  wrt: x\n  grad-name: H\n  claim: I\n"), "a.yaml");
    if (!r.ok) throw new Error("unreadable");
    expect(r.value.results.map((e) => e.error?.message)).toEqual([
      'entry "e": "layout" does not apply: it chooses the Jacobian\'s layout, and form grad is layout-free',
      'entry "e": "grad-name" does not apply: it names the upstream gradient of form grad, not form jacobian',
    ]);
  });

  it("a claim YAML or JSON reads as a number past the doubles is read as written, and refused as the language refuses it", async () => {
    const r = await checkBatch("- expr: x\n  wrt: x\n  claim: 1e-400\n- expr: x\n  wrt: x\n  claim: 1e400\n", "n.yaml");
    expect(r.ok && r.value.results.map((e) => e.error?.message)).toEqual([
      "the number 1e-400 is too small: it is below the smallest double (about 5e-324) and would read as 0",
      "the number 1e400 is too large",
    ]);
    const j = await checkBatch('[{"expr": "x", "wrt": "x", "claim": 1e-400}]', "n.json");
    expect(j.ok && j.value.results[0]!.error?.message).toMatch(/^the number 1e-400 is too small/);
  });

  it("a name YAML reads as a number or a boolean is still the entry's name", async () => {
    const r = await checkBatch("- name: 1e3\n  expr: x\n  wrt: x\n  claim: I\n- name: true\n  expr: x\n  wrt: x\n  claim: I\n", "n.yaml");
    expect(r.ok && r.value.results.map((e) => e.name)).toEqual(["1000", "true"]);
  });

  it("a field named like an Object method is named as written", async () => {
    const r = await checkBatch("- expr: x\n  wrt: x\n  claim: I\n  constructor: 1\n", "o.yaml");
    expect(r.ok && r.value.results[0]!.error?.message).toBe('entry "#1": unknown field "constructor"');
  });

  it("a misspelt field or choice gets a suggestion", async () => {
    const r = await run(["check", "--file", "c.yaml"], { "c.yaml": mixed + "- name: bad layout\n  expr: x\n  wrt: x\n  claim: I\n  layout: numerater\n" });
    expect(r.out).toMatch(/unknown field "shapez"\n.*help: did you mean "shape"\?/);
    expect(r.out).toMatch(/"layout" of entry "bad layout" must be one of numerator, denominator, mixed, not "numerater"\n +help: did you mean layout: numerator\?/);
  });
});

describe("text report", () => {
  it("runs every entry, prints each message once, and exits 2 when an entry could not be checked", async () => {
    const r = await run(["check", "--file", "c.yaml"], { "c.yaml": mixed });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^✓ c.yaml:2 quadratic form\n {4}shapes: x: m×1 \(default for lowercase names\), A: m×m \(default for uppercase names\)$/m);
    expect(r.out).toMatch(/^✗ c.yaml:6 forgot a transpose: right only if A is symmetric; wrong in general\n {4}shapes: x: n×1 \(default for lowercase names\), A: n×n\n/m);
    expect(r.out).toMatch(/ {4}matdiff's answer:\n(.*\n){2} {6}∂y\/∂x = \(Aᵀ \+ A\) x/);
    expect(r.out.match(/unknown field "shapez"/g)).toHaveLength(1);
    expect(r.out.trimEnd().split("\n").at(-1)).toBe("1 passed, 2 failed (1 could not be checked)");
  });

  it("a YAML syntax error is reported whole, with its line and a caret, and exits 2", async () => {
    const r = await run(["check", "--file", "bad.yaml"], { "bad.yaml": "- name: a\n  expr: x\n  wrt: [x\n  claim: I\n" });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/error: bad.yaml is not valid YAML: [A-Z][^\n]+\n {6}in bad.yaml, line \d+:\n[^\n]+\n *\^/);
  });
});

describe("a batch file's top level holds a list, or a mapping with only a checks list", () => {
  const entry = "  - expr: x\n    wrt: x\n    claim: I\n";

  it("a key beside checks is refused where it is, so its entries are not passed over without a word", async () => {
    const r = await run(["check", "--file", "t.yaml"], { "t.yaml": `checks:\n${entry}more:\n${entry.replace("claim: I", "claim: 2*I")}` });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/error: t.yaml: unknown top-level key "more" \(a batch file's mapping holds only "checks"\)\n {6}in t.yaml, line 5:\n {6}more:\n {6}\^{4}\n {6}help: put every entry in the "checks" list/);
    const json = await run(["check", "--file", "t.json"], { "t.json": '{"checks": [{"expr": "x", "wrt": "x", "claim": "I"}], "version": 2}' });
    expect(json.code).toBe(2);
    expect(json.out).toMatch(/unknown top-level key "version"/);
  });

  it("a misspelt checks gets a suggestion, and a checks that is not a list is named", async () => {
    const misspelt = await run(["check", "--file", "m.yaml"], { "m.yaml": `check:\n${entry}` });
    expect(misspelt.code).toBe(2);
    expect(misspelt.out).toMatch(/error: m.yaml has no "checks" list\n(.*\n){3} {6}help: did you mean "checks" instead of "check"\?/);
    const scalar = await run(["check", "--file", "s.yaml"], { "s.yaml": "checks: 3\n" });
    expect(scalar.code).toBe(2);
    expect(scalar.out).toMatch(/"checks" must be a list of entries/);
  });

  it("a single entry written as a mapping is told to become a list item", async () => {
    const r = await run(["check", "--file", "one.yaml"], { "one.yaml": "expr: x\nwrt: x\nclaim: I\n" });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/one.yaml must hold a list of checks, but it is one mapping\n {6}help: a single check is still a list of one/);
  });

  it("a file of only a checks list runs as before", async () => {
    const r = await run(["check", "--file", "ok.yaml"], { "ok.yaml": `checks:\n${entry}` });
    expect(r.code).toBe(0);
  });
});

describe("Markdown notes", () => {
  const notes = readFileSync(new URL("../examples/notes.md", import.meta.url), "utf8");
  const fences = notes.split("\n").flatMap((l, i) => (l.startsWith("```matdiff") ? [i + 1] : []));

  it("checks every fenced matdiff block in place, reporting notes.md:LINE of its fence", async () => {
    const r = await run(["check", "--file", "examples/notes.md"], { "examples/notes.md": notes });
    expect(r.code).toBe(1);
    const reported = [...r.out.matchAll(/^[✓✗] examples\/notes.md:(\d+) /gm)].map((m) => Number(m[1]));
    expect(reported).toEqual(fences);
    expect(r.out).toMatch(/✗ examples\/notes.md:\d+ Pascanu eq. 5, as published \(wrong\): right only if Wrec is symmetric/);
    expect(r.out.trimEnd().split("\n").at(-1)).toBe(`${fences.length - 2} passed, 2 failed`);
  });

  it("a YAML error in one block stops only that block, pointing at its line in the Markdown file", async () => {
    const md = "# notes\n\n```matdiff\nname: ok\nexpr: x'*x\nwrt: x\nclaim: 2*x\n```\n\ntext\n\n```matdiff\nname: [broken\n```\n";
    const r = await run(["check", "--file", "n.md"], { "n.md": md });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/✓ n.md:3 ok/);
    expect(r.out).toMatch(/✗ n.md:12 #2: could not be checked\n {4}error: n.md is not valid YAML/);
  });

  it("a Markdown file without matdiff blocks has nothing to check", async () => {
    const r = await run(["check", "--file", "plain.md"], { "plain.md": "# just prose\n\n```python\nx = 1\n```\n" });
    expect(r.code).toBe(0);
    expect(r.out).toBe("0 passed, 0 failed\n");
  });
});

describe("reporters", () => {
  const child = (e: XmlElement, name: string) => e.children.filter((c) => c.name === name);

  it("junit: well-formed JUnit XML, one testcase per entry with file and line, <failure> for a wrong claim and <error> for a broken entry", async () => {
    const r = await run(["check", "--file", "c.yaml", "--reporter", "junit"], { "c.yaml": mixed });
    expect(r.code).toBe(2);
    const root = parseXml(r.out);
    expect(root.name).toBe("testsuites");
    expect(root.attributes).toMatchObject({ tests: "3", failures: "1", errors: "1" });
    const [suite] = child(root, "testsuite");
    const cases = child(suite!, "testcase");
    expect(cases.map((c) => [c.attributes.name, c.attributes.file, c.attributes.line])).toEqual([
      ["quadratic form", "c.yaml", "2"], ["forgot a transpose", "c.yaml", "6"], ["unknown field", "c.yaml", "11"],
    ]);
    expect(child(cases[0]!, "failure")).toHaveLength(0);
    const failure = child(cases[1]!, "failure")[0]!;
    expect(failure.attributes).toMatchObject({ type: "symmetric-only", message: "right only if A is symmetric; wrong in general" });
    expect(failure.text).toMatch(/matdiff's answer:/);
    expect(child(cases[2]!, "error")[0]!.attributes.type).toBe("bad-declaration");
    expect(child(cases[1]!, "system-out")[0]!.text).toMatch(/^shapes: x: n×1/);
  });

  it("junit escapes names that hold XML characters", async () => {
    const r = await run(["check", "--file", "x.yaml", "--reporter", "junit"], { "x.yaml": "- name: <a & \"b\">\n  expr: x\n  wrt: x\n  claim: I\n" });
    const root = parseXml(r.out);
    expect(child(child(root, "testsuite")[0]!, "testcase")[0]!.attributes.name).toBe('<a & "b">');
  });

  it("junit leaves out the characters XML 1.0 forbids: U+FFFE, U+FFFF and a surrogate without its pair", async () => {
    const r = await run(["check", "--file", "x.json", "--reporter", "junit"], { "x.json": JSON.stringify([{ name: "a\uFFFEb\uFFFFc\uD800d", expr: "x", wrt: "x", claim: "I" }]) });
    expect(r.out).not.toMatch(/[\uFFFE\uFFFF\uD800-\uDFFF]/);
    expect(child(child(parseXml(r.out), "testsuite")[0]!, "testcase")[0]!.attributes.name).toBe("abcd");
  });

  it("github: one ::error annotation per failing entry, in the file=…,line=… form, on one line each", async () => {
    const r = await run(["check", "--file", "c.yaml", "--reporter", "github"], { "c.yaml": mixed });
    expect(r.code).toBe(2);
    const lines = r.out.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^::error file=c.yaml,line=6,title=matdiff%3A forgot a transpose::right only if A is symmetric; wrong in general%0Aclaim: /);
    expect(lines[1]).toMatch(/^::error file=c.yaml,line=11,title=matdiff%3A unknown field::error: entry "unknown field": unknown field "shapez"/);
    expect(lines[2]).toBe("1 passed, 2 failed (1 could not be checked)");
  });

  it("json: the whole report, each entry with file, line and the shapes used", async () => {
    const r = await run(["check", "--file", "c.yaml", "--reporter", "json"], { "c.yaml": mixed });
    const report = JSON.parse(r.out);
    expect(report).toMatchObject({ passed: 1, failed: 1, errors: 1 });
    expect(report.results[1]).toMatchObject({ name: "forgot a transpose", line: 6, ok: false, verdict: "symmetric-only" });
    expect(report.results[1].shapes.A).toMatchObject({ text: "n×n", default: null });
    expect(report.results[1].shapes.x.default).toBe("default for lowercase names");
    expect(report.results[1].answer.results[0].text).toBe("(Aᵀ + A) x");
    expect(report.results[2]).toMatchObject({ verdict: "error", error: { code: "bad-declaration" } });
  });
});

describe("YAML aliases that expand past 100 copies are refused as input, not as a matdiff bug", () => {
  const laughs = ['a: &a {expr: "x\'*x", wrt: x, claim: "2*x"}', "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "checks: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]"].join("\n");
  it("a YAML file: exit 2, with what to do instead", async () => {
    const r = await run(["check", "--file", "laughs.yaml"], { "laughs.yaml": laughs });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/laughs\.yaml uses YAML aliases that expand to more than 100 copies/);
    expect(r.out + r.err).not.toMatch(/matdiff bug/);
  });
  it("a Markdown block: exit 2 for that block", async () => {
    const r = await run(["check", "--file", "notes.md"], { "notes.md": "# Notes\n\n```matdiff\n" + laughs + "\n```\n" });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/notes\.md, the block at line 3, uses YAML aliases/);
  });
});

describe("a batch file nested too deeply for the YAML reader says so", () => {
  it("2,000 levels of flow lists: exit 2", async () => {
    const r = await run(["check", "--file", "deep.yaml"], { "deep.yaml": "[".repeat(2000) + "]".repeat(2000) });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/deep\.yaml is not valid YAML: it is nested too deeply for the YAML reader/);
  });
});

describe("other YAML reference errors and a byte-order mark in a batch file", () => {
  it("an alias to an anchor never set: exit 2, said as it is", async () => {
    const r = await run(["check", "--file", "bad.yaml"], { "bad.yaml": "- {expr: \"x'*x\", wrt: *nope, claim: \"2*x\"}" });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/bad\.yaml is not valid YAML: .*alias/i);
    expect(r.out + r.err).not.toMatch(/more than 100 copies/);
  });
  it("a JSON file saved with a byte-order mark is read", async () => {
    const r = await run(["check", "--file", "bom.json"], { "bom.json": '\uFEFF[{"expr": "x\'*x", "wrt": "x", "claim": "2*x"}]' });
    expect(r.code).toBe(0);
  });
});


describe("a run of more than 2,000 entries is refused before any is checked", () => {
  it("two files of 1,001 entries each: exit 2, with how to split them", async () => {
    const file = Array.from({ length: 1001 }, () => '- {expr: "x\'*x", wrt: x, claim: "2*x"}').join("\n");
    const r = await run(["check", "--file", "a.yaml", "b.yaml"], { "a.yaml": file, "b.yaml": file });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/the batch holds 2002 entries in 2 files, more than one run checks \(2000\)/);
    expect(r.out + r.err).toMatch(/split it into runs of at most 2000 entries/);
  });
});

describe("a run's files hold at most 4,000,000 characters together, refused before any entry is read", () => {
  it("a file of a few entries and 4 MB of comments: exit 2, with how to split it", async () => {
    const file = `- {expr: "x'*x", wrt: x, claim: "2*x"}\n${"# a note\n".repeat(500_000)}`;
    const r = await run(["check", "--file", "big.yaml"], { "big.yaml": file });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/the batch's file holds 4,500,039 characters, more than one run reads \(4,000,000\)/);
    expect(r.out + r.err).toMatch(/split the claims into smaller files/);
  });
  it("two files under the limit alone, past it together", async () => {
    const file = `- {expr: "x'*x", wrt: x, claim: "2*x"}\n${"# a note\n".repeat(300_000)}`;
    const r = await run(["check", "--file", "a.yaml", "b.yaml"], { "a.yaml": file, "b.yaml": file });
    expect(r.code).toBe(2);
    expect(r.out + r.err).toMatch(/the batch's 2 files hold 5,400,078 characters, more than one run reads/);
  });
  it("the count names the files read before the limit was passed, not every file given", async () => {
    const big = `- {expr: "x'*x", wrt: x, claim: "2*x"}\n${"# a note\n".repeat(500_000)}`;
    const r = await run(["check", "--file", "big.yaml", "small.yaml"], { "big.yaml": big, "small.yaml": '- {expr: "x\'*x", wrt: x, claim: "2*x"}' });
    expect(r.out + r.err).toMatch(/the batch's file holds 4,500,039 characters/);
  });
  it("the library refuses one text past the limit", async () => {
    const r = await checkBatch(`- {expr: "x'*x", wrt: x, claim: "2*x"}\n${"# a note\n".repeat(500_000)}`, "big.yaml");
    expect(r.ok).toBe(false);
  });
});

describe("sizes an entry names, and the run's --dims", () => {
  const entry = (dims?: string) => `- name: e\n  expr: W*x\n  wrt: x\n  claim: W\n${dims ? `  dims: ${dims}\n` : ""}`;
  it("an entry's own dims that names no dimension of it is an error for that entry, as --dims is for one claim", async () => {
    const r = await checkBatch(entry("{N: 3}"), "d.yaml");
    expect(r.ok && r.value.results[0]!.error?.message).toMatch(/^the sizes given \(--dims\) name N, which is no dimension of the expression/);
  });
  it("the run's --dims are defaults: an entry takes those of its dimensions and ignores the rest", async () => {
    const r = await checkBatch(entry(), "d.yaml", { defaultDims: new Map([["N", 3], ["m", 4]]) });
    const report = r.ok ? r.value.results[0]!.report : undefined;
    expect(report?.ok).toBe(true);
    expect(report!.numeric.trials.every((t) => t.sizes.m === 4 && !("N" in t.sizes))).toBe(true);
  });
});

describe("repeated keys are found in one pass (the YAML reader's own test compares every key with every earlier one)", () => {
  it("a repeated key is refused, in a YAML file, a JSON file and a Markdown block, at the repeated key", async () => {
    const yaml = await run(["check", "--file", "d.yaml"], { "d.yaml": "- expr: x'*x\n  wrt: x\n  wrt: y\n  claim: 2*x\n" });
    expect(yaml.code).toBe(2);
    expect(yaml.out).toMatch(/d\.yaml is not valid YAML: Map keys must be unique\n\s+in d\.yaml, line 3:\n\s+wrt: y\n\s+\^\^\^/);
    const json = await run(["check", "--file", "d.json"], { "d.json": '[{"expr": "x\'*x", "wrt": "x", "claim": "2*x", "claim": "3*x"}]' });
    expect(json.code).toBe(2);
    expect(json.out).toContain("Map keys must be unique");
    const md = await run(["check", "--file", "d.md"], { "d.md": "```matdiff\nexpr: x'*x\nexpr: x\nwrt: x\nclaim: 2*x\n```\n" });
    expect(md.code).toBe(2);
    expect(md.out).toMatch(/d\.md:1 .*could not be checked[\s\S]*Map keys must be unique[\s\S]*line 3/);
  });

  it("an entry of 40,000 unknown fields is refused in one line that names the first ten", async () => {
    const entry: Record<string, unknown> = { expr: "x'*x", wrt: "x", claim: "2*x" };
    for (let i = 0; i < 40_000; i++) entry[`k${i}`] = i;
    const r = await run(["check", "--file", "e.json"], { "e.json": JSON.stringify([entry]) });
    expect(r.code).toBe(2);
    expect(r.out).toContain(`unknown field ${Array.from({ length: 10 }, (_, i) => `"k${i}"`).join(", ")} and 39,990 more\n`);
  }, 8_000);

  it("a JSON file of 40,000 keys beside its checks is read (12 s, quadratic in the keys, before) and refused in one line that names the first ten", async () => {
    const file: Record<string, unknown> = { checks: [{ expr: "x'*x", wrt: "x", claim: "2*x" }] };
    for (let i = 0; i < 40_000; i++) file[`k${i}`] = i;
    const r = await run(["check", "--file", "big.json"], { "big.json": JSON.stringify(file) });
    expect(r.code).toBe(2);
    expect(r.out).toContain(`unknown top-level key ${Array.from({ length: 10 }, (_, i) => `"k${i}"`).join(", ")} and 39,990 more (a batch file's mapping holds only "checks")\n`);
  }, 8_000);
});
