/**
 * Folding keeps every intermediate text of a printout short, so that printing is linear at any depth (a text that
 * embeds its whole subtree, copied at every level, would cost the square of the depth). A text longer than FOLD_AT
 * keeps its first and last EDGE code units — all a notation ever looks at (a leading sign, a closing bracket, a
 * trailing mark) — and the middle becomes FOLD_OPEN index FOLD_CLOSE, restored once when the renderer hands the
 * text out. A folded text's length once restored is counted without restoring it, so that a printout too long to
 * hold (the differential of X^(10⁹), which repeats its parts 10⁹ times in all) is refused before it is built.
 */
const FOLD_AT = 160;
const EDGE = 24;
const FOLD_OPEN = "\uE110";
const FOLD_CLOSE = "\uE111";

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;

export class Folds {
  /** The middles folded away, by index; a middle may hold folds made before it. */
  private readonly middles: string[] = [];
  /** Each middle's length once restored, by index, counted in index order as far as asked. */
  private readonly lengths: number[] = [];

  /** `t` with its middle folded away when it is longer than FOLD_AT; the cuts never split a fold or a surrogate pair. */
  fold(t: string): string {
    if (t.length <= FOLD_AT) return t;
    let head = EDGE;
    const openBefore = t.lastIndexOf(FOLD_OPEN, head - 1);
    if (openBefore >= 0 && t.indexOf(FOLD_CLOSE, openBefore) >= head) head = openBefore;
    if (isHighSurrogate(t.charCodeAt(head - 1))) head--;
    let tail = t.length - EDGE;
    const closeAfter = t.indexOf(FOLD_CLOSE, tail);
    if (closeAfter >= 0 && t.lastIndexOf(FOLD_OPEN, closeAfter) < tail) tail = closeAfter + 1;
    if (isHighSurrogate(t.charCodeAt(tail - 1))) tail++;
    const index = this.middles.push(t.slice(head, tail)) - 1;
    return `${t.slice(0, head)}${FOLD_OPEN}${index}${FOLD_CLOSE}${t.slice(tail)}`;
  }

  /** A text with every fold restored, in one pass over the result. */
  unfold(text: string): string {
    if (!text.includes(FOLD_OPEN)) return text;
    const parts: string[] = [];
    const stack = [{ s: text, at: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const open = top.s.indexOf(FOLD_OPEN, top.at);
      if (open < 0) {
        parts.push(top.s.slice(top.at));
        stack.pop();
        continue;
      }
      const close = top.s.indexOf(FOLD_CLOSE, open);
      parts.push(top.s.slice(top.at, open));
      top.at = close + 1;
      stack.push({ s: this.middles[Number(top.s.slice(open + 1, close))]!, at: 0 });
    }
    return parts.join("");
  }

  /** unfold(text).length, without unfolding: each middle's length is counted once, from the lengths of the folds in it. */
  unfoldedLength(text: string): number {
    return this.lengthOf(text);
  }

  private lengthOf(text: string): number {
    let length = text.length;
    for (let open = text.indexOf(FOLD_OPEN); open >= 0; open = text.indexOf(FOLD_OPEN, open + 1)) {
      const close = text.indexOf(FOLD_CLOSE, open);
      // A fold refers only to middles made before the text it sits in, so counting them in index order never waits.
      const index = Number(text.slice(open + 1, close));
      while (this.lengths.length <= index) this.lengths.push(this.lengthOf(this.middles[this.lengths.length]!));
      length += this.lengths[index]! - (close + 1 - open);
    }
    return length;
  }
}
