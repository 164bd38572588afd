import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { extractSchema } from "../../src/orm/index.js";
import { loadPythonFiles } from "../../src/orm/loader.js";
import { runtimeScript } from "../../src/orm/runtime.js";
import type { Schema, Table } from "../../src/schema/model.js";
import { normalizeSchema } from "../../test/schema/normalize.js";

/**
 * The static-versus-runtime oracle over real projects (a manual tier, not part of `npm test`:
 * the projects are not in this repository). For each project of projects.json checked out under
 * the corpus folder as `<owner>+<name>@<commit>/`, the static schema of its model package is
 * compared element by element with what SQLAlchemy (or Django) reports after importing it under
 * /usr/bin/python3, unrelated third-party imports stubbed (stub_imports.py).
 *
 * usage: node dist/bench/real-schema/run.js [--corpus DIR] [--details FILE] [REPO...]
 * Prints one Markdown row per project (matched/total for every element kind); exit 1 when
 * anything differs.
 */
interface Project {
  repo: string;
  commit: string;
  seed?: string;
  oracle: "sqlalchemy" | "django" | "none";
  root: string;
  pythonPath?: string;
  /** What to import (default: every module under `packages`). */
  modules?: string[];
  settings?: string;
  /** Django: INSTALLED_APPS of a settings module the harness writes (the project's own settings need its whole stack). */
  apps?: string[];
  /** Django: further settings that the project's modules read at import time (`settings.PING_ENDPOINT`). */
  settingValues?: Record<string, Setting>;
  /** Dotted prefixes of the modules whose tables are compared (other components' tables are not imported). */
  packages?: string[];
  stub?: string[];
  note?: string;
}

type Setting = string | number | boolean | null | Setting[];

/** A JSON scalar or list (`MIDDLEWARE`) as Python source. */
function pythonLiteral(v: Setting): string {
  if (Array.isArray(v)) return `[${v.map(pythonLiteral).join(", ")}]`;
  return v === null ? "None" : v === true ? "True" : v === false ? "False" : JSON.stringify(v);
}

const here = new URL(".", import.meta.url).pathname.replace("/dist/bench/", "/bench/");
const PYTHON = "/usr/bin/python3";
const KINDS = [
  "tables",
  "columns",
  "types",
  "nullable",
  "defaults",
  "keys",
  "descriptions",
  "foreignKeys",
  "indexes",
  "uniques",
  "checks",
  "relationships",
  "enums",
] as const;
type Kind = (typeof KINDS)[number];
type Tally = Record<Kind, { same: number; total: number }>;

function args(): { corpus: string; details: string | null; only: string[] } {
  const a = process.argv.slice(2);
  let corpus = process.env.REMODEL_CORPUS ?? "../corpus";
  let details: string | null = null;
  const only: string[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === "--corpus") corpus = a[++i];
    else if (a[i] === "--details") details = a[++i];
    else only.push(a[i]);
  }
  return { corpus: resolve(corpus), details, only };
}

function runtime(p: Project, dir: string, modules: string[]): { schema: Schema; stubbed: string } {
  const script = runtimeScript(p.oracle as "sqlalchemy" | "django");
  const py = join(dir, p.pythonPath ?? p.root);
  const stub = p.stub?.length ? ["--stub", p.stub.join(",")] : [];
  const rest = p.oracle === "django" ? [p.settings ?? "settings"] : modules;
  const env = { ...process.env };
  if (p.oracle === "django" && p.apps) {
    const settingsDir = mkdtempSync(join(tmpdir(), "remodel-real-settings-"));
    writeFileSync(
      join(settingsDir, "remodel_oracle_settings.py"),
      [
        `INSTALLED_APPS = ${JSON.stringify(p.apps)}`,
        `DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}`,
        `SECRET_KEY = "oracle"`,
        `USE_TZ = True`,
        ...Object.entries(p.settingValues ?? {}).map(([k, v]) => `${k} = ${pythonLiteral(v)}`),
        "",
      ].join("\n"),
    );
    env.PYTHONPATH = settingsDir;
    rest.splice(0, rest.length, "remodel_oracle_settings");
  }
  const r = spawnSync(PYTHON, [join(here, "stub_imports.py"), ...stub, py, script, ...rest], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    cwd: dir,
    env,
  });
  const stubbed = /^stubbed: (.*)$/m.exec(r.stderr)?.[1] ?? "";
  if (r.status !== 0) throw new Error(`runtime dump failed: ${r.stderr.trim().split("\n").slice(-1)[0]}`);
  return { schema: JSON.parse(r.stdout) as Schema, stubbed };
}

