/**
 * The one kind of failure that is neither bad input nor a bug in the
 * mathematics: a request needs more than one request may take, either by a
 * limit matdiff sets itself (SizeLimit) or because the JavaScript engine ran
 * out of a resource (a RangeError). Each is named for what ran out, so a
 * refusal says what limit was met.
 */

/**
 * A limit matdiff sets on what one request may build, met while working: its message says what passed the limit,
 * its help what to ask for instead. A RangeError, so that every place that turns an engine's exhausted resource
 * into a refusal (exit 2) turns this one into the same.
 */
export class SizeLimit extends RangeError {
  override readonly name = "SizeLimit";
  constructor(message: string, readonly help: string) {
    super(message);
  }
}

/** What ran out, in a sentence, for a RangeError thrown while serving a request. */
export function resourceLimitMessage(e: RangeError): string {
  const m = e.message;
  if (e instanceof SizeLimit) return m;
  if (/call stack/i.test(m)) {
    return "matdiff ran out of call stack on this input: it is nested deeper than one of its passes can follow (please report the input: passes are meant to handle any depth)";
  }
  if (/string length/i.test(m)) {
    return "the result is too long to print: its text would pass JavaScript's limit on the length of a string (about 500 million characters)";
  }
  if (/array|buffer|allocation/i.test(m)) {
    return "the result, or the values of its check, would be too large to hold in memory";
  }
  return `matdiff ran out of a resource on this input (${m})`;
}
