import type { Column, Framework, Schema, Table } from "../schema/model.js";
import type { ProjectIndex } from "../project/types.js";
import type { Tree } from "../python/parser.js";
import { frameworkOf, isOrmHelper } from "./classify.js";
import { ExtractContext } from "./context.js";
import { isEnumClass } from "./enums.js";
import { PyProject, type SourceInput } from "./project.js";
import type { PyModule } from "./pymodule.js";
import { applyConvention } from "./naming.js";
import { CAN_DEFINE_MODELS, extractors } from "./registry.js";
import { type SummaryMemo, summaryMemoOf } from "./summary-memo.js";

export type { SourceInput } from "./project.js";

/**
 * An index's schema, kept with the index: an index is immutable, and a refactoring reads the
 * "before" schema twice in one process (split, to name the models it cannot compare; then
 * verification, to diff against). Only the plain call is kept (options change what is computed).
 */
const SCHEMAS = new WeakMap<ProjectIndex, Schema>();

/** The schema of an indexed project (the lead's ProjectIndex): one line of wiring over extractSchema. */
export function schemaFromProject(index: ProjectIndex, opts: ExtractOptions = {}): Schema {
  const plain = opts.onStats === undefined && opts.memo === undefined;
  const kept = plain ? SCHEMAS.get(index) : undefined;
  if (kept) return kept;
  const schema = extractSchema(inputsOf(index), { memo: summaryMemoOf(index.memos), ...opts });
  if (plain) SCHEMAS.set(index, schema);
  return schema;
}

/**
 * What each class of one module (the file at `path`) is to the ORMs, read the way the extractor
 * reads them: the framework its bases name, "helper" for a class that belongs to an ORM without
 * being a model (a Django manager or queryset), null for a class of no framework the reader knows.
 * `trees`: by path, files the caller already parsed (their text as the index reads it), not
 * parsed again.
 */
export function classFrameworks(
  index: ProjectIndex,
  path: string,
  trees?: ReadonlyMap<string, Tree>,
): Map<string, Framework | "helper" | null> {
  const inputs = inputsOf(index).map((f) => (trees?.has(f.path) ? { ...f, tree: trees.get(f.path) } : f));
  const project = new PyProject(inputs, summaryMemoOf(index.memos));
  const ctx = new ExtractContext(project, extractors);
  const mod = project.getFile(path);
  const out = new Map<string, Framework | "helper" | null>();
  for (const cls of mod?.classes.values() ?? []) {
    const ref = { cls, mod: mod! };
    out.set(cls.name, isOrmHelper(ctx, ref) ? "helper" : frameworkOf(ctx, ref));
  }
  return out;
}

/** The indexed project's files as the extractor reads them (each text read on demand). */
function inputsOf(index: ProjectIndex): SourceInput[] {
  return [...index.files.values()].map((f) => ({
    path: f.path,
    module: f.module,
    hash: f.hash,
    facts: f.facts,
    read: () => index.readText(f.path),
  }));
}

export interface ExtractOptions {
  /** Called with the number of files parsed (for benchmarks and progress). */
  onStats?: (s: { files: number; candidates: number; parsed: number }) => void;
  /** Where summaries are memoized by content hash: a project's memo; by default the bounded one for bare file lists. */
  memo?: SummaryMemo;
}

/**
 * Reads every ORM model of a project statically and returns the neutral Schema. Only files that
 * can define models are parsed up front; modules they import from (bases, enums, mixins, column
 * helpers) are parsed on demand, each at most once.
 */
