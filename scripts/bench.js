// npm run bench: every figure measured side by side in one run, so that ratios stay
// comparable on a shared, noisy machine. Uses the built bundle (npm run build first).
//
//   1. start-up (scripts/bench-startup.js, when present)
//   2. in-process derive time per case, and SymPy's time for the same derivative
//   3. the cost of --check at dimensions around 100, as a ratio to the derivation alone
//   4. the unrolled-RNN table: time and output size as the depth T grows
//   5. deep and wide inputs through the CLI (scripts/bench-hostile.js)
//
// Options: --quick (fewer repetitions), --only=<section,...> (startup, derive, check, depth, hostile).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { derive } from "../dist/index.js";
import { benchDepth, benchDepthFresh, unrolled } from "./bench-depth.js";
import { benchHostile } from "./bench-hostile.js";
import { fmt, median, row } from "./bench-table.js";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const wanted = (section) => !only || only.includes(section);
const REPS = quick ? 3 : 7;


console.log(`matdiff benchmark · node ${process.version} · ${process.platform}/${process.arch} · medians of ${REPS} runs\n`);

// ------------------------------------------------------------------ 1. start-up
if (wanted("startup")) {
  console.log("## Start-up");
  const startup = path.join(root, "scripts", "bench-startup.js");
  if (existsSync(startup)) {
    // It prints its own lines; MATDIFF_BENCH_QUICK=1 asks it for fewer repetitions.
    const env = { ...process.env, ...(quick ? { MATDIFF_BENCH_QUICK: "1" } : {}) };
    const r = spawnSync(process.execPath, [startup], { cwd: root, stdio: "inherit", env });
    if (r.status !== 0) console.log(`(scripts/bench-startup.js exited with ${r.status})`);
  } else {
    console.log("scripts/bench-startup.js is not present: start-up not measured.");
  }
  console.log();
}

// ------------------------------------------------------- 2. derive vs SymPy
const CASES = [
  { name: "x'Ax wrt x", request: { expr: "x'*A*x", wrt: ["x"] }, sympy: "(x.T*A*x).diff(x)" },
  { name: "tr(X'AX) wrt X", request: { expr: "tr(X'*A*X)", wrt: ["X"] }, sympy: "Trace(X.T*A*X).diff(X)" },
  // SymPy leaves d det(X)/dX unevaluated for a symbolic size, so it has no column here.
  { name: "det(X) wrt X", request: { expr: "det(X)", wrt: ["X"] } },
  { name: "tr(A X B) wrt X", request: { expr: "tr(A*X*B)", wrt: ["X"] }, sympy: "Trace(A*X*B).diff(X)" },
  { name: "x' inv(X) x wrt X", request: { expr: "x'*inv(X)*x", wrt: ["X"] }, sympy: "(x.T*Inverse(X)*x).diff(X)" },
  { name: "tanh(W x + b) wrt x", request: { expr: "tanh(W*x + b) where W: m x n, x: n, b: m", wrt: ["x"], layout: "numerator" }, sympy: "(W*x + b).applyfunc(tanh).diff(x)" },
  { name: "RNN cell, grad wrt h, Whh, Wxh, b", request: { expr: "tanh(h*Whh + x*Wxh + b)", shapes: ["h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"], wrt: ["h", "Whh", "Wxh", "b"], form: "grad" } },
  { name: "RNN cell, Jacobian wrt h (Kronecker)", request: { expr: "tanh(h*Whh + x*Wxh + b)", shapes: ["h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"], wrt: ["h"], layout: "numerator" } },
  { name: "logistic loss, Hessian wrt w", request: { expr: "sum(log(1 + exp(-y.*(X*w))))", wrt: ["w"], order: 2 } },
];

const SYMPY_PRELUDE = `
import json, sys, time
from sympy import MatrixSymbol, Symbol, Trace, Inverse, tanh
from sympy.core.cache import clear_cache
n, m = Symbol("n"), Symbol("m")
x = MatrixSymbol("x", n, 1); A = MatrixSymbol("A", n, n); B = MatrixSymbol("B", n, n)
X = MatrixSymbol("X", n, n); W = MatrixSymbol("W", m, n); b = MatrixSymbol("b", m, 1)
reps = int(sys.argv[1]); out = {}
for name, code in json.loads(sys.argv[2]).items():
    ts = []
    for _ in range(reps):
        clear_cache()  # SymPy caches results; every run starts cold, as matdiff's does
        t0 = time.perf_counter(); eval(code); ts.append((time.perf_counter() - t0) * 1000)
    out[name] = sorted(ts)[len(ts) // 2]
print(json.dumps(out))
`;

