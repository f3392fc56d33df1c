/**
 * Names and lists inside a message, kept to one readable line however many or however long they are: an input may
 * hold 20,000 names, and one name may be 100,000 characters long.
 */

/** How many items a message names before it counts the rest. */
export const MAX_LISTED = 10;

/** How many characters of a name a message shows. */
const MAX_NAME = 40;

/** Past this many characters without a space, a word of a message is something the user typed, echoed: it is cut. */
const MAX_WORD = 80;
const LONG_WORD = new RegExp(`\\S{${MAX_WORD + 1},}`, "g");

/** A long word's parts: opening quotes or brackets, the text, closing quotes or brackets, then punctuation. */
const WORD_PARTS = /^([("'`[]*)([\s\S]*?)([)"'`\]]*)([:,.;!?]*)$/;

/** The first MAX_LISTED items joined with commas, then "and 9,990 more" when there are more. */
export function listed(items: readonly string[], max = MAX_LISTED): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${(items.length - max).toLocaleString("en-US")} more` : shown;
}

/** `text`'s first MAX_NAME characters (whole characters, not UTF-16 halves), or null when it has no more than those. */
function startOf(text: string): string | null {
  const chars = Array.from(text.slice(0, 2 * MAX_NAME + 2));
  return chars.length <= MAX_NAME ? null : chars.slice(0, MAX_NAME).join("");
}

const characters = (text: string): string => `(${text.length.toLocaleString("en-US")} characters)`;

/** A name as a message shows it: whole up to MAX_NAME characters, else its start, "…" and its length. */
export function shortName(name: string): string {
  const start = startOf(name);
  return start === null ? name : `${start}… ${characters(name)}`;
}

/**
 * A message with every word longer than MAX_WORD characters cut as shortName cuts a name (a 100,000-letter name given
 * to --of), its quotes and punctuation kept: `"qqq…" (100,000 characters):`.
 */
export function withShortWords(message: string): string {
  return message.replace(LONG_WORD, (word) => {
    const [, open = "", text = "", close = "", punctuation = ""] = WORD_PARTS.exec(word) ?? [];
    const start = startOf(text);
    return start === null ? word : `${open}${start}…${close} ${characters(text)}${punctuation}`;
  });
}
