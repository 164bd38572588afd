/**
 * Module-qualified names inside an expression string (`"pkg.models.user.User.id == Address.uid"`):
 * SQLAlchemy evaluates relationship() expression strings against its class registry, where a
 * first-party module path reaches the classes whose `__module__` it is. Moves must rewrite them,
 * and the check must see them break.
 */
import type { Resolver } from "./resolver.js";

export interface QualifiedName {
  /** The module path and the name read from it: `pkg.models.user` and `User`. */
  module: string;
  name: string;
  /** Offsets of `module.name` within the expression. */
  start: number;
  end: number;
}

const CHAIN = /(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+/g;

export function moduleQualifiedNames(resolver: Resolver, expr: string): QualifiedName[] {
  const out: QualifiedName[] = [];
  for (const m of expr.matchAll(CHAIN)) {
    const parts = m[0].split(".");
    // The longest prefix that is a first-party module, followed by at least one name.
    for (let i = parts.length - 2; i >= 0; i--) {
      const module = parts.slice(0, i + 1).join(".");
      if (!resolver.module(module) || !resolver.isFirstParty(module)) continue;
      out.push({ module, name: parts[i + 1], start: m.index, end: m.index + module.length + 1 + parts[i + 1].length });
      break;
    }
  }
  return out;
}
