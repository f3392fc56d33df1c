/**
 * JSON output validates against the schema documented in the README
 * (`"schema": 1`), for every corpus entry in every form, with and without a
 * check report; errors come as { error: {...} }.
 */
import Ajv from "ajv";
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { differentialVariable } from "../src/calculus/layout.js";
import { checkDerivative } from "../src/numeric/check-many.js";
import { derivationJson, diagnosticJson } from "../src/print/json.js";
import { CORPUS } from "./corpus.js";

const shape = {
  type: "object", additionalProperties: false, required: ["rows", "cols", "text"],
  properties: { rows: { type: "string" }, cols: { type: "string" }, text: { type: "string" } },
};
const check = {
  type: ["object", "null"], additionalProperties: false, required: ["ok", "maxRelError", "tol", "trials", "domain"],
  properties: {
    ok: { type: "boolean" }, maxRelError: { type: ["number", "null"] }, tol: { type: "number" },
    trials: { type: "array", items: {
      type: "object", additionalProperties: false, required: ["sizes", "relError", "ok"],
      properties: { sizes: { type: "object", additionalProperties: { type: "integer" } }, relError: { type: ["number", "null"] }, ok: { type: "boolean" } },
    } },
    domain: { type: ["object", "null"] },
  },
};
export const DERIVATION_SCHEMA = {
  type: "object", additionalProperties: false,
  required: ["schema", "input", "output", "expression", "shapes", "shapeOrigins", "wrt", "layout", "form", "description", "symmetricGradient", "upstream", "results", "named", "notes"],
  properties: {
    schema: { const: 1 },
    input: { type: "string" },
    output: { type: "string" },
    expression: { type: "object", additionalProperties: false, required: ["text", "latex", "shape"], properties: { text: { type: "string" }, latex: { type: "string" }, shape } },
    shapes: { type: "object", additionalProperties: shape },
    shapeOrigins: { type: "object", additionalProperties: { anyOf: [{ type: "null" }, { type: "string" }] } },
    symmetricGradient: { anyOf: [{ type: "null" }, { type: "string" }] },
    wrt: { type: "array", items: { type: "string" } },
    layout: { enum: ["numerator", "denominator", "mixed"] },
    form: { enum: ["jacobian", "grad", "differential", "index"] },
    description: { type: "string" },
    upstream: { anyOf: [{ type: "null" }, { type: "object", additionalProperties: false, required: ["name", "shape"], properties: { name: { type: "string" }, shape } }] },
    results: { type: "array", items: {
      type: "object", additionalProperties: false, required: ["wrt", "label", "text", "latex", "source", "shape", "zero", "check"],
      properties: { wrt: { type: "string" }, label: { type: "string" }, text: { type: "string" }, latex: { type: "string" }, source: { type: "string" }, shape, zero: { type: "boolean" }, check },
    } },
    named: { type: "array", items: {
      type: "object", additionalProperties: false, required: ["name", "text", "latex", "shape"],
      properties: { name: { type: "string" }, text: { type: "string" }, latex: { type: "string" }, shape },
    } },
    notes: { type: "array", items: { type: "string" } },
  },
};
const ERROR_SCHEMA = {
  type: "object", additionalProperties: false, required: ["error"],
  properties: { error: {
    type: "object", additionalProperties: false, required: ["code", "message", "span", "origin", "notes", "help"],
    properties: {
      code: { type: "string" }, message: { type: "string" }, origin: { type: ["string", "null"] }, help: { type: ["string", "null"] },
      span: { anyOf: [{ type: "null" }, { type: "object", required: ["start", "end"], properties: { start: { type: "integer" }, end: { type: "integer" } } }] },
      notes: { type: "array" },
    },
  } },
};

const ajv = new Ajv({ allErrors: true });
const validDerivation = ajv.compile(DERIVATION_SCHEMA);
const validError = ajv.compile(ERROR_SCHEMA);

describe("JSON output matches the documented schema", () => {
  const cases = CORPUS.flatMap((c) => (["jacobian", "grad", "differential", "index"] as const).map((form) => [`${c.expr} wrt ${c.wrt}, ${form}`, c, form] as const));
  it.each(cases)("%s", (_n, c, form) => {
    const r = derive({ expr: c.expr, wrt: [c.wrt], shapes: c.shapes, form });
    if (!r.ok && form === "index" && /cannot show/.test(r.diagnostics[0]!.message)) return;
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const d = r.value;
    const checks = d.derivatives.map((x) => checkDerivative({ y: d.y, x: x.variable, form: form === "index" ? "jacobian" : form, layout: form === "index" ? "numerator" : d.layout, result: x.result, dX: differentialVariable(x.variable), upstream: d.upstream ?? undefined }));
    for (const json of [derivationJson(d), derivationJson(d, checks)]) {
      const ok = validDerivation(JSON.parse(JSON.stringify(json)));
      expect(ok, JSON.stringify(validDerivation.errors)).toBe(true);
    }
  });
  it("errors validate against the error schema", () => {
    const r = derive({ expr: "tahn(x)", wrt: ["x"] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(validError(diagnosticJson(r.diagnostics[0]!)), JSON.stringify(validError.errors)).toBe(true);
  });
});
