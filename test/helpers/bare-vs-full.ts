/**
 * The largest difference between a derivation's full NumPy module and its --bare function, each called once in one
 * Python process: `setup` defines the arrays, and `fullCall` / `bareCall` are the calls (full['derivative'](…),
 * bare['derivative'](…)). Throws with Python's error output when the script fails.
 */
import { spawnSync } from "node:child_process";
import type { Derivation } from "../../src/api/derive.js";
import { formatCode } from "../../src/print/codegen/index.js";

export function bareAgainstFull(d: Derivation, setup: readonly string[], fullCall: string, bareCall: string): number {
  const script = [
    "import json, numpy as np",
    "full, bare = {}, {}",
    `exec(${JSON.stringify(formatCode(d, "numpy"))}, full)`,
    `exec(${JSON.stringify(formatCode(d, "numpy", { bare: true }))}, bare)`,
    ...setup,
    `print(json.dumps(float(np.abs(full['derivative'](${fullCall}) - bare['derivative'](${bareCall})).max())))`,
  ].join("\n");
  const run = spawnSync("python3", ["-c", script], { encoding: "utf8" });
  if (run.status !== 0 || run.stderr !== "") throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as number;
}
