// The layer rule of docs/ARCHITECTURE.md: a folder of src/ imports only from folders of a lower
// layer (or its own). Reads every import of src/**/*.ts; exits 1 naming each import that points up
// or sideways. Run by `npm run lint`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** Layers from the bottom; folders on one line are one layer and may import each other. */
export const LAYERS = [
  ["core"],
  ["python"],
  ["project"],
  ["schema", "orm", "alembic"],
  ["db", "docs", "verify", "refactor", "sql"],
  ["run"],
  ["demo"],
  ["cli"],
  ["index.ts"],
];

const rank = new Map(LAYERS.flatMap((names, i) => names.map((n) => [n, i])));
/**
 * Folders of one layer that may import each other: the schema model and its extractor; the
 * extractor asking Alembic's environment discovery which files are revisions (not models); and
 * `sql` asking `db`'s dialect registry what each dialect means to raw SQL (`DialectSpec.sql`).
 * A list names the only modules the importer may take values from: its other imports of that
 * folder are type-only (`import type`), so that no other module of it loads with the importer.
 */
const SIBLINGS = new Map([
  ["schema>orm", null],
  ["orm>schema", null],
  ["orm>alembic", null],
  ["sql>db", ["db/dialect.js", "db/sql-dialect.js"]],
]);

/** `import type {...}`, `export type {...}`, or braces whose every name is marked `type`. */
function typeOnly(statement) {
  if (/^\s*(?:import|export)\s+type\b/.test(statement)) return true;
  const names = /^\s*(?:import|export)\s*\{([^}]*)\}\s*from\b/.exec(statement);
  return !!names && names[1].split(",").every((n) => !n.trim() || /^\s*type\s/.test(n));
}

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.endsWith(".ts")) out.push(p);
  }
  return out;
}

export function violations(srcDir) {
  const out = [];
  for (const file of walk(srcDir)) {
    const from = relative(srcDir, file).split("/")[0];
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(
      /(?:^|\n)(\s*(?:import|export)[^"'`;]*?from\s+["'](\.[^"']+)["'])|import\(\s*["'](\.[^"']+)["']\s*\)/g,
    )) {
      const spec = m[2] ?? m[3];
      const path = relative(srcDir, resolve(dirname(file), spec));
      const target = path.split("/")[0];
      if (target === from || target.startsWith("..")) continue;
      const a = rank.get(from);
      const b = rank.get(target);
      if (a === undefined || b === undefined) {
        out.push(`${relative(process.cwd(), file)}: ${from} or ${target} is in no layer of scripts/layers.mjs`);
        continue;
      }
      if (b < a) continue;
      const sibling = SIBLINGS.get(`${from}>${target}`);
      if (sibling === null || (sibling && (sibling.includes(path) || (m[1] && typeOnly(m[1]))))) continue;
      if (sibling) {
        out.push(
          `${relative(process.cwd(), file)}: ${from}/ takes values from ${spec} (only ${sibling.join(", ")} may give ${from}/ values: import type)`,
        );
        continue;
      }
      out.push(
        `${relative(process.cwd(), file)}: ${from}/ imports ${spec} (${target}/ is ${b === a ? "beside" : "above"} it)`,
      );
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = violations(resolve(process.argv[2] ?? "src"));
  for (const v of found) console.error(v);
  if (found.length) {
    console.error(`layers: ${found.length} import(s) against the folder direction of docs/ARCHITECTURE.md`);
    process.exit(1);
  }
  console.log("layers: every import points down");
}
