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
  /** In the order written: `create`/`delete` carry `name`, `rename` carries `name` → `to`. */
  operations: { op: "create" | "delete" | "rename"; name: string; to?: string }[];
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
const DEPENDENCY = new RegExp(String.raw`\(\s*${STRING}\s*,\s*${STRING}\s*\)`, "g");

function parseMigration(file: SourceFile, text: string): Migration | null {
  const id = migrationOf(file.path);
  if (!id) return null;
  const operations: Migration["operations"] = [];
  for (const m of text.matchAll(OPERATION)) {
    const first = m[2] ?? m[3];
    const second = m[4] ?? m[5];
    if (m[1] === "CreateModel") operations.push({ op: "create", name: first });
    else if (m[1] === "DeleteModel") operations.push({ op: "delete", name: first });
    else if (second !== undefined) operations.push({ op: "rename", name: first, to: second });
  }
  const dependencies: Migration["dependencies"] = [];
  const deps = /\bdependencies\s*=\s*[[(]/.exec(text);
  if (deps) {
    const close = closingBracket(text, deps.index + deps[0].length - 1);
    for (const m of text.slice(deps.index, close).matchAll(DEPENDENCY)) dependencies.push({ app: m[1] ?? m[2], name: m[3] ?? m[4] });
  }
  return { ...id, path: file.path, dependencies, operations };
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
   * Lower-cased model names of `app` in the state the migration at `path` runs in, or null when
   * the path is not one of the project's migrations.
   */
  modelsAt(path: string, app: string): Set<string> | null {
    const id = migrationOf(path);
    const self = id ? this.byApp.get(id.app)?.get(id.name) : undefined;
    if (!self) return null;
    const key = `${self.path}\0${app}`;
    let state = this.states.get(key);
    if (state) return state;
    state = new Set();
    for (const m of this.ancestors(self)) {
      if (m.app !== app) continue;
      for (const op of m.operations) {
        const name = op.name.toLowerCase();
        if (op.op === "create") state.add(name);
        else if (op.op === "delete") state.delete(name);
        else { state.delete(name); state.add(op.to!.toLowerCase()); }
      }
    }
    this.states.set(key, state);
    return state;
  }

  /** The migration and everything it depends on, dependencies first (Django's plan order). */
  private ancestors(start: Migration): Migration[] {
    const out: Migration[] = [];
    const seen = new Set<Migration>();
    const visit = (m: Migration) => {
      if (seen.has(m)) return;
      seen.add(m);
      for (const d of m.dependencies) for (const dep of this.resolve(d)) visit(dep);
      out.push(m);
    };
    visit(start);
    return out;
  }

  private resolve(d: { app: string; name: string }): Migration[] {
    const app = this.byApp.get(d.app);
    if (!app) return [];
    const names = [...app.keys()].sort();
    if (d.name === "__first__") return names.length ? [app.get(names[0])!] : [];
    if (d.name === "__latest__") return names.map((n) => app.get(n)!);
    const m = app.get(d.name);
    return m ? [m] : [];
  }
}
