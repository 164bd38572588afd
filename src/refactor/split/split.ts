/**
 * `remodel split` as a pure function: a module `pkg/models.py` and a plan (new module → statement
 * labels) become the package `pkg/models/` with one module per plan entry and a re-exporting
 * `__init__.py`. Statements move verbatim; mapper arguments that cross modules become strings;
 * each module imports exactly what it reads; string targets (`mock.patch`, module-qualified
 * relationship strings) follow the names to where they are read.
 */
import { packageBeside } from "../shared/package-beside.js";
import { addEdit, emptyPlan, replacement, type Edit, type EditPlan } from "../../core/edits.js";
import type { ImportFact } from "../../python/facts.js";
import { classFrameworks, schemaFromProject } from "../../orm/index.js";
import type { RefactorResult } from "../refactoring.js";
import type { Framework, Schema, Table } from "../../schema/model.js";
import { frameworkTraits } from "../../schema/frameworks.js";
import { detectEol } from "../../core/text.js";
import type { Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import { dunderAll, fromImport, parenthesizedImport, relativeDotsAt } from "../../python/import-text.js";
import { computeExports, sortNames, starBound } from "../shared/exports.js";
import { rootRenames, type RootRenames } from "../shared/root-renames.js";
import { crossModule, type CrossResult, type ModuleNeeds } from "./cross.js";
import { describeCycle } from "./cycle-advice.js";
import { buildSplitModel, type SplitModel } from "./model.js";
import { rewriteImporters } from "./no-facade.js";
import { reportPatchObjects } from "./patch-objects.js";
import { retargetPatchStrings } from "./patch-targets.js";
import { findCycle, type SplitPlan } from "./plan-split.js";
import { facadeLateOrder } from "./late-order.js";
import { starImports, starsFor } from "./star-imports.js";
import { lateImports, lateStatements, renderBody, renderImport, renderImports, joinModule } from "./render.js";
import { failure, isFailure, type Outcome } from "../../core/outcome.js";

export interface SplitDetails {
  /** The dotted name of the module that becomes a package. */
  package: string;
  /** The new modules' names (last part). */
  modules: string[];
  exports: string[];
}

export type SplitResult = RefactorResult<SplitDetails>;

export interface SplitOptions {
  /** Whether a path exists on disk (planning reads no files; the caller answers). */
  exists(path: string): boolean;
  /** Rewrite importers to the new modules and keep in `__init__` only what they cannot import directly. */
  noFacade?: boolean;
  /**
   * The project's static schema before the change, when the caller already computes it (the CLI
   * reads it on a second thread to verify against): naming the models it cannot compare then
   * costs no second read of the whole schema. Default: read here.
   */
  beforeSchema?: () => Schema;
}

const IDENT = /^[A-Za-z_]\w*$/;

export function planSplitEdits(resolver: Resolver, split: SplitPlan, opts: SplitOptions): SplitResult {
  const index = resolver.index;
  const file = index.files.get(split.file);
  if (!file) return { kind: "failed", reason: `${split.file} is not a Python file of the project` };
  const problem = unsplittable(file.isPackage, file.isStub, split.file);
  if (problem) return { kind: "failed", reason: problem };
  // A package's `__init__.py` stays (as the facade) and the new modules go beside it; their relative imports need no re-basing.
  const inPlace = file.isPackage;
  const pkgDir = inPlace ? split.file.replace(/\/?__init__\.py$/, "") : split.file.replace(/\.py$/, "");
  const deeper = inPlace ? 0 : 1;
  const beside = inPlace ? null : packageBeside(pkgDir, split.file, opts.exists);
  if (beside) return { kind: "failed", reason: beside };
  const taken = inPlace
    ? split.modules.map((x) => x.name).find((n) => opts.exists(`${pkgDir}/${n}.py`) || opts.exists(`${pkgDir}/${n}`))
    : undefined;
  if (taken)
    return {
      kind: "failed",
      reason: `${pkgDir}/${taken} already exists in the package; rename the module '${taken}' in the plan`,
    };
  const text = index.readText(split.file);
  const m = buildSplitModel(text, file.facts);
  if (m.parsed.syntaxError)
    return {
      kind: "failed",
      reason: `${split.file}:${m.parsed.syntaxError.line}:${m.parsed.syntaxError.column}: syntax error; fix it before splitting`,
    };
  const assigned = assign(m, split);
  if (isFailure(assigned)) return { kind: "failed", reason: assigned.error };
  const moduleOf = (i: number) => assigned.get(i)!;
  const cross = crossModule(m, moduleOf);
  const order = dependencyOrder(
    split.modules.map((x) => x.name),
    cross,
  );
  if (!Array.isArray(order))
    return {
      kind: "failed",
      reason: describeCycle(
        m,
        cross,
        order.cycle,
        assigned,
        split.modules.map((x) => x.name),
      ),
    };
  const eol = detectEol(text);
  const head = headerLines(m);
  const plan = emptyPlan();
  const texts = new Map<string, string>();
  const stars = starImports(m, resolver, file, deeper);
  const bodyEdits = withLocalImports(
    inPlace ? cross.conversions : withRebasedImports(m, file.facts.imports, cross.conversions),
    cross.localImports,
  );
  for (const mod of split.modules) {
    const indices = m.statements.filter((s) => assigned.get(s.index) === mod.name).map((s) => s.index);
    const need = cross.needs.get(mod.name) ?? { siblings: new Map(), imports: new Set<string>() };
    const late = lateImports(m, indices, need.imports, deeper);
    const inBody = new Set(late.values());
    const imports = [...renderImports(m, need, order, eol, deeper, inBody), ...starsFor(m, indices, stars)];
    const body = renderBody(m, indices, bodyEdits, eol, late, need.imports, deeper);
    texts.set(mod.name, joinModule(head.future, imports, body, eol));
  }
  let exports = exportNames(resolver, file, m);
  const all = file.facts.all;
  // Without `__all__`, `import *` of the old module gave its public names only: the facade's `__all__` says the same.
  let allList = all && !all.dynamic ? all.names : exports.filter((n) => !n.startsWith("_"));
  let rewrittenImports = 0;
  // The module keeps its name as a package: an importer, a patch string or a relationship string
  // reads this file where its own source root reads the name as this file, not another
  // sub-project's module of that name (root-renames.ts).
  const seen = rootRenames(resolver, new Map([[file.module, file.module]]), new Set([file.path]));
  if (opts.noFacade) {
    const r = rewriteImporters(seen, resolver, m, file.module, assigned, plan, split.file, exports);
    exports = exports.filter((n) => r.stillExported.has(n));
    allList = allList.filter((n) => r.stillExported.has(n));
    rewrittenImports = r.rewritten;
  }
  const firstParty = (imp: ImportFact) =>
    imp.kind === "import"
      ? imp.names.some((n) => resolver.isFirstParty(n.name))
      : imp.level > 0 || resolver.isFirstParty(imp.module);
  const init = renderPackageInit(
    m,
    allList,
    order,
    assigned,
    cross.needs,
    exports,
    head,
    stars.map((s) => s.line),
    eol,
    deeper,
    firstParty,
  );
  if (typeof init !== "string") return { kind: "failed", reason: init.error };
  if (inPlace) {
    addEdit(plan, split.file, replacement(0, text.length, init));
    for (const [name, t] of texts) plan.ops.push({ kind: "create", path: `${pkgDir}/${name}.py`, text: t });
  } else {
    // The largest new module inherits the file's history (`git mv`).
    const largest = [...texts].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0][0];
    plan.ops.push({ kind: "move", from: split.file, to: `${pkgDir}/${largest}.py` });
    addEdit(plan, split.file, replacement(0, text.length, texts.get(largest)!));
    for (const [name, t] of texts)
      if (name !== largest) plan.ops.push({ kind: "create", path: `${pkgDir}/${name}.py`, text: t });
    plan.ops.push({ kind: "create", path: `${pkgDir}/__init__.py`, text: init });
  }
  const strings = retargetStrings(seen, resolver, m, file.module, assigned, plan, split.file);
  const conversions = [...cross.conversions.values()].reduce((n, l) => n + l.length, 0);
  const locals = [...cross.localImports.values()].reduce((n, l) => n + l.length, 0);
  plan.notes.push(
    `split ${split.file} into ${split.modules.length} module${split.modules.length === 1 ? "" : "s"} of ${pkgDir}/: ${split.modules.map((x) => x.name).join(", ")}`,
    `create ${pkgDir}/__init__.py re-exporting ${exports.length} name${exports.length === 1 ? "" : "s"}`,
    ...(opts.noFacade
      ? [`rewrote ${rewrittenImports} import statement${rewrittenImports === 1 ? "" : "s"} to name the new modules`]
      : []),
    `turned ${conversions} cross-module mapper argument${conversions === 1 ? "" : "s"} into strings`,
    ...(cross.localImports.size
      ? [`imported sibling names inside ${locals} function${locals === 1 ? "" : "s"} that read them only when they run`]
      : []),
    `rewrote ${strings.rewritten} string reference${strings.rewritten === 1 ? "" : "s"}`,
  );
  const kinds = classFrameworks(resolver.index, split.file, new Map([[split.file, m.tree]]));
  const unread = unreadModels(m, kinds, split.file, opts.beforeSchema ?? (() => schemaFromProject(resolver.index)));
  // The schema check compares only what the static reader sees: say which models it did not, never a vacuous "unchanged".
  if (unread.length) plan.notes.push(`schema: could not compare ${unread.join(", ")}; check them with --python`);
  for (const x of split.modules) plan.renames.set(`${file.module}.${x.name}`, file.module);
  const clashes = classNameClashes(seen, resolver, m, kinds, file.module);
  const warnings = [...strings.ambiguous, ...clashes].map((message) => ({ message }));
  return {
    kind: "planned",
    plan,
    warnings,
    runtimeModules: [file.module],
    // A monorepo's sub-project imports its own package of a name another sub-project also has.
    runtimeRoot: file.sourceRoot,
    package: file.module,
    modules: split.modules.map((x) => x.name),
    exports,
  };
}

