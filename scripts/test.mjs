// The README's test command (`npm test` runs it after the build). Test files fall into tiers by
// what they need from the machine, found by reading each compiled test file and the test helpers
// it imports; a tier runs when the machine has what it needs:
//
//   core       nothing but Node (this repository's own dependencies)
//   python     Debian's python3 with SQLAlchemy, Django, Alembic, Pydantic, SQLModel, Flask-SQLAlchemy
//   databases  PostgreSQL on 127.0.0.1:5432 (trust, db `test`) and MariaDB on 127.0.0.1:3306 (root, no password)
//   browser    Chromium at /usr/bin/chromium
//   faults     nothing but time: the crash, fault-injection and memory-stress runs (minutes), left out of --unit
//   mount      permission to mount a tmpfs (root): the disk-full test fills a real, small file system
//
// On a machine without some of them, the tiers that can run are run and the others are named,
// loudly, with what to install. With CI=true or --all every tier must run (`.ci/run` installs and
// starts what they need first); a missing requirement is then a failure, not a skip.
//
// Usage: node scripts/test.mjs [--all] [--list] [--unit] [--tier NAME[,NAME]] [SUBSTRING...]
//   --unit     the core tier only (same as --tier core)
//   --list     print each selected test file with its tier and run nothing
//   SUBSTRING  only test files whose path contains one of them
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { connect } from "node:net";
import { dirname, join, resolve } from "node:path";

const TIERS = {
  python: {
    what: "Debian's python3 with its ORM packages",
    // Text a test file (or a test helper it imports) contains when it runs that interpreter.
    marker: /["'](?:\/usr\/bin\/)?python3["']/,
    available: () =>
      spawnSync(
        "/usr/bin/python3",
        ["-c", "import sqlalchemy, django, alembic, pydantic, sqlmodel, flask_sqlalchemy, ensurepip"],
        { stdio: "ignore" },
      ).status === 0 && spawnSync("pre-commit", ["--version"], { stdio: "ignore" }).status === 0,
    install:
      "apt-get install python3 python3-sqlalchemy python3-django python3-alembic python3-pydantic python3-sqlmodel python3-flask-sqlalchemy python3-venv pre-commit",
  },
  databases: {
    what: "PostgreSQL on 127.0.0.1:5432 and MariaDB on 127.0.0.1:3306",
    marker: /127\.0\.0\.1:(?:5432|3306)/,
    available: async () => (await listening(5432)) && (await listening(3306)),
    install:
      "apt-get install postgresql mariadb-server, then start both as .ci/run does (trust auth for 127.0.0.1, a database `test`)",
  },
  browser: {
    what: "Chromium at /usr/bin/chromium",
    marker: /\/usr\/bin\/chromium/,
    available: () => existsSync("/usr/bin/chromium"),
    install: "apt-get install chromium",
  },
  faults: {
    what: "minutes: the crash and fault-injection runs (every kill point of a transaction, repeated real-sized splits) and the memory-stress runs",
    // A line in the test file; these need nothing but Node, only time, so `test:unit` leaves them out.
    marker: /REMODEL_TIER_FAULTS/,
    available: () => true,
    install: "nothing to install: `npm test` runs them, or `node scripts/test.mjs --tier faults`",
  },
  mount: {
    what: "permission to mount a small tmpfs (root)",
    marker: /["']-t["'], ["']tmpfs["']/,
    available: () => canMountTmpfs(),
    install: "run the tests as root (or in a container allowed to mount)",
  },
};

function canMountTmpfs() {
  const dir = mkdtempSync(join(tmpdir(), "remodel-mount-"));
  try {
    if (spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { stdio: "ignore" }).status !== 0)
      return false;
    spawnSync("umount", [dir], { stdio: "ignore" });
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function listening(port) {
  return new Promise((done) => {
    const s = connect({ host: "127.0.0.1", port, timeout: 1000 });
    const end = (ok) => {
      s.destroy();
      done(ok);
    };
    s.once("connect", () => end(true));
    s.once("error", () => end(false));
    s.once("timeout", () => end(false));
  });
}

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) find(p, out);
    else if (name.endsWith(".test.js")) out.push(p);
  }
  return out;
}

