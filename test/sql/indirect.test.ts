import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { fixtures } from "../support/tree.js";

const app = join(fixtures("sql"), "flask-indirect", "app");

interface Site {
  path: string;
  function: string;
  verdict: string;
  reason: string;
  sql: string | null;
}

test("inventory: SQL that reaches execute() through wrappers, helpers and names is listed, statement objects are not", async () => {
  const r = await runCli(["sql", "inventory", app, "--json"], app);
  const { sites } = JSON.parse(r.out) as { sites: Site[] };
  const got = sites.map((s) => `${s.path} ${s.function} ${s.verdict}`).sort();
  assert.deepEqual(got, [
    "cursors.py count_where dynamic",
    "cursors.py run_built dynamic",
    "mutations.py count_where dynamic",
    "notes.py Notes.built_elsewhere dynamic",
    "notes.py Notes.by_title convertible",
    "notes.py Notes.create not-orm",
    "notes.py Notes.extended dynamic",
    "notes.py Notes.of_kind dynamic",
    "notes.py Notes.ordered convertible",
    "notes.py Notes.own_query convertible",
    "notes.py Notes.titles convertible",
    "notes.py Notes.wrapped dynamic",
    "reports.py report dynamic",
  ]);
  const by = (path: string, fn: string) => sites.find((s) => s.path === path && s.function === fn)!;
  // The part that is unknown is named.
  assert.match(by("notes.py", "Notes.wrapped").reason, /the result of raw\(where_clause\(flt\)\)/);
  assert.match(by("notes.py", "Notes.built_elsewhere").reason, /the result of where_clause\(flt\)/);
  assert.match(by("notes.py", "Notes.extended").reason, /`extra`/);
  assert.match(by("notes.py", "Notes.of_kind").reason, /the result of query_for\(kind\)/);
  assert.match(by("reports.py", "report").reason, /the result of report_sql\(kind\)/);
  assert.match(by("cursors.py", "count_where").reason, /`base`/);
  assert.match(by("cursors.py", "run_built").reason, /the result of build\(\)/);
  // The text a helper of the file returns is known text.
  assert.equal(by("notes.py", "Notes.ordered").sql, "SELECT id, title FROM notes ORDER BY id");
  assert.equal(by("notes.py", "Notes.own_query").sql, "SELECT title FROM notes WHERE kind IS NULL");
  assert.equal(by("notes.py", "Notes.titles").sql, "SELECT title\nFROM notes", "dedent() and strip() are applied");
  assert.equal(by("notes.py", "Notes.by_title").sql, "SELECT id, title FROM notes WHERE title = ?");
});

test("inventory: a helper with several returns is read in its own scope, not in its caller's", async () => {
  const dir = join(fixtures("sql"), "flask-helper-scope", "app");
  const r = await runCli(["sql", "inventory", dir, "--json"], dir);
  const { sites } = JSON.parse(r.out) as { sites: Site[] };
  // `listed` binds the helper's names to text, but `pick` returns the module's statements;
  // `counted` binds them to statements, but `count_query` returns its own text.
  assert.deepEqual(
    sites.map((s) => `${s.path} ${s.function} ${s.verdict}`),
    ["statements.py counted dynamic"],
  );
  assert.match(sites[0].reason, /the result of count_query\(kind\)/);
});
