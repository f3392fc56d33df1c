// Runs `node bin/matdiff.js <args>` as a user would, and reports the CPU time of that process
// (user + system, GC threads included) as a last stderr line "cpu-ms <n>"; its output passes
// through and its exit code is this one's. Used by scripts/bench.js:
//   node scripts/bench-cli-cpu.js derive "logdet(X)" --wrt X --dims m=100 --check
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const probe = fileURLToPath(new URL("cpu-probe.cjs", import.meta.url));
const bin = fileURLToPath(new URL("../bin/matdiff.js", import.meta.url));
const r = spawnSync(process.execPath, ["--require", probe, bin, ...process.argv.slice(2)], { stdio: ["inherit", "inherit", "inherit", "pipe"], encoding: "utf8" });
process.stderr.write(`\ncpu-ms ${Number(r.output[3]).toFixed(1)}\n`);
process.exitCode = r.status ?? 3;
