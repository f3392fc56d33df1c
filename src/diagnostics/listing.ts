/**
 * Names and lists inside a message, kept to one readable line however many or however long they are: an input may
 * hold 20,000 names, and one name may be 100,000 characters long.
 */

/** How many items a message names before it counts the rest. */
export const MAX_LISTED = 10;

/** How many characters of a name a message shows. */
const MAX_NAME = 40;

/** The first MAX_LISTED items joined with commas, then "and 9,990 more" when there are more. */
export function listed(items: readonly string[], max = MAX_LISTED): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${(items.length - max).toLocaleString("en-US")} more` : shown;
}

/** A name as a message shows it: whole up to MAX_NAME characters, else its start, "…" and its length. */
export function shortName(name: string): string {
  const chars = Array.from(name.slice(0, MAX_NAME + 1));
  return chars.length <= MAX_NAME ? name : `${chars.slice(0, MAX_NAME).join("")}… (${name.length.toLocaleString("en-US")} characters)`;
}