const tableKey = (t: { schema?: string | null; name: string }) => (t.schema ? `${t.schema}.${t.name}` : t.name);
const j = (x: unknown) => JSON.stringify(x);

/** Compares two normalized schemas element by element; `diffs` gets one line per difference. */
function compare(stat: any, rt: any, diffs: string[]): Tally {
  const tally = Object.fromEntries(KINDS.map((k) => [k, { same: 0, total: 0 }])) as Tally;
  const count = (k: Kind, same: boolean, what: string) => {
    tally[k].total++;
    if (same) tally[k].same++;
    else diffs.push(`${k}: ${what}`);
  };
  const st = new Map<string, any>(stat.tables.map((t: any) => [tableKey(t), t]));
  const rtt = new Map<string, any>(rt.tables.map((t: any) => [tableKey(t), t]));
  for (const k of new Set([...st.keys(), ...rtt.keys()])) {
    const a = st.get(k),
      b = rtt.get(k);
    count("tables", !!a && !!b, `${k}: ${a ? "only static" : "only runtime"}`);
    if (!a || !b) continue;
    const ac = new Map<string, any>(a.columns.map((c: any) => [c.name, c]));
    const bc = new Map<string, any>(b.columns.map((c: any) => [c.name, c]));
    for (const n of new Set([...ac.keys(), ...bc.keys()])) {
      const x = ac.get(n),
        y = bc.get(n);
      count("columns", !!x && !!y, `${k}.${n}: ${x ? "only static" : "only runtime"}`);
      if (!x || !y) continue;
      count("types", j(x.type) === j(y.type), `${k}.${n}: ${j(x.type)} vs runtime ${j(y.type)}`);
      count("nullable", x.nullable === y.nullable, `${k}.${n}: ${x.nullable} vs runtime ${y.nullable}`);
      count(
        "descriptions",
        x.description === y.description,
        `${k}.${n}: ${j(x.description)} vs runtime ${j(y.description)}`,
      );
      const d = (c: any) => [
        c.default,
        c.serverDefault,
        c.onUpdate ?? null,
        c.serverOnUpdate ?? null,
        c.computed ?? null,
        c.identity ?? null,
      ];
      count("defaults", j(d(x)) === j(d(y)), `${k}.${n}: ${j(d(x))} vs runtime ${j(d(y))}`);
      const key = (c: any) => [c.primaryKey, c.unique, c.index, c.autoincrement, c.comment];
      count(
        "keys",
        j(key(x)) === j(key(y)),
        `${k}.${n} [pk, unique, index, autoincrement, comment]: ${j(key(x))} vs runtime ${j(key(y))}`,
      );
    }
    count("descriptions", a.description === b.description, `${k}: ${j(a.description)} vs runtime ${j(b.description)}`);
    count(
      "keys",
      j(a.primaryKey) === j(b.primaryKey),
      `${k} primary key ${j(a.primaryKey)} vs runtime ${j(b.primaryKey)}`,
    );
    const sets: [Kind, string][] = [
      ["foreignKeys", "foreignKeys"],
      ["indexes", "indexes"],
      ["uniques", "uniqueConstraints"],
      ["checks", "checkConstraints"],
      ["relationships", "relationships"],
    ];
    for (const [kind, field] of sets) {
      const xs = new Set<string>(a[field].map(j)),
        ys = new Set<string>(b[field].map(j));
      for (const e of new Set([...xs, ...ys]))
        count(kind, xs.has(e) && ys.has(e), `${k}: ${xs.has(e) ? "only static" : "only runtime"} ${e}`);
    }
  }
  const ae = new Map<string, any>((stat.enums ?? []).map((e: any) => [e.name, e]));
  const be = new Map<string, any>((rt.enums ?? []).map((e: any) => [e.name, e]));
  for (const n of new Set([...ae.keys(), ...be.keys()]))
    count("enums", j(ae.get(n)) === j(be.get(n)), `${n}: ${j(ae.get(n) ?? null)} vs runtime ${j(be.get(n) ?? null)}`);
  return tally;
}