/** What each class of the split module is to the ORMs (see classFrameworks). */
type ClassKinds = ReadonlyMap<string, Framework | "helper" | null>;

/** Statement index → module name, checking that the plan places every statement exactly once. */
function assign(m: SplitModel, split: SplitPlan): Outcome<Map<number, string>> {
  if (split.unplaced.length) {
    // The first reason is the one to act on (the others are often "tied to" it); the plan file
    // lists them all, and is where the user decides.
    const [first] = split.unplaced;
    return failure(
      `the plan leaves ${split.unplaced.length} statement(s) unplaced (${split.unplaced.map((u) => JSON.stringify(u.statement)).join(", ")}): ${JSON.stringify(first.statement)} ${first.reason}; write the plan with \`remodel plan split FILE --out split.toml\`, put each in a module, and pass it with --plan`,
    );
  }
  const byLabel = new Map(m.statements.filter((s) => m.roles[s.index] !== "header").map((s) => [s.label, s.index]));
  const out = new Map<number, string>();
  const names = new Set<string>();
  for (const mod of split.modules) {
    if (!IDENT.test(mod.name) || mod.name === "__init__") return failure(`'${mod.name}' is not a valid module name`);
    if (names.has(mod.name)) return failure(`module '${mod.name}' appears twice in the plan`);
    if (m.definer.has(mod.name))
      return failure(`module '${mod.name}' would shadow the name ${mod.name} defined in the file; rename the module`);
    names.add(mod.name);
    for (const label of mod.statements) {
      const i = byLabel.get(label);
      if (i === undefined)
        return failure(
          `the plan names ${JSON.stringify(label)}, which is not a top-level statement of ${split.file} (re-run remodel plan split)`,
        );
      if (out.has(i)) return failure(`${JSON.stringify(label)} is placed twice (in ${out.get(i)} and ${mod.name})`);
      out.set(i, mod.name);
    }
  }
  const missing = [...byLabel].filter(([, i]) => !out.has(i)).map(([l]) => JSON.stringify(l));
  if (missing.length)
    return failure(
      `the plan does not place ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ` and ${missing.length - 10} more` : ""}`,
    );
  for (const mod of split.modules) if (!mod.statements.length) return failure(`module '${mod.name}' has no statement`);
  return out;
}

