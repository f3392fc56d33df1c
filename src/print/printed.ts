/**
 * The record a renderer keeps per printed node (render.ts): its text and what its parents need to know of it to
 * place it, in three fields.
 */
import type { OpName } from "../expr/names.js";

/**
 * A node as printed: its document (spans marked, not yet styled), the operator at the top (for parentheses between
 * products), its precedence, and its edges: whether it starts / ends with a single-letter name or a number (for
 * juxtaposition), and with a number. Precedence and edges are packed into one small integer: a printout holds one
 * record per node it shows, and seven fields each made a 10,000-step printout's records 5 MB larger.
 */
export class Printed {
  private constructor(readonly text: string, readonly op: OpName | null, private readonly packed: number) {}

  static of(text: string, prec: number, op: OpName | null, first: boolean, last: boolean, firstNumber: boolean, lastNumber: boolean): Printed {
    return new Printed(text, op, (prec << 4) | (first ? FIRST_SHORT : 0) | (last ? LAST_SHORT : 0) | (firstNumber ? FIRST_NUMBER : 0) | (lastNumber ? LAST_NUMBER : 0));
  }

  /** The same record with another text (a folded one). */
  withText(text: string): Printed {
    return new Printed(text, this.op, this.packed);
  }

  get prec(): number {
    return this.packed >> 4;
  }
  get first(): boolean {
    return (this.packed & FIRST_SHORT) !== 0;
  }
  get last(): boolean {
    return (this.packed & LAST_SHORT) !== 0;
  }
  get firstNumber(): boolean {
    return (this.packed & FIRST_NUMBER) !== 0;
  }
  get lastNumber(): boolean {
    return (this.packed & LAST_NUMBER) !== 0;
  }
}
const [FIRST_SHORT, LAST_SHORT, FIRST_NUMBER, LAST_NUMBER] = [1, 2, 4, 8];
