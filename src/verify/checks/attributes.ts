/**
 * RM003: `mod.Name` read on a first-party module that has no such attribute (`from pkg import
 * models; models.Userr`). Stops at the first part that is a value, not a module: class attributes
 * are not checked. Modules with `__getattr__` or an unknowable namespace are never reported.
 */
import type { Problem } from "../../core/diagnostics.js";
import type { ImportFact } from "../../python/facts.js";
import { importedModules } from "../../project/graph.js";
import type { NameLookup, Resolver } from "../../project/resolver.js";
import type { SourceFile } from "../../project/types.js";

export function checkAttributes(resolver: Resolver): Problem[] {
  const out: Problem[] = [];
  for (const file of resolver.index.files.values()) {
    if (file.facts.attributeRefs.length === 0) continue;
    const roots = moduleRoots(resolver, file);
    const loaded = importedPackages(file);
    for (const ref of file.facts.attributeRefs) {
      const parts = ref.chain.split(".");
      let current = roots.get(parts[0]);
      if (!current) continue;
      let i = 1;
      // After `import a.b.c`, `a.b` and `a.b.c` are those modules even where `a` binds a value
      // named `b`: the import system sets the attribute when it first loads the submodule. Not
      // when `a/__init__` loads `a.b` itself: then its own later binding of `b` wins.
      if (current === parts[0]) {
        for (let k = parts.length - 1; k >= 2; k--) {
          const prefix = parts.slice(0, k).join(".");
          if (loaded.has(prefix) && resolver.module(prefix) && !initLoads(resolver, prefix)) { current = prefix; i = k; break; }
        }
      }
      for (; i < parts.length && current; i++) {
        const look = resolver.lookup(current, parts[i]);
        if (look.kind === "missing") {
          out.push({
            code: "RM003", path: file.path, line: ref.line, column: ref.column,
            message: `"${parts[i]}" is not a known attribute of module "${current}"`,
            data: { module: current, name: parts[i], chain: ref.chain },
          });
          break;
        }
        let found: NameLookup = look;
        while (found.kind === "star") found = found.found;
        current = found.kind === "submodule" ? found.module : found.kind === "binding" ? resolver.moduleOfBinding(found.module, found.binding) ?? undefined : undefined;
      }
    }
  }
  return out;
}

/** Does the parent package's own code import `module` (so that the parent's binding of the name wins)? */
function initLoads(resolver: Resolver, module: string): boolean {
  const parent = resolver.module(module.slice(0, module.lastIndexOf(".")))?.file;
  return !!parent && parent.facts.imports.some((imp) => !imp.commented && importedModules(resolver, parent, imp).includes(module));
}

/** Every dotted prefix (two parts or more) of the modules the file loads by `import a.b.c`. */
function importedPackages(file: SourceFile): Set<string> {
  const out = new Set<string>();
  for (const imp of file.facts.imports) {
    if (imp.kind !== "import" || imp.commented) continue;
    for (const n of imp.names) {
      const parts = n.name.split(".");
      for (let k = 2; k <= parts.length; k++) out.add(parts.slice(0, k).join("."));
    }
  }
  return out;
}

/**
 * Names that the file binds to first-party modules by any import, in any scope. A name bound to
 * different things by different imports is left out: which one a read sees depends on scope.
 * Only names that head an attribute chain or a `patch.object` target of the file are resolved:
 * those are the only ones anybody asks about.
 */
export function moduleRoots(resolver: Resolver, file: SourceFile): Map<string, string> {
  const wanted = new Set<string>();
  for (const ref of file.facts.attributeRefs) wanted.add(head(ref.chain));
  for (const ref of file.facts.stringRefs) if (ref.object !== undefined) wanted.add(head(ref.object));
  const seen = new Map<string, string | null>();
  const note = (name: string, module: () => string | null) => {
    if (!wanted.has(name)) return;
    const prev = seen.get(name);
    if (prev === null) return;
    const m = module();
    seen.set(name, prev === undefined || prev === m ? m : null);
  };
  for (const imp of file.facts.imports) {
    if (imp.commented) continue;
    for (const n of imp.names) note(n.alias ?? (imp.kind === "import" ? head(n.name) : n.name), () => boundModule(resolver, file, imp, n));
  }
  for (const b of file.facts.bindings) if (b.kind !== "import") note(b.name, () => null);
  const out = new Map<string, string>();
  for (const [k, v] of seen) if (v && resolver.module(v)?.file !== undefined) out.set(k, v);
  return out;
}

/** The first-party module a dotted object expression of the file names (`models.user`), if any. */
export function objectModule(resolver: Resolver, file: SourceFile, object: string): string | null {
  const [first, ...rest] = object.split(".");
  return resolver.submoduleChain(moduleRoots(resolver, file).get(first) ?? null, rest);
}

function head(dotted: string): string {
  const dot = dotted.indexOf(".");
  return dot < 0 ? dotted : dotted.slice(0, dot);
}

function boundModule(resolver: Resolver, file: SourceFile, imp: ImportFact, n: ImportFact["names"][number]): string | null {
  if (imp.kind === "import") {
    const name = n.alias ? n.name : n.name.split(".")[0];
    return resolver.module(name) ? name : null;
  }
  const from = resolver.absoluteFrom(file, imp.level, imp.module);
  if ("error" in from) return null;
  return resolver.moduleNamed(from.name, n.name, file.module);
}