/** Modules in an order where each comes after the modules it imports at runtime, or the cycle. */
function dependencyOrder(names: string[], cross: CrossResult): string[] | { cycle: string[] } {
  const adj = new Map<string, string[]>([...cross.edges].map(([k, v]) => [k, [...v.keys()]]));
  const cycle = findCycle(adj);
  if (cycle) return { cycle };
  const out: string[] = [];
  const done = new Set<string>();
  const visit = (n: string) => {
    if (done.has(n)) return;
    done.add(n);
    for (const d of adj.get(n) ?? []) visit(d);
    out.push(n);
  };
  for (const n of names) visit(n);
  return out;
}

function headerLines(m: SplitModel): { docstring: string | null; future: string[] } {
  const text = m.parsed.text;
  const doc = m.statements.find((s) => s.kind === "docstring");
  const future = m.statements.filter((s) => s.kind === "future").map((s) => text.slice(s.start, s.end).trimEnd());
  return { docstring: doc ? text.slice(doc.start, doc.end).trimEnd() : null, future };
}

/**
 * Relative imports inside moved statements (in a function, a class or a `try:`) are one package
 * deeper once the module is a package: `from .mailing import x` becomes `from ..mailing import x`.
 */
/** The body edits with the function-local imports of sibling names added (they never overlap: an insertion at a statement start). */
function withLocalImports(edits: Map<number, Edit[]>, locals: Map<number, Edit[]>): Map<number, Edit[]> {
  if (locals.size === 0) return edits;
  const out = new Map([...edits].map(([k, v]) => [k, [...v]]));
  for (const [k, v] of locals) out.set(k, [...(out.get(k) ?? []), ...v]);
  return out;
}

