/**
 * Does a module write names into its own namespace at run time (`globals()[name] = ...`,
 * `globals().update(...)`, protobuf's `_pb2.py` handing `globals()` to a builder, `exec(code,
 * globals())` or `exec(code)`, `sys.modules[__name__]`)? Its bindings then do not show what
 * `from it import *` binds. Read from the text: a cheap, cautious yes. Reads (`globals()["__file__"]`,
 * `globals().get(name)`, `name in globals():`) are no writes; `globals()` handed to a call, put
 * in a container, returned or bound to a name may be written through, and counts. At module
 * level `vars()` and `locals()` are `globals()`; handed on, they are mostly a function's own
 * (`.format(**locals())`), so only their items and mutating methods count.
 */
const OWN_NAMESPACE = new RegExp(
  [
    // an item assigned (`globals()[k] = v`, `globals()[names[i]] += v`, over lines too; not `==`)
    String.raw`\b(?:globals|vars|locals)\s*\(\s*\)\s*\[(?:[^[\]]|\[[^\]]*\])*\]\s*[-+*/%|&^@]?=(?!=)`,
    // a mutating method
    String.raw`\b(?:globals|vars|locals)\s*\(\s*\)\s*\.\s*(?:update|setdefault|__setitem__)\s*\(`,
    // handed on: an argument (`f(globals())`, `f(x, globals(), y)`), an item of a list or dict,
    // or bound to a name (`g = globals()`) or returned
    String.raw`\bglobals\s*\(\s*\)\s*[,)\]}]`,
    String.raw`(?:(?<![=!<>])=|\breturn\b|\blambda\s*:)\s*globals\s*\(\s*\)[ \t]*(?:[#;]|$)`,
    // exec with one argument (not a method's): in a module's body it runs in the module's namespace
    String.raw`(?<![.\w])exec\s*\(\s*[^\s)](?:[^(),]|\((?:[^()]|\([^()]*\))*\))*\)`,
    // Python 2's `exec code in globals()`
    String.raw`\bexec\b[^\n]*\bin\s+globals\s*\(\s*\)`,
    // the module object itself (replaced, or written with setattr), whatever sys is called here
    String.raw`\bmodules\s*(?:\[\s*__name__\s*\]|\.\s*get\s*\(\s*__name__\b)`,
  ].join("|"),
  "m",
);

export function writesOwnNamespace(text: string): boolean {
  return OWN_NAMESPACE.test(text);
}