export function extractSchema(files: SourceInput[], opts: ExtractOptions = {}): Schema {
  const project = new PyProject(files, opts.memo);
  const ctx = new ExtractContext(project, extractors);
  const candidates = withSubclassModules(
    project,
    project.moduleNames().filter((m) => project.canDefineModels(m, CAN_DEFINE_MODELS)),
  );
  const mods = candidates.map((m) => project.get(m)!).filter((m) => m);
  for (const e of extractors) if (e.extractModule) for (const m of mods) e.extractModule(ctx, m, "before-classes");
  const done = new Map<object, Table | null>();
  for (const m of mods) {
    for (const cls of m.classes.values()) {
      const ref = { cls, mod: m };
      const fw = frameworkOf(ctx, ref);
      if (!fw) continue;
      noteUnresolvedBase(ctx, ref, fw);
      extractors.find((e) => e.detect(ctx, ref, fw))?.extract(ctx, ref, fw, done);
    }
  }
  for (const e of extractors) if (e.extractModule) for (const m of mods) e.extractModule(ctx, m, "after-classes");
  for (const e of extractors) e.finish?.(ctx);
  for (const f of ctx.registry.deferred) f();
  for (const f of ctx.registry.late) f();
  fillForeignKeyTypes(ctx.tables);
  addPackageEnums(ctx, project);
  markIncomplete(ctx, project, mods);
  noteRedefinedTables(ctx);
  for (const [t, conv] of ctx.registry.conventions) applyConvention(t, conv);
  opts.onStats?.({ files: files.length, candidates: candidates.length, parsed: project.parsedCount() });
  const tables = [...ctx.tables].sort((a, b) => byCode(key(a), key(b)));
  const enums = [...ctx.enums.values()].sort((a, b) => byCode(a.name, b.name));
  const schema: Schema = { version: 1, tables, enums };
  if (ctx.notes.length) schema.notes = ctx.notes;
  return schema;
}