function withRebasedImports(
  m: SplitModel,
  imports: readonly ImportFact[],
  conversions: Map<number, Edit[]>,
): Map<number, Edit[]> {
  const out = new Map([...conversions].map(([k, v]) => [k, [...v]]));
  for (const imp of imports) {
    if (imp.level === 0 || imp.commented) continue;
    const s = m.statements.find((x) => x.start <= imp.start && imp.end <= x.end);
    if (!s || m.roles[s.index] === "header") continue;
    const dots = relativeDotsAt(m.parsed.text.slice(imp.start, imp.end));
    if (dots === null) continue;
    const at = imp.start + dots;
    out.set(s.index, [...(out.get(s.index) ?? []), replacement(at, at, ".")]);
  }
  return out;
}

/**
 * ORM model classes of the module that the static schema has no table for, or read only in part
 * (with why). A framework's helper classes (Django managers, querysets) are no models: no table is missed.
 */
function unreadModels(m: SplitModel, kinds: ClassKinds, path: string, schema: () => Schema): string[] {
  const candidates = [...m.models].filter(
    ([n, i]) => !m.pydantic.has(n) && !m.statements[i].cls?.abstract && kinds.get(n) !== "helper",
  );
  if (candidates.length === 0) return [];
  const tables = new Map<string, Table>();
  // A model of the same name elsewhere (another sub-project's) does not stand for one of this file.
  const all = schema().tables;
  for (const own of [false, true])
    for (const t of all) if (t.model && (t.source?.path === path) === own) tables.set(t.model, t);
  return candidates
    .map(([n]) => n)
    .flatMap((n) => {
      const t = tables.get(n);
      if (!t) return [`${n} (no table read)`];
      return t.incomplete?.length ? [`${n} (${t.incomplete.join("; ")})`] : [];
    });
}

