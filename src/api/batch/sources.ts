/**
 * The entries of a batch file, each with the line it starts on: a YAML or
 * JSON list (or `{ checks: [...] }`), or a Markdown file whose fenced
 * blocks tagged `matdiff` each hold one entry in YAML. A syntax error in a
 * YAML or JSON file stops the file; in a Markdown block it stops that entry.
 */
import { type Diagnostic, type Result, error } from "../../diagnostics/diagnostic.js";
import { lineFinder } from "../../diagnostics/span.js";
import { listed, shortName } from "../../diagnostics/listing.js";
import { nearest } from "../../diagnostics/suggest.js";
import { ENTRY_FIELDS } from "./fields.js";
import { MAX_DEPTH, scanFences } from "./markdown.js";

export interface SourceEntry {
  /** 1-based line of the entry (of the opening fence in Markdown). */
  readonly line: number;
  readonly value?: unknown;
  /** The entry could not be read at all (a YAML error inside a Markdown block). */
  readonly error?: Diagnostic;
}

type Yaml = typeof import("yaml");

/** The YAML parser, loaded on first use (a bundled CommonJS build puts it under default). */
async function loadYaml(): Promise<Yaml> {
  const mod = (await import("yaml")) as Yaml & { default?: Yaml };
  return typeof mod.parseDocument === "function" ? mod : mod.default!;
}

/**
 * A YAML error, whole, pointing at its place in the file (the caret comes from the diagnostic formatter). `at` maps a
 * position of the YAML that was read to the file (a Markdown block's text is the file's lines without their markers).
 */
function yamlDiagnostic(e: { message: string; pos: [number, number] }, text: string, origin: string, at: (position: number) => number = (p) => p): Diagnostic {
  // The reader recurses on nesting: a file nested hundreds of levels deep exhausts its stack, which it reports as an error.
  const sentence = /Maximum call stack/.test(e.message) ? "it is nested too deeply for the YAML reader (hundreds of levels)" : e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  const start = at(e.pos[0]);
  const end = Math.max(start + 1, at(e.pos[1]));
  return error("syntax", `${origin} is not valid YAML: ${sentence}`, { span: { start, end: Math.min(end, text.length || 1) }, text, origin });
}

type YamlDocument = ReturnType<Yaml["parseDocument"]>;

/**
 * The document, with the first error the reader found or, after them, the first repeated key of a mapping. The
 * reader's own test for repeated keys compares each key with every one before it (40,000 keys took 12 s), so keys
 * are compared here instead, in one pass with a set per mapping.
 */
function parseYaml(YAML: Yaml, text: string): { doc: YamlDocument; error?: { message: string; pos: [number, number] } } {
  const doc = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length) return { doc, error: doc.errors[0]! };
  let repeated: { message: string; pos: [number, number] } | undefined;
  YAML.visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
        const id = YAML.isScalar(key) ? key.value : key;
        if (seen.has(id)) {
          const [start, end] = key?.range ?? [0, 1];
          repeated = { message: "Map keys must be unique", pos: [start, end] };
          return YAML.visit.BREAK;
        }
        seen.add(id);
      }
      return undefined;
    },
  });
  return repeated ? { doc, error: repeated } : { doc };
}

/** How many copies YAML aliases may expand to in one file: past it, a few lines could stand for millions of checks. */
const MAX_ALIAS_COUNT = 100;

/** The document as data, or a diagnostic when its aliases expand past MAX_ALIAS_COUNT copies (the yaml library refuses). */
function dataOf(doc: YamlDocument, origin: string): { data: unknown } | { error: Diagnostic } {
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    if (/Excessive alias count/.test(e.message)) {
      return { error: error("input-too-large", `${origin} uses YAML aliases that expand to more than ${MAX_ALIAS_COUNT} copies`, undefined, [], "write the entries out instead of repeating them with aliases (*name)") };
    }
    // The reader's other reference errors are the file's mistakes too (an alias to an anchor not set before it).
    return { error: error("syntax", `${origin} is not valid YAML: ${e.message}`) };
  }
}

function listOf(doc: YamlDocument, data: unknown): { items: unknown[]; nodes: ({ range?: [number, number, number] | null } | null)[] } | null {
  const contents = doc.contents as unknown as { items?: { value?: unknown; key?: unknown }[] } | null;
  if (Array.isArray(data)) return { items: data, nodes: (contents?.items ?? []) as never };
  if (typeof data === "object" && data !== null && Array.isArray((data as { checks?: unknown }).checks)) {
    const pair = contents?.items?.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === "checks");
    return { items: (data as { checks: unknown[] }).checks, nodes: ((pair?.value as { items?: unknown[] })?.items ?? []) as never };
  }
  return null;
}

/**
 * A file that is a mapping holds one key, `checks`, a list: any other key is refused, not passed over (a misspelt
 * `check:` or a second list beside `checks` would otherwise leave its entries unchecked without a word), and a single
 * entry written as a mapping is told to become a list item.
 */