const CLASS_STATEMENT = /^class\s+\w+\s*\(/m;

/**
 * A module beside model modules whose classes only derive from a model imported from one of
 * them (`class Format(CreateUpdateModel): ...` with no field of its own, once a split put it in a
 * module of its own) mentions no ORM: it can define models all the same. Only the packages that
 * hold candidates are searched, until no module is added; both tests are memoized per file, so an
 * unchanged file is not read again.
 */
function withSubclassModules(project: PyProject, candidates: string[]): string[] {
  const found = new Set(candidates);
  const facades = facadesOf(project, candidates);
  const packages = new Set([...candidates, ...facades].map(parentOf));
  const rest = project
    .moduleNames()
    .filter(
      (m) => !found.has(m) && !facades.has(m) && packages.has(parentOf(m)) && project.textMatches(m, CLASS_STATEMENT),
    );
  const fromModels = (imp: { module: string; name: string | null }) =>
    imp.name !== null && (found.has(imp.module) || facades.has(imp.module));
  for (let grew = true; grew; ) {
    grew = false;
    for (const m of rest) {
      if (found.has(m)) continue;
      const mod = project.get(m);
      if (!mod || ![...mod.imports.values()].some(fromModels)) continue;
      found.add(m);
      grew = true;
    }
  }
  return found.size === candidates.length ? candidates : [...candidates, ...rest.filter((m) => found.has(m))];
}

const parentOf = (m: string) => m.split(".").slice(0, -1).join(".");

const IMPORT_STATEMENT = /^\s*(from|import)\s/m;

/**
 * The packages that stand for a module of models: an `__init__.py` importing from a candidate
 * (or from such a package below it), as `pkg/models/__init__.py` does once a split made it of
 * `pkg/models.py`. Its importers read the models through it, and the modules beside it are the
 * ones that were beside the module (a `class Member(MemberMixin, Base): pass` in `pkg/mapped.py`).
 */
function facadesOf(project: PyProject, candidates: string[]): Set<string> {
  const out = new Set<string>();
  const reads = new Set(candidates);
  for (const c of candidates) {
    for (let pkg = parentOf(c); pkg && !out.has(pkg); pkg = parentOf(pkg)) {
      // An `__init__.py` without an import re-exports nothing: not parsed.
      const init = project.textMatches(pkg, IMPORT_STATEMENT) ? project.get(pkg) : null;
      if (!init?.isPackage) break;
      const reExports =
        [...init.imports.values()].some((imp) => imp.name !== null && reads.has(imp.module)) ||
        init.starImports.some((s) => reads.has(s));
      if (!reExports) break;
      out.add(pkg);
      reads.add(pkg);
    }
  }
  return out;
}

/**
 * Never vacuous: a model the extractor could not read fully says so by name (`Table.incomplete`,
 * SCHEMA004 in the summary, a warning on its doc page) instead of passing for a complete table:
 * no columns read, columns built by helpers we cannot see through, a first-party base or mixin
 * outside the files read (its columns are unknown). Tables made by a project function
 * (`assoc = make_association_table(...)`) are noted where they are made.
 */
function markIncomplete(ctx: ExtractContext, project: PyProject, mods: PyModule[]): void {
  const firstParty = new Set(project.moduleNames().map((m) => m.split(".")[0]));
  for (const refs of ctx.registry.classesByName.values()) {
    for (const ref of refs) {
      const table = ctx.registry.modelTable.get(ref.cls);
      if (!table || table.model !== ref.cls.name) continue;
      const why: string[] = [];
      if (table.columns.length === 0) why.push("no columns read");
      const opaque = table.columns
        .filter((c) => c.type.normalized === "unknown" && c.type.unresolved)
        .map((c) => c.name);
      if (opaque.length)
        why.push(`column${opaque.length > 1 ? "s" : ""} built by helpers not seen through: ${opaque.join(", ")}`);
      const outside = ctx.ancestors(ref).externals.filter((q) => firstParty.has(q.split(".")[0]));
      if (outside.length)
        why.push(
          `base${outside.length > 1 ? "s" : ""} outside the files read (${outside.join(", ")}): their columns are not known`,
        );
      if (why.length) table.incomplete = [...(table.incomplete ?? []), ...why];
    }
  }
  for (const t of ctx.tables) if (!t.model && t.columns.length === 0) t.incomplete = ["no columns read"];
  for (const m of mods) {
    for (const a of m.assigns.values()) {
      if (a.value?.k !== "call") continue;
      const r = project.resolve(m, a.value.fn);
      if (r.k !== "func") continue;
      const made = [r.fn.returns, ...r.fn.allReturns.map((x) => x.value)].some(
        (x) => x?.k === "call" && /(^|\.)Table$/.test(x.fn.text),
      );
      if (made)
        ctx.note(
          `${a.targets[0]} = ${a.value.fn.text}(...): a table made by a function is not read (its name and columns are the function's arguments at run time)`,
          m,
          a.line,
        );
    }
  }
}

/**
 * Bases and registries built on one MetaData share its table namespace: a second table of the
 * same name there is what SQLAlchemy refuses at import ("Table 'x' is already defined for this
 * MetaData instance"). Both stay listed (each under its own id); the second is reported.
 */
function noteRedefinedTables(ctx: ExtractContext): void {
  const seen = new Map<string, Table>();
  for (const t of ctx.tables) {
    if (!t.metadata) continue;
    const k = `${t.metadata} ${t.schema ?? ""}.${t.name}`;
    const first = seen.get(k);
    if (!first) {
      seen.set(k, t);
      continue;
    }
    const at = (x: Table) => (x.source ? `${x.source.path}:${x.source.line}` : (x.model ?? x.name));
    const message = `table ${t.name} is defined twice in the MetaData of ${t.metadata} (${at(first)} and ${at(t)}): SQLAlchemy raises "Table '${t.name}' is already defined for this MetaData instance"`;
    ctx.notes.push(t.source ? { message, source: t.source } : { message });
  }
}

/** A class statement deriving from an enum base, for a text test before parsing. */
const DEFINES_ENUM = /^\s*class\s+\w+\s*\([^)]*\b(Enum|IntEnum|StrEnum|Flag|IntFlag|TextChoices|IntegerChoices)\b/m;

/**
 * The enums of the model packages are documented even when no column is typed by them (a string
 * column storing `DeploymentStatus.ACTIVE.value`, a status kept for the API): every Enum class in
 * a package that holds a model module is listed, those no column uses marked `unused`.
 */
function addPackageEnums(ctx: ExtractContext, project: PyProject): void {
  const packages = new Set<string>();
  for (const t of ctx.tables) {
    const parts = (t.module ?? "").split(".");
    // A package that re-exports the model (`models/tables/__init__.py` after a split of
    // `models/tables.py`) stands for its module: the package around it is a model package too,
    // the project's top-level package included (`app/models/`, split of `app/models.py`, keeps
    // the enums of `app/utils.py` listed, as the module did).
    for (let n = parts.length - 1; n > 0; n--) {
      const pkg = parts.slice(0, n).join(".");
      packages.add(pkg);
      // The top-level package has no package around it: its `__init__.py` is not read.
      if (n === 1) break;
      const init = project.get(pkg);
      if (!init?.isPackage || !t.model || !(init.imports.has(t.model) || init.starImports.length)) break;
    }
  }
  const known = new Set([...ctx.enums.values()].map((e) => `${e.source?.path}:${e.source?.line}`));
  for (const name of project.moduleNames()) {
    if (!packages.has(name.split(".").slice(0, -1).join(".")) || !project.textMatches(name, DEFINES_ENUM)) continue;
    const mod = project.get(name);
    for (const cls of mod?.classes.values() ?? []) {
      const ref = { cls, mod: mod! };
      if (!isEnumClass(ctx, ref) || known.has(`${mod!.path}:${cls.line}`)) continue;
      const registered = ctx.addEnumClass(ref, undefined, null);
      const e = ctx.enums.get(registered);
      if (e) e.unused = true;
    }
  }
}

function key(t: Table): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

/** `Column(ForeignKey("users.id"))` without a type takes the referenced column's type, as SQLAlchemy does. */
function fillForeignKeyTypes(tables: Table[]): void {
  const byName = new Map(tables.map((t) => [key(t), t]));
  for (const t of tables) {
    for (const c of t.columns) {
      if (!c.type.unresolved || c.type.written !== "") continue;
      const fk = t.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === c.name);
      const target = fk ? byName.get(fk.refTable) : undefined;
      const col: Column | undefined = target?.columns.find((x) => x.name === fk!.refColumns[0]);
      if (col && !col.type.unresolved) c.type = { ...col.type, written: "" };
    }
  }
}