function sympyTimes() {
  const probe = spawnSync("python3", ["-c", "import sympy; print(sympy.__version__)"], { encoding: "utf8" });
  if (probe.status !== 0) return { skipped: "python3 with sympy is not importable" };
  const codes = Object.fromEntries(CASES.filter((c) => c.sympy).map((c) => [c.name, c.sympy]));
  const r = spawnSync("python3", ["-c", SYMPY_PRELUDE, String(REPS), JSON.stringify(codes)], { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) return { skipped: `SymPy run failed: ${(r.stderr || "").trim().split("\n").pop()}` };
  return { version: probe.stdout.trim(), times: JSON.parse(r.stdout) };
}

if (wanted("derive")) {
  console.log("## Derivation, in process (parse, shapes, differential, simplify; no printing)");
  const sympy = sympyTimes();
  const widths = [40, 12, 12, 9];
  console.log(row(["case", "matdiff ms", "SymPy ms", "SymPy/md"], widths));
  for (const c of CASES) {
    const first = derive(c.request);
    if (!first.ok) throw new Error(`${c.name}: ${first.diagnostics[0].message}`);
    const ts = [];
    for (let i = 0; i < REPS * 3; i++) {
      const t0 = performance.now();
      derive(c.request);
      ts.push(performance.now() - t0);
    }
    const ours = median(ts);
    const theirs = sympy.times?.[c.name];
    console.log(row([c.name, fmt(ours), theirs === undefined ? "–" : fmt(theirs), theirs === undefined ? "" : `${(theirs / ours).toFixed(theirs / ours < 10 ? 1 : 0)}×`], widths));
  }
  console.log(sympy.skipped ? `SymPy: skipped (${sympy.skipped}).` : `SymPy ${sympy.version}: MatrixSymbol .diff, cache cleared before every run; – where SymPy has no equivalent (broadcasting, grad form, Hessians).`);
  console.log();
}

// ---------------------------------------------- 3. check cost vs derivation
/** CPU ms (user + system) of one CLI process, as reported by scripts/bench-cli-cpu.js. */
function cliCpu(argv) {
  const r = spawnSync(process.execPath, [path.join(root, "scripts", "bench-cli-cpu.js"), ...argv], { cwd: root, encoding: "utf8", timeout: 120_000 });
  const m = /cpu-ms ([\d.]+)/.exec(r.stderr ?? "");
  if (!m) throw new Error(`no CPU figure from: matdiff ${argv.join(" ")}\n${r.stderr}`);
  const verdict = /check ([✓✗])|(✓|✗)/.exec(r.stdout ?? "")?.slice(1).find(Boolean) ?? (r.status === 0 ? "ok" : `exit ${r.status}`);
  return { cpu: Number(m[1]), status: r.status, verdict };
}

/** derive without --check refuses --dims (it sets up the check), so the baseline leaves it out. */
const withoutDims = (argv) => argv.filter((a, i) => a !== "--dims" && argv[i - 1] !== "--dims");

const RNN = ["tanh(h*Whh + x*Wxh + b)", "--shape", "h: N x H, Whh: H x H, x: N x D, Wxh: D x H, b: 1 x H"];
const CHECKS = [
  { name: "logdet(X) wrt X, m = 100", argv: ["derive", "logdet(X)", "--wrt", "X", "--dims", "m=100"], target: "≤ 1.5×" },
  { name: "RNN cell grad wrt Whh, N,H,D = 100,101,102", argv: ["derive", ...RNN, "--wrt", "Whh", "--form", "grad", "--dims", "N=100,H=101,D=102"], target: "≤ 2×" },
  { name: "RNN cell Jacobian wrt h, N = H = D = 30", argv: ["derive", ...RNN, "--wrt", "h", "--dims", "N=30,H=30,D=30"], target: "< 1 s" },
  { name: "dense layer Jacobian wrt x, m,n = 100,101", argv: ["derive", "tanh(W*x + b) where W: m x n, x: n, b: m", "--wrt", "x", "--layout", "numerator", "--dims", "m=100,n=101"] },
  { name: "x'Ax gradient wrt x, m = 100", argv: ["derive", "x'*A*x", "--wrt", "x", "--dims", "m=100"] },
  {
    name: "check --claim: RNN grad wrt h, N,H,D = 100,101,102",
    argv: ["check", ...RNN, "--wrt", "h", "--form", "grad", "--claim", "(G .* (1 - tanh(h*Whh + x*Wxh + b).^2)) * Whh'", "--dims", "N=100,H=101,D=102"],
    alone: ["derive", ...RNN, "--wrt", "h", "--form", "grad", "--dims", "N=100,H=101,D=102"],
  },
  { name: "logistic Hessian wrt w, m = n = 200", argv: ["derive", "sum(log(1 + exp(-y.*(X*w))))", "--wrt", "w", "--order", "2", "--dims", "m=200,n=200"], target: "passes" },
];

if (wanted("check")) {
  console.log("## --check at dimensions around 100: CPU of the whole CLI process, derive alone vs derive --check");
  const widths = [52, 10, 10, 7, 6, 8];
  console.log(row(["case", "derive ms", "+check ms", "ratio", "check", "target"], widths));
  for (const c of CHECKS) {
    const alone = [];
    const checked = [];
    let verdict = "";
    // Interleaved, so both columns see the same machine load.
    for (let i = 0; i < REPS; i++) {
      alone.push(cliCpu(withoutDims(c.alone ?? c.argv)).cpu);
      const r = cliCpu(c.alone ? c.argv : [...c.argv, "--check"]);
      checked.push(r.cpu);
      verdict = r.verdict;
    }
    const a = median(alone), b = median(checked);
    console.log(row([c.name, fmt(a), fmt(b), `${(b / a).toFixed(2)}×`, verdict, c.target ?? ""], widths));
  }
  console.log();
}

// ------------------------------------------------------ 4. depth scaling

if (wanted("depth")) {
  console.log("## Unrolled RNN h_T = tanh(W h_{T−1} + U x), gradient wrt W (grad form)");
  const widths = [7, 12, 14, 12, 8, 36];
  console.log(row(["T", "derive ms", "CLI wall ms", "output B", "×time", "status"], widths));
  const Ts = quick ? [10, 100, 1000, 10000] : [10, 30, 100, 300, 1000, 3000, 10000];
  let previous = null;
  for (const T of Ts) {
    const expr = unrolled(T);
    const request = { expr, wrt: ["W"], form: "grad", shapes: ["W: n x n, h: n, U: n x k, x: k"] };
    let inProcess = "–";
    try {
      const t0 = performance.now();
      const r = derive(request);
      inProcess = r.ok ? fmt(performance.now() - t0) : "refused";
    } catch (e) {
      inProcess = e instanceof RangeError ? "stack overflow" : "error";
    }
    const t0 = performance.now();
    // The expression goes in on standard input ("-"): at T = 10,000 it is too long for an argument list.
    const r = spawnSync(process.execPath, ["bin/matdiff.js", "derive", "-", "--wrt", "W", "--form", "grad", "--shape", "W: n x n, h: n, U: n x k, x: k"],
      { cwd: root, encoding: "utf8", input: expr, timeout: 60_000, maxBuffer: 1 << 30 });
    const wall = performance.now() - t0;
    const timedOut = r.error?.code === "ETIMEDOUT";
    const ok = r.status === 0;
    const status = timedOut ? "timed out after 60 s" : ok ? "ok"
      : r.status === null ? `killed (${r.signal ?? r.error?.code})` : `exit ${r.status}: ${(r.stderr || "").trim().split("\n")[0].slice(0, 60)}`;
    const growth = ok && previous ? `${(wall / previous.wall).toFixed(1)}` : "";
    console.log(row([T, inProcess, ok ? fmt(wall) : "–", ok ? Buffer.byteLength(r.stdout) : "–", growth, status], widths));
    previous = ok ? { T, wall } : previous;
  }
  console.log("(×time: CLI wall time over the row above; linear growth is the ratio of the T values)");
  // In-process, side by side: text and --steps, time and output size per T.
  benchDepth(quick ? [10, 100, 1000] : [10, 100, 1000, 10000]);
  benchDepthFresh(quick ? [100, 1000] : [100, 1000, 10000]);
  console.log();
}

// ------------------------------------------------- 5. deep and wide inputs
if (wanted("hostile")) benchHostile();
