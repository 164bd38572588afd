// Loaded with `node --require` by the benchmark: reports the process's peak memory on exit.
process.on("exit", () => process.stderr.write(`\nremodel-bench-maxrss-kb ${process.resourceUsage().maxRSS}\n`));