/** Why a file cannot be split, or null: stubs never, packages only through their `__init__.py`. */
export function unsplittable(isPackage: boolean, isStub: boolean, path: string): string | null {
  if (isStub) return `${path} is a stub; split a module`;
  if (isPackage && !/(^|\/)__init__\.py$/.test(path)) return `${path} is a package; split its __init__.py or a module`;
  return null;
}

/**
 * `__all__` if the module has one, else its public definitions, plus every name the project uses:
 * read in the files that see `file` under its name from their own source root (another
 * sub-project's module of the same name is not this one).
 */
function exportNames(resolver: Resolver, file: SourceFile, m: SplitModel): string[] {
  const all = file.facts.all;
  const names = new Set<string>(
    all && !all.dynamic ? all.names : [...m.definer.keys()].filter((n) => !n.startsWith("_")),
  );
  for (const n of computeExports(resolver, file.module, "used", file.sourceRoot).names) names.add(n);
  // Without `__all__`, `import *` of a module with star imports of its own bound their names and
  // the module's imported ones too: the facade keeps binding and exporting them all.
  if (!all && file.facts.imports.some((imp) => imp.star && !imp.commented))
    for (const n of starBound(resolver, file.module) ?? []) names.add(n);
  // Names bound only for type checkers, and `annotations` of `from __future__`, are nothing to re-export.
  for (const n of [...names]) {
    const imp = m.imported.get(n);
    if (!m.definer.has(n) && imp && (imp.context.typeChecking || imp.module === "__future__")) names.delete(n);
  }
  return all && !all.dynamic ? [...names] : sortNames([...names]);
}

function renderPackageInit(
  m: SplitModel,
  allList: string[],
  order: string[],
  assigned: Map<number, string>,
  needs: Map<string, ModuleNeeds>,
  exports: string[],
  head: { docstring: string | null; future: string[] },
  stars: string[],
  eol: string,
  deeper: number,
  firstParty: (imp: ImportFact) => boolean,
): string | { error: string } {
  const text = m.parsed.text;
  const lines: string[] = [];
  if (head.docstring) lines.push(head.docstring, "");
  if (head.future.length) lines.push(...head.future, "");
  // The old module re-exported what its star imports bind; the facade does too, before its own names so they still win.
  lines.push(...stars);
  const fromImports = new Set(exports.filter((n) => !m.definer.has(n) && m.imported.has(n)));
  // Imports nobody in the module reads are kept here for their side effects (pitfall 11).
  const used = new Set<string>();
  for (const s of m.statements) for (const u of s.uses) used.add(u.name);
  for (const [name, imp] of m.imported)
    if (!used.has(name) && !imp.context.typeChecking && imp.module !== "__future__") fromImports.add(name);
  const seen = new Set<unknown>();
  // A late import (below the file's first code; see lateImports) ran once the module's names were
  // bound: it comes after them, below `__all__`, where no import sorter lifts it above the new
  // modules' imports (`from . import listeners` at the end of models.py, listeners importing the models).
  const lateAt = lateStatements(m);
  const ownLate: ImportFact[] = [];
  for (const name of fromImports) {
    const imp = m.imported.get(name)!;
    if (seen.has(imp)) continue;
    seen.add(imp);
    const line = renderImport(text, imp, fromImports, deeper);
    if (!line || imp.context.typeChecking) continue;
    if (lateAt.has(imp)) ownLate.push(imp);
    else lines.push(line);
  }
  const lateOrder = facadeLateOrder(m, order, assigned, needs, ownLate, deeper, firstParty);
  if ("error" in lateOrder) return lateOrder;
  const moduleLines = (mod: string): string[] => {
    const mine = new Set(m.statements.filter((s) => assigned.get(s.index) === mod).flatMap((s) => s.defines));
    const names = sortNames(
      exports.filter((n) => mine.has(n) && m.definer.has(n) && assigned.get(m.definer.get(n)!) === mod),
    );
    if (names.length === 0) return [`${fromImport(".", [mod])}  # noqa: F401  (registers its models)`];
    return parenthesizedImport(`.${mod}`, names);
  };
  for (const mod of order) if (!lateOrder.late.has(mod)) lines.push(...moduleLines(mod));
  lines.push("", ...dunderAll(allList, "list"), "");
  // Each layer needs the names of the layers above it bound: `# isort: split` keeps the sorter
  // from merging them (it reorders only within a layer, where the order does not matter).
  lateOrder.layers.forEach((layer, i) => {
    if (i > 0) lines.push("", "# isort: split");
    for (const node of layer)
      lines.push(
        ...(node.kind === "module" ? moduleLines(node.name) : [renderImport(text, node.imp, fromImports, deeper)!]),
      );
  });
  if (lateOrder.layers.length) lines.push("");
  return lines.join(eol);
}

