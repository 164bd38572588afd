/**
 * Seed 000's migration as a pure function: `pkg/models/user.py` → `pkg/models/user/row.py` plus a
 * re-exporting `pkg/models/user/__init__.py`. Importers elsewhere do not change; the moved code
 * changes only where it must (relative imports re-based for the new depth, self-imports dropped),
 * and string references are pointed at where their target is read after the move.
 */
import { packageBeside } from "../shared/package-beside.js";
import { timed } from "../../core/timing.js";
import { addEdit, emptyPlan, replacement, type EditPlan } from "../../core/edits.js";
import { detectEol } from "../../core/text.js";
import type { ImportFact } from "../../python/facts.js";
import type { Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import { computeExports, exportReasons, type ExportMode } from "../shared/exports.js";
import { renderInit } from "../shared/init-writer.js";
import { absoluteTarget, relativeSpelling } from "../shared/relative.js";
import { removeStatement } from "../shared/remove-statement.js";
import { retargetStringRefs } from "../shared/string-refs.js";
import { rootRenames } from "../shared/root-renames.js";
import type { Refactoring, RefactorResult } from "../refactoring.js";

export interface MoveToPackageOptions {
  /** Name of the submodule that receives the code (`row` in seed 000). */
  submodule: string;
  exports: ExportMode;
  /** Whether a path exists on disk (planning reads no files; the caller answers). */
  exists(path: string): boolean;
}

export interface MoveToPackageDetails {
  /** The names the new `__init__.py` re-exports. */
  exports: string[];
  dest: string;
  init: string;
}

export function planMoveToPackage(
  resolver: Resolver,
  srcPath: string,
  opts: MoveToPackageOptions,
): RefactorResult<MoveToPackageDetails> {
  const index = resolver.index;
  const file = index.files.get(srcPath);
  if (!file) return { kind: "failed", reason: `${srcPath} is not a Python file of the project` };
  if (file.isPackage || file.isStub) return { kind: "failed", reason: `${srcPath} is already a package (or a stub)` };
  if (!/^[A-Za-z_]\w*$/.test(opts.submodule))
    return { kind: "failed", reason: `'${opts.submodule}' is not a valid module name` };
  const pkgDir = srcPath.replace(/\.py$/, "");
  const dest = `${pkgDir}/${opts.submodule}.py`;
  const init = `${pkgDir}/__init__.py`;
  // foo.py beside foo/: the package would silently win (pitfall 3).
  const beside = packageBeside(pkgDir, srcPath, opts.exists);
  if (beside) return { kind: "failed", reason: beside };

  const plan = emptyPlan();
  const text = index.readText(srcPath);
  const newModule = `${file.module}.${opts.submodule}`;
  const counts = rebaseMovedImports(resolver, file, plan, text);
  // A string names what its file's own source root sees (root-renames.ts): another sub-project's
  // module of the same name is not this one.
  const seen = rootRenames(resolver, new Map([[file.module, newModule]]), new Set([file.path]));
  const names = (ref: SourceFile) => seen.seesMoved(ref.sourceRoot);
  const home = seen.resolverFor(file.sourceRoot);
  const strings = timed("string refs", () =>
    retargetStringRefs(
      resolver,
      plan,
      (value, ref) => (names(ref) ? retarget(home, file.module, newModule, value) : null),
      (module, ref) => module === file.module && names(ref),
      // Tortoise registers the models a listed module defines by walking it: list the module that
      // now holds them. importlib finds the package as before.
      (value, kind, ref) => (kind === "tortoise_module" && value === file.module && names(ref) ? newModule : null),
      seen.resolverFor,
    ),
  );
  const exports = timed("exports", () => computeExports(resolver, file.module, opts.exports, file.sourceRoot));
  plan.ops.push({ kind: "move", from: srcPath, to: dest });
  plan.ops.push({ kind: "create", path: init, text: renderInit(opts.submodule, exports.names, detectEol(text)) });
  plan.notes.push(
    `move ${srcPath} -> ${dest}`,
    `create ${init} re-exporting ${exports.names.length} name${exports.names.length === 1 ? "" : "s"}`,
    ...Object.entries(exportReasons(exports)).map(([name, why]) => `  keep ${name}: ${why}`),
    `re-based ${counts.rebased} relative import${counts.rebased === 1 ? "" : "s"}, removed ${counts.selfImports} self-import${counts.selfImports === 1 ? "" : "s"}`,
    `rewrote ${strings.rewritten} string reference${strings.rewritten === 1 ? "" : "s"}`,
  );
  plan.renames.set(newModule, file.module);
  return {
    kind: "planned",
    plan,
    warnings: strings.ambiguous.map((message) => ({ message })),
    exports: exports.names,
    dest,
    init,
    ...(strings.refusals.length ? { refusals: strings.refusals.map((message) => ({ message })) } : {}),
  };
}

/** `pkg/models/user.py` → `pkg/models/user/row.py` with a re-exporting `__init__.py` (seed 000). */
export const moveToPackage: Refactoring<MoveToPackageOptions & { src: string }, MoveToPackageDetails> = {
  id: "move-to-package",
  summary: "turn a module into a package: its code moves to a submodule, __init__.py re-exports it",
  plan: (resolver, opts) => planMoveToPackage(resolver, opts.src, opts),
};

/**
 * Relative imports (function-local, TYPE_CHECKING and commented-out ones included) get one more
 * dot; imports of the module from itself are dropped when the name is already bound here.
 */
function rebaseMovedImports(
  resolver: Resolver,
  file: SourceFile,
  plan: EditPlan,
  text: string,
): { rebased: number; selfImports: number } {
  let rebased = 0;
  let selfImports = 0;
  const newPackage = file.module.split(".");
  const bound = new Set(file.facts.bindings.filter((b) => b.kind !== "import").map((b) => b.name));
  for (const imp of file.facts.imports) {
    const target = absoluteTarget(resolver, file, imp);
    if (target === null) continue;
    if (!imp.commented && target === file.module && isRemovableSelfImport(imp, bound)) {
      for (const e of removeStatement(text, imp.start, imp.end)) addEdit(plan, file.path, e);
      selfImports++;
      continue;
    }
    if (imp.level === 0) continue;
    const spelled = relativeSpelling(newPackage, target);
    if (spelled === null) continue;
    addEdit(plan, file.path, replacement(imp.moduleStart, imp.moduleEnd, spelled));
    rebased++;
  }
  return { rebased, selfImports };
}

/** `from .user import UserRow` inside user.py, where UserRow is defined: only there to dodge a cycle. */
function isRemovableSelfImport(imp: ImportFact, bound: Set<string>): boolean {
  return !imp.star && imp.names.every((n) => (n.alias === null || n.alias === n.name) && bound.has(n.name));
}

/**
 * `pkg.models.user.f` → `pkg.models.user.row.f` for every name the old module bound. An attribute
 * of such a name (`pkg.models.user.UserRow.get`) is an attribute of an object the facade shares
 * with the moved module: patching it through the old path reaches the same object, so the string
 * needs no rewrite and gets none.
 */
function retarget(resolver: Resolver, oldModule: string, newModule: string, value: string): string | null {
  if (!value.startsWith(oldModule + ".")) return null;
  const rest = value.slice(oldModule.length + 1);
  if (rest.includes(".")) return null;
  const name = rest;
  const look = resolver.lookup(oldModule, name);
  return look.kind === "binding" || look.kind === "star" ? newModule + value.slice(oldModule.length) : null;
}
