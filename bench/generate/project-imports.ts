import { ancestry, type Export, type Mod } from "./project-tree.js";
import type { Random } from "./random.js";

/** An expression usable in generated code, and what it denotes. */
export interface Ref {
  expr: string;
  kind: Export["kind"];
  /**
   * Only safe inside functions: `a.b.c.X` after `import a.b.c` reads attributes of packages that
   * may still be initialising when this module loads (pitfall 9).
   */
  lazyOnly?: boolean;
}

/** Standard-library names every generated module binds; star imports may re-bind them harmlessly. */
export const STDLIB_BINDINGS = new Set([
  "annotations",
  "logging",
  "TYPE_CHECKING",
  "Any",
  "Dict",
  "List",
  "Optional",
  "logger",
]);

/** Per-module import state: the names bound at module level and what they refer to. */
export class ImportScope {
  readonly bound = new Set<string>();
  /** Names bound by plain `from X import name` lines: others may import them from this module. */
  readonly fromImported: Export[] = [];

  constructor(readonly top: string) {}

  free(name: string): boolean {
    return !this.bound.has(name);
  }
}

/** `from <spec> import`: relative (up to three dots) when `relative` and possible, else absolute. */
export function fromSpec(from: Mod, target: Mod, relative: boolean): string {
  const targetParts = target.dotted.split(".");
  if (!relative) return target.dotted;
  const here = from.pkg.dotted.split(".");
  let common = 0;
  while (common < here.length && common < targetParts.length && here[common] === targetParts[common]) common++;
  const level = here.length - common + 1;
  const rest = targetParts.slice(common);
  if (level > 3) return target.dotted;
  return ".".repeat(level) + rest.join(".");
}

/** True when `target` is `mod` itself or the `__init__` of a package that contains `mod`. */
export function isSelfOrAncestor(mod: Mod, target: Mod): boolean {
  if (target === mod) return true;
  return target.isInit && ancestry(mod.pkg).some((p) => p.init === target);
}

/** The names one may `from target import`: its own exports, and now and then a name it imported. */
export function importableNames(rand: Random, target: Mod, scopes: Map<Mod, ImportScope>): Export[] {
  const borrowed = scopes.get(target)?.fromImported ?? [];
  if (borrowed.length > 0 && rand.chance(0.08)) return [rand.pick(borrowed)];
  return target.exports;
}

/** Picks up to `count` distinct items, `pickOne` may return undefined to skip a try. */
export function pickSome<T>(rand: Random, count: number, pickOne: () => T | undefined, tries = count * 4): T[] {
  const out: T[] = [];
  for (let i = 0; i < tries && out.length < count; i++) {
    const item = pickOne();
    if (item !== undefined && !out.includes(item)) out.push(item);
  }
  return out;
}

/** Alias for an aliased import that keeps the name's style (class, function, constant). */
export function aliasFor(e: Export): string {
  if (e.kind === "class") return `Base${e.name}`;
  if (e.kind === "const") return `${e.name}_DEFAULT`;
  return `${e.name}_impl`;
}
