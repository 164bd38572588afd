/**
 * A move's renames as each source root sees them. In a monorepo two sub-projects can each have a
 * top-level package of the same name (`orders/src/common/`, `stock/src/common/`): a file reads
 * `common.units` as its own root sees the project (own-root.ts), so moving orders' `common.units`
 * must leave stock's `from common.units import GRAM` alone. A rename applies to a file only where
 * the old name, seen from the file's root, is one of the moved files; check reads imports the
 * same way, so the plan and its verification agree.
 */
import { rootResolvers } from "../../project/own-root.js";
import type { Resolver } from "../../project/resolver.js";

export interface RootRenames {
  /** The resolver a file of `root` reads its imports with. */
  resolverFor(root: string): Resolver;
  /** The renames (old dotted name → new) that apply to the files of `root`. */
  renamesFor(root: string): ReadonlyMap<string, string>;
  /** Whether the files of `root` read some moved file under its old name (some rename applies). */
  seesMoved(root: string): boolean;
}

/** `renames` maps each moved module's old name to its new one; `movedPaths` are the moved files. */
export function rootRenames(
  resolver: Resolver,
  renames: ReadonlyMap<string, string>,
  movedPaths: ReadonlySet<string>,
): RootRenames {
  const resolverFor = rootResolvers(resolver);
  const byRoot = new Map<string, ReadonlyMap<string, string>>();
  const renamesFor = (root: string): ReadonlyMap<string, string> => {
    let seen = byRoot.get(root);
    if (!seen) {
      const own = resolverFor(root);
      const kept = [...renames].filter(([from]) => movedPaths.has(own.module(from)?.file?.path ?? ""));
      // The same map where every rename applies (every root of most projects).
      seen = kept.length === renames.size ? renames : new Map(kept);
      byRoot.set(root, seen);
    }
    return seen;
  };
  return { resolverFor, renamesFor, seesMoved: (root) => renamesFor(root).size > 0 };
}
