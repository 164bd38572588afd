/**
 * Runtime checks of the demo project with a real Python interpreter (when one with SQLAlchemy is
 * available): the example's own test suite, the Alembic heads, and a dump of the ORM metadata,
 * each taken before and after the migration.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { runDump } from "../run/runtime-oracle.js";

export interface RuntimeResult {
  ok: boolean;
  /** One line: "16 tests OK", "one head d2c5f8e1b6a0", "17 tables, 126 columns". */
  summary: string;
  /** What the comparison looks at (for metadata: the dump itself). */
  value?: string;
}

/** The first of `candidates` that can import SQLAlchemy, or null. */
export function findPython(candidates: string[] = ["/usr/bin/python3", "python3", "python"]): string | null {
  for (const c of candidates) {
    const r = spawnSync(c, ["-c", "import sqlalchemy"], { stdio: "ignore", timeout: 30_000 });
    if (r.status === 0) return c;
  }
  return null;
}

function run(python: string, dir: string, args: string[], input?: string) {
  return spawnSync(python, args, {
    cwd: dir,
    input,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, PYTHONPATH: join(dir, "src"), PYTHONDONTWRITEBYTECODE: "1" },
  });
}

const lastLine = (s: string) => s.trim().split("\n").pop() ?? "";

export function unittestSuite(python: string, dir: string): RuntimeResult {
  const r = run(python, dir, ["-m", "unittest", "discover", "-s", "tests", "-t", "."]);
  const ran = /Ran (\d+) tests?/.exec(r.stderr)?.[1];
  const ok = r.status === 0 && /\nOK/.test(r.stderr);
  return { ok, summary: ran ? `${ran} tests ${ok ? "OK" : lastLine(r.stderr)}` : lastLine(r.stderr) || "did not run" };
}

export function alembicHeads(python: string, dir: string): RuntimeResult {
  const r = run(python, dir, ["-m", "alembic", "heads"]);
  const heads = r.stdout
    .split("\n")
    .map((l) => /^(\w+) \(head\)/.exec(l)?.[1])
    .filter((h): h is string => Boolean(h));
  if (r.status !== 0) return { ok: false, summary: lastLine(r.stderr) || "alembic failed" };
  return {
    ok: heads.length === 1,
    summary: heads.length === 1 ? `one head ${heads[0]}` : `${heads.length} heads`,
    value: heads.join(","),
  };
}

/**
 * Imports the models package and dumps what the ORMs registered (tables, columns, keys, indexes,
 * mappers), with the dump the runner's runtime oracle compares a refactoring by.
 */
export function metadataDump(python: string, dir: string, pkg: string): RuntimeResult {
  let dump: Record<string, unknown>;
  try {
    dump = runDump(python, dir, ["src"], [pkg], null);
  } catch (e) {
    return { ok: false, summary: lastLine((e as Error).message) || "import failed" };
  }
  const tables = (dump["sqlalchemy.tables"] ?? {}) as Record<string, { columns: Record<string, unknown> }>;
  const columns = Object.values(tables).reduce((n, t) => n + Object.keys(t.columns).length, 0);
  return { ok: true, summary: `${Object.keys(tables).length} tables, ${columns} columns`, value: JSON.stringify(dump) };
}
