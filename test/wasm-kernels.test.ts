/**
 * The WebAssembly kernels (src/kernels/wasm/) are transcriptions of the
 * JavaScript loops and must give the same bits: LU with pivoting, the
 * solves and inverse on its factors, and the matrix product, on sizes
 * around and above the threshold, with zero blocks, exact singularity,
 * and Inf and NaN entries.
 */
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { factorLU, inv, solve } from "../src/kernels/linalg.js";
import * as K from "../src/kernels/mat.js";
import { matmul, kron, type Mat } from "../src/kernels/mat.js";
import { centralDifference, scaleToEntries } from "../src/numeric/differences.js";
import { useWasmKernels, wasmKernelsAvailable } from "../src/kernels/wasm/runtime.js";
import { kernelModule } from "../src/kernels/wasm/module-code.js";
import { KERNELS_WASM_BASE64 } from "../src/kernels/wasm/generated/kernels-bytes.js";
import { createRng, randomSpd, randomWellConditioned } from "../src/numeric/random.js";
import { dominanceConditionBound } from "../src/kernels/condition.js";

const rng = createRng(20261130);
const random = (rows: number, cols: number, zeroFraction = 0): Mat => {
  const data = new Float64Array(rows * cols);
  for (let t = 0; t < data.length; t++) data[t] = rng.next() < zeroFraction ? 0 : 2 * rng.next() - 1;
  return { rows, cols, data };
};
const copy = (m: Mat): Mat => ({ rows: m.rows, cols: m.cols, data: m.data.slice() });

/** f on fresh copies of the inputs, once through WebAssembly and once through JavaScript. */
function bothPaths<T>(f: (...args: Mat[]) => T, ...args: Mat[]): [T, T] {
  useWasmKernels(true);
  const compiled = f(...args.map(copy));
  useWasmKernels(false);
  const plain = f(...args.map(copy));
  useWasmKernels(true);
  return [compiled, plain];
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) expect.fail(`entry ${i}: ${a[i]} vs ${b[i]}`);
};

afterAll(() => useWasmKernels(true));

