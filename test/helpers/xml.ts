/**
 * A small XML reader for tests: elements, attributes and text, with the
 * well-formedness rules a JUnit consumer relies on (one root, tags closed in
 * order, attributes quoted, only the five predefined entities).
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&([a-z]+);|&/g, (m, name: string | undefined) => {
    if (name === undefined || !(name in ENTITIES)) throw new Error(`bad entity ${m}`);
    return ENTITIES[name]!;
  });
}

export function parseXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const token = /<\/([A-Za-z][\w.-]*)\s*>|<([A-Za-z][\w.-]*)((?:\s+[A-Za-z][\w.-]*="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    m = token.exec(body);
    if (!m) throw new Error(`not well-formed at ${at}: ${body.slice(at, at + 40)}`);
    at = token.lastIndex;
    if (m[1]) {
      const open = stack.pop();
      if (!open || open.name !== m[1]) throw new Error(`</${m[1]}> closes <${open?.name}>`);
    } else if (m[2]) {
      const attributes: Record<string, string> = {};
      for (const a of m[3]!.matchAll(/([A-Za-z][\w.-]*)="([^"]*)"/g)) {
        if (a[1]! in attributes) throw new Error(`duplicate attribute ${a[1]}`);
        attributes[a[1]!] = decode(a[2]!);
      }
      const el: XmlElement = { name: m[2], attributes, children: [], text: "" };
      if (stack.length) stack[stack.length - 1]!.children.push(el);
      else if (root) throw new Error("two root elements");
      else root = el;
      if (!m[4]) stack.push(el);
    } else {
      if (!stack.length) {
        if (m[5]!.trim()) throw new Error("text outside the root");
      } else stack[stack.length - 1]!.text += decode(m[5]!);
    }
  }
  if (stack.length || !root) throw new Error("unclosed elements");
  return root;
}
