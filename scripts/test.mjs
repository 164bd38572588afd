// Runs every compiled test file with node's test runner (Node 20 has no glob for --test).
//   node scripts/test.mjs [SUBSTRING...]        the tests whose path contains a substring (all by default)
//   node scripts/test.mjs --unit [SUBSTRING...]  only the unit tier: tests that need no Python, database, browser or git
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith(".test.js")) out.push(p);
  }
  return out;
}

/** What a test needs beyond Node, read from its source and the test helpers it imports. */
const NEEDS = {
  python: /python3|\bPYTHON\b|\.venv\b|_dump\.py|compareOracle|runtimeSchema|pyright|importlib\.import_module\(\$\{|"--python"/,
  database: /127\.0\.0\.1|postgres(ql)?:\/\/|mysql:\/\/|mariadb|pg_dump|pglite/i,
  browser: /playwright|chromium/,
  git: /\(\s*["']git["']|\bgitInit\b|\bgit\(/,
};
const seen = new Map();
function sourceOf(ts) {
  if (seen.has(ts)) return seen.get(ts);
  seen.set(ts, "");
  let text = existsSync(ts) ? readFileSync(ts, "utf8") : "";
  for (const m of text.matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
    const dep = resolve(dirname(ts), m[1].replace(/\.js$/, ".ts"));
    if (dep.includes("/test/")) text += sourceOf(dep);
  }
  seen.set(ts, text);
  return text;
}
export function needs(tsFile) {
  const text = sourceOf(resolve(tsFile));
  return Object.entries(NEEDS).filter(([, rx]) => rx.test(text)).map(([k]) => k);
}

const args = process.argv.slice(2);
const unit = args.includes("--unit");
const only = args.filter((a) => a !== "--unit");
const sourceOfDist = (f) => f.replace(/^dist\//, "").replace(/\.js$/, ".ts");
// Only compiled tests whose source still exists: tsc never deletes the output of a removed file.
const files = find("dist/test")
  .filter((f) => existsSync(sourceOfDist(f)))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .filter((f) => !unit || needs(sourceOfDist(f)).length === 0)
  .sort();
if (files.length === 0) {
  console.error("no test files found under dist/test");
  process.exit(1);
}
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
