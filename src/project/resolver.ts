/**
 * The resolver: which module an import names, and where each imported name comes from, through
 * re-export chains, star imports (honouring `__all__`), submodules and module `__getattr__`.
 * Every miss says what was tried, like pyright's importFailureInfo. Results are memoized; the
 * index is immutable.
 */
import type { Binding, ImportFact } from "../python/facts.js";
import type { ModuleInfo, ProjectIndex, SourceFile } from "./types.js";
import { failure, isFailure, type Outcome } from "../core/outcome.js";
import { writesOwnNamespace } from "./own-namespace.js";

/** Attributes every module object has. */
const MODULE_DUNDERS = new Set([
  "__name__",
  "__file__",
  "__path__",
  "__doc__",
  "__spec__",
  "__loader__",
  "__package__",
  "__dict__",
  "__builtins__",
  "__cached__",
]);

/** Only packages have `__path__`; a namespace package has no `__cached__` or `__builtins__` (no code ran). */
function hasDunder(info: ModuleInfo, name: string): boolean {
  if (name === "__path__") return info.isPackage;
  if (name === "__cached__" || name === "__builtins__") return info.file !== null;
  return true;
}

/** Where a name read from a module comes from. */
export type NameLookup =
  | { kind: "binding"; module: string; binding: Binding }
  | { kind: "submodule"; module: string }
  | { kind: "star"; module: string; via: string; found: NameLookup }
  | { kind: "getattr"; module: string }
  /** The module's namespace cannot be known (a star import from outside the project, a dynamic `__all__`). */
  | { kind: "open"; module: string; reason: string }
  | { kind: "external"; module: string }
  | { kind: "missing"; module: string; tried: string[] };

export type ModuleTarget =
  | { kind: "found"; name: string; info: ModuleInfo }
  | { kind: "external"; name: string }
  | { kind: "missing"; name: string; why: string };

/**
 * What `from M import *` binds: a set of names, or "open" when it cannot be known statically (M is
 * outside the project or missing, has a computed `__all__`, or has no `__all__` and writes its own
 * namespace, itself or through a star import of its own).
 */
export type StarExports =
  /** `maybe`: names bound only if a submodule of that name was loaded first (import order decides). */
  { names: Set<string>; open: false; maybe?: Set<string> } | { open: true; reason: string };

export class Resolver {
  private readonly starCache = new Map<string, StarExports>();
  /** By module, then name: no key string is built per lookup (`check` asks hundreds of thousands). */
  private readonly lookupCache = new Map<string, Map<string, NameLookup>>();
  private readonly bindingsCache = new Map<string, Map<string, Binding>>();
  private readonly firstPartyCache = new Map<string, boolean>();
  private children: Map<string, string[]> | null = null;
  /** Installed top-level names that a first-party namespace folder of the same name gives way to. */
  private shadowedTops: Set<string> | null = null;

  constructor(readonly index: ProjectIndex) {}

  module(name: string): ModuleInfo | undefined {
    return this.shadowed(name) ? undefined : this.index.modules.get(name);
  }

  /** Under a first-party namespace folder that an installed distribution of the same name wins over. */
  shadowed(name: string): boolean {
    // Asked for every module lookup of every check: the few shadowed top-level names are found once.
    if (!this.shadowedTops) {
      this.shadowedTops = new Set();
      for (const top of this.index.installed ?? [])
        if (this.index.modules.get(top)?.file === null) this.shadowedTops.add(top);
    }
    if (this.shadowedTops.size === 0) return false;
    const dot = name.indexOf(".");
    return this.shadowedTops.has(dot < 0 ? name : name.slice(0, dot));
  }

  /**
   * Is an absolute module name ours? Yes when the longest known prefix is a regular module or
   * package, or a namespace package two levels deep (`ai.backend`). A lone top-level namespace
   * directory (`docs/`, `scripts/`) does not make `import docs` first-party: an installed package
   * of that name would win in Python.
   */
  isFirstParty(name: string): boolean {
    // Asked for every import of every file: most names are a few third-party ones asked again and again.
    let known = this.firstPartyCache.get(name);
    if (known === undefined) this.firstPartyCache.set(name, (known = this.isFirstPartyUncached(name)));
    return known;
  }

