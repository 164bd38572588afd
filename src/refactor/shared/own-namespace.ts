/**
 * Does a module write names into its own namespace at run time (`globals()[name] = ...`,
 * protobuf's `_pb2.py` handing `globals()` to a builder, `sys.modules[__name__]`)? Its bindings
 * then do not show what `from it import *` binds. Read from the text: a cheap, cautious yes.
 */
import { isFailure } from "../../core/outcome.js";
import type { Resolver } from "../../project/resolver.js";

const OWN_NAMESPACE = /\bglobals\s*\(\s*\)|\bsys\.modules\s*\[\s*__name__\s*\]/;

export function writesOwnNamespace(resolver: Resolver, module: string): boolean {
  const path = resolver.module(module)?.file?.path;
  if (!path) return false;
  try {
    return OWN_NAMESPACE.test(resolver.index.readText(path));
  } catch {
    return true;
  }
}

/** The modules `module` star-imports, and theirs in turn, with `module` itself. */
export function starReach(resolver: Resolver, module: string, seen = new Set<string>()): Set<string> {
  if (seen.has(module)) return seen;
  seen.add(module);
  const file = resolver.module(module)?.file;
  for (const imp of file?.facts.imports ?? []) {
    if (!imp.star || imp.commented || imp.kind !== "from") continue;
    const target = resolver.absoluteFrom(file!, imp.level, imp.module);
    if (!isFailure(target)) starReach(resolver, target.name, seen);
  }
  return seen;
}
