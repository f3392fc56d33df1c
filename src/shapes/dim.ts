/**
 * Dimensions: a positive integer times a product of symbols (N, H, m·n).
 * Kronecker products multiply dimensions, so a dimension is a monomial,
 * kept canonical (symbols sorted) so that equal dimensions compare equal by key.
 */
export interface Dim {
  readonly coef: number;
  /** Symbol factors, sorted, with repetition (N·N is ["N", "N"]). */
  readonly syms: readonly string[];
}

export const ONE: Dim = { coef: 1, syms: [] };

export function dimInt(n: number): Dim {
  return n === 1 ? ONE : { coef: n, syms: [] };
}

export function dimSym(name: string): Dim {
  return { coef: 1, syms: [name] };
}

export function dimMul(a: Dim, b: Dim): Dim {
  if (isOne(a)) return b;
  if (isOne(b)) return a;
  return { coef: a.coef * b.coef, syms: [...a.syms, ...b.syms].sort() };
}

export function isOne(d: Dim): boolean {
  return d.coef === 1 && d.syms.length === 0;
}

export function dimKey(d: Dim): string {
  if (d.syms.length === 0) return String(d.coef);
  return (d.coef === 1 ? "" : `${d.coef}·`) + d.syms.join("·");
}

export function dimEq(a: Dim, b: Dim): boolean {
  return dimKey(a) === dimKey(b);
}

/** The value of a dimension once every symbol has a size. */
export function dimValue(d: Dim, sizes: ReadonlyMap<string, number>): number {
  let v = d.coef;
  for (const s of d.syms) {
    const n = sizes.get(s);
    if (n === undefined) throw new Error(`no size for dimension ${s}`);
    v *= n;
  }
  return v;
}

/** Human form: 3, N, N·H, 2·N. */
export function dimToString(d: Dim): string {
  return dimKey(d);
}
