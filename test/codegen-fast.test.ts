/**
 * What the fast-code pass (src/print/codegen/fast.ts) makes of the cases of
 * issue 13, in every back-end: no diagonal matrix is formed to be
 * multiplied, no diagonal is inverted, chains of three or more products go
 * to multi_dot, a scalar scales a vector rather than a matrix. Also --bare
 * (the function alone, run under python3 and compared with the full module)
 * and names that would shadow the modules the code imports.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type Derivation, derive } from "../src/api/derive.js";
import { CODE_FORMATS } from "../src/api/options.js";
import { formatCode } from "../src/print/codegen/index.js";
import { bareAgainstFull } from "./helpers/bare-vs-full.js";

function derived(expr: string, wrt: string, shapes?: string, order: 1 | 2 = 1): Derivation {
  const r = derive({ expr, wrt: [wrt], shapes: shapes ? [shapes] : undefined, order });
  if (!r.ok) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.value;
}

const LOGISTIC = derived("sum(log(1 + exp(-y.*(X*w))))", "w", "X: m x n, y: m, w: n", 2);
const SOFTPLUS = derived("sum(softplus(-y.*(X*w)))", "w", "X: m x n, y: m, w: n", 2);
const MLP = derived("sum((W2*tanh(W1*x + b1) - t).^2)", "W1", "W1: h x n, x: n, b1: h, W2: k x h, t: k");
const CHAIN = derived("tr(A*X*B*C)", "X", "A: m x n, X: n x p, B: p x q, C: q x m");

/** The line that returns the derivative. */
const returned = (code: string): string => code.split("\n").find((l) => l.trimStart().startsWith("return _value, "))!;

describe.each(CODE_FORMATS)("fast code in the %s back-end", (format) => {
  const ns = { numpy: "np", torch: "torch", jax: "jnp" }[format];

  it("scales rows instead of multiplying by diagonal matrices, and never inverts a diagonal", () => {
    for (const d of [LOGISTIC, SOFTPLUS]) {
      const code = formatCode(d, format);
      expect(code).not.toMatch(/\.diag\(/);
      expect(code).not.toMatch(/linalg\.inv/);
      expect(returned(code)).toMatch(/X\.T @ \(.* \* X\)/);
    }
  });

  it("applies a scalar to the vector, not to the matrix", () => {
    const code = formatCode(MLP, format);
    // 2 scales the h-vector W2ᵀ r (or r itself), never the matrix W2
    expect(code).toMatch(/W2\.T @ \(2\.0 \* t1\)|2\.0 \* \(W2\.T @ t1 \*/);
    expect(code).not.toMatch(/2\.0 \* W2/);
  });

  it("multiplies chains of three or more with multi_dot, each shared value computed once", () => {
    expect(formatCode(CHAIN, format)).toContain(`${ns}.linalg.multi_dot([`);
    const dense = formatCode(derived("tanh(W*x + b)", "x", "W: m x n, x: n, b: m"), format);
    expect(dense.split(`${ns}.tanh(`)).toHaveLength(2);
  });

  it("orders at most 16 factors in one multi_dot: its search is cubic in their number", () => {
    const code = formatCode(derived(`${"A*B*".repeat(100)}X`, "X", "A: n x n, B: n x n, X: n x n"), format);
    const calls = code.split(`${ns}.linalg.multi_dot([`).slice(1);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) {
      // the arrays of this call, up to its closing bracket (nested calls counted as one array each)
      let depth = 0;
      let arrays = 1;
      for (const ch of call) {
        if (ch === "[" || ch === "(") depth++;
        else if (ch === "]" || ch === ")") {
          if (depth === 0) break;
          depth--;
        } else if (ch === "," && depth === 0) arrays++;
      }
      expect(arrays).toBeLessThanOrEqual(16);
    }
  });

  it("keeps the user's names apart from the modules the code imports", () => {
    const d = derived("t'*np*torch + jnp*math*jax", "np", "t: n, np: n, torch: 1 x 1, jnp: 1 x 1, math: 1 x 1, jax: 1 x 1");
    const code = formatCode(d, format);
    for (const name of ["np", "torch", "jnp", "math", "jax"]) expect(code).toContain(`${name}_ = _arrays["${name}"]`);
  });
});

const hasNumpy = spawnSync("python3", ["-c", "import numpy"], { encoding: "utf8" }).status === 0;

describe("--bare", () => {
  it("prints the function alone: arrays as arguments, sizes from their shapes, no support code", () => {
    const code = formatCode(LOGISTIC, "numpy", { bare: true });
    expect(code).toMatch(/^import numpy as np\n\n\ndef derivative\(y, X, w\):/);
    expect(code).not.toContain("_read_inputs");
    expect(code.split("\n").length).toBeLessThan(15);
  });

  it.skipIf(!hasNumpy)("gives what the full module gives", () => {
    const d = derived("tanh(W*x + b)", "W", "W: m x n, x: n, b: m");
    const setup = ["r = np.random.default_rng(1)", "W, x, b = r.standard_normal((3, 4)), r.standard_normal((4, 1)), r.standard_normal((3, 1))"];
    expect(bareAgainstFull(d, setup, "W=W, x=x, b=b", "W, x, b")).toBe(0);
  });
});
