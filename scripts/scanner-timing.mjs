// Times the fact scanner (and, with --web-tree-sitter, a full parse) over every
// .py/.pyi file under a directory, single-threaded, files already in memory.
// Usage: node scripts/scanner-timing.mjs DIR [--runs N] [--web-tree-sitter] [--tokenize] [--reference] [--build ROOT] [--compare ROOT]
// --build ROOT times the compiled scanner of another checkout (ROOT/dist) instead of this one;
// --compare ROOT times both in one process, runs interleaved, the fairest before/after on a busy host.
import { statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { pythonFiles, readPython } from "./python-files.mjs";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith("--") && !["--runs", "--build", "--compare"].includes(args[i - 1]));
const runs = Number(args[args.indexOf("--runs") + 1] || 5) || 5;
if (!dir) {
  console.error("usage: node scripts/scanner-timing.mjs DIR [--runs N] [--web-tree-sitter] [--tokenize]");
  process.exit(2);
}

const paths = pythonFiles(dir);
const texts = paths.map(readPython);
const bytes = paths.reduce((n, p) => n + statSync(p).size, 0);
console.log(`${paths.length} files, ${(bytes / 1e6).toFixed(1)} MB`);

/** Wall and CPU time (the host may be shared: CPU time is the steadier figure); min and median of `runs`. */
function time(label, fn) {
  const wall = [];
  const cpu = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const fmt = (xs) => {
    xs.sort((a, b) => a - b);
    return `min ${xs[0].toFixed(0)} / median ${xs[xs.length >> 1].toFixed(0)} ms`;
  };
  console.log(`${label}: wall ${fmt(wall)}, cpu ${fmt(cpu)} (${runs} runs)`);
}

const build = args.includes("--build") ? args[args.indexOf("--build") + 1] : null;
const root = build ? pathToFileURL(build.endsWith("/") ? build : build + "/") : new URL("..", import.meta.url);
const { scanModule } = await import(new URL("dist/src/python/scan.js", root).href);
const { tokenize } = await import(new URL("dist/src/python/tokenizer.js", root).href);
if (args.includes("--compare")) {
  const other = pathToFileURL(args[args.indexOf("--compare") + 1].replace(/\/?$/, "/"));
  const before = (await import(new URL("dist/src/python/scan.js", other).href)).scanModule;
  const cpu = { before: [], now: [] };
  for (let r = 0; r < runs; r++) {
    for (const [k, scan] of [
      ["before", before],
      ["now", scanModule],
    ]) {
      const c0 = process.cpuUsage();
      for (const t of texts) scan(t);
      const c = process.cpuUsage(c0);
      cpu[k].push((c.user + c.system) / 1000);
    }
  }
  for (const k of ["before", "now"]) {
    const xs = cpu[k].sort((a, b) => a - b);
    console.log(
      `scanModule ${k}: cpu min ${xs[0].toFixed(0)} / median ${xs[xs.length >> 1].toFixed(0)} ms (${runs} interleaved runs)`,
    );
  }
  process.exit(0);
}
if (args.includes("--tokenize"))
  time("tokenize", () => {
    for (const t of texts) tokenize(t);
  });
time("scanModule", () => {
  for (const t of texts) scanModule(t);
});

if (args.includes("--reference")) {
  // tree-sitter parse plus walking the tree for imports and bindings (test/python/reference-facts.ts).
  const { referenceFacts } = await import(new URL("dist/test/python/reference-facts.js", root).href);
  time("tree-sitter parse + reference facts", () => {
    for (const t of texts) referenceFacts(t);
  });
}
if (args.includes("--web-tree-sitter")) {
  const require = createRequire(import.meta.url);
  const mod = await import("web-tree-sitter");
  const { Parser, Language } = mod.default ?? mod;
  await Parser.init();
  const wasm = require.resolve("tree-sitter-python/tree-sitter-python.wasm");
  const lang = await Language.load(wasm);
  const parser = new Parser();
  parser.setLanguage(lang);
  time("web-tree-sitter parse", () => {
    for (const t of texts) parser.parse(t).delete();
  });
}
