/**
 * The one option table (api/option-table.ts) and its rules: an
 * option that does not apply is exit 2 naming it and why; enum options
 * suggest the nearest choice; colour follows NO_COLOR and FORCE_COLOR;
 * subcommand help has examples; an internal error exits 3.
 */
import { describe, expect, it } from "vitest";
import { main } from "../src/cli/main.js";
import { type CliIO, memoryIO } from "../src/cli/io.js";
import { OPTIONS } from "../src/api/option-table.js";
import { DEFAULTS, FORMATS, REPORTERS } from "../src/api/options.js";
import { makeStyles } from "../src/cli/style.js";

async function run(argv: string[], options: Parameters<typeof memoryIO>[0] = {}) {
  const m = memoryIO(options);
  const code = await main(argv, m.io);
  return { code, out: m.stdout(), err: m.stderr() };
}

describe("the option table is built from the library's defaults and choices", () => {
  it.each([
    ["--layout", DEFAULTS.layout], ["--form", DEFAULTS.form], ["--format", DEFAULTS.format], ["--reporter", DEFAULTS.reporter],
    ["--grad-name", DEFAULTS.gradName], ["--trials", String(DEFAULTS.trials)], ["--tol", String(DEFAULTS.tol)], ["--seed", String(DEFAULTS.seed)],
  ])("%s defaults to %s", (flag, value) => {
    expect(OPTIONS.find((o) => o.flags.startsWith(`${flag} `))!.defaultValue).toBe(value);
  });
  it("lists every format and reporter", () => {
    expect(OPTIONS.find((o) => o.flags.startsWith("--format"))!.choices).toEqual(FORMATS);
    expect(OPTIONS.find((o) => o.flags.startsWith("--reporter"))!.choices).toEqual(REPORTERS);
  });
});

describe("an option that does not apply is an error naming it and why", () => {
  const derive = ["derive", "tanh(W*x + b)", "--wrt", "x"];
  const check = ["check", "x'*A*x", "--wrt", "x", "--claim", "(A + A')*x"];
  it.each([
    ["check --format numpy", [...check, "--format", "numpy"], /--format does not apply: check reports a claim as text or json; --format numpy prints code/],
    ["--steps with --format numpy", [...derive, "--format", "numpy", "--steps"], /--steps does not apply: --format numpy has no steps/],
    ["--steps with --format json", [...derive, "--format", "json", "--steps"], /--steps does not apply: --format json has no steps/],
    ["--standalone without latex", [...derive, "--standalone"], /--standalone does not apply: it makes a whole LaTeX document, so it needs --format latex \(not text\)/],
    ["--layout with --form grad", [...derive, "--form", "grad", "--layout", "numerator"], /--layout does not apply: it chooses the Jacobian's layout, and --form grad is layout-free/],
    ["--grad-name without --form grad", [...derive, "--grad-name", "U"], /--grad-name does not apply: it names the upstream gradient of --form grad, not --form jacobian/],
    ["--trials without --check", [...derive, "--trials", "5"], /--trials does not apply: it sets up the numeric check, which derive runs only with --check/],
    ["--dims without --check", [...derive, "--dims", "m=3"], /--dims does not apply/],
    ["--claim on derive", [...derive, "--claim", "W"], /--claim does not apply: it is an option of matdiff check, not derive/],
    ["--steps on check", [...check, "--steps"], /--steps does not apply: it is an option of matdiff derive, not check/],
    ["--reporter without --file", [...check, "--reporter", "junit"], /--reporter does not apply: it chooses how a batch \(--file\) is reported/],
    ["--wrt with --file", ["check", "--file", "c.yaml", "--wrt", "x"], /--wrt does not apply: with --file every entry gives its own "wrt"/],
    ["--format with --file", ["check", "--file", "c.yaml", "--format", "json"], /--format does not apply: a batch \(--file\) is reported with --reporter/],
  ])("%s", async (_name, argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.err + r.out).toMatch(message as RegExp);
  });

  it("the same options apply where they make sense", async () => {
    expect((await run([...derive, "--check", "--trials", "2", "--dims", "m=3,n=2"])).code).toBe(0);
    expect((await run([...derive, "--form", "grad", "--grad-name", "U"])).code).toBe(0);
    expect((await run([...derive, "--format", "latex", "--standalone", "--steps"])).code).toBe(0);
  });
});

