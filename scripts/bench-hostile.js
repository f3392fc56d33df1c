// The hostile-input table of npm run bench: deep and wide inputs run through the CLI as a
// user would, one process each, with the wall and CPU time, exit status and output size.
// Every one must end within a few seconds with exit 0, 1 or 2. Uses the built bundle.
//   node scripts/bench-hostile.js           (all)
//   node scripts/bench-hostile.js det       (rows whose name contains "det")
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { fmt, row } from "./bench-table.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const probe = path.join(root, "scripts", "cpu-probe.cjs");
const bin = path.join(root, "bin", "matdiff.js");
const dir = mkdtempSync(path.join(tmpdir(), "matdiff-hostile-"));

const nest = (n, open, seed, close) => open.repeat(n) + seed + close.repeat(n);
const product = (n, factor = "X") => Array(n).fill(factor).join("*");
const WHERE = "where W: H x H, U: H x D, h0: H, x: D";
const rnnProgram = (T) => [...Array.from({ length: T }, (_, i) => `h${i + 1} = tanh(W*h${i} + U*x)`), WHERE].join("\n");
const rnnNest = (T) => nest(T, "tanh(W*", "h0", " + U*x)") + "\n" + WHERE;
/** A program of L statements, each using the one before twice or more, then y = sum(a_L). */
const chain = (L, first, statement) => [first, ...Array.from({ length: L }, (_, i) => statement(i + 1)), `y = sum(a${L})`].join("\n");
const residual = (L) => chain(L, "a0 = x", (i) => `a${i} = tanh(W*a${i - 1}) + a${i - 1}`);
/** The residual chain with a weight of its own per statement, W₀ … W_L. */
const residualWeights = (L) => chain(L, "a0 = tanh(W0*x)", (i) => `a${i} = tanh(W${i}*a${i - 1}) + a${i - 1}`);
const attention = (L) => chain(L, "a0 = X", (i) => `s${i} = softmax(a${i - 1}*Wq*a${i - 1}', 2)\na${i} = s${i}*a${i - 1} + a${i - 1}`);

