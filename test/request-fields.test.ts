/**
 * The library's requests are read as strictly as the command line's options (api/request-fields.ts): every field
 * of every request, given a value of the wrong kind, is a bad-option diagnostic naming the function and the field,
 * driven by the request table; a field no request has is refused with the nearest name; a missing one is named.
 */
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { check } from "../src/api/check.js";
import { checkDerivation } from "../src/api/check-derivation.js";
import { DiagnosticError, type Result } from "../src/diagnostics/diagnostic.js";
import { type RequestKind, requestFields } from "../src/api/request-fields.js";
import { WorkBudget } from "../src/numeric/work.js";
import { formatCode } from "../src/print/codegen/index.js";
import { formatSteps } from "../src/print/steps.js";
import { formatBatch } from "../src/print/report/batch.js";

/** A request of each kind that is right, to spoil one field at a time. */
const VALID: Record<RequestKind, Record<string, unknown>> = {
  "derive()": { expr: "sum(W*x)", wrt: ["W"], shapes: ["W: m x n, x: n"], layout: "numerator", form: "grad", gradName: "G", assume: ["x: positive"], order: 1, of: "y", functions: ["f: elementwise"], strict: false },
  "check()": {
    expr: "sum(W*x)", wrt: "W", claim: "G*x'", shapes: ["W: m x n, x: n"], layout: "numerator", form: "grad", gradName: "G", assume: ["x: positive"], order: 1,
    of: "y", functions: ["f: elementwise"], strict: false, trials: 2, tol: 1e-6, seed: 3, dims: new Map([["m", 3]]), defaultDims: new Map([["q", 2]]), budget: new WorkBudget(),
  },
  "checkDerivation()": { trials: 2, tol: 1e-6, seed: 3, dims: new Map([["m", 3]]), defaultDims: new Map([["q", 2]]), budget: new WorkBudget() },
};

/** The diagnostics of calling `kind` with `request` (checkDerivation throws them; the others return them). */
function diagnosticsOf(kind: RequestKind, request: unknown): Result<unknown> {
  if (kind === "derive()") return derive(request as never);
  if (kind === "check()") return check(request as never);
  const d = derive({ expr: "sum(W*x)", wrt: ["W"], shapes: ["W: m x n, x: n"] });
  if (!d.ok) throw new Error("the derivation to check failed");
  try {
    return { ok: true, value: checkDerivation(d.value, request as never) };
  } catch (e) {
    if (e instanceof DiagnosticError) return { ok: false, diagnostics: [e.diagnostic] };
    throw e;
  }
}

const refusal = (r: Result<unknown>) => {
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error("accepted");
  expect(r.diagnostics[0]!.code).toBe("bad-option");
  return r.diagnostics[0]!;
};

describe.each(Object.keys(VALID) as RequestKind[])("%s reads its request strictly", (kind) => {
  const { fields, required } = requestFields(kind);
  it("the valid request of this test sets every field the table has", () => {
    expect(Object.keys(VALID[kind]).sort()).toEqual([...fields].sort());
  });
  it.each(fields)("a wrong kind of value for %s is refused, naming the function and the field", (field) => {
    const d = refusal(diagnosticsOf(kind, { ...VALID[kind], [field]: Symbol("wrong") }));
    expect(d.message).toContain(`${kind}'s "${field}"`);
  });
  it.each(required.length ? required : ["(none)"])("a missing %s is named", (field) => {
    if (field === "(none)") return expect(required).toEqual([]);
    const { [field]: _, ...rest } = VALID[kind];
    expect(refusal(diagnosticsOf(kind, rest)).message).toBe(`${kind} needs the field "${field}"`);
  });
  it("a field it does not have is refused with the nearest one", () => {
    const d = refusal(diagnosticsOf(kind, { ...VALID[kind], tirals: 3 }));
    expect(d.message).toBe(`${kind} has no field "tirals"`);
    if (fields.includes("trials")) expect(d.help).toBe('did you mean "trials"?');
  });
});

