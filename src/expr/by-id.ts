/**
 * Tables keyed by node id. Ids are small consecutive integers, so arrays indexed by id (in pages, see ById) hold
 * what a hash table of the graph's size would, at the cost of two loads: the simplifier asks them at every node it
 * visits, of graphs of a million nodes, and the printer once per node it prints.
 */
import type { Expr, Graph } from "./node.js";

/**
 * Ids are looked up in pages of this many slots, made when a slot in them is first set: a table touches only the
 * pages of the ids it holds, so a simplifier run on a few nodes of a large graph (one of 2,000 --wrt names) costs
 * those nodes, not the graph's size.
 */
const PAGE_BITS = 10;
const PAGE = 1 << PAGE_BITS;

/** A value per node id (undefined: none yet). */
export class ById<T> {
  private readonly pages: ((T | undefined)[] | undefined)[] = [];

  get(id: number): T | undefined {
    return this.pages[id >> PAGE_BITS]?.[id & (PAGE - 1)];
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, value: T): void {
    const p = id >> PAGE_BITS;
    const slot = id & (PAGE - 1);
    // The list of pages stays dense (one slot per 1,024 ids), so it is an array, not a dictionary.
    while (this.pages.length <= p) this.pages.push(undefined);
    let page = this.pages[p];
    // Past the first page the graph is large: pages are made whole at once rather than doubled up to their size.
    if (!page || slot >= page.length) this.pages[p] = page = grownPage(page, p === 0 ? slot : PAGE - 1);
    page[slot] = value;
  }
}

/** The first page's first size: a graph of a few dozen nodes (one of 10,000 small batch entries) needs no 8 KB page (later pages are whole). */
const FIRST_PAGE = 32;

/** The length of a page of `length` grown to hold `slot`: doubled from FIRST_PAGE, at most PAGE. */
function pageSize(length: number, slot: number): number {
  let size = Math.max(FIRST_PAGE, length);
  while (size <= slot) size *= 2;
  return Math.min(size, PAGE);
}

/** `page` (or none) grown to hold `slot`: doubled from FIRST_PAGE up to PAGE, filled with undefined. */
function grownPage<T>(page: (T | undefined)[] | undefined, slot: number): (T | undefined)[] {
  const out = new Array<T | undefined>(pageSize(page?.length ?? 0, slot)).fill(undefined);
  if (page) for (let i = 0; i < page.length; i++) out[i] = page[i];
  return out;
}

/**
 * A value per node remembered for as long as its graph lives: one table by node id per graph (ids are unique
 * only within a graph). For what the rules ask of the same nodes again and again (factor counts, edges of chains,
 * printed lengths), where a weak map keyed by node costs more than the value.
 */
export function perGraph<T>(): (node: Expr) => ById<T> {
  const tables = new WeakMap<Graph, ById<T>>();
  return (node) => {
    let table = tables.get(node.graph);
    if (!table) tables.set(node.graph, (table = new ById<T>()));
    return table;
  };
}

/** Distinct ids a CountById counts in a hash table before it moves to pages. */
const FEW_COUNTS = 64;

/**
 * A small count per node id, saturating at 255 (the engine asks only whether it is above 1), or a flag (0 or not).
 * The first FEW_COUNTS ids are counted in a hash table, then in pages: a table of a few nodes with large ids (one
 * link of a --steps chain, late in a graph of 500,000 ids) costs those nodes, not a list of pages up to its ids —
 * made for each of 20,000 links, that list grew with the square of the depth.
 */
export class CountById {
  private few: Map<number, number> | null = new Map();
  private readonly pages: (Uint8Array | undefined)[] = [];

  get(id: number): number {
    if (this.few !== null) return this.few.get(id) ?? 0;
    return this.pages[id >> PAGE_BITS]?.[id & (PAGE - 1)] ?? 0;
  }

  has(id: number): boolean {
    return this.get(id) > 0;
  }

  /** Count id `times` more (once by default). */
  add(id: number, times = 1): void {
    const few = this.few;
    if (few !== null) {
      few.set(id, Math.min(255, (few.get(id) ?? 0) + times));
      if (few.size > FEW_COUNTS) this.moveToPages(few);
      return;
    }
    this.addToPage(id, times);
  }

