// Runs the matdiff CLI inside this process and, on exit, reports the process's CPU time
// (user + system since the process started, GC threads included) as a last stderr line
// "cpu-ms <n>". Used by scripts/bench.js: `node scripts/bench-cli-cpu.js derive ...`
// takes the same arguments as bin/matdiff.js.
process.on("exit", () => {
  const u = process.cpuUsage();
  process.stderr.write(`\ncpu-ms ${((u.user + u.system) / 1000).toFixed(1)}\n`);
});
await import("../bin/matdiff.js");