  private isFirstPartyUncached(name: string): boolean {
    if (this.shadowed(name)) return false;
    let p = name;
    for (;;) {
      const info = this.index.modules.get(p);
      // A package that extends its own `__path__` (pkgutil.extend_path) takes submodules from
      // every portion of that name on sys.path: one the tree lacks may come from an installed
      // distribution (polar's server and its SDK share `polar`), so it is not ours to judge.
      if (info && p !== name && extendsPath(info)) return false;
      // Stub-only packages (a stubs/ root) describe third-party code.
      if (info) return info.file ? !info.file.isStub : p.includes(".") || p === name;
      const dot = p.lastIndexOf(".");
      if (dot < 0) return false;
      p = p.slice(0, dot);
    }
  }

  /**
   * The absolute module a relative (or absolute) `from` names, seen from `file`. Worked out with
   * `lastIndexOf` rather than memoized: `check` asks this for every import of every check, and a
   * memo keyed by a built string cost more than the arithmetic it saved.
   */
  absoluteFrom(file: SourceFile, level: number, module: string): Outcome<{ name: string }> {
    if (level === 0) return { name: module };
    let base = file.module;
    if (!file.isPackage) {
      const dot = base.lastIndexOf(".");
      if (dot < 0) return failure("attempted relative import with no known parent package");
      base = base.slice(0, dot);
    }
    for (let up = 1; up < level; up++) {
      const dot = base.lastIndexOf(".");
      if (dot < 0) return failure("attempted relative import beyond top-level package");
      base = base.slice(0, dot);
    }
    return { name: module ? `${base}.${module}` : base };
  }

  target(name: string): ModuleTarget {
    const info = this.module(name);
    if (info) return { kind: "found", name, info };
    if (!this.isFirstParty(name)) return { kind: "external", name };
    return { kind: "missing", name, why: this.whyMissing(name) };
  }

  private whyMissing(name: string): string {
    let p = name;
    while (p.includes(".")) {
      p = p.slice(0, p.lastIndexOf("."));
      const info = this.index.modules.get(p);
      if (info) {
        const where = info.file ? info.file.path.replace(/\/__init__\.pyi?$/, "/") : `namespace package ${p}`;
        return `'${name.slice(p.length + 1).split(".")[0]}' is not a module in ${where}`;
      }
    }
    return `no module '${name}' in the source roots`;
  }

  /** The last parts of a package's direct submodules (`pkg.a`, `pkg.b` → `a`, `b`). */
  submodules(module: string): string[] {
    if (!this.children) {
      this.children = new Map();
      for (const name of this.index.modules.keys()) {
        const dot = name.lastIndexOf(".");
        if (dot < 0) continue;
        const parent = name.slice(0, dot);
        const list = this.children.get(parent);
        if (list) list.push(name.slice(dot + 1));
        else this.children.set(parent, [name.slice(dot + 1)]);
      }
    }
    return this.children.get(module) ?? [];
  }

  /** Top-level bindings of a module by name; the last unconditional binding wins over conditional ones. */
  bindings(module: string): Map<string, Binding> {
    let map = this.bindingsCache.get(module);
    if (map) return map;
    map = new Map();
    const file = this.index.modules.get(module)?.file;
    for (const b of file?.facts.bindings ?? []) {
      const prev = map.get(b.name);
      if (!prev || !b.conditional || prev.conditional) map.set(b.name, b);
    }
    this.bindingsCache.set(module, map);
    return map;
  }

  /** Where `name` read from `module` (as `from module import name` or `module.name`) comes from. */
  lookup(module: string, name: string): NameLookup {
    let names = this.lookupCache.get(module);
    if (!names) this.lookupCache.set(module, (names = new Map()));
    const hit = names.get(name);
    if (hit) return hit;
    names.set(name, { kind: "open", module, reason: "import cycle through star imports" });
    const result = this.lookupUncached(module, name);
    names.set(name, result);
    return result;
  }

