/**
 * Django data migrations read *historical* models: `apps.get_model("account", "ServiceAccount")`
 * inside a migration names the model as the migration graph has it at that point, which may be
 * renamed or deleted in today's code. The state of an app at a migration is what the operations of
 * the migration and of every migration it depends on (transitively) create, rename and delete.
 * Apps the project has no migrations for (contrib apps, third-party apps) are not ours to judge.
 */
import type { ProjectIndex, SourceFile } from "../../project/types.js";

interface Migration {
  app: string;
  name: string;
  path: string;
  dependencies: { app: string; name: string }[];
  /** In the order written: `create`/`delete` carry `name`, `rename` carries `name` → `to`; `at` is the offset in the file. */
  operations: { op: "create" | "delete" | "rename"; name: string; to?: string; at: number }[];
  /** Offset of each `RunPython(fn` by the function's name: the state fn sees is the one before that operation. */
  runPython: Map<string, number>;
}

const MIGRATION_PATH = /(?:^|\/)([A-Za-z_]\w*)\/migrations\/([A-Za-z_0-9]\w*)\.py$/;

/** The app label and migration name of a migration file (`shop/migrations/0002_x.py`). */
export function migrationOf(path: string): { app: string; name: string } | null {
  const m = MIGRATION_PATH.exec(path);
  return m && m[2] !== "__init__" ? { app: m[1], name: m[2] } : null;
}

const STRING = String.raw`(?:[rRuU]?(?:"([^"\\]*)"|'([^'\\]*)'))`;
const OPERATION = new RegExp(
  String.raw`\b(CreateModel|DeleteModel|RenameModel)\s*\(\s*(?:(?:old_)?name\s*=\s*)?${STRING}(?:\s*,\s*(?:new_name\s*=\s*)?${STRING})?`,
  "g",
);
// A tuple Black splits over lines ends with a comma: `(\n "app",\n "0062_x",\n)`.
const DEPENDENCY = new RegExp(String.raw`\(\s*${STRING}\s*,\s*${STRING}\s*,?\s*\)`, "g");
const RUN_PYTHON = /\bRunPython\s*\(\s*(?:code\s*=\s*)?([A-Za-z_]\w*)/g;

function parseMigration(file: SourceFile, text: string): Migration | null {
  const id = migrationOf(file.path);
  if (!id) return null;
  const operations: Migration["operations"] = [];
  for (const m of text.matchAll(OPERATION)) {
    const first = m[2] ?? m[3];
    const second = m[4] ?? m[5];
    const at = m.index;
    if (m[1] === "CreateModel") operations.push({ op: "create", name: first, at });
    else if (m[1] === "DeleteModel") operations.push({ op: "delete", name: first, at });
    else if (second !== undefined) operations.push({ op: "rename", name: first, to: second, at });
  }
  const runPython = new Map<string, number>();
  for (const m of text.matchAll(RUN_PYTHON)) if (!runPython.has(m[1])) runPython.set(m[1], m.index);
  const dependencies: Migration["dependencies"] = [];
  const deps = /\bdependencies\s*=\s*[[(]/.exec(text);
  if (deps) {
    const close = closingBracket(text, deps.index + deps[0].length - 1);
    for (const m of text.slice(deps.index, close).matchAll(DEPENDENCY))
      dependencies.push({ app: m[1] ?? m[2], name: m[3] ?? m[4] });
  }
  return { ...id, path: file.path, dependencies, operations, runPython };
}

function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "[" || c === "(") depth++;
    else if ((c === "]" || c === ")") && --depth === 0) return i;
  }
  return text.length;
}

/** Every app's migrations, read once per check. */
export class MigrationStates {
  private readonly byApp = new Map<string, Map<string, Migration>>();
  private readonly states = new Map<string, Set<string>>();
  /** Per app, its migrations in name order (`__first__`, `__latest__`); per migration, its ancestors: saleor has 2,000 migrations. */
  private readonly ordered = new Map<string, Migration[]>();
  private readonly ancestorsOf = new Map<Migration, Migration[]>();

  constructor(index: ProjectIndex) {
    for (const file of index.files.values()) {
      if (!migrationOf(file.path)) continue;
      const m = parseMigration(file, index.readText(file.path));
      if (!m) continue;
      let app = this.byApp.get(m.app);
      if (!app) this.byApp.set(m.app, (app = new Map()));
      app.set(m.name, m);
    }
  }