const outsideBases = new WeakMap<ExtractContext, Map<string, { note: { message: string }; models: string[] }>>();

/**
 * Says so when a model's base could not be found in the files read and the model was recognised
 * by `__tablename__` alone: one note per base, naming the models.
 */
function noteUnresolvedBase(
  ctx: ExtractContext,
  ref: { cls: import("./pymodule.js").PyClass; mod: import("./pymodule.js").PyModule },
  fw: string,
): void {
  if (fw !== "sqlalchemy") return;
  const anc = ctx.ancestors(ref);
  if (anc.assigns.length || anc.externals.some((q) => /^sqlalchemy\b/.test(q))) return;
  if (anc.classes.some((c) => c.cls.decorators.length)) return;
  const base = anc.externals.join(", ") || ref.cls.bases.map((b) => b.text).join(", ");
  let seen = outsideBases.get(ctx);
  if (!seen) outsideBases.set(ctx, (seen = new Map()));
  let entry = seen.get(base);
  if (!entry) {
    entry = { note: { message: "" }, models: [] };
    seen.set(base, entry);
    ctx.note("", ref.mod, ref.cls.line);
    entry.note = ctx.notes[ctx.notes.length - 1];
  }
  entry.models.push(ref.cls.name);
  const n = entry.models.length;
  entry.note.message = `base ${base} is defined outside the files read; ${n} model${n > 1 ? "s" : ""} (${entry.models.join(", ")}) read as SQLAlchemy declarative because ${n > 1 ? "they set" : "it sets"} __tablename__`;
}

/** Code-point order: the same on every machine, unlike localeCompare. */
function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