describe("WebAssembly kernels give the JavaScript kernels' bits", () => {
  it("the module the build wrote is the one the assembler makes, and it validates", () => {
    const bytes = kernelModule();
    expect(Buffer.from(bytes).toString("base64")).toBe(KERNELS_WASM_BASE64);
    expect(WebAssembly.validate(bytes)).toBe(true);
    // Node compiles it: the comparisons below compare two paths, not JavaScript with itself.
    expect(wasmKernelsAvailable()).toBe(true);
    useWasmKernels(false);
    expect(wasmKernelsAvailable()).toBe(false);
    useWasmKernels(true);
  });

  for (const n of [24, 33, 50, 101]) {
    it(`LU with partial pivoting, inverse and solve at n = ${n}`, () => {
      const a = random(n, n);
      const [w, j] = bothPaths((m) => factorLU(m), a);
      sameBits(w.lu, j.lu);
      sameBits(w.perm, j.perm);
      expect([w.oddPermutation, w.singular]).toEqual([j.oddPermutation, j.singular]);
      const [wi, ji] = bothPaths((m) => inv(m), a);
      sameBits(wi.data, ji.data);
      const b = random(n, 7);
      const [ws, js] = bothPaths((m, r) => solve(m, r!), a, b);
      sameBits(ws.data, js.data);
    });
  }

  it("a singular matrix (a zero column) and one with Inf and NaN entries factor alike", () => {
    const a = random(40, 40);
    for (let i = 0; i < 40; i++) a.data[i + 5 * 40] = 0;
    const [w, j] = bothPaths((m) => factorLU(m), a);
    expect(w.singular).toBe(true);
    expect(j.singular).toBe(true);
    sameBits(w.lu, j.lu);
    const b = random(40, 40);
    b.data[3] = Infinity;
    b.data[1000] = NaN;
    const [w2, j2] = bothPaths((m) => factorLU(m), b);
    sameBits(w2.lu, j2.lu);
    sameBits(w2.perm, j2.perm);
  });

  for (const [m, p, n] of [[30, 17, 25], [64, 64, 64], [1, 900, 40], [101, 102, 1], [33, 5, 70]] as const) {
    it(`matmul ${m}×${p} · ${p}×${n}`, () => {
      const a = random(m, p);
      const b = random(p, n, 0.5);
      const [w, j] = bothPaths((x, y) => matmul(x, y!), a, b);
      sameBits(w.data, j.data);
    });
  }

  it("matmul with mostly-zero factors (Kronecker structure) and with Inf in A (no zero skipping)", () => {
    const k = kron(random(8, 8), { rows: 6, cols: 6, data: Float64Array.from({ length: 36 }, (_, t) => (t % 7 === 0 ? 1 : 0)) });
    const v = random(48, 3);
    const [w, j] = bothPaths((x, y) => matmul(x, y!), k, v);
    sameBits(w.data, j.data);
    const a = random(40, 40);
    a.data[17] = Infinity;
    const z = random(40, 40, 0.9);
    const [w2, j2] = bothPaths((x, y) => matmul(x, y!), a, z);
    sameBits(w2.data, j2.data);
  });

  it("entry-by-entry passes: arithmetic, scaling, norms, finiteness, transpose (Inf, NaN and zeros included)", () => {
    const a = random(50, 61, 0.1);
    const b = random(50, 61, 0.1);
    a.data[7] = Infinity;
    b.data[8] = NaN;
    b.data[9] = 0;
    for (const f of [K.add, K.sub, K.hadamard, K.hdiv] as const) {
      const [w, j] = bothPaths((x, y) => f(x, y!), a, b);
      sameBits(w.data, j.data);
    }
    for (const f of [(x: Mat) => K.scale(-1.5, x), (x: Mat) => K.neg(x), (x: Mat) => K.transpose(x), (x: Mat, y?: Mat) => K.addScaled(x, 1e-4, y!)]) {
      const [w, j] = bothPaths(f, a, b);
      sameBits(w.data, j.data);
      expect([w.rows, w.cols]).toEqual([j.rows, j.cols]);
    }
    const finite = random(70, 40);
    expect(bothPaths((x) => [K.frobenius(x), K.isFiniteMat(x)], finite)).toEqual([[K.frobenius(finite), true], [K.frobenius(finite), true]]);
    finite.data[finite.data.length - 1] = -Infinity;
    expect(bothPaths((x) => K.isFiniteMat(x), finite)).toEqual([false, false]);
    const [wv, jv] = bothPaths((v, x) => {
      scaleToEntries(v.data, x!.data, 0.37);
      return v;
    }, random(64, 64), random(64, 64, 0.3));
    sameBits(wv.data, jv.data);
    // The compensated inner product: large and small terms mixed, so the compensation matters, and with a NaN.
    const big = random(60, 50);
    for (let t = 0; t < big.data.length; t += 7) big.data[t] *= 1e12;
    const small = random(60, 50);
    const [wi, ji] = bothPaths((x, y) => K.inner(x, y!), big, small);
    expect(Object.is(wi, ji), `${wi} vs ${ji}`).toBe(true);
    // 1 + 10¹⁶ + 1 − 10¹⁶, 512 times: uncompensated, the ones are lost; Neumaier's sum keeps them (exactly 1,024).
    const pattern: Mat = { rows: 2048, cols: 1, data: Float64Array.from({ length: 2048 }, (_, t) => [1, 1e16, 1, -1e16][t % 4]!) };
    const ones: Mat = { rows: 2048, cols: 1, data: new Float64Array(2048).fill(1) };
    expect(bothPaths((x, y) => K.inner(x, y!), pattern, ones)).toEqual([1024, 1024]);
    const [wn, jn] = bothPaths((x, y) => K.inner(x, y!), a, b);
    expect(Object.is(wn, jn), `${wn} vs ${jn}`).toBe(true);
    const [wc, jc] = bothPaths((p, m) => centralDifference({ plus: p, minus: m! }, 1e-3), a, random(50, 61));
    sameBits(wc.data, jc.data);
    const [ws, js] = bothPaths((x, y, z) => K.sumOf([x, y!, z!, x]), a, b, random(50, 61));
    sameBits(ws.data, js.data);
  });

  it("random fills: the same uniform and normal streams, and the generator left in the same state", () => {
    const draw = () => {
      const rng = createRng(99);
      const normals = new Float64Array(5001);
      rng.fillNormal(normals);
      const signed = new Float64Array(4096);
      rng.fillSigned(signed);
      return { normals, signed, after: [rng.next(), rng.normal(), rng.normal()] };
    };
    useWasmKernels(true);
    const w = draw();
    useWasmKernels(false);
    const j = draw();
    useWasmKernels(true);
    sameBits(w.normals, j.normals);
    sameBits(w.signed, j.signed);
    sameBits(w.after, j.after);
  });

  it("diagonal dominance: random well-conditioned and SPD matrices, and the condition bound (dominant, not dominant, NaN)", () => {
    for (const n of [46, 60, 101]) {
      const make = () => {
        const draw = createRng(n);
        return [randomWellConditioned(draw, n), randomWellConditioned(draw, n, true), randomSpd(draw, n)];
      };
      useWasmKernels(true);
      const w = make();
      useWasmKernels(false);
      const j = make();
      useWasmKernels(true);
      w.forEach((m, k) => sameBits(m.data, j[k]!.data));
      const notDominant = random(n, n);
      const withNaN = copy(w[0]!);
      withNaN.data[n + 3] = NaN;
      for (const m of [...w, notDominant, withNaN]) {
        const [compiled, plain] = bothPaths((a) => dominanceConditionBound(a), m);
        expect(Object.is(compiled, plain), `${compiled} vs ${plain}`).toBe(true);
      }
      expect(Number.isFinite(dominanceConditionBound(w[0]!))).toBe(true);
      expect(dominanceConditionBound(notDominant)).toBe(Infinity);
    }
  });

  it("where WebAssembly is unavailable (node --jitless) the command prints the same check", () => {
    const argv = ["bin/matdiff.js", "derive", "logdet(X)", "--wrt", "X", "--dims", "m=60", "--check"];
    const compiled = spawnSync(process.execPath, argv, { encoding: "utf8" });
    const plain = spawnSync(process.execPath, ["--jitless", ...argv], { encoding: "utf8" });
    expect(compiled.status).toBe(0);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toBe(compiled.stdout);
    expect(compiled.stdout).toContain("check ✓");
  });
});

