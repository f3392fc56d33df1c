/**
 * "Did you mean ...?" suggestions. `nearest` returns the candidate closest to
 * `word` by edit distance with adjacent transpositions (so `tahn` → `tanh`),
 * or undefined when nothing is close enough for the word's length.
 *
 * Distance is measured case-insensitively; ties prefer the candidate that
 * also matches in case, then the one whose length is closest to the word,
 * then the earlier candidate.
 */

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and
 * swaps of two adjacent characters each cost 1. Works on code points.
 */
export function editDistance(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  const width = t.length + 1;
  const table = new Array<number>((s.length + 1) * width);
  for (let i = 0; i <= s.length; i++) table[i * width] = i;
  for (let j = 0; j <= t.length; j++) table[j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const substitution = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(
        table[(i - 1) * width + j] + 1,
        table[i * width + j - 1] + 1,
        table[(i - 1) * width + j - 1] + substitution,
      );
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, table[(i - 2) * width + j - 2] + 1);
      }
      table[i * width + j] = best;
    }
  }
  return table[s.length * width + t.length];
}

/** How many edits a word of this length may need and still be a plausible typo. */
function allowedDistance(wordLength: number, maxDistance: number): number {
  return Math.min(maxDistance, Math.max(1, Math.floor(wordLength / 3)));
}

export function nearest(word: string, candidates: readonly string[], maxDistance = 2): string | undefined {
  const lowerWord = word.toLowerCase();
  const wordLength = Array.from(word).length;
  const allowed = allowedDistance(wordLength, maxDistance);
  let best: { candidate: string; distance: number; caseDistance: number; lengthGap: number } | undefined;
  for (const candidate of candidates) {
    const lengthGap = Math.abs(Array.from(candidate).length - wordLength);
    if (lengthGap > allowed) continue;
    const distance = editDistance(lowerWord, candidate.toLowerCase());
    // A suggestion that replaces the whole word is not a typo fix.
    if (distance > allowed || (distance >= wordLength && distance > 0)) continue;
    const caseDistance = editDistance(word, candidate);
    const better =
      best === undefined ||
      distance < best.distance ||
      (distance === best.distance && caseDistance < best.caseDistance) ||
      (distance === best.distance && caseDistance === best.caseDistance && lengthGap < best.lengthGap);
    if (better) best = { candidate, distance, caseDistance, lengthGap };
  }
  return best?.candidate;
}
