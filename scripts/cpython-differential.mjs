// Compares the scanner's imports with CPython's ast (scripts/cpython-imports.py) on every .py/.pyi
// file under DIR: position, kind, level, module, names and context, and syntax errors against
// the scanner's warnings. Needs Python >= 3.12 (PEP 695/701): PYTHON=/path/to/python3.13.
// Usage: PYTHON=python3.13 node scripts/cpython-differential.mjs DIR [--show N]
import { spawnSync } from "node:child_process";
import { relative } from "node:path";
import { pythonFiles, readPython } from "./python-files.mjs";

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--show");
const show = Number(args[args.indexOf("--show") + 1] || 3);
if (!dir) {
  console.error("usage: PYTHON=python3.13 node scripts/cpython-differential.mjs DIR [--show N]");
  process.exit(2);
}
const { scanModule } = await import(new URL("../dist/src/python/scan.js", import.meta.url).href);
const files = pythonFiles(dir);
const py = spawnSync(process.env.PYTHON ?? "python3", [new URL("cpython-imports.py", import.meta.url).pathname], {
  input: files.join("\n"),
  maxBuffer: 1 << 30,
  encoding: "utf8",
});
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(2);
}
const byClass = new Map();
const note = (kind, where) => {
  if (!byClass.has(kind)) byClass.set(kind, []);
  byClass.get(kind).push(where);
};
let errors = 0;
let imports = 0;
for (const line of py.stdout.trim().split("\n")) {
  const r = JSON.parse(line);
  const facts = scanModule(readPython(r.path));
  const rel = relative(dir, r.path);
  if (r.error) {
    errors++;
    if (facts.warnings.length === 0) note("syntax error not warned", `${rel}:${r.line}: ${r.error}`);
    else if (facts.warnings[0].line !== r.line)
      note(
        "first warning on another line",
        `${rel}: CPython ${r.line} ${r.error}; scanner ${facts.warnings[0].line} ${facts.warnings[0].message}`,
      );
    continue;
  }
  if (facts.warnings.length)
    note("warning on valid file", `${rel}:${facts.warnings[0].line}: ${facts.warnings[0].message}`);
  const mine = new Map(facts.imports.filter((i) => !i.commented).map((i) => [`${i.line}:${i.column}`, i]));
  for (const c of r.imports) {
    imports++;
    const m = mine.get(`${c.line}:${c.column}`);
    if (!m) {
      note("import missing", `${rel}:${c.line}:${c.column}`);
      continue;
    }
    mine.delete(`${c.line}:${c.column}`);
    const names = m.names.map((n) => [n.name, n.alias]);
    for (const [k, a, b] of [
      ["kind", m.kind, c.kind],
      ["level", m.level, c.level],
      ["module", m.module, c.module],
      ["star", m.star, c.star ?? false],
      ["names", JSON.stringify(names), JSON.stringify(c.names)],
    ]) {
      if (a !== b) note(`import.${k}`, `${rel}:${c.line}: scanner ${a}, CPython ${b}`);
    }
    for (const k of Object.keys(c.context)) {
      if (m.context[k] !== c.context[k])
        note(`import.context.${k}`, `${rel}:${c.line}: scanner ${m.context[k]}, CPython ${c.context[k]}`);
    }
  }
  for (const m of mine.values()) note("import extra", `${rel}:${m.line}:${m.column}`);
}
console.log(`${files.length} files (${errors} CPython cannot parse), ${imports} imports compared`);
for (const [kind, list] of [...byClass].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`\n${kind}: ${list.length}`);
  for (const l of list.slice(0, show)) console.log(`  ${l}`);
}
