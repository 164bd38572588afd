/**
 * The runtime oracle of a split: import the package with the project's interpreter before and
 * after (the planned tree is written to a temporary copy, never to the project) and compare a
 * dump of what the ORMs registered: every SQLAlchemy MetaData (tables, columns, types, keys,
 * constraints, indexes) and mapper, Django's `apps.get_models()` fields, and every Pydantic
 * model's JSON schema. Any difference fails the split. The SQLAlchemy and Django parts are the
 * product's own dumpers (src/orm/runtime/sqlalchemy_dump.py and django_dump.py, `oracle_dump()`;
 * Django's `setup()` too), so the schema dump and this comparison read each ORM one way.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { RemodelError } from "../core/errors.js";
import type { Overlay } from "../core/overlay.js";
import { runtimeScript } from "../orm/runtime.js";
import type { LoadedProject } from "../project/load.js";
import { indexFromRoot } from "../project/own-root.js";

export const DUMP_SCRIPT = `
import importlib, importlib.util, json, sys
cfg = json.loads(sys.argv[1])
# What the project's code prints while it is imported goes to stderr: stdout carries the dump alone.
dump_out, sys.stdout = sys.stdout, sys.stderr
for p in reversed(cfg["paths"]):
    sys.path.insert(0, p)
out = {}

def dumper(kind):
    # The product's own dumper (src/orm/runtime/<kind>_dump.py), loaded under a name no project uses:
    # one walk of what the ORM registered for the schema dump and for this comparison.
    spec = importlib.util.spec_from_file_location("_remodel_%s_dump" % kind, cfg["dumpers"][kind])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

django_dump = dumper("django") if cfg.get("django_app") else None
if django_dump is not None:
    django_dump.setup(app=cfg["django_app"], others=cfg["django_others"])
for m in cfg["modules"]:
    importlib.import_module(m)

try:
    import sqlalchemy  # noqa: F401 (a project without SQLAlchemy has no SQLAlchemy part)
except ImportError:
    sqlalchemy = None
if sqlalchemy is not None:
    out.update(dumper("sqlalchemy").oracle_dump())
if django_dump is not None:
    out.update(django_dump.oracle_dump())

try:
    import pydantic
    schemas = {}
    seen = set()
    prefixes = tuple(cfg["modules"])
    for name, mod in sorted(sys.modules.items()):
        if not (name in prefixes or name.startswith(tuple(p + "." for p in prefixes))) or mod is None:
            continue
        for k, v in sorted(vars(mod).items()):
            if isinstance(v, type) and issubclass(v, pydantic.BaseModel) and v is not pydantic.BaseModel and id(v) not in seen and v.__module__.startswith(prefixes):
                seen.add(id(v))
                try:
                    s = v.model_json_schema() if hasattr(v, "model_json_schema") else v.schema()
                except Exception as e:
                    s = "error: %s" % type(e).__name__
                schemas[v.__qualname__] = s
    if schemas:
        out["pydantic"] = schemas
except ImportError:
    pass
print(json.dumps(out, sort_keys=True, default=str), file=dump_out)
`;

export interface OracleResult {
  ok: boolean;
  differences: string[];
  summary: string;
}

/**
 * Runs the dump in `root` (a project tree) and returns it as parsed JSON. With a Django app, the
 * minimal configuration installs only that app and contenttypes and auth; when importing its
 * models meets a model of an app not installed (another app of the project, a contrib or
 * third-party app: "Model class guardian.models.UserObjectPermission doesn't declare an explicit
 * app_label and isn't in an application in INSTALLED_APPS"), that app is installed and the dump
 * run again, as a settings module would list it. `others` keeps the apps found, so that the dumps
 * of one comparison install the same apps and later ones need no retry.
 */
export function runDump(
  python: string,
  root: string,
  sourceRoots: string[],
  modules: string[],
  djangoApp: string | null,
  others: string[] = [],
): Record<string, unknown> {
  for (;;) {
    const res = dumpOnce(python, root, sourceRoots, modules, djangoApp, others);
    if (res.status === 0) return JSON.parse(res.stdout) as Record<string, unknown>;
    const missing = djangoApp ? notInstalledApp(res.stderr ?? "") : null;
    // An app whose label is taken (by the compared app, one found before, contenttypes or auth) cannot
    // be installed beside the other (Django refuses): stop there.
    const label = (app: string) => app.split(".").at(-1);
    const installed = [djangoApp ?? "", "contenttypes", "auth", ...others];
    const taken = (app: string) => installed.some((a) => label(a) === label(app));
    if (missing && others.length < MAX_OTHER_APPS && !taken(missing)) {
      others.push(missing);
      continue;
    }
    throw new RemodelError(
      `importing ${modules.join(", ")} with ${python} failed: ${importFailure(res.stderr || res.stdout || "", root)}`,
    );
  }
}

/**
 * A failed import in one line: the exception Python ended with and the last line of the project's
 * own code the traceback passed through (`ModuleNotFoundError: No module named 'anymail' (at
 * apps/accounts/models/hosting.py:8)`), as a linter reports one finding per line.
 */
export function importFailure(stderr: string, root: string): string {
  const lines = stderr.trim().split("\n");
  const error = [...lines]
    .reverse()
    .find((l) => /^\w[\w.]*(Error|Exception|Exit|Warning|NotFound\w*|Configured)\b/.test(l));
  const last = error ?? lines.at(-1) ?? "";
  const prefix = `${root.replace(/\/$/, "")}/`;
  let at = "";
  for (const m of stderr.matchAll(/File "([^"]+)", line (\d+)/g))
    if (m[1].startsWith(prefix)) at = `${m[1].slice(prefix.length)}:${m[2]}`;
  return `${last.trim()}${at ? ` (at ${at})` : ""}`;
}

