import { describe, expect, it } from "vitest";
import { CountById } from "../src/expr/by-id.js";

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
