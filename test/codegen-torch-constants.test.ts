/**
 * PyTorch's functions take tensors, and a constant is a Python float in the code: torch.sqrt(2.0) raised a
 * TypeError. Every function of a constant is called on a tensor of the inputs' dtype and device (torch.ts
 * tensorCall), and a derivative that reads no input (2x → 2I) still takes the dtype of the inputs passed.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { derive } from "../src/api/derive.js";
import { formatCode } from "../src/print/codegen/index.js";

const hasTorch = spawnSync("python3", ["-c", "import torch"], { encoding: "utf8" }).status === 0;

/** The torch module of d y/d x, run at x = ones(2, 1) in float64: the result's [0, 0] entry and its dtype. */
function torchEntry(expr: string): { value: number; dtype: string } {
  const r = derive({ expr, wrt: ["x"], shapes: ["x: n"] });
  if (!r.ok) throw new Error(r.diagnostics[0]!.message);
  const script = `${formatCode(r.value, "torch")}
import json
out = derivative(x=torch.ones(2, 1, dtype=torch.float64))
print(json.dumps({"value": out[0, 0].item(), "dtype": str(out.dtype)}))
`;
  const run = spawnSync("python3", ["-c", script], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { value: number; dtype: string };
}

describe.skipIf(!hasTorch)("functions of constants in PyTorch code", () => {
  it.each([
    ["sqrt(2)*x", Math.SQRT2],
    ["exp(sqrt(2))*x", Math.exp(Math.SQRT2)],
    ["(tanh(2) + log(3) + sigmoid(1))*x", Math.tanh(2) + Math.log(3) + 1 / (1 + Math.exp(-1))],
    ["(softplus(2) + relu(2) + normpdf(1))*x", Math.log1p(Math.exp(2)) + 2 + Math.exp(-0.5) / Math.sqrt(2 * Math.PI)],
  ])("%s runs, in float64", (expr, expected) => {
    const got = torchEntry(expr);
    expect(got.dtype).toBe("torch.float64");
    expect(got.value).toBeCloseTo(expected, 12);
  });
  it("a derivative that reads no input takes the dtype of those passed", () => {
    expect(torchEntry("2*x")).toEqual({ value: 2, dtype: "torch.float64" });
  });
});

describe.skipIf(!hasTorch)("a scalar given to PyTorch code as a Python float", () => {
  // torch.as_tensor(0.1) is float32: the derivative of a*x at a = 0.1 came out 0.10000000149 in a float64 run.
  it("keeps a double's precision beside float64 tensors, and takes float32 beside float32 ones", () => {
    const r = derive({ expr: "a*x", wrt: ["x"], shapes: ["a: scalar, x: n"] });
    if (!r.ok) throw new Error(r.diagnostics[0]!.message);
    const script = `${formatCode(r.value, "torch")}
import json
d64 = derivative(a=0.1, x=torch.ones(2, 1, dtype=torch.float64))
d32 = derivative(a=0.1, x=torch.ones(2, 1))
print(json.dumps({"value": d64[0, 0].item(), "dtypes": [str(d64.dtype), str(d32.dtype)]}))
`;
    const run = spawnSync("python3", ["-c", script], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(run.stderr);
    expect(JSON.parse(run.stdout)).toEqual({ value: 0.1, dtypes: ["torch.float64", "torch.float32"] });
  });
});