function topLevelMistake(doc: YamlDocument, data: unknown, text: string, path: string): Diagnostic | null {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return null;
  const keys = Object.keys(data);
  const pairs = (doc.contents as unknown as { items?: { key?: { value?: unknown; range?: [number, number, number] | null } }[] } | null)?.items ?? [];
  const at = (key: string) => {
    const range = pairs.find((p) => String(p.key?.value ?? p.key) === key)?.key?.range;
    return range ? { span: { start: range[0], end: Math.max(range[0] + 1, range[1]) }, text, origin: path } : undefined;
  };
  const checks = (data as { checks?: unknown }).checks;
  if (Array.isArray(checks)) {
    const stray = keys.filter((k) => k !== "checks");
    if (!stray.length) return null;
    return error("bad-declaration", `${path}: unknown top-level key ${listed(stray.map((k) => `"${shortName(k)}"`))} (a batch file's mapping holds only "checks")`, at(stray[0]!), [],
      "put every entry in the \"checks\" list");
  }
  if (checks !== undefined) return error("bad-declaration", `${path}: "checks" must be a list of entries (each starting with "- ")`, at("checks"));
  const guess = keys.find((k) => nearest(k, ["checks"]) !== undefined);
  if (guess !== undefined) return error("bad-declaration", `${path} has no "checks" list`, at(guess), [], `did you mean "checks" instead of "${guess}"?`);
  if (keys.some((k) => (ENTRY_FIELDS as readonly string[]).includes(k))) {
    return error("bad-declaration", `${path} must hold a list of checks, but it is one mapping`, undefined, [], 'a single check is still a list of one: start its first line with "- " and indent the rest');
  }
  return null;
}

async function structured(text: string, path: string, json: boolean): Promise<Result<SourceEntry[]>> {
  const YAML = await loadYaml();
  if (json) {
    try {
      JSON.parse(text);
    } catch (e) {
      const at = /position (\d+)/.exec((e as Error).message);
      const offset = at ? Number(at[1]) : 0;
      return { ok: false, diagnostics: [error("syntax", `${path} is not valid JSON: ${(e as Error).message}`, { span: { start: offset, end: offset + 1 }, text, origin: path })] };
    }
  }
  const { doc, error: yamlError } = parseYaml(YAML, text);
  if (yamlError) return { ok: false, diagnostics: [yamlDiagnostic(yamlError, text, path)] };
  const read = dataOf(doc, path);
  if ("error" in read) return { ok: false, diagnostics: [read.error] };
  const mistake = topLevelMistake(doc, read.data, text, path);
  if (mistake) return { ok: false, diagnostics: [mistake] };
  const list = listOf(doc, read.data);
  if (!list) return { ok: false, diagnostics: [error("bad-declaration", `${path} must hold a list of checks (or a mapping with a "checks" list)`)] };
  const lineAt = lineFinder(text);
  list.items.forEach((item, i) => keepNumbersAsWritten(item, list.nodes[i]));
  return { ok: true, value: list.items.map((value, i) => ({ value, line: lineAt(list.nodes[i]?.range?.[0] ?? 0) })) };
}

/**
 * An entry's `claim` or `expr` that YAML (or JSON) reads as a number is taken as written: 1e-400 would be read as 0
 * and 1e400 as nothing, where the input language refuses both as past the doubles.
 */
function keepNumbersAsWritten(item: unknown, node: unknown): void {
  const pairs = (node as { items?: { key?: { value?: unknown }; value?: { value?: unknown; source?: unknown } }[] } | null)?.items;
  if (typeof item !== "object" || item === null || !Array.isArray(pairs)) return;
  for (const pair of pairs) {
    const key = pair.key?.value;
    if ((key === "claim" || key === "expr") && typeof pair.value?.source === "string" && typeof pair.value.value !== "string") {
      (item as Record<string, unknown>)[key] = pair.value.source;
    }
  }
}

/** A fenced block's info string names matdiff as its language: `matdiff`, `matdiff title`, `matdiff{...}`. */
const MATDIFF_INFO = /^matdiff(?:[\s{]|$)/;

/**
 * Every fenced block tagged matdiff, wherever CommonMark finds one (also in block quotes and list items, never inside
 * another code block): its YAML is one entry. A file without such blocks has no entries.
 */
async function markdown(text: string, path: string): Promise<Result<SourceEntry[]>> {
  const YAML = await loadYaml();
  const out: SourceEntry[] = [];
  const scanned = scanFences(text);
  // A matdiff block nested past the reader's depth is an entry that cannot be checked, not one left out without a word.
  const tooDeep = scanned.tooDeep.filter((f) => MATDIFF_INFO.test(f.info)).map((f) => f.line);
  let deep = 0;
  const deepBefore = (line: number): void => {
    for (; deep < tooDeep.length && tooDeep[deep]! < line; deep++) {
      out.push({ line: tooDeep[deep]!, error: error("input-too-large", `${path}, line ${tooDeep[deep]}: a matdiff block inside more than ${MAX_DEPTH} block quotes and list items is not read`, undefined, [], "take the block out of some of the quotes or lists around it") });
    }
  };
  for (const block of scanned.blocks) {
    if (!MATDIFF_INFO.test(block.info)) continue;
    const { line } = block;
    deepBefore(line);
    const { doc, error: yamlError } = parseYaml(YAML, block.body);
    if (yamlError) {
      out.push({ line, error: yamlDiagnostic(yamlError, text, path, block.offsetOf) });
      continue;
    }
    const read = dataOf(doc, `${path}, the block at line ${line},`);
    if (!("error" in read)) keepNumbersAsWritten(read.data, doc.contents);
    out.push("error" in read ? { line, error: read.error } : { line, value: read.data });
  }
  deepBefore(Infinity);
  return { ok: true, value: out };
}

export function readEntries(raw: string, path: string): Promise<Result<SourceEntry[]>> {
  // without the byte-order mark some editors write first (JSON.parse refuses it)
  const text = raw.replace(/^\uFEFF/, "");
  if (/\.(md|markdown)$/i.test(path)) return markdown(text, path);
  return structured(text, path, /\.json$/i.test(path));
}
