/**
 * Names and calls of one Python file as far as raw SQL needs them: the last plain assignment of a
 * name before a point (in its function, else the module), and what a call of a function of the
 * same file returns, read in that function's own scope.
 */
import type { SyntaxNode } from "../python/parser.js";
import { calleeOf, returnValues } from "./returns.js";
import type { Lookup } from "./sql-text.js";

/**
 * Bindings of a name: the last plain assignment before the point in the function, else a module
 * assignment. A name also extended by `+=` is "rebound": built at run time.
 */
export function lookupIn(scope: SyntaxNode, module: SyntaxNode): Lookup {
  let byScope = LOOKUPS.get(scope.tree);
  if (!byScope) LOOKUPS.set(scope.tree, (byScope = new Map()));
  let lookup = byScope.get(scope.id);
  if (!lookup) byScope.set(scope.id, (lookup = newLookup(scope, module)));
  return lookup;
}

/** One lookup per scope and tree: every site of a function, and every call of a helper, asks the same one. */
const LOOKUPS = new WeakMap<object, Map<number, Lookup>>();

function newLookup(scope: SyntaxNode, module: SyntaxNode): Lookup {
  const lookup: Lookup = (name, before) => {
    for (const s of scope === module ? [module] : [scope, module]) {
      const found = bindingsOf(s, name, s === module && scope !== module ? Infinity : before);
      if (found.rebound) return "rebound";
      if (found.last) return found.last;
    }
    return undefined;
  };
  lookup.within = (def) => lookupIn(def, module);
  // A helper with one `return` is followed; one with several returns is text built at run time.
  lookup.returned = (call) => {
    const def = calleeOf(call);
    const values = def ? returnValues(def) : [];
    return def && values.length === 1 ? { value: values[0], lookup: lookupIn(def, module) } : undefined;
  };
  return lookup;
}

function bindingsOf(scope: SyntaxNode, name: string, before: number): { last?: SyntaxNode; rebound: boolean } {
  let last: SyntaxNode | undefined;
  let rebound = false;
  for (const b of assignmentsOf(scope).get(name) ?? []) {
    if (b.start >= before) break;
    if (b.augmented) rebound = true;
    else last = b.right ?? last;
  }
  return { last, rebound };
}

interface Binding {
  start: number;
  augmented: boolean;
  right?: SyntaxNode;
}

/**
 * The plain assignments of each name in the scope itself, in source order. Read once per scope and
 * tree: every site and every name of a file looks its bindings up, and walking the module's whole
 * tree each time (each node a crossing into the parser's native side) was most of `siteOf`.
 */
const ASSIGNMENTS = new WeakMap<object, Map<number, Map<string, Binding[]>>>();

function assignmentsOf(scope: SyntaxNode): Map<string, Binding[]> {
  let byScope = ASSIGNMENTS.get(scope.tree);
  if (!byScope) ASSIGNMENTS.set(scope.tree, (byScope = new Map()));
  let names = byScope.get(scope.id);
  if (names) return names;
  names = new Map();
  for (const n of scope.descendantsOfType(["assignment", "augmented_assignment"])) {
    const left = n.childForFieldName("left");
    if (left?.type !== "identifier" || !ownScope(n, scope)) continue;
    const list = names.get(left.text) ?? [];
    list.push({
      start: n.startIndex,
      augmented: n.type === "augmented_assignment",
      right: n.type === "augmented_assignment" ? undefined : (n.childForFieldName("right") ?? undefined),
    });
    names.set(left.text, list);
  }
  byScope.set(scope.id, names);
  return names;
}

/** The binding is in this scope itself, not in a function or class nested in it. */
function ownScope(n: SyntaxNode, scope: SyntaxNode): boolean {
  for (let p = n.parent; p && p.id !== scope.id; p = p.parent)
    if (p.type === "function_definition" || p.type === "class_definition") return false;
  return true;
}
