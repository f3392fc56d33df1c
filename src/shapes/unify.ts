/**
 * Unification of dimensions. Unknown dimensions are symbols whose name starts
 * with "?" (fresh variables); binding one records what it equals. A
 * dimension is a monomial, so `?1·?2` (from a Kronecker product) can be
 * matched only once its factors are known. Substituting a binding into a
 * power raises it to that power: ?1² with ?1 = n is n².
 */
import { type Dim, ONE, dimEq, dimMap, dimMul, dimPow, dimSym, expAt, exponentOf, isOne, loneSymbol, repeatedSymbols } from "./dim.js";
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
    if (this.isFree(d)) return d;
    // One unknown (most sizes while inferring): what it is bound to, as it is (nothing built per node).
    const lone = loneSymbol(d);
    if (lone !== null) return this.resolveBound(lone);
    return this.substitute(d, (s) => (this.bindings.has(s) ? this.resolveBound(s) : undefined));
  }

  /** Whether d has no bound unknown in it. */
  private isFree(d: Dim): boolean {
    const syms = d.syms;
    // Indexed, as in Graph.op: run at every start.
    for (let i = 0; i < syms.length; i++) if (this.bindings.has(syms[i]!)) return false;
    return true;
  }

  /** d with each symbol s replaced by value(s) when it has one: coef · Π value(s)^exp. */
  private substitute(d: Dim, value: (s: string) => Dim | undefined): Dim {
    let out = dimMap(d, d.coef, (s, e) => (value(s) ? 0 : e));
    d.syms.forEach((s, k) => {
      const v = value(s);
      if (v) out = dimMul(out, dimPow(v, expAt(d, k)));
    });
    return out;
  }

  /**
   * What a bound unknown stands for, with no bound unknown left in it. A
   * chain ?1 → ?2 → … → ?k (a long sum of I's binds one link per term) is
   * followed with an explicit stack, and each binding is then shortened to
   * its resolved form, so the chain is walked once, not at every use.
   */
  private resolveBound(sym: string): Dim {
    const bound = this.bindings.get(sym)!;
    if (this.isFree(bound)) return bound;
    const free = (d: Dim): boolean => this.isFree(d);
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
      this.bindings.set(s, this.substitute(b, (x) => this.bindings.get(x)));
      stack.pop();
    }
    return this.bindings.get(sym)!;
  }

  /** s with its unknowns substituted: s itself when it has no bound unknown (nothing built for most nodes). */
  resolveShape(s: Shape): Shape {
    const rows = this.resolve(s.rows);
    const cols = this.resolve(s.cols);
    return rows === s.rows && cols === s.cols ? s : { rows, cols };
  }

  isOne(d: Dim): boolean {
    return isOne(this.resolve(d));
  }

  /** Make a and b equal if possible; false when they are known to differ or cannot be matched. */
  unify(a: Dim, b: Dim): boolean {
    const ra = this.resolve(a);
    const rb = this.resolve(b);
    if (dimEq(ra, rb)) return true;
    const va = loneUnknown(ra);
    if (va && exponentOf(rb, va) === 0) {
      this.bindings.set(va, rb);
      return true;
    }
    const vb = loneUnknown(rb);
    if (vb && exponentOf(ra, vb) === 0) {
      this.bindings.set(vb, ra);
      return true;
    }
    // ?1·?2 = ?3·?4 (a Kronecker product that must be square): match the factors in order.
    const fa = factorList(ra);
    const fb = factorList(rb);
    const allUnknown = (d: Dim, f: readonly string[] | null): f is readonly string[] => d.coef === 1 && !!f && f.length > 1 && d.syms.every(isUnknownSymbol);
    if (allUnknown(ra, fa) && allUnknown(rb, fb) && fa.length === fb.length) {
      return fa.every((x, k) => this.unify(dimSym(x), dimSym(fb[k]!)));
    }
    // ?1·?2 = k·k (kron(I, I) against a (k·k)×(k·k) answer): one known factor for each unknown, in order.
    for (const [open, fo, known, fk] of [[ra, fa, rb, fb], [rb, fb, ra, fa]] as const) {
      if (allUnknown(open, fo) && known.coef === 1 && fk && fk.length === fo.length && !known.syms.some(isUnknownSymbol)) {
        return fo.every((x, k) => this.unify(this.resolve(dimSym(x)), dimSym(fk[k]!)));
      }
    }
    // ?1·p = m·p: cancel the factors both sides share (the smaller power of each), then try again.
    const shared = (s: string): number => Math.min(exponentOf(ra, s), exponentOf(rb, s));
    if (ra.syms.some((s) => shared(s) > 0) && (ra.syms.some(isUnknownSymbol) || rb.syms.some(isUnknownSymbol))) {
      const without = (d: Dim): Dim => dimMap(d, d.coef, (s, e) => e - shared(s));
      return this.unify(without(ra), without(rb));
    }
    return false;
  }

  /** Unknowns still free after inference, in order of first binding attempt. */
  unknownsIn(d: Dim): readonly string[] {
    const syms = this.resolve(d).syms;
    for (let i = 0; i < syms.length; i++) if (isUnknownSymbol(syms[i]!)) return syms.filter(isUnknownSymbol);
    return NO_UNKNOWNS;
  }

  /** Fix an unknown to a named symbol (used to name inferred dimensions). */
  name(unknown: string, symbol: string): void {
    this.bindings.set(unknown, dimSym(symbol));
  }

  bindToOne(unknown: string): void {
    this.bindings.set(unknown, ONE);
  }
}

const NO_UNKNOWNS: readonly string[] = Object.freeze([]);

function loneUnknown(d: Dim): string | null {
  const s = loneSymbol(d);
  return s !== null && isUnknownSymbol(s) ? s : null;
}

/** The factors to match one by one (?1·?2 against ?3·?4); null when there are too many. */
const factorList = (d: Dim): string[] | null => repeatedSymbols(d, 64);