/** The tiers a compiled test file needs: its own text and that of the test helpers it imports. */
function tiersOf(file, seen = new Set()) {
  const needs = new Set();
  if (seen.has(file) || !existsSync(file)) return needs;
  seen.add(file);
  const text = readFileSync(file, "utf8");
  for (const [name, tier] of Object.entries(TIERS)) if (tier.marker.test(text)) needs.add(name);
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    const dep = resolve(dirname(file), m[1]);
    if (dep.startsWith(resolve("dist/test"))) for (const t of tiersOf(dep, seen)) needs.add(t);
  }
  return needs;
}

const args = process.argv.slice(2);
const all = args.includes("--all") || process.env.CI === "true";
const tierArg = args.indexOf("--tier");
// --unit: the core tier alone (`npm run test:unit`: no Python, database or browser, and not the
// minutes of fault injection: the quick loop while editing).
const onlyTiers = args.includes("--unit")
  ? new Set(["core"])
  : tierArg >= 0
    ? new Set((args[tierArg + 1] ?? "").split(","))
    : null;
const only = args.filter((a, i) => !a.startsWith("--") && (tierArg < 0 || i !== tierArg + 1));
for (const t of onlyTiers ?? []) {
  if (t !== "core" && !(t in TIERS)) {
    console.error(`test: unknown tier '${t}' (tiers: core, ${Object.keys(TIERS).join(", ")})`);
    process.exit(2);
  }
}

// Only compiled tests whose source still exists: tsc never deletes the output of a removed file.
const hasSource = (f) => existsSync(f.replace(/^dist\//, "").replace(/\.js$/, ".ts"));
const files = find("dist/test")
  .filter(hasSource)
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error("no test files found under dist/test");
  process.exit(1);
}

const available = {};
for (const [name, tier] of Object.entries(TIERS)) available[name] = await tier.available();

const run = [];
const skipped = new Map(); // tier -> files
for (const f of files) {
  const needs = [...tiersOf(f)].sort();
  const tierName = needs.length === 0 ? "core" : needs.join("+");
  if (onlyTiers && !needs.concat(needs.length === 0 ? ["core"] : []).some((t) => onlyTiers.has(t))) continue;
  const missing = needs.filter((t) => !available[t]);
  if (missing.length === 0) run.push(f);
  else for (const t of missing) skipped.set(t, [...(skipped.get(t) ?? []), `${f} (${tierName})`]);
}

function reportSkipped(stream) {
  const bar = "!".repeat(100);
  stream.write(`\n${bar}\n`);
  stream.write(
    `test: NOT EVERY TIER RAN: ${skipped.size} tier(s) skipped on this machine, ${new Set([...skipped.values()].flat()).size} test file(s) not run\n`,
  );
  for (const [t, fs] of skipped) {
    stream.write(`  - ${t}: needs ${TIERS[t].what}; ${fs.length} file(s) skipped. Install: ${TIERS[t].install}\n`);
  }
  stream.write(
    `  Run every tier on a Debian machine as root: bash .ci/run (installs the packages, starts the servers, runs npm test with CI=true)\n`,
  );
  stream.write(`${bar}\n\n`);
}

if (args.includes("--list")) {
  for (const f of files) console.log(`${[...tiersOf(f)].sort().join("+") || "core"}\t${f}`);
  process.exit(0);
}
if (skipped.size > 0 && all) {
  reportSkipped(process.stderr);
  console.error("test: every tier was asked for (CI=true or --all): failing instead of skipping");
  process.exit(1);
}
if (skipped.size > 0) reportSkipped(process.stderr);
if (run.length === 0) {
  console.error("test: no test file can run on this machine");
  process.exit(1);
}
// The tests run commands in their own process (`main(argv)`), so they run them as bin/remodel.js
// does: WebAssembly on baseline code only, except the database tier's (`remodel db` leaves PGlite
// the optimizing tier). Without it every test process that sorted imports had V8 optimize Ruff's
// 10 MB module on its background threads, seconds of a core each, and Node waits for those
// threads whenever its event loop runs dry (the next command's writes, a new schema thread).
const liftoff = run.filter((f) => !tiersOf(f).has("databases"));
const optimizing = run.filter((f) => tiersOf(f).has("databases"));
let status = 0;
for (const [flags, group] of [
  [["--liftoff-only"], liftoff],
  [[], optimizing],
]) {
  if (group.length === 0) continue;
  const r = spawnSync(process.execPath, [...flags, "--test", "--test-concurrency=2", ...group], { stdio: "inherit" });
  status ||= r.status ?? 1;
}
if (skipped.size > 0) reportSkipped(process.stderr);
process.exit(status);
