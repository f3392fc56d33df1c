/**
 * softmax and logsumexp on column vectors, shifted by the maximum so that
 * nothing overflows.
 */
import { type Mat, floats } from "./dense.js";

function checkColumn(op: string, v: Mat): void {
  if (v.cols !== 1 || v.rows === 0) {
    throw new Error(`${op}: expected a non-empty column vector, got ${v.rows}×${v.cols}`);
  }
}

/**
 * softmax(v)_i = exp(v_i − max v) / Σ_k exp(v_k − max v); the shift leaves
 * the value unchanged and keeps every exponent ≤ 0, so nothing overflows.
 */
export function softmax(v: Mat): Mat {
  checkColumn("softmax", v);
  const V = v.data, n = V.length;
  let mx = -Infinity;
  for (let i = 0; i < n; i++) if (V[i]! > mx) mx = V[i]!;
  const out = floats(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(V[i]! - mx);
    out[i] = e;
    s += e;
  }
  for (let i = 0; i < n; i++) out[i] /= s;
  return { rows: n, cols: 1, data: out };
}

/**
 * log Σ exp(v_i) = m + log1p(Σ_{i≠k} exp(v_i − m)) with m = v_k = max v:
 * the term for k is exactly 1, and log1p keeps the small remainder accurate.
 */
export function logsumexp(v: Mat): number {
  checkColumn("logsumexp", v);
  const V = v.data, n = V.length;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const x = V[i]!;
    if (x !== x) return NaN;
    if (x > V[k]!) k = i;
  }
  const mx = V[k]!;
  if (mx === Infinity || mx === -Infinity) return mx;
  let rest = 0;
  for (let i = 0; i < n; i++) if (i !== k) rest += Math.exp(V[i]! - mx);
  return mx + Math.log1p(rest);
}