  /**
   * `from module import name` written inside `module` itself (`from . import models` in an
   * `__init__`): the binding that statement creates does not count, the name must come from
   * elsewhere in the module, a submodule, a star import or `__getattr__`.
   */
  lookupFromItself(module: string, name: string, importIndex: number): NameLookup {
    const own = this.bindings(module).get(name);
    if (!own || own.importIndex !== importIndex) return this.lookup(module, name);
    const other = this.index.modules
      .get(module)
      ?.file?.facts.bindings.find((b) => b.name === name && b.importIndex !== importIndex);
    return other ? { kind: "binding", module, binding: other } : this.lookupUncached(module, name, true);
  }

  private lookupUncached(module: string, name: string, skipBindings = false): NameLookup {
    const info = this.module(module);
    if (!info)
      return this.isFirstParty(module)
        ? { kind: "missing", module, tried: [`no module ${module}`] }
        : { kind: "external", module };
    const binding = skipBindings ? undefined : this.bindings(module).get(name);
    if (binding) return this.starAfter(info.file!, module, name, binding.start) ?? { kind: "binding", module, binding };
    if (MODULE_DUNDERS.has(name) && hasDunder(info, name)) return { kind: "getattr", module };
    const tried = [`no binding '${name}' in ${info.file?.path ?? "namespace package " + module}`];
    let maybeVia: string | undefined;
    for (const imp of info.file ? loadTimeStarImports(info.file) : []) {
      const from = this.absoluteFrom(info.file!, imp.level, imp.module);
      if (isFailure(from)) continue;
      const star = this.starExports(from.name);
      if (star.open) return { kind: "open", module, reason: `star import from ${from.name}: ${star.reason}` };
      if (star.names.has(name)) return { kind: "star", module, via: from.name, found: this.lookup(from.name, name) };
      if (star.maybe?.has(name)) maybeVia ??= from.name;
      else tried.push(`not exported by 'from ${from.name} import *'`);
    }
    // Names bound by the module's code win over a submodule of the same name.
    if (this.index.modules.has(`${module}.${name}`)) return { kind: "submodule", module: `${module}.${name}` };
    if (maybeVia) return { kind: "star", module, via: maybeVia, found: this.lookup(maybeVia, name) };
    tried.push(`no submodule ${module}.${name}`);
    if (info.file?.facts.hasGetattr) return { kind: "getattr", module };
    if (info.file?.isStub) return { kind: "open", module, reason: "stubs may be partial" };
    // Generated code (protobuf's `_pb2.py`) binds its names at run time through `globals()`; the
    // `.pyi` beside it declares them, and that is what type checkers read.
    const stub = info.file && !info.file.isStub ? this.index.files.get(`${info.file.path}i`) : undefined;
    if (stub?.facts.bindings.some((b) => b.name === name))
      return { kind: "open", module, reason: `declared in ${stub.path}` };
    return { kind: "missing", module, tried };
  }

  /** A module-level `import *` after offset `after` that rebinds `name` (the last one wins, as at runtime). */
  private starAfter(file: SourceFile, module: string, name: string, after: number): NameLookup | null {
    let found: NameLookup | null = null;
    for (const imp of loadTimeStarImports(file)) {
      if (imp.start <= after) continue;
      const from = this.absoluteFrom(file, imp.level, imp.module);
      if (isFailure(from)) continue;
      const star = this.starExports(from.name);
      if (!star.open && star.names.has(name))
        found = { kind: "star", module, via: from.name, found: this.lookup(from.name, name) };
    }
    return found;
  }

  /** The names `from module import *` binds. */
  starExports(module: string): StarExports {
    const hit = this.starCache.get(module);
    if (hit) return hit;
    this.starCache.set(module, { open: true, reason: "import cycle through star imports" });
    const result = this.starExportsUncached(module);
    this.starCache.set(module, result);
    return result;
  }