/** name, input text (passed as a file), arguments after it. */
const CASES = [
  ["1,999 nested transposes", "X" + "'".repeat(1999), ["--wrt", "X"]],
  ["300,000 nested transposes", "X" + "'".repeat(300_000), ["--wrt", "X"]],
  ["300,000 signs", "-".repeat(300_000) + "X", ["--wrt", "X"]],
  ["399,000 nested transposes (refused)", "X" + "'".repeat(399_000), ["--wrt", "X"]],
  ["X^100000 --check", "X^100000", ["--wrt", "X", "--check"]],
  ["X^-100000, grad form", "X^-100000", ["--wrt", "X", "--form", "grad"]],
  ["X·X·…·X, 199,000 factors, grad", product(199_000), ["--wrt", "X", "--form", "grad"]],
  ["X·X·…·X, 5,000 factors, --check (underflows)", product(5000), ["--wrt", "X", "--form", "grad", "--check"]],
  ["X·A·X·A·…, 5,000 factors, grad", product(2500, "X*A"), ["--wrt", "X", "--form", "grad"]],
  ["det(X det(X …)), 10,000 deep", nest(10_000, "det(X*", "X", ")"), ["--wrt", "X"]],
  ["logdet(X logdet(X …)), 10,000 deep", nest(10_000, "logdet(X*", "X", ")"), ["--wrt", "X"]],
  ["tr(X det(X logdet(X …))), 3,000 deep", nest(3000, "tr(X*det(X*logdet(X*", "X", ")))"), ["--wrt", "X"]],
  ["softmax(softmax(…, 2), 2), 10,000 deep", nest(10_000, "softmax(", "X", ",2)"), ["--wrt", "X"]],
  ["softmax(softmax(…)), 10,000 deep", nest(10_000, "softmax(", "X", ")"), ["--wrt", "X"]],
  ["((X²)²)…, 10,000 deep", nest(10_000, "(", "X", "^2)"), ["--wrt", "X"]],
  ["sum(X sum(X …)), 30,000 deep", nest(30_000, "sum(X*", "X", ")"), ["--wrt", "X"]],
  ["adj(adj(…)), 20,000 deep", nest(20_000, "adj(", "X", ")"), ["--wrt", "X"]],
  ["kron(I, kron(I, …)), 10,000 deep (refused)", nest(10_000, "kron(I,", "X", ")"), ["--wrt", "X"]],
  ["norm(norm(…)·x)·x, 40,000 deep", nest(40_000, "norm(", "x", ")*x"), ["--wrt", "x"]],
  ["tanh(tanh(…)), 60,000 deep", nest(60_000, "tanh(", "x", ")"), ["--wrt", "x"]],
  ["a flat sum of 10,000 products", Array.from({ length: 10_000 }, (_, i) => `A${i % 10}*X`).join(" + "), ["--wrt", "X"]],
  ["2,000 quadratic forms, 2,000 --wrt names", Array.from({ length: 2000 }, (_, i) => `x${i}'*A*x${i}`).join(" + "), ["--wrt", Array.from({ length: 2000 }, (_, i) => `x${i}`).join(",")]],
  ["2,000 quadratic forms, 2,000 --wrt names, --check", Array.from({ length: 2000 }, (_, i) => `x${i}'*A*x${i}`).join(" + "), ["--wrt", Array.from({ length: 2000 }, (_, i) => `x${i}`).join(","), "--check"]],
  ["sum(tanh(W0 x + … + W36999 x)), 2,000 --wrt names", `sum(tanh(${Array.from({ length: 37_000 }, (_, i) => `W${i}*x`).join(" + ")}))`, ["--wrt", Array.from({ length: 2000 }, (_, i) => `W${i}`).join(",")]],
  ["1,000-statement chain, 1,000 --wrt weights (refused)", chain(1000, "a0 = tanh(W0*x)", (i) => `a${i} = tanh(W${i}*a${i - 1}) + a${i - 1}`), ["--wrt", Array.from({ length: 1000 }, (_, i) => `W${i}`).join(","), "--form", "grad"]],
  ["5,000 quadratic forms, 5,000 --wrt names, --check", Array.from({ length: 5000 }, (_, i) => `x${i}'*A*x${i}`).join(" + "), ["--wrt", Array.from({ length: 5000 }, (_, i) => `x${i}`).join(","), "--check"]],
  ["10,000 statements hᵢ = tanh(Wᵢ x + b), all 10,000 Wᵢ", [...Array.from({ length: 10_000 }, (_, i) => `h${i} = tanh(W${i}*x + b)`), `y = ${Array.from({ length: 10_000 }, (_, i) => `sum(h${i})`).join(" + ")}`, "where x: n, b: n"].join("\n"), ["--wrt", Array.from({ length: 10_000 }, (_, i) => `W${i}`).join(","), "--form", "grad"]],
  ["600-statement residual chain, 601 weights, --check (refused)", residualWeights(600), ["--wrt", Array.from({ length: 601 }, (_, i) => `W${i}`).join(","), "--form", "grad", "--check"]],
  ["sum(x0) + … 20,000 terms, 20,000 --wrt names", Array.from({ length: 20_000 }, (_, i) => `sum(x${i})`).join(" + "), ["--wrt", Array.from({ length: 20_000 }, (_, i) => `x${i}`).join(",")]],
  ["X ⊙ sum(X ⊙ sum(…, 2), 2), 3,000 deep, grad", nest(3000, "X .* sum(", "X", ", 2)"), ["--wrt", "X", "--form", "grad"]],
  ["inv(X) --check at n = 4,000 (refused)", "inv(X)", ["--wrt", "X", "--form", "grad", "--check", "--shape", "X: n x n", "--dims", "n=4000"]],
  ["RNN sum(h_T), T = 100, HVP --steps", "sum(" + rnnNest(100).replace("\n", ")\n"), ["--wrt", "W", "--order", "2", "--form", "differential", "--steps"]],
  ["sum(h_T), 4-name Hessian, T = 10,000 (refused)", "sum(" + rnnNest(10_000).replace("\n", ")\n"), ["--wrt", "W,h0,U,x", "--order", "2"]],
  ["RNN program, T = 10,000, grad wrt W", rnnProgram(10_000), ["--wrt", "W", "--form", "grad"]],
  ["RNN nested, T = 10,000, grad wrt W --steps", rnnNest(10_000), ["--wrt", "W", "--form", "grad", "--steps"]],
  ["RNN nested, T = 10,000, grad wrt W --check", rnnNest(10_000), ["--wrt", "W", "--form", "grad", "--check", "--dims", "H=3,D=2"]],
  ["RNN nested, T = 10,000, grad as PyTorch code", rnnNest(10_000), ["--wrt", "W", "--form", "grad", "--format", "torch"]],
  ["RNN nested, T = 10,000, --steps in LaTeX", rnnNest(10_000), ["--wrt", "W", "--form", "grad", "--steps", "--format", "latex"]],
  ["A0·A1·…·A9999, 10,000 distinct factors", Array.from({ length: 10_000 }, (_, i) => `A${i}`).join("*"), ["--wrt", "A5000"]],
  ["10,000 independent statements, summed", [...Array.from({ length: 10_000 }, (_, i) => `a${i} = tanh(W*x + b${i})`), `y = ${Array.from({ length: 10_000 }, (_, i) => `sum(a${i})`).join(" + ")}`].join("\n"), ["--wrt", "W"]],
  ["residual aᵢ = tanh(W aᵢ₋₁) + aᵢ₋₁, 3,000, grad", residual(3000), ["--wrt", "W", "--form", "grad"]],
  ["residual program, 3,000 statements, --steps", residual(3000), ["--wrt", "W", "--form", "grad", "--steps"]],
  ["attention-like program, 3,000 layers, grad", attention(3000), ["--wrt", "Wq", "--form", "grad"]],
  ["residual program, 3,000, Hessian in x", residual(3000), ["--wrt", "x", "--order", "2"]],
  ["det(det(…)), 57,000 deep", "sum(" + nest(57_000, "det(", "X", ")") + ")", ["--wrt", "X"]],
  ["det(…)²·X, 2,000 deep, Hessian", "sum(" + nest(2000, "det(", "X", ")^2*X") + ")", ["--wrt", "X", "--order", "2"]],
  ["inv(X inv(…)), 20,000 deep", "sum(" + nest(20_000, "inv(X*inv(", "X", "))") + ")", ["--wrt", "X"]],
  ["inv(X inv(…)), 5,000 deep, --check (cannot decide)", nest(5_000, "inv(X*", "X", ")"), ["--wrt", "X", "--check"]],
  ["aᵢ = aᵢ₋₁ᵀ aᵢ₋₁, 3,000 statements, grad", chain(3000, "a0 = X", (i) => `a${i} = a${i - 1}'*a${i - 1}`).replace(/\ny = sum\(a3000\)$/, ""), ["--wrt", "X", "--form", "grad", "--shape", "X: n x n"]],
  ["aᵢ = det(aᵢ₋₁) aᵢ₋₁, 2,000 statements, Hessian", chain(2000, "a0 = X", (i) => `a${i} = det(a${i - 1})*a${i - 1}`), ["--wrt", "X", "--order", "2"]],
  ["adj(adj(…)), 75,000 deep (refused)", nest(75_000, "adj(", "X", ")"), ["--wrt", "X"]],
  ["((X²)²)… 99,000 deep, Hessian (refused)", "sum(" + nest(99_000, "(", "X", "^2)") + ")", ["--wrt", "X", "--order", "2"]],
  ["tanh(tanh(…)), 66,000 deep, --steps (refused)", nest(66_000, "tanh(", "x", ")"), ["--wrt", "x", "--steps"]],
  ["max(max(…, 1)ᵀ, 1)ᵀ, 40,000 deep, --steps", "sum(" + nest(40_000, "max(", "X", ",1)'") + ")", ["--wrt", "X", "--steps"]],
  ["kron(…, a)·X, 10,000 deep, grad --steps", nest(10_000, "kron(", "X", ", a)*X"), ["--wrt", "X", "--form", "grad", "--steps", "--shape", "X: n x n, a: scalar"]],
  ["RNN nested, T = 28,000, --steps (refused)", rnnNest(28_000), ["--wrt", "W", "--form", "grad", "--steps"]],
  ["A·B·A·B·…, 800 factors, grad as NumPy code", product(400, "A*B") + "*X", ["--wrt", "X", "--form", "grad", "--format", "numpy", "--shape", "A: n x n, B: n x n, X: n x n"]],
  ["softmax(x) Jacobian --check at m = 2,000", "softmax(x)", ["--wrt", "x", "--check", "--dims", "m=2000"]],
  ["sum(max(X, 2)) --check at 2,000 × 2,000 (refused)", "sum(max(X, 2))", ["--wrt", "X", "--form", "grad", "--check", "--shape", "X: m x n", "--dims", "m=2000,n=2000"]],
  ["(A0 ⊙ B)·…·(A999 ⊙ B), 500 --wrt names, --check (refused)", `sum(${Array.from({ length: 1000 }, (_, i) => `(A${i} .* B)`).join("*")})`, ["--wrt", Array.from({ length: 500 }, (_, i) => `A${2 * i}`).join(","), "--form", "grad", "--check"]],
  ["a^0.5^0.5^…, 100,000 powers", "a" + "^0.5".repeat(99_000), ["--wrt", "a"]],
  ["x^2^2^…, 50,000 powers (exponents past float64)", "x" + "^2".repeat(50_000), ["--wrt", "x", "--shape", "x: scalar"]],
  ["399,000 blanks, then x", " ".repeat(399_000) + "x", ["--wrt", "x"]],
  ["an input of 400,001 characters (refused)", "x" + "+x".repeat(200_000), ["--wrt", "x"]],
];


