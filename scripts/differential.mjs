// Compares the scanner's facts with the tree-sitter reference on every .py/.pyi file under DIR
// and prints disagreements by class (too large a corpus for the test suite; run after `npm run build`).
// Usage: node scripts/differential.mjs DIR [--show N] [--only CLASS]
import { relative } from "node:path";
import { pythonFiles, readPython } from "./python-files.mjs";

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith("--") && !["--show", "--only"].includes(args[i - 1]));
const show = Number(args[args.indexOf("--show") + 1] || 3);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
if (!dir) {
  console.error("usage: node scripts/differential.mjs DIR [--show N] [--only CLASS]");
  process.exit(2);
}
const root = new URL("..", import.meta.url);
const { scanModule } = await import(new URL("dist/src/python/scan.js", root).href);
const { referenceFacts } = await import(new URL("dist/test/python/reference-facts.js", root).href);
const { compareFacts } = await import(new URL("dist/test/python/compare-facts.js", root).href);

const files = pythonFiles(dir);
const byClass = new Map();
let disagreeing = 0;
let treeErrors = 0;
for (const f of files) {
  const text = readPython(f);
  const ref = referenceFacts(text);
  if (ref.hasError) treeErrors++;
  const ds = compareFacts(scanModule(text), ref).filter((d) => !only || d.kind === only);
  if (ds.length) disagreeing++;
  for (const d of ds) {
    if (!byClass.has(d.kind)) byClass.set(d.kind, []);
    byClass.get(d.kind).push(`${relative(dir, f)}:${d.line}: ${d.detail}`);
  }
}
console.log(`${files.length} files, ${treeErrors} with tree-sitter errors, ${disagreeing} with disagreements`);
for (const [kind, list] of [...byClass].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`\n${kind}: ${list.length}`);
  for (const l of list.slice(0, show)) console.log(`  ${l}`);
}
