/**
 * Every module of dist/src loads, whichever module a process loads first. An import cycle is
 * harmless until a module of it reads, while it loads, a value of a module of the cycle that has
 * not run yet (`Cannot access 'x' before initialization`): which one has not run depends on the
 * module the cycle is entered by, so the failure shows only for some entry points (a test that
 * imports the CLI passes; a library user importing a dialect file first crashes).
 *
 * A process imports every module in turn (a module that throws, or imports a name that is not
 * exported, fails there), and each module of a cycle of value imports is the first import of a
 * fresh process of its own. That covers every load order: the modules of a cycle run in an order
 * fixed by the one the cycle is entered by, and a module outside every cycle runs after all it
 * imports whatever imports it. (A fresh process for each of the ~300 modules would take half a
 * minute on two cores and find nothing more.)
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { stronglyConnectedComponents } from "../../src/core/graph-algorithms.js";
import { repoRoot } from "../support/tree.js";
import { writeProject } from "../support/write-project.js";

const run = promisify(execFile);

function jsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) jsFiles(p, out);
    else if (name.endsWith(".js")) out.push(p);
  }
  return out;
}

/**
 * The modules of `dist` compiled from a source of `src` (an output whose source was deleted is
 * stale, not a module), less the entry scripts of a worker or a child process: a module names one
 * as `new URL("./x.js", import.meta.url)`, and it runs on load on what its parent hands it.
 */
function modulesOf(dist: string, src: string): string[] {
  const all = jsFiles(dist).filter((f) => existsSync(join(src, relative(dist, f)).replace(/\.js$/, ".ts")));
  const entries = new Set<string>();
  for (const f of all) {
    for (const m of readFileSync(f, "utf8").matchAll(/new URL\(\s*["'](\.[^"']+\.js)["'],\s*import\.meta\.url\s*\)/g))
      entries.add(resolve(dirname(f), m[1]));
  }
  return all.filter((f) => !entries.has(f));
}

/** What each module imports for its values (the compiler leaves out type-only imports). */
function valueImports(modules: string[]): Map<string, string[]> {
  const known = new Set(modules);
  const out = new Map<string, string[]>();
  for (const f of modules) {
    const text = readFileSync(f, "utf8");
    const deps = [
      ...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*["'](\.[^"']+)["']|^import\s*["'](\.[^"']+)["']/gm),
    ]
      .map((m) => resolve(dirname(f), m[1] ?? m[2]))
      .filter((d) => known.has(d));
    out.set(f, deps);
  }
  return out;
}

/** The modules that are in an import cycle (a strongly connected component of more than one module, or a self-import). */
function inCycles(graph: Map<string, string[]>): string[] {
  return stronglyConnectedComponents(graph.keys(), graph)
    .filter((c) => c.length > 1 || graph.get(c[0])!.includes(c[0]))
    .flat();
}

const LOADER = `
const out = [];
for (const url of JSON.parse(process.argv[1])) {
  try { await import(url); } catch (e) { out.push(url + ": " + String(e).split("\\n")[0]); }
}
console.log("module-load:" + JSON.stringify(out));
process.exit(0);
`;

/** Imports the modules in order in a fresh process; what failed to load, and why. */
async function load(modules: string[]): Promise<string[]> {
  const urls = modules.map((f) => pathToFileURL(f).href);
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", LOADER, JSON.stringify(urls)], {
    maxBuffer: 64 << 20,
  });
  const line = stdout.split("\n").find((l) => l.startsWith("module-load:"));
  assert.ok(line, `the loader printed no result:\n${stdout}`);
  return JSON.parse(line.slice("module-load:".length));
}

/** Every load problem of the modules of `dist` (module paths relative to `dist`). */
async function loadProblems(dist: string, src: string): Promise<string[]> {
  const modules = modulesOf(dist, src);
  const runs = [modules, ...inCycles(valueImports(modules)).map((m) => [m])];
  const problems = new Set<string>();
  // Two processes at a time: the machine's cores, not a queue of dozens.
  for (let i = 0; i < runs.length; i += 2)
    for (const found of await Promise.all(runs.slice(i, i + 2).map(load))) for (const p of found) problems.add(p);
  const prefix = pathToFileURL(dist).href + "/";
  return [...problems].map((p) => p.replace(prefix, "")).sort();
}

test("every module of dist/src loads first in a fresh process, whichever it is", async () => {
  assert.deepEqual(await loadProblems(join(repoRoot, "dist/src"), join(repoRoot, "src")), []);
});

test("a cycle that reads a value before it is made fails from the entry point that makes it so; a stale output and a worker's entry script are not loaded", async () => {
  const root = writeProject({
    // registry.js reads `a` while it loads: entered from a.js, a.js has not run yet.
    "dist/registry.js": 'import { a } from "./a.js";\nexport const all = [a];\n',
    "dist/a.js": 'import { all } from "./registry.js";\nexport const a = { count: () => all.length };\n',
    // A harmless cycle: each reads the other only when called.
    "dist/x.js": 'import { y } from "./y.js";\nexport function x() { return y; }\n',
    "dist/y.js": 'import { x } from "./x.js";\nexport function y() { return x; }\n',
    "dist/stale.js": 'throw new Error("no source");\n',
    "dist/worker.js": 'throw new Error("run only as a worker");\n',
    "dist/parent.js": 'export const w = new URL("./worker.js", import.meta.url);\n',
    "dist/package.json": '{ "type": "module" }\n',
    ...Object.fromEntries(["registry", "a", "x", "y", "worker", "parent"].map((n) => [`src/${n}.ts`, ""])),
  });
  // The process that loads every module enters the cycle by a.js (the first in order), so
  // registry.js fails there too; loaded first in its own process, it loads.
  assert.deepEqual(await loadProblems(join(root, "dist"), join(root, "src")), [
    "a.js: ReferenceError: Cannot access 'a' before initialization",
    "registry.js: ReferenceError: Cannot access 'a' before initialization",
  ]);
});
