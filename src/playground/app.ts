/**
 * The playground page: reads the inputs (or the address), runs the engine
 * as the user types (debounced), shows the result, and keeps the address in
 * step so that the link is the derivation. body[data-status] is "ready"
 * once what is on screen matches the inputs.
 */
import { byId, el, fill } from "./dom.js";
import { run, type View } from "./engine.js";
import { EXAMPLES } from "./examples.js";
import { EMPTY_STATE, FORM_LABELS, LAYOUT_LABELS, ORDER_LABELS, type PlaygroundState, decodeState, encodeState } from "./state.js";
import { type Source, showView, sourcesOf } from "./view.js";

const TYPING_DELAY_MS = 250;
const TEXT_INPUTS = ["expr", "shapes", "wrt", "assume", "functions", "claim"] as const;

let sources: Source[] = [];
let codeFormat = "numpy";
let timer: ReturnType<typeof setTimeout> | undefined;

const input = (id: string) => byId<HTMLInputElement | HTMLTextAreaElement>(id);

function readInputs(): PlaygroundState {
  const checked = document.querySelector<HTMLInputElement>('input[name="layout"]:checked');
  return decodeState(encodeState({
    expr: input("expr").value,
    shapes: input("shapes").value,
    wrt: input("wrt").value,
    assume: input("assume").value,
    functions: input("functions").value,
    claim: input("claim").value,
    layout: (checked?.value ?? EMPTY_STATE.layout) as PlaygroundState["layout"],
    form: byId<HTMLSelectElement>("form").value as PlaygroundState["form"],
    order: byId<HTMLSelectElement>("order").value as PlaygroundState["order"],
  }));
}

function writeInputs(s: PlaygroundState): void {
  for (const key of TEXT_INPUTS) input(key).value = s[key];
  for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="layout"]')) radio.checked = radio.value === s.layout;
  byId<HTMLSelectElement>("form").value = s.form;
  byId<HTMLSelectElement>("order").value = s.order;
}

function radio(name: string, value: string, label: string, checked: boolean, onChange: () => void): HTMLLabelElement {
  const box = el("input", { type: "radio", name, value });
  box.checked = checked;
  box.addEventListener("change", onChange);
  return el("label", {}, box, label);
}

function showCode(): void {
  const current = sources.find((s) => s.id === codeFormat) ?? sources[0];
  const box = byId("code-formats");
  // Rebuild the format buttons only when the list changes, so keyboard focus stays where it is.
  const ids = sources.map((s) => s.id).join(",");
  if (box.dataset.formats !== ids) {
    box.dataset.formats = ids;
    fill(box, ...sources.map((s) => radio("code-format", s.id, s.label, s === current, () => {
      codeFormat = s.id;
      showCode();
    })));
  }
  byId("code").textContent = current ? current.text : "";
}

function update(): void {
  clearTimeout(timer);
  const state = readInputs();
  const view: View = run(state);
  showView(view);
  if (view.derivation) sources = sourcesOf(view);
  showCode();
  const hash = encodeState(state);
  if (location.hash.slice(1) !== hash) history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
  document.body.dataset.status = "ready";
}

function schedule(): void {
  document.body.dataset.status = "typing";
  clearTimeout(timer);
  timer = setTimeout(update, TYPING_DELAY_MS);
}

function load(s: PlaygroundState): void {
  writeInputs(s);
  update();
}

async function copy(text: string, what: string): Promise<void> {
  const announce = byId("announce");
  try {
    await navigator.clipboard.writeText(text);
    announce.textContent = `${what} copied`;
  } catch {
    announce.textContent = `Could not reach the clipboard: select the ${what.toLowerCase()} and copy it by hand`;
  }
  setTimeout(() => { announce.textContent = ""; }, 2500);
}

function build(): void {
  fill(byId("examples"), el("span", { class: "label" }, "Examples:"), ...EXAMPLES.map((ex) => {
    const button = el("button", { type: "button", title: ex.question, "data-example": ex.id }, ex.title);
    button.addEventListener("click", () => load(ex.state));
    return button;
  }));
  fill(byId("layout"), ...Object.entries(LAYOUT_LABELS).map(([value, label]) => radio("layout", value, label, value === EMPTY_STATE.layout, update)));
  fill(byId("form"), ...Object.entries(FORM_LABELS).map(([value, label]) => el("option", { value }, label)));
  fill(byId("order"), ...Object.entries(ORDER_LABELS).map(([value, label]) => el("option", { value }, label)));
  byId("form").addEventListener("change", update);
  byId("order").addEventListener("change", update);
  for (const key of TEXT_INPUTS) input(key).addEventListener("input", schedule);
  byId("copy-code").addEventListener("click", () => void copy(byId("code").textContent ?? "", "Code"));
  byId("copy-link").addEventListener("click", () => void copy(location.href, "Link"));
  window.addEventListener("hashchange", () => {
    if (location.hash.slice(1) !== encodeState(readInputs())) load(decodeState(location.hash));
  });
}

function start(): void {
  try {
    build();
    load(location.hash.length > 1 ? decodeState(location.hash) : EXAMPLES[0]!.state);
  } catch (e) {
    // The page itself failed: say so in words rather than leave it blank.
    byId("announce").textContent = `The playground could not start: ${e instanceof Error ? e.message : String(e)} (this is a matdiff bug)`;
    document.body.dataset.status = "broken";
  }
}

start();