  private starExportsUncached(module: string): StarExports {
    const info = this.index.modules.get(module);
    if (!info)
      return {
        open: true,
        reason: this.isFirstParty(module) ? `module ${module} not found` : `${module} is outside the project`,
      };
    const file = info.file;
    // A package's submodules are attributes once loaded, and `import *` without `__all__` exports
    // them; whether one is loaded depends on import order, so they are the `maybe` names.
    const submodules = this.submodules(module).filter((n) => !n.startsWith("_"));
    if (!file) return { names: new Set(), open: false, maybe: new Set(submodules) };
    const all = file.facts.all;
    if (all) {
      if (all.dynamic) return { open: true, reason: `__all__ of ${module} is computed at runtime` };
      const names = new Set(all.names);
      for (const spread of all.spreads) {
        const target = this.resolveDottedModule(module, spread);
        if (!target) return { open: true, reason: `cannot resolve ${spread}.__all__ in ${module}` };
        const inner = this.index.modules.get(target)?.file?.facts.all;
        if (!inner || inner.dynamic) return { open: true, reason: `${target} has no static __all__` };
        const sub = this.starExports(target);
        if (sub.open) return sub;
        for (const n of inner.names) names.add(n);
        for (const n of sub.names) names.add(n);
      }
      return { names, open: false };
    }
    // Without __all__, every public global, imported names included (pitfall 7); a module that
    // writes its own namespace binds more than its code shows. The text is read only here, for
    // modules a star import reaches; through a star chain, the open answer below carries it up.
    if (!file.isStub && this.writesOwnNamespace(file))
      return { open: true, reason: `${module} writes its own namespace at run time (globals())` };
    const names = new Set<string>();
    const maybe = new Set<string>(info.isPackage ? submodules : []);
    for (const n of this.bindings(module).keys()) if (!n.startsWith("_")) names.add(n);
    for (const imp of loadTimeStarImports(file)) {
      const from = this.absoluteFrom(file, imp.level, imp.module);
      if (isFailure(from)) continue;
      const sub = this.starExports(from.name);
      if (sub.open) return sub;
      for (const n of sub.names) if (!n.startsWith("_")) names.add(n);
      for (const n of sub.maybe ?? []) maybe.add(n);
    }
    for (const n of names) maybe.delete(n);
    return { names, open: false, maybe };
  }

  private writesOwnNamespace(file: SourceFile): boolean {
    try {
      return writesOwnNamespace(this.index.readText(file.path));
    } catch {
      // Unreadable now (removed since the index was built): no claim on what it binds.
      return true;
    }
  }

  /**
   * The module a dotted expression inside `module` refers to: `user` (a name bound in module to a
   * module by an import) or `pkg.user` (`import pkg.user`). Null when it is not a module.
   */
  resolveDottedModule(module: string, dotted: string): string | null {
    const [head, ...rest] = dotted.split(".");
    return this.submoduleChain(this.moduleBoundTo(module, head), rest);
  }

  /** From module `start`, the module each further part names (`a` + `b.c` → `a.b.c`), or null. */
  submoduleChain(start: string | null, parts: readonly string[]): string | null {
    let current = start;
    for (const part of parts) {
      if (!current) return null;
      current = this.moduleNamed(current, part);
    }
    return current;
  }

  /** The module that name `head` is bound to in `module`, if it is bound to a module. */
  moduleBoundTo(module: string, head: string): string | null {
    const look = this.lookup(module, head);
    if (look.kind === "submodule") return look.module;
    if (look.kind === "binding") return this.moduleOfBinding(module, look.binding);
    return null;
  }