  /** Does the project hold migrations for this app label? */
  hasApp(app: string): boolean {
    return this.byApp.has(app);
  }

  /**
   * Lower-cased model names of `app` in the state the function `fn` of the migration at `path`
   * runs in, or null when the path is not one of the project's migrations. `RunPython(fn)` sees the
   * dependencies' state and this migration's operations written before it; when no `RunPython`
   * names `fn`, a model counts if it exists at any point of the migration.
   */
  modelsAt(path: string, app: string, fn: string | null): Set<string> | null {
    const id = migrationOf(path);
    const self = id ? this.byApp.get(id.app)?.get(id.name) : undefined;
    if (!self) return null;
    const stop = fn === null ? undefined : self.runPython.get(fn);
    const key = `${self.path}\0${app}\0${stop ?? ""}`;
    let state = this.states.get(key);
    if (state) return state;
    state = new Set();
    // Without a RunPython position: every model the state holds before or after any of self's operations.
    const anyPoint = new Set<string>();
    for (const m of this.ancestors(self)) {
      if (m.app !== app) continue;
      if (m === self) for (const n of state) anyPoint.add(n);
      for (const op of m.operations) {
        if (m === self && stop !== undefined && op.at > stop) break;
        const name = op.name.toLowerCase();
        if (op.op === "create") state.add(name);
        else if (op.op === "delete") state.delete(name);
        else {
          state.delete(name);
          state.add(op.to!.toLowerCase());
        }
        if (m === self) for (const n of state) anyPoint.add(n);
      }
      if (m === self && stop === undefined) state = anyPoint;
    }
    this.states.set(key, state);
    return state;
  }

  /** The migration and everything it depends on, dependencies first (Django's plan order). */
  private ancestors(start: Migration): Migration[] {
    const cached = this.ancestorsOf.get(start);
    if (cached) return cached;
    const out: Migration[] = [];
    const seen = new Set<Migration>();
    const visit = (m: Migration) => {
      if (seen.has(m)) return;
      seen.add(m);
      for (const d of m.dependencies) for (const dep of this.resolve(d)) visit(dep);
      out.push(m);
    };
    visit(start);
    this.ancestorsOf.set(start, out);
    return out;
  }

  private resolve(d: { app: string; name: string }): Migration[] {
    const app = this.byApp.get(d.app);
    if (!app) return [];
    let ordered = this.ordered.get(d.app);
    if (!ordered) this.ordered.set(d.app, (ordered = [...app.keys()].sort().map((n) => app.get(n)!)));
    if (d.name === "__first__") return ordered.slice(0, 1);
    if (d.name === "__latest__") return ordered;
    const m = app.get(d.name);
    return m ? [m] : [];
  }
}

const DEF = /^(\s*)(?:async\s+)?def\s+([A-Za-z_]\w*)\s*\(([^)]*)/;
const ASSIGNS_APPS = /^\s*apps\s*(?::[^=]*)?=(?!=)/;

/**
 * Which registry `apps` is at a line of a migration file: the historical one when it is a
 * function's parameter (what `RunPython` passes, also to a function in the Migration class body;
 * `fn` names that function), else
 * today's (`from django.apps import apps`, or a `post_migrate` handler's `kwargs["apps"]`, which
 * is the state after every migration). Read by indentation from the line upwards.
 */
export function appsRegistryAt(text: string, line: number): { historical: true; fn: string } | { historical: false } {
  const lines = text.split("\n");
  let indent = /^\s*/.exec(lines[line - 1] ?? "")![0].length;
  for (let i = line - 2; i >= 0; i--) {
    const l = lines[i];
    if (ASSIGNS_APPS.test(l) && /^\s*/.exec(l)![0].length >= indent) return { historical: false };
    // A signature Black splits over lines: read a few lines on.
    const d = /^\s*(?:async\s+)?def\s/.test(l) ? DEF.exec(lines.slice(i, i + 6).join(" ")) : null;
    if (!d || d[1].length >= indent) continue;
    const params = d[3].split(",").map((p) => p.trim().split(/[\s:=]/)[0]);
    if (params.includes("apps")) return { historical: true, fn: d[2] };
    indent = d[1].length;
  }
  return { historical: false };
}