/**
 * Patch strings follow the names to their run-time readers; module-qualified relationship strings
 * follow the classes. `seen` says which files read the module as the split file.
 */
function retargetStrings(
  seen: RootRenames,
  resolver: Resolver,
  m: SplitModel,
  module: string,
  assigned: Map<number, string>,
  plan: EditPlan,
  ownPath: string,
): { rewritten: number; ambiguous: string[] } {
  const r = retargetPatchStrings(seen, resolver, m, module, assigned, plan, ownPath);
  let rewritten = r.rewritten;
  // Module-qualified relationship strings (`"pkg.models.User"`) follow the class's new module (pitfall 12).
  for (const f of resolver.index.files.values()) {
    if (f.path === ownPath || !seen.seesMoved(f.sourceRoot)) continue;
    let src: string | null = null;
    for (const ref of f.facts.stringRefs) {
      if (ref.kind !== "relationship" || !ref.value.startsWith(module + ".")) continue;
      const name = ref.value.slice(module.length + 1).split(".")[0];
      const def = m.definer.get(name);
      if (def === undefined) continue;
      src ??= resolver.index.readText(f.path);
      const at = src.slice(ref.start, ref.end).indexOf(ref.value);
      if (at < 0) continue;
      addEdit(
        plan,
        f.path,
        replacement(ref.start + at, ref.start + at + module.length, `${module}.${assigned.get(def)}`),
      );
      rewritten++;
    }
  }
  return {
    rewritten,
    ambiguous: [...r.ambiguous, ...reportPatchObjects(seen, resolver, m, module, assigned, ownPath)],
  };
}

/**
 * Pitfall 12: string references resolve by class name in the registry, so names must stay unique
 * where the framework's registry is one for every model of a base (SQLAlchemy). A model of a
 * framework that resolves names per app (Django) clashes with no other app's class; one of no
 * framework the reader knows is still reported. Only files that read the module as the split file
 * can share its registry: another sub-project's class of that name is in its own.
 */
function classNameClashes(
  seen: RootRenames,
  resolver: Resolver,
  m: SplitModel,
  kinds: ClassKinds,
  module: string,
): string[] {
  const out: string[] = [];
  for (const [name, i] of m.models) {
    const kind = kinds.get(name);
    if (kind === "helper" || (kind && !frameworkTraits(kind).sharedClassNames)) continue;
    const bases = m.statements[i].cls?.bases ?? [];
    for (const f of resolver.index.files.values()) {
      if (f.module === module || !seen.seesMoved(f.sourceRoot)) continue;
      const other = f.facts.classes.find((c) => c.name === name && c.bases.some((b) => bases.includes(b)));
      if (other)
        out.push(
          `SQLAlchemy class name ${name} is also used by ${f.path}:${other.line} with the same base; string references to "${name}" are ambiguous in the registry (use the module-qualified "${module}.${name}" form)`,
        );
    }
  }
  return out;
}
