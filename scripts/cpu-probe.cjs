// Preloaded with `node --require scripts/cpu-probe.cjs ...` by the benchmarks: at exit, writes
// the process's CPU time (user + system since it started, GC threads included), in
// milliseconds, to file descriptor 3, which the parent opens as a pipe.
process.on("exit", () => {
  const u = process.cpuUsage();
  require("node:fs").writeSync(3, String((u.user + u.system) / 1000));
});
