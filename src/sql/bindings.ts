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
  const lookup: Lookup = (name, before) => {
    for (const s of scope === module ? [module] : [scope, module]) {
      const found = bindingsOf(s, name, s === module && scope !== module ? Infinity : before);
      if (found.rebound) return "rebound";
      if (found.last) return found.last;
    }
    return undefined;
  };
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
  for (const n of scope.descendantsOfType(["assignment", "augmented_assignment"])) {
    if (n.startIndex >= before || !ownScope(n, scope)) continue;
    const left = n.childForFieldName("left");
    if (left?.type !== "identifier" || left.text !== name) continue;
    if (n.type === "augmented_assignment") rebound = true;
    else last = n.childForFieldName("right") ?? last;
  }
  return { last, rebound };
}

/** The binding is in this scope itself, not in a function or class nested in it. */
function ownScope(n: SyntaxNode, scope: SyntaxNode): boolean {
  for (let p = n.parent; p && p.id !== scope.id; p = p.parent)
    if (p.type === "function_definition" || p.type === "class_definition") return false;
  return true;
}