describe("values a JavaScript caller may pass by mistake get the reason, not a default or an internal error", () => {
  it.each([
    ["order as a string", { order: "2" }, `derive()'s "order" is the number 1 or 2, not the string "2"`],
    ["order 3", { order: 3 }, `derive()'s "order" is the number 1 or 2, not the number 3`],
    ["a misspelt form", { form: "gradd" }, `derive()'s "form" must be one of jacobian, grad, differential, index, not "gradd"`],
    ["wrt as one string", { wrt: "W" }, `derive()'s "wrt" is a list of strings, not the string "W"`],
    ["a number in wrt", { wrt: ["W", 3] }, `derive()'s "wrt" is a list of strings, and its item 1 is the number 3`],
    ["shapes as one string", { shapes: "W: m x n" }, `derive()'s "shapes" is a list of strings, not the string "W: m x n"`],
    ["a grad name that is not a name", { gradName: "1x" }, `derive()'s "gradName" must be a name, not "1x"`],
  ])("derive: %s", (_, change, message) => {
    expect(refusal(derive({ ...VALID["derive()"], ...change } as never)).message).toBe(message);
  });
  it("the misspelt form gets the nearest spelling", () => {
    expect(refusal(derive({ ...VALID["derive()"], form: "gradd" } as never)).help).toBe('did you mean form: "grad"?');
  });
  it.each([
    ["trials 0", { trials: 0 }, `check()'s "trials" is a whole number from 1 to 100, not the number 0`],
    ["a tolerance of NaN", { tol: Number.NaN }, `check()'s "tol" is a positive number, not the number NaN`],
    ["a fractional size", { dims: new Map([["n", 2.5]]) }, `check()'s "dims": n must be a whole number from 1 to 5000, not the number 2.5`],
    ["sizes as text", { dims: "n=3" }, `check()'s "dims" is a Map from dimension names to sizes, not the string "n=3"`],
    ["a seed that is not whole", { seed: 1.5 }, `check()'s "seed" is a whole number from -2147483648 to 2147483647, not the number 1.5`],
  ])("check: %s", (_, change, message) => {
    expect(refusal(check({ ...VALID["check()"], ...change } as never)).message).toBe(message);
  });
  it.each(["constructor", "toString", "hasOwnProperty"])("a field named like an Object method (%s) is a field it does not have", (key) => {
    expect(refusal(derive(JSON.parse(`{"expr": "W*x", "wrt": ["W"], "${key}": 1}`))).message).toBe(`derive() has no field "${key}"`);
  });
  it("a request that is not an object", () => {
    expect(refusal(derive(null as never)).message).toMatch(/^derive\(\) takes an object of fields \(expr, wrt, .*\), not null$/);
  });
  it("fields set to undefined count as absent, as an object spread of optional settings leaves them", () => {
    expect(derive({ ...VALID["derive()"], of: undefined, layout: undefined } as never).ok).toBe(true);
  });
});

describe("printers refuse a format they do not have, with the nearest one", () => {
  const d = derive({ expr: "W*x", wrt: ["W"] });
  if (!d.ok) throw new Error("the derivation failed");
  const empty = { file: "a.yaml", results: [], passed: 0, failed: 0, errors: 0 };
  it.each([
    ["formatCode", () => formatCode(d.value, "numpyy" as never), `formatCode()'s format must be one of numpy, torch, jax, not "numpyy"`, 'did you mean "numpy"?'],
    ["formatSteps", () => formatSteps(d.value, "txt" as never), `formatSteps()'s format must be one of text, latex, markdown, not "txt"`, 'did you mean "text"?'],
    ["formatBatch", () => formatBatch(empty, "junitt" as never), `formatBatch()'s reporter must be one of text, json, junit, github, not "junitt"`, 'did you mean "junit"?'],
  ])("%s", (_, print, message, help) => {
    try {
      print();
    } catch (e) {
      expect(e).toBeInstanceOf(DiagnosticError);
      expect((e as DiagnosticError).diagnostic).toMatchObject({ code: "bad-option", message, help });
      return;
    }
    throw new Error("printed");
  });
});
