/**
 * The WebAssembly versions of the random fills of ../../numeric/random.js:
 * SFC32 words (32-bit integer arithmetic, as the JavaScript `| 0` and `>>>`
 * compute it) turned into uniform values on [−1, 1) and into Box–Muller
 * normal pairs. The logarithm, cosine and sine are JavaScript's own Math
 * functions, imported, so every value is the one the JavaScript loop draws.
 * The generator's state is four i32 words at byte address `st`: a, b, c, counter.
 */
import {
  type Code, type WasmFunction, F64, I32, add, f64, fadd, fdiv, fmul, forRange, fromSigned, fromUnsigned, fsqrt, fsub, get, i32, rotl, set,
  shl, shrU, storeF64, xor, call, loadI32, storeI32,
} from "./assemble.js";

/** Indices of the imported functions (module "env"), in this order. */
export const RANDOM_IMPORTS = [{ name: "log" }, { name: "cos" }, { name: "sin" }];
const LOG = 0, COS = 1, SIN = 2;

/** Locals a, b, c, counter loaded from the state at `st`, and stored back. */
const loadState = (st: number, a: number): Code => [0, 1, 2, 3].map((k) => set(a + k, loadI32(get(st), i32(k))));
const storeState = (st: number, a: number): Code => [0, 1, 2, 3].map((k) => storeI32(get(st), i32(k), get(a + k)));

/** One SFC32 step into local w: w = a + b + counter; a ← b ⊕ (b ≫ 9); b ← c + (c ≪ 3); c ← rotl(c, 21) + w; counter += 1. */
function step(a: number, w: number): Code {
  const b = a + 1, c = a + 2, counter = a + 3;
  return [
    set(w, add(add(get(a), get(b)), get(counter))),
    set(a, xor(get(b), shrU(get(b), i32(9)))),
    set(b, add(get(c), shl(get(c), i32(3)))),
    set(c, add(rotl(get(c), i32(21)), get(w))),
    set(counter, add(get(counter), i32(1))),
  ];
}

/** fillSigned(out, n, st): out_t = w_t / 2³¹ for the next n words read as signed (fillSignedWords). */
function fillSigned(): WasmFunction {
  const OUT = 0, N = 1, ST = 2, T = 3, A = 4, W = 8;
  return {
    name: "fillSigned", params: [I32, I32, I32], locals: [I32, I32, I32, I32, I32, I32],
    body: [
      loadState(ST, A),
      forRange(T, i32(0), get(N), [step(A, W), storeF64(get(OUT), get(T), fdiv(fromSigned(get(W)), f64(2147483648)))]),
      storeState(ST, A),
    ],
  };
}

/**
 * fillPairs(out, pairs, st): Box–Muller pairs from four words each (fillPairs in
 * ../../numeric/random.js): u1 = 1 − ((w0 ≫ 5)·2²⁶ + (w1 ≫ 6))/2⁵³, u2 likewise from w2, w3,
 * r = √(−2 log u1), θ = 2π·u2, out = (r cos θ, r sin θ).
 */
function fillPairs(): WasmFunction {
  const OUT = 0, PAIRS = 1, ST = 2, K = 3, A = 4, W0 = 8, W1 = 9, W2 = 10, W3 = 11;
  const U1 = 12, U2 = 13, R = 14, THETA = 15;
  const uniform53 = (hi: number, lo: number): Code =>
    fdiv(fadd(fmul(fromUnsigned(shrU(get(hi), i32(5))), f64(67108864)), fromUnsigned(shrU(get(lo), i32(6)))), f64(9007199254740992));
  return {
    name: "fillPairs", params: [I32, I32, I32], locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, F64, F64, F64, F64],
    body: [
      loadState(ST, A),
      forRange(K, i32(0), get(PAIRS), [
        step(A, W0), step(A, W1), step(A, W2), step(A, W3),
        set(U1, fsub(f64(1), uniform53(W0, W1))),
        set(U2, uniform53(W2, W3)),
        set(R, fsqrt(fmul(f64(-2), call(LOG, get(U1))))),
        set(THETA, fmul(f64(2 * Math.PI), get(U2))),
        storeF64(get(OUT), add(get(K), get(K)), fmul(get(R), call(COS, get(THETA)))),
        storeF64(get(OUT), add(add(get(K), get(K)), i32(1)), fmul(get(R), call(SIN, get(THETA)))),
      ]),
      storeState(ST, A),
    ],
  };
}

/** The random fills of the module. */
export const randomFunctions = (): WasmFunction[] => [fillSigned(), fillPairs()];
