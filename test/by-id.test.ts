import { describe, expect, it } from "vitest";
import { CountById, IdMap } from "../src/expr/by-id.js";

describe("CountById", () => {
  it("counts the same in its hash table and in its pages, across the move between them", () => {
    const counts = new CountById();
    const expected = new Map<number, number>();
    // ids far apart (a few late nodes of a large graph) and close together, more of them than the hash table holds
    const ids = Array.from({ length: 300 }, (_, k) => (k % 3 === 0 ? 500_000 + k * 7919 : k * 13) % 1_000_000);
    for (let round = 0; round < 3; round++) {
      for (const id of ids) {
        counts.add(id, round + 1);
        expected.set(id, Math.min(255, (expected.get(id) ?? 0) + round + 1));
        expect(counts.get(id)).toBe(expected.get(id));
      }
    }
    for (const [id, n] of expected) expect(counts.get(id)).toBe(n);
    expect(counts.get(123_457)).toBe(0);
    expect(counts.has(123_457)).toBe(false);
  });

  it("saturates at 255 and clears to 0 before and after moving to pages", () => {
    const few = new CountById();
    few.add(900_001, 200);
    few.add(900_001, 200);
    expect(few.get(900_001)).toBe(255);
    few.clear(900_001);
    expect(few.has(900_001)).toBe(false);
    const many = new CountById();
    for (let id = 1; id <= 1000; id++) many.add(id);
    many.add(7, 300);
    expect(many.get(7)).toBe(255);
    many.clear(7);
    expect(many.get(7)).toBe(0);
    expect(many.get(8)).toBe(1);
  });
});

describe("IdMap", () => {
  it("reads as the Map it replaces: values, size and every iteration in first-set order, across the move to pages", () => {
    const table = new IdMap<string>();
    const expected = new Map<number, string>();
    // more ids than the hash table holds (2,048), far apart and close together, some set twice (the second keeps the first's place)
    const ids = Array.from({ length: 5000 }, (_, k) => (k % 4 === 0 ? 700_000 + k * 6151 : k * 17) % 1_000_003);
    for (let round = 0; round < 2; round++) {
      for (const [k, id] of ids.entries()) {
        if (round === 1 && k % 5 !== 0) continue;
        table.set(id, `v${round}:${id}`);
        expected.set(id, `v${round}:${id}`);
      }
    }
    expect(table.size).toBe(expected.size);
    for (const [id, v] of expected) expect(table.get(id)).toBe(v);
    expect([...table.keys()]).toEqual([...expected.keys()]);
    expect([...table.values()]).toEqual([...expected.values()]);
    expect([...table]).toEqual([...expected]);
    const seen: [number, string][] = [];
    table.forEach((v, id) => seen.push([id, v]));
    expect(seen).toEqual([...expected.entries()]);
    expect(table.has(999_999)).toBe(false);
    expect(table.get(999_999)).toBeUndefined();
  });
});