  /** Set to 0 (a flag cleared). */
  clear(id: number): void {
    // Kept at 0 rather than deleted: the hash table counts every id it has seen, so a flag set and cleared at
    // every node (the simplifier's "in progress") moves to pages like any other table.
    if (this.few !== null) {
      if (this.few.has(id)) this.few.set(id, 0);
      return;
    }
    const page = this.pages[id >> PAGE_BITS];
    if (page) page[id & (PAGE - 1)] = 0;
  }

  private moveToPages(few: Map<number, number>): void {
    this.few = null;
    few.forEach((count, id) => this.addToPage(id, count));
  }

  private addToPage(id: number, times: number): void {
    const p = id >> PAGE_BITS;
    while (this.pages.length <= p) this.pages.push(undefined);
    const k = id & (PAGE - 1);
    let page = this.pages[p];
    if (!page || k >= page.length) this.pages[p] = page = grownCounts(page, k);
    page[k] = Math.min(255, page[k]! + times);
  }
}

/** `page` (or none) grown to hold `slot`, as grownPage does: a batch keeps the counts of 2,000 small graphs. */
function grownCounts(page: Uint8Array | undefined, slot: number): Uint8Array {
  const out = new Uint8Array(pageSize(page?.length ?? 0, slot));
  if (page) out.set(page);
  return out;
}

/** Entries beyond which an IdTable moves from a hash table to pages. */
const SMALL_TABLE = 2048;

/**
 * A value per node id for tables of any size: a hash table while it holds a few entries (one renderer per line of
 * --steps prints a handful of nodes, where pages over the graph's ids would cost more than the values), pages
 * (ById) once it holds more.
 */
export class IdTable<T> {
  private small: Map<number, T> | null = new Map();
  private large: ById<T> | null = null;

  get(id: number): T | undefined {
    return this.small !== null ? this.small.get(id) : this.large!.get(id);
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  set(id: number, value: T): void {
    if (this.small === null) {
      this.large!.set(id, value);
      return;
    }
    this.small.set(id, value);
    if (this.small.size <= SMALL_TABLE) return;
    const large = new ById<T>();
    for (const [k, v] of this.small) large.set(k, v);
    this.large = large;
    this.small = null;
  }
}

/**
 * A table by node id that reads as a ReadonlyMap (its size, and its entries in the order they were first set), for
 * tables handed to code that reads a Map and grown to tens of thousands of ids (a --steps chain's variables and
 * their differentials, a printout's names). A Map that size is one object past V8's large-object size, copied into
 * freshly mapped memory at each growth: at T = 10,000 those copies were megabytes that T = 1,000 never makes. Here
 * only the list of ids grows as one object (a few bytes per entry); the values sit in pages. No value is undefined
 * (the table reads undefined as no entry).
 */
export class IdMap<T extends {}> implements ReadonlyMap<number, T> {
  private readonly table = new IdTable<T>();
  private readonly ids: number[] = [];

  get size(): number {
    return this.ids.length;
  }

  get(id: number): T | undefined {
    return this.table.get(id);
  }

  has(id: number): boolean {
    return this.table.has(id);
  }

  set(id: number, value: T): this {
    if (!this.table.has(id)) this.ids.push(id);
    this.table.set(id, value);
    return this;
  }

  forEach(each: (value: T, id: number, map: ReadonlyMap<number, T>) => void): void {
    for (let i = 0; i < this.ids.length; i++) each(this.table.get(this.ids[i]!)!, this.ids[i]!, this);
  }

  *keys(): MapIterator<number> {
    for (let i = 0; i < this.ids.length; i++) yield this.ids[i]!;
  }

  *values(): MapIterator<T> {
    for (let i = 0; i < this.ids.length; i++) yield this.table.get(this.ids[i]!)!;
  }

  *entries(): MapIterator<[number, T]> {
    for (let i = 0; i < this.ids.length; i++) yield [this.ids[i]!, this.table.get(this.ids[i]!)!];
  }

  [Symbol.iterator](): MapIterator<[number, T]> {
    return this.entries();
  }
}