function inPackages(p: Project, module: string): boolean {
  return !p.packages || p.packages.some((pre) => module === pre || module.startsWith(pre + "."));
}

function inScope(p: Project, t: Table): boolean {
  return inPackages(p, t.module ?? "");
}

function main(): number {
  const { corpus, details, only } = args();
  const data = JSON.parse(readFileSync(join(here, "projects.json"), "utf8")) as { projects: Project[] };
  const lines: string[] = [];
  let bad = 0;
  console.log(`| project | commit | ${KINDS.join(" | ")} | stubbed |`);
  console.log(`|---|---|${KINDS.map(() => "---").join("|")}|---|`);
  for (const p of data.projects) {
    if (only.length && !only.includes(p.repo)) continue;
    const dir = join(corpus, `${p.repo.replace("/", "+")}@${p.commit}`);
    if (!existsSync(dir)) {
      console.log(`| ${p.repo} | ${p.commit} | not checked out at ${dir} |`);
      continue;
    }
    const started = Date.now();
    const files = loadPythonFiles(join(dir, p.root));
    const full = extractSchema(files);
    const stat: Schema = { ...full, tables: full.tables.filter((t) => inScope(p, t)) };
    if (p.oracle === "none") {
      console.log(`| ${p.repo} | ${p.commit} | ${stat.tables.length} tables (static only: ${p.note ?? ""}) |`);
      continue;
    }
    let rt: { schema: Schema; stubbed: string };
    try {
      // Every module of the model package, as the application that imports them all would see them.
      const modules =
        p.modules ??
        files
          .map((f) => f.module)
          .filter((m) => inPackages(p, m) && !/\.(alembic|migrations)(\.|$)/.test(m))
          .sort();
      rt = runtime(p, dir, modules);
    } catch (e) {
      bad++;
      console.log(`| ${p.repo} | ${p.commit} | ${(e as Error).message} |`);
      continue;
    }
    const opts = p.oracle === "django" ? { djangoChecks: true, enumByValues: true } : {};
    const diffs: string[] = [];
    const tally = compare(normalizeSchema(stat, opts), normalizeSchema(rt.schema, opts), diffs);
    if (diffs.length) bad++;
    const cells = KINDS.map((k) =>
      tally[k].total === 0
        ? "-"
        : tally[k].same === tally[k].total
          ? `${tally[k].total} ✔`
          : `${tally[k].same}/${tally[k].total}`,
    );
    console.log(
      `| ${p.repo} | ${p.commit} | ${cells.join(" | ")} | ${rt.stubbed.split(", ").filter(Boolean).length} modules |`,
    );
    lines.push(`## ${p.repo}@${p.commit} (${Date.now() - started} ms)`, `stubbed: ${rt.stubbed}`, ...diffs, "");
  }
  if (details) writeFileSync(details, lines.join("\n"));
  else if (lines.some((l) => !l.startsWith("#") && !l.startsWith("stubbed") && l)) console.log("\n" + lines.join("\n"));
  return bad ? 1 : 0;
}

process.exitCode = main();
