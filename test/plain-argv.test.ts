/**
 * The plain reader of usual command lines (src/cli/plain-argv.ts) against commander: on random lines built from the
 * option table, every line the plain reader takes it reads exactly as commander does (command, expression, option
 * values with their defaults, the options given), and the usual lines are its to read.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPlainCommandLine } from "../src/cli/plain-argv.js";
import { parseWithCommander } from "../src/cli/commander-program.js";
import { protectExpressions } from "../src/cli/main.js";
import { memoryIO } from "../src/cli/io.js";
import { OPTIONS, flagOf } from "../src/cli/options.js";

interface Read {
  name: string;
  expr: string | undefined;
  raw: Record<string, unknown>;
  given: string[];
}

async function commanderReads(argv: readonly string[]): Promise<Read | null> {
  let read: Read | null = null;
  const answered = await parseWithCommander(argv, memoryIO().io, async (name, expr, raw, given) => {
    read = { name, expr, raw: { ...raw }, given: [...given].sort() };
  }, async () => undefined);
  return answered === undefined ? read : null;
}

const FLAGS = OPTIONS.map(flagOf);
const word = fc.oneof(
  fc.constantFrom(...FLAGS),
  fc.constantFrom("--help", "-h", "-V", "--version", "--", "-", "--wrt=x", "--wrtt", "--no-colour", "-x", "--steps=1"),
  fc.constantFrom("x", "W", "tanh(W*x + b)", "W: m x n, x: n", "numerator", "grad", "2", "-W'*x", "a b", "=", "N=3,H=4", "f: elementwise"),
  fc.string({ maxLength: 6 }),
);
const value = fc.oneof(
  fc.constantFrom("x", "W", "tanh(W*x + b)", "W: m x n, x: n", "numerator", "grad", "2", "-W'*x", "a b", "=", "N=3,H=4", "f: elementwise", "-"),
  fc.string({ maxLength: 6 }),
);
/** An option as a user writes it: the flag, then its value when it takes one (and now and then a stray word). */
const option = fc.tuple(fc.constantFrom(...OPTIONS), value, fc.boolean()).map(([spec, v, stray]) =>
  (spec.flags.includes("<") || stray ? [flagOf(spec), v] : [flagOf(spec)]));
const usualLine = fc.tuple(fc.constantFrom("derive", "check"), fc.option(value, { nil: undefined }), fc.array(option, { maxLength: 6 }), fc.nat(6))
  .map(([command, expr, options, at]) => {
    const words = options.flat();
    if (expr !== undefined) words.splice(Math.min(at, words.length), 0, expr);
    return [command, ...words];
  });
const line = fc.oneof(
  usualLine,
  fc.tuple(fc.constantFrom("derive", "check", "playground", "--help", "x"), fc.array(word, { maxLength: 12 })).map(([command, rest]) => [command, ...rest]),
);

describe("the plain command-line reader", () => {
  it("reads every line it takes as commander does (random lines from the option table)", async () => {
    let taken = 0;
    await fc.assert(fc.asyncProperty(line, async (argv) => {
      const protectedLine = protectExpressions(argv);
      const plain = readPlainCommandLine(protectedLine);
      if (plain === null) return;
      taken++;
      const commander = await commanderReads(protectedLine);
      expect(commander).toEqual({ name: plain.name, expr: plain.expr, raw: plain.raw, given: [...plain.given].sort() });
    }), { numRuns: 1000, seed: 12 });
    // The property says something only if the reader takes a fair share of the lines.
    expect(taken).toBeGreaterThan(150);
  });

  it("takes the usual lines: a command, its expression and long options with their values", async () => {
    const usual = [
      ["derive", "tanh(W*x + b)", "--shape", "W: m x n, x: n, b: m", "--wrt", "x", "--layout", "numerator"],
      ["derive", "tanh(h*Whh + x*Wxh + b)", "--shape", "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H", "--wrt", "h", "--form", "grad", "--steps"],
      ["derive", "x'*A*x", "--wrt", "x", "--order", "2", "--check", "--no-color"],
      ["check", "x'*A*x", "--wrt", "x", "--claim", "(A + A')*x", "--shape", "A: n x n", "--shape", "x: n"],
      ["derive", "-", "--wrt", "x"],
    ];
    for (const argv of usual) {
      const plain = readPlainCommandLine(argv);
      expect(plain, argv.join(" ")).not.toBeNull();
      expect(await commanderReads(argv)).toEqual({ name: plain!.name, expr: plain!.expr, raw: plain!.raw, given: [...plain!.given].sort() });
    }
  });

  it("leaves help, --version, option=value, variadic --file, a missing value and a second expression to commander", () => {
    for (const argv of [
      ["derive", "--help"], ["check", "-h"], ["--version"], ["derive", "x", "--wrt=x"], ["check", "--file", "a.yaml"],
      ["derive", "x", "--wrt"], ["derive", "x", "y"], ["derive", "x", "--wrtt", "x"], ["playground"], ["derive", "--", "-x"],
    ]) expect(readPlainCommandLine(argv), argv.join(" ")).toBeNull();
  });
});
