/**
 * RM005: string references that no longer resolve: `mock.patch("pkg.mod.f")` targets,
 * `monkeypatch.setattr("pkg.mod.f", ...)`, `patch.object(module, "f")`, `importlib.import_module`,
 * `relationship("Model")`, Django `"app.Model"` and Tortoise `"models.Model"` class references.
 * Column references (`ForeignKey("table.col")`) are checked against the schema, not here.
 */
import type { Problem } from "../../core/diagnostics.js";
import type { StringRef } from "../../python/facts.js";
import { rootResolvers } from "../../project/own-root.js";
import type { Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import { objectModule } from "../../project/module-roots.js";
import { moduleQualifiedNames } from "../../project/qualified-names.js";
import type { DefinitionIndex } from "./definitions.js";
import { PY_BUILTINS } from "../../python/builtins.js";
import { MigrationStates, appsRegistryAt, migrationOf } from "./django-migration-state.js";
import { insideTryImportError } from "./optional-import.js";
import type { Check } from "../check-contract.js";

/**
 * A dotted path a file's own code imports at run time (`mock.patch`, `import_module`, a
 * relationship's module) resolves as the file's source root sees the project (own-root.ts), as
 * its imports do; Django app labels and class names are looked for in the whole project.
 */
export function checkStringRefs(
  resolver: Resolver,
  defs: DefinitionIndex,
  resolverFor: (root: string) => Resolver = rootResolvers(resolver),
): Problem[] {
  const out: Problem[] = [];
  const classNames = classIndex(resolver);
  let django: DjangoApps | null = null;
  let outside: Set<string> | null = null;
  const importedOutside = () => (outside ??= importedFromOutside(resolver));
  for (const file of resolver.index.files.values()) {
    for (const ref of file.facts.stringRefs) {
      const why =
        ref.kind === "django_model"
          ? djangoReason((django ??= djangoApps(resolver)), classNames, defs, file, ref)
          : brokenReason(resolverFor(file.sourceRoot), defs, classNames, importedOutside, file, ref);
      if (why) {
        out.push({
          code: "RM005",
          path: file.path,
          line: ref.line,
          column: ref.column,
          message: `${ref.kind === "tortoise_module" ? `Tortoise module list entry "${ref.value}"` : `${ref.callee}(${ref.app !== undefined ? `"${ref.app}", ` : ""}"${ref.value}")`} no longer resolves: ${why}`,
          data: { kind: ref.kind, value: ref.value },
        });
      }
    }
  }
  return out;
}

interface DjangoApps {
  /** App labels of the project: folders with models, an apps.py or migrations. */
  labels: Set<string>;
  migrations: MigrationStates;
  /** Lower-cased class names: Django looks models up case-insensitively (`apps.get_model("dcim", "device")`). */
  models: Set<string>;
  readText: (path: string) => string;
}

const APP_FILE = /(?:^|\/)([A-Za-z_]\w*)\/(?:models\.py|models\/__init__\.py|apps\.py|migrations\/__init__\.py)$/;

function djangoApps(resolver: Resolver): DjangoApps {
  const labels = new Set<string>();
  for (const path of resolver.index.files.keys()) {
    const m = APP_FILE.exec(path);
    if (m) labels.add(m[1]);
  }
  const models = new Set<string>();
  for (const f of resolver.index.files.values()) for (const c of f.facts.classes) models.add(c.name.toLowerCase());
  return {
    labels,
    migrations: new MigrationStates(resolver.index),
    models,
    readText: (path) => resolver.index.readText(path),
  };
}

/**
 * `"app.Model"` and `apps.get_model("app", "Model")`: an app the project does not define
 * (`contenttypes`, `auth`) is not judged; inside a migration the model must exist in the
 * migration graph's state at that migration (historical models), not among today's classes.
 */
function djangoReason(
  django: DjangoApps,
  classes: Set<string>,
  defs: DefinitionIndex,
  file: SourceFile,
  ref: StringRef,
): string | null {
  if (!/^[\w.]+$/.test(ref.value)) return null;
  const parts = ref.value.split(".");
  const cls = parts[parts.length - 1];
  if (cls === "self") return null;
  const app = ref.app ?? (parts.length > 1 ? parts[parts.length - 2] : null);
  if (app !== null && !django.labels.has(app) && !django.migrations.hasApp(app)) return null;
  // apps.get_model("dcim", field): a one-word first literal is a label whose model is not a literal.
  if (ref.callee.endsWith("get_model") && ref.app === undefined && parts.length === 1) return null;
  let migration = migrationOf(file.path);
  let fn: string | null = null;
  if (migration && ref.callee.endsWith("get_model")) {
    const registry = appsRegistryAt(django.readText(file.path), ref.line);
    if (registry.historical) fn = registry.fn;
    else migration = null; // today's registry: judged as outside migrations
  }
  if (migration && app !== null && django.migrations.hasApp(app)) {
    const state = django.migrations.modelsAt(file.path, app, fn);
    if (state)
      return state.has(cls.toLowerCase())
        ? null
        : `no model ${cls} in the migration state of app "${app}" at migration ${migration.name}`;
  }
  if (migration) return null; // an unlabelled name in a migration: historical, not judged
  return classes.has(cls) || defs.modulesDefining(cls).length || django.models.has(cls.toLowerCase())
    ? null
    : `no class ${cls} in the project`;
}

function classIndex(resolver: Resolver): Set<string> {
  const names = new Set<string>();
  for (const f of resolver.index.files.values()) for (const c of f.facts.classes) names.add(c.name);
  return names;
}

/** Names the project's modules import, at module level, from modules outside the project. */
function importedFromOutside(resolver: Resolver): Set<string> {
  const names = new Set<string>();
  for (const f of resolver.index.files.values()) {
    for (const imp of f.facts.imports) {
      if (imp.kind !== "from" || imp.level > 0 || imp.commented || imp.context.function || imp.context.class) continue;
      if (resolver.target(imp.module).kind !== "external") continue;
      for (const n of imp.names) names.add(n.alias ?? n.name);
    }
  }
  return names;
}

function brokenReason(
  resolver: Resolver,
  defs: DefinitionIndex,
  classes: Set<string>,
  importedOutside: () => Set<string>,
  file: SourceFile,
  ref: StringRef,
): string | null {
  switch (ref.kind) {
    case "patch":
    case "setattr":
      return ref.object ? objectAttribute(resolver, file, ref.object, ref.value) : dottedTarget(resolver, ref.value);
    case "patch.object":
      return objectAttribute(resolver, file, ref.object ?? "", ref.value);
    case "import_module":
    case "__import__":
    case "tortoise_module": {
      if (ref.value.startsWith(".") || !/^[\w.]+$/.test(ref.value)) return null;
      if (ref.kind !== "tortoise_module" && insideTryImportError(resolver.index.readText(file.path), ref.line))
        return null;
      const t = resolver.target(ref.value);
      return t.kind === "missing" ? t.why : null;
    }
    case "relationship":
    case "tortoise_model": {
      if (!/^[\w.]+$/.test(ref.value)) return null;
      const cls = ref.value.split(".").pop()!;
      if (ref.value.includes(".") && ref.kind === "relationship") return definedIn(resolver, ref.value);
      if (classes.has(cls) || defs.modulesDefining(cls).length) return null;
      // `from baselayer.app.models import User`: a class of an installed package, mapped in a
      // registry Remodel does not read; SQLAlchemy finds `relationship("User")` there.
      return importedOutside().has(cls) ? null : `no class ${cls} in the project`;
    }
    case "relationship_expr":
      for (const q of moduleQualifiedNames(resolver, ref.value)) {
        const why = definedIn(resolver, `${q.module}.${q.name}`);
        if (why) return why;
      }
      return null;
    default:
      return null;
  }
}

/** `pkg.mod.name[.attr...]`: the longest module prefix, then the name in it. */
export function dottedTarget(resolver: Resolver, value: string): string | null {
  const parts = value.split(".");
  if (parts.some((p) => !/^\w+$/.test(p)) || (!resolver.isFirstParty(parts[0]) && !resolver.isFirstParty(value)))
    return null;
  for (let i = parts.length - 1; i >= 1; i--) {
    const mod = parts.slice(0, i).join(".");
    if (!resolver.module(mod)) continue;
    let current = mod;
    for (let k = i; k < parts.length; k++) {
      const look = resolver.lookup(current, parts[k]);
      // mock.patch creates missing builtins in a module (`patch("pkg.mod.open")`).
      if (look.kind === "missing" && !(k === parts.length - 1 && PY_BUILTINS.has(parts[k]))) {
        return `"${parts[k]}" is not defined in module "${current}"`;
      }
      if (look.kind === "missing") return null;
      const next = resolver.moduleNamed(current, parts[k]);
      if (!next) return null;
      current = next;
    }
    return null;
  }
  const t = resolver.target(parts.slice(0, -1).join(".") || value);
  return t.kind === "missing" ? t.why : null;
}

/**
 * SQLAlchemy resolves `relationship("pkg.mod.Cls")` through the class registry by the class's
 * `__module__`, not by attribute access: a re-export is not enough, the class must be defined there.
 */
function definedIn(resolver: Resolver, value: string): string | null {
  const dot = value.lastIndexOf(".");
  const module = value.slice(0, dot);
  const cls = value.slice(dot + 1);
  if (!resolver.isFirstParty(module)) return null;
  if (!resolver.module(module)) return `no module ${module}`;
  const def = resolver.definition(resolver.lookup(module, cls));
  if (!def) return `"${cls}" is not defined in module "${module}"`;
  if ("submodule" in def || def.module !== module) {
    return `"${cls}" is defined in "${"submodule" in def ? def.module : def.module}", and SQLAlchemy looks classes up by the module that defines them`;
  }
  return null;
}

function objectAttribute(resolver: Resolver, file: SourceFile, object: string, attr: string): string | null {
  const current = objectModule(resolver, file, object);
  if (!current) return null;
  const look = resolver.lookup(current, attr);
  // As for dotted targets: a builtin patched into a module (`monkeypatch.setattr(mod, "id", f, raising=False)`).
  return look.kind === "missing" && !PY_BUILTINS.has(attr) ? `"${attr}" is not defined in module "${current}"` : null;
}

export const brokenStringReference: Check = {
  code: "RM005",
  name: "broken-string-reference",
  scope: "project",
  summary:
    'a string reference that no longer resolves: `mock.patch`/`patch.object`/`monkeypatch.setattr` targets, `importlib.import_module`, `relationship("X")` and module paths in its `primaryjoin=`/`order_by=`/... expression strings (module-qualified ones must name the defining module), Django/Tortoise model strings',
  example:
    '`@mock.patch("app.mailer.sned")` → `RM005 mock.patch("app.mailer.sned") no longer resolves: "sned" is not defined in module "app.mailer"`; likewise `patch.object(mod, "x")`, `monkeypatch.setattr("a.b.c", v)`, `importlib.import_module("app.mailers")`, `relationship("Payment")` / `relationship("app.models.Owner")`, module paths inside the expression strings of `primaryjoin=`, `secondaryjoin=`, `order_by=`, `foreign_keys=`, `remote_side=`, `secondary=` (each must name the module that defines the class, as SQLAlchemy resolves it), Django `"app.Model"` and Tortoise `"models.X"` strings (an app the project does not hold, like `auth`, is not judged; `apps.get_model` in a migration is judged against the migration graph\'s historical state), and the modules Tortoise\'s module lists name (`Tortoise.init(modules=...)`, `register_tortoise(..., modules=...)`, `"models": [...]` in a `TORTOISE_ORM` dict: `RM005 Tortoise module list entry "app.modles" no longer resolves`). Patching a builtin into a module (`patch("pkg.mod.open")`) is fine',
  run: (ctx) => checkStringRefs(ctx.resolver, ctx.defs, ctx.resolverFor),
};
