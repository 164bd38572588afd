import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { fixtures } from "../support/tree.js";

const app = join(fixtures("sql"), "flask-catalog", "app");

interface Site {
  path: string;
  function: string;
  kind: string;
  verdict: string;
  reason: string;
}

async function sites(): Promise<Site[]> {
  const r = await runCli(["sql", "inventory", app, "--json"], app);
  return (JSON.parse(r.out) as { sites: Site[] }).sites;
}

test("inventory: a conditional of two known commands is judged from both texts, a mixed one stays dynamic", async () => {
  const all = await sites();
  const by = (fn: string) => all.find((s) => s.path === "maintenance.py" && s.function === fn)!;
  assert.deepEqual([by("vacuum").kind, by("vacuum").verdict], ["command", "not-orm"]);
  assert.match(by("vacuum").reason, /not a query.*one of "VACUUM FULL", "VACUUM", chosen at run time/);
  assert.equal(by("analyze_or_count").verdict, "dynamic");
  assert.match(by("analyze_or_count").reason, /conditional expression/);
});

test("inventory: reads of the system catalog are not-orm with that reason, an unknown table of the app stays unknown", async () => {
  const all = await sites();
  const got = all.map((s) => `${s.path} ${s.function} ${s.verdict}`).sort();
  assert.deepEqual(got, [
    "local_cache.py cached_tables not-orm",
    "local_cache.py cached_views not-orm",
    "local_cache.py pg_like_entries unknown",
    "maintenance.py analyze_or_count dynamic",
    "maintenance.py columns_of not-orm",
    "maintenance.py coupons unknown",
    "maintenance.py roles not-orm",
    "maintenance.py vacuum not-orm",
    "pg_admin.py databases not-orm",
  ]);
  const reason = (fn: string) => all.find((s) => s.function === fn)!.reason;
  for (const [fn, table] of [
    ["cached_tables", "sqlite_master"],
    ["cached_views", "sqlite_schema"],
    ["roles", "pg_roles"],
    ["databases", "pg_database"],
    ["columns_of", "columns"],
  ])
    assert.match(reason(fn), new RegExp(`^a read of the system catalog \\(${table}\\)`), fn);
  assert.match(reason("coupons"), /table 'coupons' is in neither the models/);
  assert.match(reason("pg_like_entries"), /table 'pg_entries' is in neither the models/);
});
