/**
 * A module (or a whole package) moves to another name: `pkg/models/user.py` → `pkg/accounts/models.py`.
 * Every importer is rewritten to the new place keeping its style (relative stays relative, `from`
 * stays `from`, aliases and binding names kept); the moved code's own relative imports are
 * re-spelled from its new location; string references follow. With a facade, importers are left
 * alone and a re-exporting module stays at the old path.
 */
import { addEdit, emptyPlan, replacement, type EditPlan } from "../../core/edits.js";
import { detectEol } from "../../core/text.js";
import type { ImportFact } from "../../python/facts.js";
import { aliasIfRenamed, fromImport, plainImport, reExportLines, starImport } from "../../python/import-text.js";
import { isIdentifier } from "../../python/module-name.js";
import type { Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import { computeExports } from "../shared/exports.js";
import { absoluteTarget, packageOf, relativeSpelling } from "../shared/relative.js";
import type { Refactoring, RefactorResult } from "../refactoring.js";
import { retargetStringRefs } from "../shared/string-refs.js";
import { rootRenames, type RootRenames } from "../shared/root-renames.js";
import { retargetFacadePatches } from "./facade-patches.js";
import { classImportsOf, rewriteClassAttributeChains } from "./class-imports.js";

export interface MoveModuleOptions {
  /** Leave a module at the old path that re-exports the moved names; importers are not rewritten. */
  keepFacade: boolean;
  exists(path: string): boolean;
}

/** Old dotted name → new dotted name, for the moved module and every module under it. */
type Renames = ReadonlyMap<string, string>;

export interface MoveModuleDetails {
  /** Where the module (or package) now lives. */
  dest: string;
}

export function planMoveModule(
  resolver: Resolver,
  src: string,
  dest: string,
  opts: MoveModuleOptions,
): RefactorResult<MoveModuleDetails> {
  const index = resolver.index;
  const srcFile = index.files.get(src) ?? index.files.get(`${src}/__init__.py`);
  if (!srcFile) return { kind: "failed", reason: `${src} is not a module or package of the project` };
  const isPackage = srcFile.isPackage;
  const srcDir = isPackage ? srcFile.path.replace(/\/__init__\.py$/, "") : null;
  const destPath = isPackage
    ? dest.replace(/\/__init__\.py$/, "").replace(/\.py$/, "")
    : dest.endsWith(".py")
      ? dest
      : `${dest}.py`;
  if (opts.exists(destPath) || index.files.has(destPath))
    return { kind: "failed", reason: `${destPath} already exists` };
  if (!isPackage && opts.exists(destPath.replace(/\.py$/, "")))
    return {
      kind: "failed",
      reason: `${destPath.replace(/\.py$/, "")}/ exists: the package would win over ${destPath}`,
    };
  const moved = isPackage ? [...index.files.values()].filter((f) => f.path.startsWith(srcDir + "/")) : [srcFile];
  const newPath = (p: string) => (isPackage ? destPath + p.slice(srcDir!.length) : destPath);
  const renames = new Map<string, string>();
  const destModule = moduleNameFor(srcFile, newPath(srcFile.path));
  if (!destModule) return { kind: "failed", reason: `${destPath} is not importable from any source root` };
  for (const f of moved) renames.set(f.module, destModule + f.module.slice(srcFile.module.length));

  const plan = emptyPlan();
  const mapModule = (m: string) => mapName(m, renames);
  // Each file's imports name what its own source root sees (root-renames.ts).
  const movedPaths = new Set(moved.map((f) => f.path));
  const seen: RootRenames = rootRenames(resolver, renames, movedPaths);
  const renamesOf = (f: SourceFile) => seen.renamesFor(f.sourceRoot);
  for (const f of moved) respellOwnImports(seen.resolverFor(f.sourceRoot), f, renamesOf(f), plan);
  let rewritten = 0;
  const warnings: string[] = [];
  if (!opts.keepFacade) {
    for (const file of index.files.values()) {
      if (moved.includes(file) || renamesOf(file).size === 0) continue;
      rewritten += rewriteImporter(seen.resolverFor(file.sourceRoot), file, renamesOf(file), plan, warnings);
    }
    const classImports = [...index.files.values()]
      .filter((f) => !moved.includes(f))
      .flatMap((f) => classImportsOf(f, (m) => mapName(m, renamesOf(f))));
    rewritten += rewriteClassAttributeChains(resolver, classImports, plan, seen.resolverFor);
  }
  // With a facade only the patch strings the moved code needs are retargeted (facade-patches.ts),
  // and a `patch.object` on the old module object now patches the facade's re-export, not the
  // binding the moved code reads: that is refused.
  const strings = retargetStringRefs(
    resolver,
    plan,
    opts.keepFacade ? () => null : (v, file) => mapDotted(v, renamesOf(file)),
    (m, file) => renamesOf(file).has(m),
    undefined,
    seen.resolverFor,
  );
  const facadePatches = opts.keepFacade
    ? retargetFacadePatches(resolver, plan, seen, movedPaths)
    : { rewritten: 0, refusals: [] };
  for (const f of moved) plan.ops.push({ kind: "move", from: f.path, to: newPath(f.path) });
  plan.ops.push(...missingInits(resolver, destPath, opts.exists));
  if (opts.keepFacade) {
    const names = computeExports(resolver, srcFile.module, "used", srcFile.sourceRoot).names;
    const text = index.readText(srcFile.path);
    plan.ops.push({
      kind: "create",
      path: srcFile.path,
      text: renderFacade(mapModule(srcFile.module), names, detectEol(text)),
    });
  }
  plan.notes.push(
    `move ${src} -> ${destPath}${isPackage ? ` (${moved.length} modules)` : ""}`,
    opts.keepFacade
      ? `keep a facade at ${srcFile.path}`
      : `rewrote ${rewritten} import${rewritten === 1 ? "" : "s"} in other modules`,
    `rewrote ${strings.rewritten + facadePatches.rewritten} string reference${strings.rewritten + facadePatches.rewritten === 1 ? "" : "s"}`,
  );
  for (const [from, to] of renames) plan.renames.set(to, from);
  // Without a facade the importers' bindings follow the module, so their patches still reach it.
  const refusals = opts.keepFacade
    ? [...strings.refusals, ...facadePatches.refusals].map((message) => ({ message }))
    : [];
  return {
    kind: "planned",
    plan,
    warnings: [...strings.ambiguous, ...warnings].map((message) => ({ message })),
    dest: destPath,
    ...(refusals.length ? { refusals } : {}),
  };
}

/** A module or package moves to another name; importers follow (or a facade stays behind). */
export const moveModule: Refactoring<MoveModuleOptions & { src: string; dest: string }, MoveModuleDetails> = {
  id: "move-module",
  summary: "move a module or package to another name, rewriting importers and string references",
  plan: (resolver, opts) => planMoveModule(resolver, opts.src, opts.dest, opts),
};

function moduleNameFor(file: SourceFile, path: string): string | null {
  const root = file.sourceRoot;
  if (root && !path.startsWith(root + "/")) return null;
  const rel = root ? path.slice(root.length + 1) : path;
  const parts = rel.replace(/\.py$/, "").split("/");
  if (parts[parts.length - 1] === "__init__") parts.pop();
  return parts.every(isIdentifier) ? parts.join(".") : null;
}

function mapName(module: string, renames: Renames): string {
  const direct = renames.get(module);
  if (direct) return direct;
  for (const [from, to] of renames) if (module.startsWith(from + ".")) return to + module.slice(from.length);
  return module;
}

function mapDotted(value: string, renames: Renames): string | null {
  for (const [from, to] of renames)
    if (value === from || value.startsWith(from + ".")) return to + value.slice(from.length);
  return null;
}

/** The moved file's relative imports, spelled from where it now lives. */
function respellOwnImports(resolver: Resolver, file: SourceFile, renames: Renames, plan: EditPlan): void {
  const newModule = mapName(file.module, renames);
  const newPackage = packageOf(newModule, file.isPackage);
  const text = resolver.index.readText(file.path);
  for (const imp of file.facts.imports) {
    const target = absoluteTarget(resolver, file, imp);
    if (target === null) continue;
    const mapped = mapName(target, renames);
    if (imp.level === 0) {
      if (mapped !== target) addEdit(plan, file.path, replacement(imp.moduleStart, imp.moduleEnd, mapped));
      continue;
    }
    const spelled = relativeSpelling(newPackage, mapped) ?? mapped;
    if (spelled !== text.slice(imp.moduleStart, imp.moduleEnd)) {
      addEdit(plan, file.path, replacement(imp.moduleStart, imp.moduleEnd, spelled));
    }
  }
}

/** Rewrites one importer's imports of moved modules; returns how many statements changed. */
function rewriteImporter(
  resolver: Resolver,
  file: SourceFile,
  renames: Renames,
  plan: EditPlan,
  warnings: string[],
): number {
  let count = 0;
  let cached: string | null = null;
  const text = () => (cached ??= resolver.index.readText(file.path));
  const pkg = packageOf(file.module, file.isPackage);
  const spell = (imp: ImportFact, target: string) =>
    imp.level > 0 ? (relativeSpelling(pkg, target) ?? target) : target;
  for (const imp of file.facts.imports) {
    if (imp.kind === "import") {
      for (const n of imp.names) {
        const mapped = mapName(n.name, renames);
        if (mapped === n.name) continue;
        addEdit(plan, file.path, replacement(n.start, n.end, n.alias ? `${mapped} as ${n.alias}` : mapped));
        if (!n.alias) rewriteChains(file, n.name, mapped, plan, text(), warnings);
        count++;
      }
      continue;
    }
    const target = absoluteTarget(resolver, file, imp);
    if (target === null) continue;
    const mapped = mapName(target, renames);
    if (mapped !== target) {
      addEdit(plan, file.path, replacement(imp.moduleStart, imp.moduleEnd, spell(imp, mapped)));
      count++;
      continue;
    }
    // `from pkg.models import user`: the imported name is itself a moved module.
    const movedNames = imp.names.filter(
      (n) => renames.has(`${target}.${n.name}`) && resolver.lookup(target, n.name).kind === "submodule",
    );
    if (movedNames.length === 0) continue;
    const lines = regroup(imp, target, movedNames, renames, (t) => spell(imp, t));
    const indent = /[ \t]*$/.exec(text().slice(text().lastIndexOf("\n", imp.start - 1) + 1, imp.start))![0];
    addEdit(plan, file.path, replacement(imp.start, imp.end, lines.join(`${detectEol(text())}${indent}`)));
    count++;
  }
  return count;
}

/** Splits `from P import a, user as u` so that each moved submodule is imported from its new parent. */
function regroup(
  imp: ImportFact,
  target: string,
  moved: ImportFact["names"],
  renames: Renames,
  spell: (t: string) => string,
): string[] {
  const lines: string[] = [];
  const stay = imp.names.filter((n) => !moved.includes(n));
  if (stay.length) lines.push(fromImport(spell(target), stay));
  for (const n of moved) {
    const to = renames.get(`${target}.${n.name}`)!;
    const dot = to.lastIndexOf(".");
    const parent = to.slice(0, dot);
    const leaf = to.slice(dot + 1);
    const bound = n.alias ?? n.name;
    lines.push(
      dot < 0
        ? plainImport(to, aliasIfRenamed(to, bound))
        : fromImport(spell(parent), [{ name: leaf, alias: aliasIfRenamed(leaf, bound) }]),
    );
  }
  // PEP 810: every statement the split makes stays lazy.
  return imp.lazy ? lines.map((l) => `lazy ${l}`) : lines;
}

/**
 * `pkg.models.user.X` read after `import pkg.models.user` becomes `pkg.accounts.models.X`. Other
 * mentions of the old name in the file (inside f-strings, where the scanner does not look) are
 * reported for a person to check rather than guessed at.
 */
function rewriteChains(
  file: SourceFile,
  from: string,
  to: string,
  plan: EditPlan,
  text: string,
  warnings: string[],
): void {
  const done = new Set<number>();
  for (const ref of file.facts.attributeRefs) {
    if (ref.chain === from || ref.chain.startsWith(from + ".")) {
      addEdit(plan, file.path, replacement(ref.start, ref.start + from.length, to));
      done.add(ref.start);
    }
  }
  const imports = file.facts.imports.filter((i) => !i.commented);
  const rx = new RegExp(`(?<![\\w.])${from.replace(/\./g, "\\.")}\\.`, "g");
  for (const m of text.matchAll(rx)) {
    if (done.has(m.index!) || imports.some((i) => i.start <= m.index! && m.index! < i.end)) continue;
    const line = text.slice(0, m.index!).split("\n").length;
    warnings.push(
      `${file.path}:${line}: "${from}" is still mentioned here (in a string or f-string?): check it by hand`,
    );
  }
}

/** New directories of a regular-package project get an `__init__.py`. */
function missingInits(resolver: Resolver, destPath: string, exists: (p: string) => boolean): EditPlan["ops"] {
  const ops: EditPlan["ops"] = [];
  // A moved package creates its own directory; only the directories above it may be missing.
  const dirs = destPath.split("/").slice(0, -1);
  for (let i = 1; i <= dirs.length; i++) {
    const dir = dirs.slice(0, i).join("/");
    if (exists(dir) || [...resolver.index.files.keys()].some((p) => p.startsWith(dir + "/"))) continue;
    ops.push({ kind: "create", path: `${dir}/__init__.py`, text: "" });
  }
  return ops;
}

function renderFacade(target: string, names: string[], eol: string): string {
  const head = `"""Moved to ${target}; this module re-exports it for existing importers."""`;
  if (names.length === 0) return `${head}${eol}${starImport(target)}  # noqa: F401,F403${eol}`;
  return [head, ...reExportLines(target, names)].join(eol);
}
