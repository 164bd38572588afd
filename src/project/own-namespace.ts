/**
 * Does a module write names into its own namespace at run time (`globals()[name] = ...`,
 * `globals().update(...)`, protobuf's `_pb2.py` handing `globals()` to a builder, `exec(code,
 * globals())`, `sys.modules[__name__]`)? Its bindings then do not show what `from it import *`
 * binds. Read from the text: a cheap, cautious yes. Reads (`globals()["__file__"]`,
 * `globals().get(name)`, `name in globals():`) are no writes; `globals()` handed to a call or bound
 * to a name may be written through, and counts.
 */
const OWN_NAMESPACE = new RegExp(
  [
    // an item assigned (`globals()[k] = v`, `globals()[names[i]] += v`; not `==`)
    String.raw`\b(?:globals|vars|locals)\s*\(\s*\)\s*\[(?:[^[\]\n]|\[[^\]\n]*\])*\]\s*[-+*/%|&^@]?=(?!=)`,
    // a mutating method
    String.raw`\bglobals\s*\(\s*\)\s*\.\s*(?:update|setdefault|__setitem__)\s*\(`,
    // handed on: an argument (`f(globals())`, `f(x, globals(), y)`) or bound to a name (`g = globals()`)
    String.raw`\bglobals\s*\(\s*\)\s*[,)]`,
    String.raw`(?<![=!<>])=\s*globals\s*\(\s*\)[ \t]*(?:[#;]|$)`,
    // Python 2's `exec code in globals()`
    String.raw`\bexec\b[^\n]*\bin\s+globals\s*\(\s*\)`,
    // the module object itself (replaced, or written with setattr)
    String.raw`\bsys\.modules\s*\[\s*__name__\s*\]`,
  ].join("|"),
  "m",
);

export function writesOwnNamespace(text: string): boolean {
  return OWN_NAMESPACE.test(text);
}