export function benchHostile(filter = "") {
  console.log("## Deep and wide inputs: one CLI process each (wall and CPU ms, exit status, output bytes)");
  const widths = [46, 9, 9, 5, 10];
  console.log(row(["input", "wall ms", "CPU ms", "exit", "output B"], widths));
  let slowest = 0;
  CASES.filter(([name]) => name.includes(filter)).forEach(([name, text, args], k) => {
    const file = path.join(dir, `case${k}.mdf`);
    writeFileSync(file, text);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ["--require", probe, bin, "derive", "--input", file, ...args], {
      encoding: "utf8", stdio: ["ignore", "pipe", "pipe", "pipe"], timeout: 120_000, maxBuffer: 1 << 30,
    });
    const wall = performance.now() - t0;
    slowest = Math.max(slowest, wall);
    const exit = r.status ?? `killed (${r.signal ?? r.error?.code})`;
    console.log(row([name, fmt(wall), fmt(Number(r.output[3])), exit, Buffer.byteLength(r.stdout ?? "")], widths));
  });
  console.log(`(slowest: ${(slowest / 1000).toFixed(1)} s; exit 2 is a clear refusal, never a crash)`);
  console.log();
}

if (import.meta.url === `file://${process.argv[1]}`) benchHostile(process.argv[2] ?? "");
