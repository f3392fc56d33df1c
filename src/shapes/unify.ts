/**
 * Unification of dimensions. Unknown dimensions are symbols whose name starts
 * with "?" (fresh variables); binding one records what it equals. A
 * dimension is a monomial, so `?1·?2` (from a Kronecker product) can be
 * matched only once its factors are known.
 */
import { type Dim, ONE, dimKey, dimMul, dimSym, isOne } from "./dim.js";
import type { Shape } from "./shape.js";

export function isUnknownSymbol(sym: string): boolean {
  return sym.startsWith("?");
}

export class Unifier {
  private readonly bindings = new Map<string, Dim>();
  private counter = 0;

  fresh(): Dim {
    return dimSym(`?${this.counter++}`);
  }

  /** Substitute every bound unknown, through chains of bindings. */
  resolve(d: Dim): Dim {
    if (!d.syms.some((s) => this.bindings.has(s))) return d;
    let out: Dim = { coef: d.coef, syms: [] };
    for (const s of d.syms) out = dimMul(out, this.bindings.has(s) ? this.resolveBound(s) : dimSym(s));
    return out;
  }

  /**
   * What a bound unknown stands for, with no bound unknown left in it. A
   * chain ?1 → ?2 → … → ?k (a long sum of I's binds one link per term) is
   * followed with an explicit stack, and each binding is then shortened to
   * its resolved form, so the chain is walked once, not at every use.
   */
  private resolveBound(sym: string): Dim {
    const free = (d: Dim): boolean => !d.syms.some((x) => this.bindings.has(x));
    const stack = [sym];
    while (stack.length > 0) {
      const s = stack[stack.length - 1]!;
      const b = this.bindings.get(s)!;
      if (free(b)) {
        stack.pop();
        continue;
      }
      const open = b.syms.filter((x) => this.bindings.has(x) && !free(this.bindings.get(x)!));
      if (open.length > 0) {
        stack.push(...open);
        continue;
      }
      let out: Dim = { coef: b.coef, syms: [] };
      for (const x of b.syms) out = dimMul(out, this.bindings.get(x) ?? dimSym(x));
      this.bindings.set(s, out);
      stack.pop();
    }
    return this.bindings.get(sym)!;
  }

  resolveShape(s: Shape): Shape {
    return { rows: this.resolve(s.rows), cols: this.resolve(s.cols) };
  }

  isOne(d: Dim): boolean {
    return isOne(this.resolve(d));
  }

  /** Make a and b equal if possible; false when they are known to differ or cannot be matched. */
  unify(a: Dim, b: Dim): boolean {
    const ra = this.resolve(a);
    const rb = this.resolve(b);
    if (dimKey(ra) === dimKey(rb)) return true;
    const va = loneUnknown(ra);
    if (va && !rb.syms.includes(va)) {
      this.bindings.set(va, rb);
      return true;
    }
    const vb = loneUnknown(rb);
    if (vb && !ra.syms.includes(vb)) {
      this.bindings.set(vb, ra);
      return true;
    }
    // ?1·?2 = ?3·?4 (a Kronecker product that must be square): match the factors in order.
    const allUnknown = (d: Dim) => d.coef === 1 && d.syms.length > 1 && d.syms.every(isUnknownSymbol);
    if (allUnknown(ra) && allUnknown(rb) && ra.syms.length === rb.syms.length) {
      return ra.syms.every((x, k) => this.unify(dimSym(x), dimSym(rb.syms[k]!)));
    }
    // ?1·?2 = k·k (kron(I, I) against a (k·k)×(k·k) answer): one known factor for each unknown, in order.
    for (const [open, known] of [[ra, rb], [rb, ra]] as const) {
      if (allUnknown(open) && known.coef === 1 && known.syms.length === open.syms.length && !known.syms.some(isUnknownSymbol)) {
        return open.syms.every((x, k) => this.unify(this.resolve(dimSym(x)), dimSym(known.syms[k]!)));
      }
    }
    // ?1·p = m·p: cancel the factors both sides share, then try again.
    const common = ra.syms.filter((s, i) => ra.syms.indexOf(s) === i).flatMap((s) => {
      const k = Math.min(ra.syms.filter((x) => x === s).length, rb.syms.filter((x) => x === s).length);
      return Array<string>(k).fill(s);
    });
    if (common.length && (ra.syms.some(isUnknownSymbol) || rb.syms.some(isUnknownSymbol))) {
      const without = (d: Dim): Dim => {
        const rest = [...d.syms];
        for (const s of common) rest.splice(rest.indexOf(s), 1);
        return { coef: d.coef, syms: rest };
      };
      return this.unify(without(ra), without(rb));
    }
    return false;
  }

  /** Unknowns still free after inference, in order of first binding attempt. */
  unknownsIn(d: Dim): string[] {
    return this.resolve(d).syms.filter(isUnknownSymbol);
  }

  /** Fix an unknown to a named symbol (used to name inferred dimensions). */
  name(unknown: string, symbol: string): void {
    this.bindings.set(unknown, dimSym(symbol));
  }

  bindToOne(unknown: string): void {
    this.bindings.set(unknown, ONE);
  }
}

function loneUnknown(d: Dim): string | null {
  return d.coef === 1 && d.syms.length === 1 && isUnknownSymbol(d.syms[0]!) ? d.syms[0]! : null;
}
