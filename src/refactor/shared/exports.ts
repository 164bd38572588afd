/**
 * What a module must keep exporting when its code moves behind a re-exporting `__init__`: its
 * `__all__`, plus every name any module imports from it or reads as its attribute (names it
 * imported from elsewhere included: pitfall 2), plus what star-importers can see, plus names
 * string references reach. Each name carries why it is exported.
 */
import type { Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";
import { moduleRoots } from "../../project/module-roots.js";
import { rootResolvers } from "../../project/own-root.js";
import { absoluteTarget } from "./relative.js";

export type ExportMode = "used" | "all-public";

export interface ExportSet {
  names: string[];
  reasons: Map<string, string[]>;
}

/**
 * `root`: the source root of the module's file, where another root has a module of the same name
 * (own-root.ts); only files that read `module` as that file count, each as its own root sees it.
 */
export function computeExports(whole: Resolver, module: string, mode: ExportMode = "used", root?: string): ExportSet {
  const resolverFor = rootResolvers(whole);
  const resolver = root === undefined ? whole : resolverFor(root);
  const reasons = new Map<string, string[]>();
  const add = (name: string, why: string) => {
    if (name.startsWith("__") && name.endsWith("__")) return;
    if (resolver.lookup(module, name).kind === "missing") return;
    const list = reasons.get(name);
    if (list) {
      if (!list.includes(why)) list.push(why);
    } else reasons.set(name, [why]);
  };
  const self = resolver.module(module)?.file;
  const all = self?.facts.all;
  if (all && !all.dynamic) for (const n of all.names) add(n, "__all__");
  // A published module without a static __all__ has its public definitions as its API (with an
  // __all__, that is the declared API, already kept above).
  const published = all && !all.dynamic ? null : publishedAs(resolver, self);
  if (mode === "all-public" || published) {
    // Public names, but not modules the file merely imported (`import re`); for a published API
    // only what the module defines (names it imports belong to their own modules' API).
    const why = mode === "all-public" ? "public" : `public API of the published distribution ${published}`;
    for (const b of self?.facts.bindings ?? []) {
      const imp = b.importIndex === undefined ? null : self!.facts.imports[b.importIndex];
      if (mode !== "all-public" && imp) continue;
      // A name bound only under `if TYPE_CHECKING:` does not exist at runtime: re-exporting it would fail.
      if (!b.name.startsWith("_") && imp?.kind !== "import" && !b.typeOnly) add(b.name, why);
    }
  }
  const ancestors = dottedPrefixes(module);
  for (const file of resolver.index.files.values()) {
    if (file === self || !mayMention(mentionsOf(resolver, file), module, ancestors)) continue;
    const own = resolverFor(file.sourceRoot);
    if (own !== resolver && own.module(module)?.file !== self) continue;
    let mayReadAttributes = false;
    for (const imp of file.facts.imports) {
      if (imp.commented) continue;
      if (imp.kind === "import") {
        // `import pkg.models.user` or `import pkg` can reach the module by attribute chains.
        mayReadAttributes ||= imp.names.some(
          (n) => n.name === module || module.startsWith(n.name + ".") || n.name.startsWith(module + "."),
        );
        continue;
      }
      const target = absoluteTarget(resolver, file, imp);
      if (target === null) continue;
      if (target !== module) {
        // `from pkg.models import user` binds the module itself (or a package on its way).
        mayReadAttributes ||=
          module.startsWith(target + ".") &&
          imp.names.some((n) => module === `${target}.${n.name}` || module.startsWith(`${target}.${n.name}.`));
        continue;
      }
      if (imp.star) {
        const names =
          starBound(resolver, module) ??
          (self?.facts.bindings ?? []).map((b) => b.name).filter((n) => !n.startsWith("_"));
        for (const n of names) add(n, `star-imported by ${file.path}`);
      } else for (const n of imp.names) add(n.name, `imported by ${file.path}:${imp.line}`);
    }
    const roots = mayReadAttributes ? moduleRoots(own, file) : null;
    if (roots) {
      for (const ref of file.facts.attributeRefs) {
        const name = attributeOf(own, roots, ref.chain, module);
        if (name) add(name, `read as attribute in ${file.path}:${ref.line}`);
      }
    }
    for (const ref of file.facts.stringRefs) {
      if (ref.kind !== "patch" && ref.kind !== "setattr" && ref.kind !== "patch.object") continue;
      const name = ref.object
        ? roots
          ? attributeOf(own, roots, `${ref.object}.${ref.value}`, module)
          : null
        : ref.value.startsWith(module + ".")
          ? ref.value.slice(module.length + 1).split(".")[0]
          : null;
      if (name) add(name, `string reference in ${file.path}:${ref.line}`);
    }
  }
  const names = sortNames([...reasons.keys()]);
  return { names, reasons };
}

/**
 * The names `from module import *` binds, or null when that cannot be known (a star import of a
 * module outside the project, or of one that writes its own namespace). A package's submodules
 * that its own imports load are among them (`from .choices import *` in `__init__.py` binds
 * `choices`); others load only if someone imports them.
 */
export function starBound(resolver: Resolver, module: string): string[] | null {
  const star = resolver.starExports(module);
  if (star.open) return null;
  const names = [...star.names];
  const self = resolver.module(module)?.file;
  if (!self?.isPackage || !star.maybe?.size) return names;
  for (const imp of self.facts.imports) {
    if (imp.commented || imp.context.function || imp.context.typeChecking || imp.lazy) continue;
    const loaded = imp.kind === "import" ? imp.names.map((n) => n.name) : [absoluteTarget(resolver, self, imp) ?? ""];
    for (const target of loaded) {
      if (!target.startsWith(`${module}.`)) continue;
      const sub = target.slice(module.length + 1).split(".")[0];
      if (star.maybe.has(sub) && !names.includes(sub)) names.push(sub);
    }
  }
  return names;
}

/**
 * The distribution whose public API a module is part of: the project builds one, and the module
 * is a public module of one of its packages (no `_private` part, not a test or a script).
 */
function publishedAs(resolver: Resolver, file: SourceFile | null | undefined): string | null {
  const dist = resolver.index.distribution;
  if (!dist || !file) return null;
  const parts = file.module.split(".");
  if (
    parts.length < 2 ||
    parts.some((p) => p.startsWith("_")) ||
    /(^|\/)(tests?|scripts|docs|examples)\//.test(file.path)
  )
    return null;
  return `"${dist}"`;
}

/** Modules a file's imports name: exactly, and with every dotted prefix of those. */
interface Mentions {
  /** Modules an import may bind to a name (then attribute chains can reach below them). */
  exact: Set<string>;
  prefixed: Set<string>;
  /** String references that can name a module: dotted strings, and whether any goes through an object. */
  dotted: string[];
  objectRefs: boolean;
}

/** Facts of an unchanged file are the same object in every index a plan builds: computed once. */
const MENTIONS = new WeakMap<SourceFile, Mentions>();

function mentionsOf(resolver: Resolver, file: SourceFile): Mentions {
  let m = MENTIONS.get(file);
  if (m) return m;
  m = { exact: new Set(), prefixed: new Set(), dotted: [], objectRefs: false };
  for (const r of file.facts.stringRefs) {
    if (r.object !== undefined) m.objectRefs = true;
    else if (r.value.includes(".")) m.dotted.push(r.value);
  }
  for (const imp of file.facts.imports) {
    if (imp.commented) continue;
    // What can bind the module or a package above it: `import a.b`, `from a import b` (a.b).
    const target = absoluteTarget(resolver, file, imp);
    const binds =
      imp.kind === "import"
        ? imp.names.map((n) => n.name)
        : target === null
          ? []
          : imp.names.map((n) => `${target}.${n.name}`);
    for (const name of binds) m.exact.add(name);
    for (const name of target === null ? binds : [target, ...binds]) {
      for (const p of dottedPrefixes(name)) m.prefixed.add(p);
      m.prefixed.add(name);
    }
  }
  MENTIONS.set(file, m);
  return m;
}

/**
 * Can this file import from `module` or reach it by attributes or strings? A quick filter before
 * the exact reading above: it names the module, something below it, or something above it.
 */
function mayMention(m: Mentions, module: string, ancestors: string[]): boolean {
  if (m.prefixed.has(module) || m.objectRefs) return true;
  for (const a of ancestors) if (m.exact.has(a)) return true;
  for (const d of m.dotted) if (d.startsWith(module) && d[module.length] === ".") return true;
  return false;
}

/** `a.b.c` → `a`, `a.b`. */
function dottedPrefixes(name: string): string[] {
  const out: string[] = [];
  for (let i = name.indexOf("."); i >= 0; i = name.indexOf(".", i + 1)) out.push(name.slice(0, i));
  return out;
}

/** In `root.a.b.Name`, the name read from `module`, if the chain passes through it. */
function attributeOf(
  resolver: Resolver,
  roots: ReadonlyMap<string, string>,
  chain: string,
  module: string,
): string | null {
  const parts = chain.split(".");
  let current = roots.get(parts[0]);
  for (let i = 1; i < parts.length && current; i++) {
    if (current === module) return parts[i];
    current = resolver.moduleNamed(current, parts[i]) ?? undefined;
  }
  return null;
}

/** isort's order-by-type: CONSTANTS, then Classes, then everything else, each alphabetical. */
export function sortNames(names: string[]): string[] {
  const rank = (n: string) =>
    n.length > 1 && n === n.toUpperCase() && /[A-Z]/.test(n) ? 0 : /^_*[A-Z]/.test(n) ? 1 : 2;
  return [...names].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : 1),
  );
}

/** One line per kept name and why it is kept, for the plan's notes and plan files. */
export function exportReasons(set: ExportSet): Record<string, string> {
  return Object.fromEntries(set.names.map((n) => [n, (set.reasons.get(n) ?? []).join("; ")]));
}