/** Apps installed beside the one compared at most: a chain of apps each needing the next. */
const MAX_OTHER_APPS = 12;

function dumpOnce(
  python: string,
  root: string,
  sourceRoots: string[],
  modules: string[],
  djangoApp: string | null,
  others: string[],
): { status: number | null; stdout: string; stderr: string } {
  const cfg = {
    paths: sourceRoots.map((r) => join(root, r)),
    modules,
    django_app: djangoApp,
    django_others: others,
    dumpers: { sqlalchemy: runtimeScript("sqlalchemy"), django: runtimeScript("django") },
  };
  const res = spawnSync(python, ["-c", DUMP_SCRIPT, JSON.stringify(cfg)], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (res.error) throw new RemodelError(`cannot run ${python}: ${res.error.message}`);
  return res;
}

/**
 * The app of the model Django refused because its app is not installed, from its error: the
 * package above `models` (`misago.acl.models.Role` -> `misago.acl`), else the model's module's parent.
 */
export function notInstalledApp(stderr: string): string | null {
  const m =
    /Model class ([\w.]+)\.\w+ doesn't declare an explicit app_label and isn't in an application in INSTALLED_APPS/.exec(
      stderr,
    );
  return m ? djangoAppOf(m[1]) : null;
}

/** Writes the project as it would be after the change into a temporary directory. */
export function materialize(project: LoadedProject, overlay: Overlay): string {
  const dir = mkdtempSync(join(tmpdir(), "remodel-oracle-"));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  for (const path of project.files.keys())
    if (!overlay.removed.has(path) && !overlay.texts.has(path)) write(path, project.readText(path));
  for (const [path, text] of overlay.texts) write(path, text);
  return dir;
}

/**
 * Compares the ORM dumps of the package before and after the change. `root`: the source root to
 * import it from, first on sys.path as CPython runs a sub-project's code (another sub-project's
 * package of the same name would win otherwise); by default the project's roots in their order.
 */
export function compareOracle(
  python: string,
  project: LoadedProject,
  overlay: Overlay,
  pkg: string,
  root?: string,
): OracleResult {
  const roots = root === undefined ? project.sourceRoots : [root, ...project.sourceRoots.filter((r) => r !== root)];
  const file = (root === undefined ? project : indexFromRoot(project, root)).modules.get(pkg)?.file;
  const django = file ? /^\s*(from|import)\s+django\b/m.test(project.readText(file.path)) : false;
  const app = django ? djangoAppOf(pkg) : null;
  const others: string[] = [];
  const before = runDump(python, project.root, roots, [pkg], app, others);
  // A second dump of the same tree shows what changes on every import; that is no difference of the change.
  const again = runDump(python, project.root, roots, [pkg], app, others);
  const dir = materialize(project, overlay);
  try {
    const after = runDump(python, dir, roots, [pkg], app, others);
    const differences = stableDifferences(before, again, after);
    const counts =
      Object.entries(before)
        .map(([k, v]) => `${Object.keys(v as object).length} ${k}`)
        .join(", ") || "nothing registered";
    return { ok: differences.length === 0, differences: differences.slice(0, 30), summary: counts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The Django app a module of models belongs to, as INSTALLED_APPS names it: the package above its
 * `models` module or package, the first one (`shop.models.models` and `shop.models.stock` are in
 * `shop`: set up as an app, `shop.models` would import the models while the registry loads, and
 * Django refuses), else the module's parent.
 */
export function djangoAppOf(module: string): string | null {
  const parts = module.split(".");
  const models = parts.indexOf("models", 1);
  return (models > 0 ? parts.slice(0, models) : parts.slice(0, -1)).join(".") || null;
}

export function diffJson(a: unknown, b: unknown, path: string): string[] {
  return diffPaths(a, b, path).map((d) => d.text);
}

/** Each difference with the path it is at (`tables.users.columns.created.default`). */
function diffPaths(a: unknown, b: unknown, path: string): { path: string; text: string }[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const out: { path: string; text: string }[] = [];
    const ka = a as Record<string, unknown>;
    const kb = b as Record<string, unknown>;
    for (const k of [...new Set([...Object.keys(ka), ...Object.keys(kb)])].sort()) {
      if (!(k in kb)) out.push({ path: `${path}${k}`, text: `${path}${k}: only before` });
      else if (!(k in ka)) out.push({ path: `${path}${k}`, text: `${path}${k}: only after` });
      else out.push(...diffPaths(ka[k], kb[k], `${path}${k}.`));
    }
    return out;
  }
  const at = path.replace(/\.$/, "");
  return [{ path: at, text: `${at}: ${JSON.stringify(a)?.slice(0, 120)} != ${JSON.stringify(b)?.slice(0, 120)}` }];
}

/**
 * Differences between before and after, leaving out what differs between two dumps of the same
 * before side (values computed at import time: `default=datetime.now()`, random tokens).
 */
export function stableDifferences(before: unknown, again: unknown, after: unknown): string[] {
  const unstable = diffPaths(before, again, "").map((d) => d.path);
  const moving = (p: string) => unstable.some((u) => p === u || p.startsWith(`${u}.`));
  return diffPaths(before, after, "")
    .filter((d) => !moving(d.path))
    .map((d) => d.text);
}