  /** For an import binding that binds a module (`import a.b as m`, `from pkg import sub`), that module. */
  moduleOfBinding(module: string, b: Binding, seen?: Set<string>): string | null {
    if (b.kind !== "import" || b.importIndex === undefined) return null;
    const file = this.index.modules.get(module)?.file;
    const imp = file?.facts.imports[b.importIndex];
    if (!file || !imp) return null;
    const n = imp.names.find((x) => (x.alias ?? (imp.kind === "import" ? x.name.split(".")[0] : x.name)) === b.name);
    if (!n) return null;
    if (imp.kind === "import") {
      const name = n.alias ? n.name : n.name.split(".")[0];
      return this.index.modules.has(name) ? name : null;
    }
    const from = this.absoluteFrom(file, imp.level, imp.module);
    if (isFailure(from)) return null;
    return this.moduleNamed(from.name, n.name, module, seen);
  }

  /**
   * The module `from parent import name` binds, if it binds one. Like Python, an attribute of the
   * package wins over a submodule of the same name (`from .error_logs import error_logs` in an
   * `__init__` shadows the submodule with the table object).
   */
  moduleNamed(parent: string, name: string, importer?: string, seen?: Set<string>): string | null {
    // Re-exports can loop (`a` does `from b import x`, `b` does `from a import x`): Python fails such
    // an import, so a name met twice on one chain binds no module. The chain's set is made when it
    // goes on past its first link (most end there).
    if (seen) {
      const key = `${parent}\0${name}`;
      if (seen.has(key)) return null;
      seen.add(key);
    }
    const look = this.lookup(parent, name);
    if (look.kind === "submodule") return look.module;
    if (look.kind === "star")
      return look.found.kind === "submodule"
        ? look.found.module
        : look.found.kind === "binding"
          ? this.moduleOfBinding(look.found.module, look.found.binding, seen ?? new Set([`${parent}\0${name}`]))
          : null;
    if (look.kind === "binding" && look.module !== importer)
      return this.moduleOfBinding(look.module, look.binding, seen ?? new Set([`${parent}\0${name}`]));
    // `from . import sub` inside the package's own __init__: the binding is this very import.
    if (look.kind === "binding" && this.index.modules.has(`${parent}.${name}`)) return `${parent}.${name}`;
    return null;
  }

  /** Follows re-export chains to the statement that defines the name (class, def, assignment). */
  definition(look: NameLookup): { module: string; binding: Binding } | { module: string; submodule: true } | null {
    for (let i = 0; i < 50; i++) {
      if (look.kind === "star") {
        look = look.found;
        continue;
      }
      if (look.kind === "submodule") return { module: look.module, submodule: true };
      if (look.kind !== "binding") return null;
      if (look.binding.kind !== "import") return { module: look.module, binding: look.binding };
      const next = this.followImportBinding(look.module, look.binding);
      if (!next) return { module: look.module, binding: look.binding };
      look = next;
    }
    return null;
  }

  private followImportBinding(module: string, b: Binding): NameLookup | null {
    const file = this.index.modules.get(module)?.file;
    const imp: ImportFact | undefined = file?.facts.imports[b.importIndex ?? -1];
    if (!file || !imp || imp.kind !== "from") return null;
    const n = imp.names.find((x) => (x.alias ?? x.name) === b.name);
    const from = this.absoluteFrom(file, imp.level, imp.module);
    if (!n || isFailure(from)) return null;
    return this.lookup(from.name, n.name);
  }
}

/**
 * A file's star imports that run when it loads (`from m import *` not commented out, not inside a
 * function), in order. Every lookup that finds a binding asks for those after it: most files have
 * none, and a long import list was walked once per name looked up in it.
 */
export function loadTimeStarImports(file: SourceFile): readonly ImportFact[] {
  let list = STAR_IMPORTS.get(file);
  if (!list) {
    list = file.facts.imports.filter((imp) => imp.star && !imp.commented && !imp.context.function);
    STAR_IMPORTS.set(file, list);
  }
  return list;
}

const STAR_IMPORTS = new WeakMap<SourceFile, readonly ImportFact[]>();

/** A package `__init__` that assigns `__path__` at module level (`__path__ = extend_path(__path__, __name__)`). */
function extendsPath(info: ModuleInfo): boolean {
  return info.isPackage && info.file !== null && info.file.facts.bindings.some((b) => b.name === "__path__");
}
