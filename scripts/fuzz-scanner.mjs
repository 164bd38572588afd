// Mutation fuzzing of the scanner against CPython (and tree-sitter where it parses): random edits
// of real files (inserted quotes, brackets, backslashes, newlines, imports, tabs, form feeds,
// non-ASCII; deleted or duplicated spans). On every mutant the scanner must not throw and must
// keep import ranges inside the text; on mutants CPython accepts, its imports must match
// CPython's ast exactly (position, names, context) and it must not warn; where CPython rejects a
// mutant, the share the scanner also warns about is reported (it sees lexical and layout errors,
// not grammar errors). Needs Python >= 3.12: PYTHON=/path/to/python3.13.
// Usage: PYTHON=python3.13 node scripts/fuzz-scanner.mjs DIR [--mutants N] [--seed S] [--show N] [--build ROOT]
// --build ROOT fuzzes the compiled scanner of another checkout (ROOT/dist), to compare before/after.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { pythonFiles, readPython } from "./python-files.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const dir = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--"));
const build = args.includes("--build") ? pathToFileURL(args[args.indexOf("--build") + 1].replace(/\/?$/, "/")) : null;
if (!dir) {
  console.error("usage: PYTHON=python3.13 node scripts/fuzz-scanner.mjs DIR [--mutants N] [--seed S] [--show N]");
  process.exit(2);
}
const [count, show] = [opt("--mutants", 2000), opt("--show", 3)];
let seed = opt("--seed", 12345);
const rnd = (n) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const root = new URL("..", import.meta.url);
const { scanModule } = await import(new URL("dist/src/python/scan.js", build ?? root).href);
const { referenceFacts } = await import(new URL("dist/test/python/reference-facts.js", root).href);
const { compareFacts } = await import(new URL("dist/test/python/compare-facts.js", root).href);

const PIECES = [
  '"',
  "'",
  '"""',
  "'''",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  "\\",
  "\n",
  "\r\n",
  "\r",
  ":",
  "\t",
  "#",
  'f"',
  "{x}",
  "import x\n",
  "\nfrom . import y\n",
  "    ",
  "lambda: ",
  ";",
  " as ",
  ".",
  ",",
  "@",
  "=",
  ":=",
  "é",
  "😀",
  "\f",
  "\\\n",
  "if TYPE_CHECKING:\n    ",
  "try:\n    ",
  "except ImportError:\n    pass\n",
];
function mutate(t) {
  for (let m = 1 + rnd(2); m > 0; m--) {
    const p = rnd(t.length + 1);
    const op = rnd(3);
    if (op === 0) t = t.slice(0, p) + PIECES[rnd(PIECES.length)] + t.slice(p);
    else if (op === 1) t = t.slice(0, p) + t.slice(p + 1 + rnd(20));
    else {
      const q = rnd(t.length + 1);
      t = t.slice(0, p) + t.slice(q, q + rnd(40)) + t.slice(p);
    }
  }
  return t;
}

const sources = pythonFiles(dir).map(readPython);
const work = mkdtempSync(join(tmpdir(), "remodel-fuzz-"));
const mutants = [];
for (let k = 0; k < count; k++) {
  const text = mutate(sources[rnd(sources.length)]);
  const path = join(work, `m${k}.py`);
  writeFileSync(path, text);
  mutants.push({ path, text });
}
const py = spawnSync(process.env.PYTHON ?? "python3", [new URL("cpython-imports.py", import.meta.url).pathname], {
  input: mutants.map((m) => m.path).join("\n"),
  encoding: "utf8",
  maxBuffer: 1 << 30,
});
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(2);
}
const classes = new Map();
const note = (kind, where) => {
  if (!classes.has(kind)) classes.set(kind, []);
  classes.get(kind).push(where);
};
let valid = 0;
let rejected = 0;
let warned = 0;
py.stdout
  .trim()
  .split("\n")
  .forEach((line, k) => {
    const r = JSON.parse(line);
    const { path, text } = mutants[k];
    let facts;
    try {
      facts = scanModule(text);
    } catch (e) {
      note("threw", `${path}: ${e.message}`);
      return;
    }
    for (const i of facts.imports)
      if (!(i.start >= 0 && i.start < i.end && i.end <= text.length)) note("range outside text", path);
    if (r.error) {
      rejected++;
      if (facts.warnings.length) warned++;
      return;
    }
    valid++;
    if (facts.warnings.length)
      note("warning on a file CPython accepts", `${path}:${facts.warnings[0].line}: ${facts.warnings[0].message}`);
    const mine = new Map(facts.imports.filter((i) => !i.commented).map((i) => [`${i.line}:${i.column}`, i]));
    for (const c of r.imports) {
      const m = mine.get(`${c.line}:${c.column}`);
      if (!m) {
        note("import missing (CPython)", `${path}:${c.line}`);
        continue;
      }
      mine.delete(`${c.line}:${c.column}`);
      const same =
        JSON.stringify([m.kind, m.level, m.module, m.names.map((n) => [n.name, n.alias])]) ===
        JSON.stringify([c.kind, c.level, c.module, c.names]);
      if (!same) note("import differs (CPython)", `${path}:${c.line}`);
      if (Object.keys(c.context).some((f) => m.context[f] !== c.context[f]))
        note("context differs (CPython)", `${path}:${c.line}`);
    }
    for (const m of mine.values()) note("import extra (CPython)", `${path}:${m.line}`);
    // tree-sitter does not count a lone CR as a line break (CPython and the scanner do): its lines drift.
    if (/\r(?!\n)/.test(text)) return;
    const ref = referenceFacts(text);
    if (ref.hasError) return;
    for (const d of compareFacts(facts, ref))
      if (d.kind !== "warning on valid file") note(`tree-sitter: ${d.kind}`, `${path}:${d.line}: ${d.detail}`);
  });
console.log(
  `${count} mutants: ${valid} valid for CPython, ${rejected} rejected (the scanner warns on ${warned} of those)`,
);
for (const [kind, list] of classes) {
  console.log(`\n${kind}: ${list.length}`);
  for (const l of list.slice(0, show)) console.log(`  ${l}`);
}
if (!classes.size) rmSync(work, { recursive: true, force: true });
else console.log(`\nmutants kept in ${work}`);
