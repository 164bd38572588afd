/**
 * Django decides what `apps.get_model(app, Model)` finds in a data migration: the historical
 * state of the migration graph at that migration (`MigrationLoader.project_state`), not today's
 * classes. For every `get_model` of a first-party app in the fixture's migrations, Debian's
 * Django 3.2 is asked; `remodel check` must report RM005 on exactly those Django cannot find, and
 * never on contrib apps (`contenttypes`, `auth`).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { fixtures } from "../support/tree.js";

const project = join(fixtures("check"), "django-data-migrations", "project");
const APPS = ["account", "shop"];

const ORACLE = `
import json, sys
sys.path.insert(0, ".")
import django
from django.conf import settings
settings.configure(INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", *json.loads(sys.argv[1])], DATABASES={})
django.setup()
from django.db.migrations.loader import MigrationLoader
loader = MigrationLoader(None, ignore_no_migrations=True)
out = []
for where, app, name, label, model in json.load(sys.stdin):
    try:
        loader.project_state((app, name), at_end=True).apps.get_model(label, model)
    except LookupError:
        out.append(where)
print(json.dumps(sorted(out)))
`;

test("check judges get_model in data migrations as Django's migration state does", async () => {
  const probes: [string, string, string, string, string][] = [];
  let contrib = 0;
  for (const app of APPS) {
    const dir = join(project, app, "migrations");
    for (const f of readdirSync(dir).filter((n) => /^\d.*\.py$/.test(n))) {
      readFileSync(join(dir, f), "utf8")
        .split("\n")
        .forEach((line, i) => {
          for (const m of line.matchAll(/get_model\("(\w+)", "(\w+)"\)/g)) {
            if (APPS.includes(m[1]))
              probes.push([`${app}/migrations/${f}:${i + 1}`, app, f.replace(/\.py$/, ""), m[1], m[2]]);
            else contrib++;
          }
        });
    }
  }
  assert.ok(probes.length >= 6 && contrib >= 1);
  const py = spawnSync("/usr/bin/python3", ["-c", ORACLE, JSON.stringify(APPS)], {
    cwd: project,
    input: JSON.stringify(probes),
    encoding: "utf8",
  });
  assert.equal(py.status, 0, py.stderr);
  const django: string[] = JSON.parse(py.stdout);
  assert.ok(
    django.length >= 2 && django.length < probes.length,
    "the fixture has models Django finds and models it does not",
  );
  const r = await runCli(["check", project, "--no-cache", "--select", "RM005", "--json"], project);
  const reported = (JSON.parse(r.out).problems as { path: string; line: number }[])
    .filter((p) => p.path.includes("/migrations/"))
    .map((p) => `${p.path}:${p.line}`)
    .sort();
  assert.deepEqual(reported, django);
});