describe("did you mean, for every option with choices", () => {
  it.each([
    ["--layout", "numerater", "numerator"], ["--form", "gard", "grad"], ["--format", "laytex", "latex"],
  ])("%s %s suggests %s", async (flag, value, guess) => {
    const r = await run(["derive", "x", "--wrt", "x", flag, value]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`help: did you mean ${flag} ${guess}?`);
  });
  it("--reporter junti suggests junit", async () => {
    const r = await run(["check", "--file", "c.yaml", "--reporter", "junti"]);
    expect(r.err).toContain("did you mean --reporter junit?");
  });
});

describe("colour", () => {
  const args = ["derive", "tanh(W*x + b)", "--wrt", "x"];
  const ANSI = /\u001b\[/;
  it("NO_COLOR disables colour only when it is non-empty", async () => {
    expect((await run(args, { isTTY: true, env: { NO_COLOR: "1" } })).out).not.toMatch(ANSI);
    expect((await run(args, { isTTY: true, env: { NO_COLOR: "" } })).out).toMatch(ANSI);
  });
  it("FORCE_COLOR turns colour on without a terminal, and FORCE_COLOR=0 turns it off on one", async () => {
    expect((await run(args, { env: { FORCE_COLOR: "1" } })).out).toMatch(ANSI);
    expect((await run(args, { isTTY: true, env: { FORCE_COLOR: "0" } })).out).not.toMatch(ANSI);
    expect((await run([...args, "--no-color"], { env: { FORCE_COLOR: "1" } })).out).not.toMatch(ANSI);
  });
  it("a span nested in one that closes with the same code re-opens the outer one, so escapes stay balanced", () => {
    const { text } = makeStyles(true);
    expect(text.header(`a ${text.name("W")} b`)).toBe("\u001b[2ma \u001b[1mW\u001b[22m\u001b[2m b\u001b[22m");
    expect(makeStyles(false).text.header("plain")).toBe("plain");
  });
});

describe("help", () => {
  it.each(["derive", "check"])("%s --help shows its options and examples", async (name) => {
    const r = await run([name, "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`Examples:\\n  matdiff ${name} `));
    expect(r.out).toMatch(/Exit codes: 0 success, 1 a claim or check failed, 2 the input is wrong, 3 a matdiff bug/);
  });
  it("check --help does not list derive's own options", async () => {
    const r = await run(["check", "--help"]);
    expect(r.out).not.toMatch(/--steps|--standalone/);
    expect(r.out).toMatch(/--reporter <reporter>/);
  });
});

describe("an internal error exits 3 and says it is a matdiff bug", () => {
  it("an exception thrown while printing", async () => {
    const m = memoryIO();
    const io: CliIO = { ...m.io, stdout: () => { throw new TypeError("the printer broke"); } };
    const code = await main(["derive", "x'*x", "--wrt", "x"], io);
    expect(code).toBe(3);
    expect(m.stderr()).toMatch(/internal error: the printer broke\nthis is a matdiff bug/);
  });
});

describe("messages stay one readable line however many or however long the names", () => {
  it("--dims naming forty sizes the expression does not have lists ten and counts the rest", async () => {
    const dims = Array.from({ length: 40 }, (_, i) => `d${i}=2`).join(",");
    const r = await run(["derive", "x'*A*x", "--wrt", "x", "--check", "--dims", dims]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("the sizes given (--dims) name d0, d1, d2, d3, d4, d5, d6, d7, d8, d9 and 30 more, which are no dimension of the expression (its dimensions: m)");
  });

  it("a --wrt name of 200 characters is shown by its start and its length", async () => {
    const name = `x${"y".repeat(199)}`;
    const r = await run(["derive", "x", "--wrt", name]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`error: x${"y".repeat(39)}… (200 characters) does not appear in the expression`);
    expect(r.err.length).toBeLessThan(200);
  });

  it("an out-of-range integer is echoed as typed, not as the double it rounds to", async () => {
    const r = await run(["derive", "x'*A*x", "--wrt", "x", "--seed", "99999999999999999999999"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--seed must be between -2147483648 and 2147483647, not 99999999999999999999999");
  });
});

describe("a long word a message echoes is cut to its start and length, its quotes and punctuation kept", () => {
  const long = "q".repeat(100_000);
  it.each([
    [["derive", `${long}(x)`, "--wrt", "x"], "error: unknown function qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq… (100,000 characters)"],
    [["derive", "x", "--wrt", "x", "--of", long], "error: --of qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq… (100,000 characters): no statement assigns"],
    [["derive", "x", "--wrt", "x", "--layout", long], 'not "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq…" (100,000 characters)'],
  ])("%#", async (argv, expected) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(expected);
    expect(r.err.length).toBeLessThan(1000);
  });
});
