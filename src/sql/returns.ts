/**
 * What a call returns when the function called is defined in the same file: `build()` of a
 * module-level (or enclosing) `def build`, `self.build()` / `cls.build()` / `Klass.build()` of a
 * method of the enclosing class. Read so that SQL text built by a helper of the file (`q = notes_query()`) is as
 * known as the helper's own `return`, and a helper returning `sa.select(...)` is known to be a
 * statement object, not text.
 */
import type { SyntaxNode } from "../python/parser.js";

/** The function the call names, when it is defined in this file; else undefined. */
export function calleeOf(call: SyntaxNode): SyntaxNode | undefined {
  const fn = call.childForFieldName("function");
  if (!fn) return undefined;
  if (fn.type === "identifier") {
    // The innermost scope first: a function nested in the caller, then the module.
    for (let p = call.parent; p; p = p.parent) {
      if (p.type !== "function_definition" && p.type !== "module") continue;
      const body = p.type === "module" ? p : p.childForFieldName("body");
      const found = body && defIn(body, fn.text);
      if (found) return found;
    }
    return undefined;
  }
  if (fn.type !== "attribute") return undefined;
  const object = fn.childForFieldName("object")?.text;
  for (let p = call.parent; p; p = p.parent) {
    if (p.type !== "class_definition") continue;
    // `self.build()`, `cls.build()`, or the class by its name (`Store.build()` of a static method).
    if (object !== "self" && object !== "cls" && object !== p.childForFieldName("name")?.text) return undefined;
    const body = p.childForFieldName("body");
    return body ? defIn(body, fn.childForFieldName("attribute")!.text) : undefined;
  }
  return undefined;
}

/**
 * The returns of each function, read once per tree: a helper's are asked for its kind and again for
 * its text, at every call of it, and each read walks its body across the parser's native side.
 */
const RETURNS = new WeakMap<object, Map<number, readonly SyntaxNode[]>>();

/** The values of the function's own `return` statements (not those of functions nested in it). */
export function returnValues(def: SyntaxNode): readonly SyntaxNode[] {
  let byDef = RETURNS.get(def.tree);
  if (!byDef) RETURNS.set(def.tree, (byDef = new Map()));
  let values = byDef.get(def.id);
  if (!values) byDef.set(def.id, (values = ownReturns(def)));
  return values;
}

function ownReturns(def: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const r of def.descendantsOfType("return_statement")) {
    let own = true;
    for (let p = r.parent; p && p.id !== def.id; p = p.parent)
      if (p.type === "function_definition" || p.type === "lambda" || p.type === "class_definition") own = false;
    const value = r.namedChildren[0];
    if (own && value) out.push(value);
  }
  return out;
}

/** A `def name` directly in the block (also under a decorator). */
function defIn(block: SyntaxNode, name: string): SyntaxNode | undefined {
  for (const c of block.namedChildren) {
    const def = c.type === "decorated_definition" ? c.childForFieldName("definition") : c;
    if (def?.type === "function_definition" && def.childForFieldName("name")?.text === name) return def;
  }
  return undefined;
}
