import { parsePython, type SyntaxNode, type Tree } from "../python/parser.js";
import { toExpr, type Expr } from "./expr.js";

/**
 * What the ORM extractors need from one Python module: its imports, module-level assignments,
 * classes (with bodies as plain statements), simple functions, and module-level calls. Built once
 * per parsed file; everything is plain data.
 */
export interface PyImport {
  /** Absolute dotted module (relative imports already resolved against the importing module). */
  module: string;
  /** Imported name for `from m import name`; null for `import m` (binds the module). */
  name: string | null;
}

export interface PyAssign {
  kind: "assign";
  targets: string[];
  annotation?: Expr;
  value?: Expr;
  line: number;
}

export interface PyFunction {
  kind: "def";
  name: string;
  params: { name: string; default?: Expr }[];
  decorators: Expr[];
  /** The returned expression when the body ends with `return <expr>`. */
  returns?: Expr;
  /** Every `return <expr>` of the body (nested functions excepted), with the `if` conditions around it. */
  allReturns: { value: Expr; guards: string[] }[];
  /** `super().__init__(...)` calls of the body. */
  superInits: Expr[];
  line: number;
}

export interface PyClass {
  kind: "class";
  name: string;
  module: string;
  path: string;
  line: number;
  bases: Expr[];
  keywords: Record<string, Expr>;
  decorators: Expr[];
  body: PyStatement[];
  /** The class docstring, cleaned as `inspect.cleandoc` does; null when there is none. */
  doc: string | null;
}

/** `Model.attr = value` at module level (SQLAlchemy lets a mapped class grow attributes later). */
export interface PySetAttr {
  kind: "setattr";
  target: Expr;
  value: Expr;
  line: number;
}

export type PyStatement = PyAssign | PyFunction | PyClass | PySetAttr | { kind: "call"; call: Expr; line: number };

export interface PyModule {
  module: string;
  path: string;
  isPackage: boolean;
  imports: Map<string, PyImport>;
  /** Names imported with `from m import *`. */
  starImports: string[];
  assigns: Map<string, PyAssign>;
  classes: Map<string, PyClass>;
  functions: Map<string, PyFunction>;
  /** Every module-level statement we keep, in source order. */
  statements: PyStatement[];
  syntaxError: boolean;
}

/**
 * Defines `obj[key]` as computed on first read. Most of a module is never asked about (only models,
 * their bases, enums and helpers are), and converting tree-sitter nodes is the costly part.
 */
function lazy<T extends object, K extends keyof T>(obj: T, key: K, compute: () => T[K]): void {
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get() {
      const v = compute();
      Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true });
      return v;
    },
    set(v: T[K]) {
      Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true });
    },
  });
}

/** Parses one file and summarizes it; `tree` is the text's own parse when the caller has it already. */
export function summarizeModule(path: string, module: string, text: string, tree: Tree = parsePython(text)): PyModule {
  const isPackage = /(^|\/)__init__\.pyi?$/.test(path);
  const m: PyModule = {
    module,
    path,
    isPackage,
    imports: new Map(),
    starImports: [],
    assigns: new Map(),
    classes: new Map(),
    functions: new Map(),
    statements: [],
    syntaxError: tree.rootNode.hasError,
  };
  const pkg = isPackage ? module : module.split(".").slice(0, -1).join(".");
  walkBlock(tree.rootNode, m, pkg, true);
  return m;
}

function walkBlock(block: SyntaxNode, m: PyModule, pkg: string, top: boolean): void {
  for (const n of block.namedChildren) {
    switch (n.type) {
      case "import_statement":
      case "import_from_statement":
        readImport(n, m, pkg);
        break;
      case "if_statement":
      case "try_statement":
        // Definitions under `if TYPE_CHECKING:` / try: still name things; read the first branch.
        for (const c of n.namedChildren) if (c.type === "block") walkBlock(c, m, pkg, top);
        break;
      default: {
        const s = statement(n, m.module, m.path);
        if (!s) break;
        m.statements.push(s);
        if (s.kind === "class") m.classes.set(s.name, s);
        else if (s.kind === "def") m.functions.set(s.name, s);
        else if (s.kind === "assign") for (const t of s.targets) m.assigns.set(t, s);
      }
    }
  }
}

/** One statement of a module or class body, or null for what we do not need. */
function statement(n: SyntaxNode, module: string, path: string): PyStatement | null {
  if (n.type === "decorated_definition") {
    const def = n.childForFieldName("definition");
    if (!def) return null;
    const s = statement(def, module, path);
    if (s && (s.kind === "def" || s.kind === "class")) {
      const target = s;
      lazy(target, "decorators", () =>
        n.namedChildren.filter((c) => c.type === "decorator").map((d) => toExpr(d.namedChildren[0])),
      );
    }
    return s;
  }
  if (n.type === "class_definition") return classDef(n, module, path);
  if (n.type === "function_definition") return funcDef(n);
  if (n.type === "expression_statement") {
    const e = n.namedChildren[0];
    if (!e) return null;
    if (e.type === "assignment") {
      const left = e.childForFieldName("left");
      const right = e.childForFieldName("right");
      if (left?.type === "attribute" && right)
        return { kind: "setattr", target: toExpr(left), value: toExpr(right), line: e.startPosition.row + 1 };
      return assignment(e);
    }
    if (e.type === "call") return { kind: "call", call: toExpr(e), line: e.startPosition.row + 1 };
  }
  return null;
}

function assignment(e: SyntaxNode): PyAssign | null {
  const targets: string[] = [];
  let cur: SyntaxNode | null = e;
  let annotation: SyntaxNode | null = null;
  let value: SyntaxNode | null = null;
  // `a = b = value` nests assignments in the right side.
  while (cur && cur.type === "assignment") {
    const left = cur.childForFieldName("left");
    if (left?.type === "identifier") targets.push(left.text);
    else if (left?.type === "pattern_list" || left?.type === "tuple_pattern") return null;
    annotation ??= cur.childForFieldName("type");
    value = cur.childForFieldName("right");
    cur = value && value.type === "assignment" ? value : null;
  }
  if (targets.length === 0) return null;
  const a: PyAssign = { kind: "assign", targets, line: e.startPosition.row + 1 };
  if (annotation) {
    const n = annotation;
    lazy(a, "annotation", () => toExpr(n));
  }
  if (value) {
    const n = value;
    lazy(a, "value", () => toExpr(n));
  }
  return a;
}

/** Python's inspect.cleandoc: first line stripped, the common indentation of the others removed, blank ends dropped. */
export function cleandoc(doc: string): string {
  const lines = doc.replace(/\t/g, "        ").split("\n");
  const rest = lines.slice(1).filter((l) => l.trim() !== "");
  const margin = rest.length ? Math.min(...rest.map((l) => l.length - l.trimStart().length)) : 0;
  const out = [lines[0].trimStart(), ...lines.slice(1).map((l) => l.slice(margin))];
  while (out.length && out[0].trim() === "") out.shift();
  while (out.length && out[out.length - 1].trim() === "") out.pop();
  return out.join("\n");
}

function classDef(n: SyntaxNode, module: string, path: string): PyClass | null {
  const name = n.childForFieldName("name");
  const body = n.childForFieldName("body");
  if (!name || !body) return null;
  const c = {
    kind: "class",
    name: name.text,
    module,
    path,
    line: n.startPosition.row + 1,
    decorators: [],
  } as unknown as PyClass;
  const sup = n.childForFieldName("superclasses");
  const args = () => {
    const bases: Expr[] = [];
    const keywords: Record<string, Expr> = {};
    for (const a of sup?.namedChildren ?? []) {
      if (a.type === "keyword_argument") {
        const k = a.childForFieldName("name");
        const v = a.childForFieldName("value");
        if (k && v) keywords[k.text] = toExpr(v);
      } else if (a.type !== "comment") bases.push(toExpr(a));
    }
    return { bases, keywords };
  };
  lazy(c, "doc", () => {
    const first = body.namedChildren.find((x) => x.type !== "comment");
    const str = first?.type === "expression_statement" ? first.namedChildren[0] : undefined;
    if (str?.type !== "string") return null;
    const e = toExpr(str);
    return e.k === "str" ? cleandoc(e.v) : null;
  });
  lazy(c, "bases", () => args().bases);
  lazy(c, "keywords", () => args().keywords);
  lazy(c, "body", () => {
    const stmts: PyStatement[] = [];
    for (const s of body.namedChildren) {
      const st = statement(s, module, path);
      if (st) stmts.push(st);
    }
    return stmts;
  });
  return c;
}

function funcDef(n: SyntaxNode): PyFunction | null {
  const name = n.childForFieldName("name");
  if (!name) return null;
  const f = { kind: "def", name: name.text, decorators: [], line: n.startPosition.row + 1 } as unknown as PyFunction;
  lazy(f, "params", () => {
    const params: PyFunction["params"] = [];
    for (const p of n.childForFieldName("parameters")?.namedChildren ?? []) {
      if (p.type === "identifier") params.push({ name: p.text });
      else if (p.type === "typed_parameter") params.push({ name: p.namedChildren[0]?.text ?? "" });
      else if (p.type === "default_parameter" || p.type === "typed_default_parameter") {
        const pn = p.childForFieldName("name");
        const v = p.childForFieldName("value");
        params.push({ name: pn?.text ?? "", default: v ? toExpr(v) : undefined });
      } else if (p.type === "list_splat_pattern" || p.type === "dictionary_splat_pattern")
        params.push({ name: "*" + p.text });
    }
    return params;
  });
  lazy(f, "returns", () => {
    // The last statement, read from the end (not the whole body's child list).
    let last = n.childForFieldName("body")?.lastNamedChild ?? null;
    while (last?.type === "comment") last = last.previousNamedSibling;
    return last?.type === "return_statement" && last.namedChildren[0] ? toExpr(last.namedChildren[0]) : undefined;
  });
  // A function's text is a slice of the source: a body without the word is not walked (walking
  // every method of a models file is what a full summary costs most).
  lazy(f, "allReturns", () => {
    const body = n.childForFieldName("body");
    if (!body || !/\breturn\b/.test(body.text)) return [];
    return ownReturns(body).map(({ node, guards }) => ({ value: toExpr(node.namedChildren[0]!), guards }));
  });
  lazy(f, "superInits", () => {
    const out: Expr[] = [];
    const body = n.childForFieldName("body");
    if (!body || !body.text.includes("super(")) return out;
    walkBody(body, [], (c) => {
      if (c.type === "call" && /^super\(\s*\)\.__init__$/.test(c.childForFieldName("function")?.text ?? ""))
        out.push(toExpr(c));
    });
    return out;
  });
  return f;
}

/**
 * The `return <expr>` statements of a function body that walkBody visits (not in nested functions
 * or classes, not in an `if` condition), each with its guards as walkBody gives them: found in one
 * call to the parser, then placed by their ancestors, instead of walking every node of the body.
 */
function ownReturns(body: SyntaxNode): { node: SyntaxNode; guards: string[] }[] {
  const out: { node: SyntaxNode; guards: string[] }[] = [];
  for (const r of body.descendantsOfType("return_statement")) {
    if (!r.namedChildren[0]) continue;
    const chain: SyntaxNode[] = [];
    let ok = true;
    for (let p = r.parent; p && p.id !== body.id; p = p.parent) {
      if (p.type === "function_definition" || p.type === "class_definition" || p.type === "decorated_definition")
        ok = false;
      chain.push(p);
    }
    if (!ok) continue;
    chain.reverse(); // outermost first
    const guards: string[] = [];
    for (let i = 0; i < chain.length && ok; i++) {
      const a = chain[i];
      const inner = chain[i + 1] ?? r;
      if (a.type !== "if_statement" && a.type !== "elif_clause") continue;
      // walkBody enters an `if` through its consequence and its else/elif branches only.
      if (a.childForFieldName("consequence")?.id === inner.id)
        guards.push(a.childForFieldName("condition")?.text ?? "");
      else if (inner.type === "else_clause" && a.type === "if_statement") {
        guards.push("else");
        i++; // the else_clause's body is walked with that guard
        if ((chain[i + 1] ?? r).id !== inner.childForFieldName("body")?.id) ok = false;
      } else if (inner.type === "elif_clause" && a.type === "if_statement") {
        guards.push(inner.childForFieldName("condition")?.text ?? "");
        i++; // the elif_clause's consequence is walked with its condition
        if ((chain[i + 1] ?? r).id !== inner.childForFieldName("consequence")?.id) ok = false;
      } else ok = false;
    }
    if (ok) out.push({ node: r, guards });
  }
  return out;
}

/**
 * Visits the nodes of a function body (not nested functions or classes), with the conditions of
 * the `if`/`elif` branches each sits in (`else` branches add "else").
 */
function walkBody(n: SyntaxNode | null, guards: string[], visit: (n: SyntaxNode, guards: string[]) => void): void {
  if (!n) return;
  for (const c of n.namedChildren) {
    if (c.type === "function_definition" || c.type === "class_definition" || c.type === "decorated_definition")
      continue;
    visit(c, guards);
    if (c.type === "if_statement" || c.type === "elif_clause") {
      walkBody(c.childForFieldName("consequence"), [...guards, c.childForFieldName("condition")?.text ?? ""], visit);
      for (const alt of c.childrenForFieldName("alternative")) {
        if (alt.type === "else_clause") walkBody(alt.childForFieldName("body"), [...guards, "else"], visit);
        else
          walkBody(
            alt.childForFieldName("consequence"),
            [...guards, alt.childForFieldName("condition")?.text ?? ""],
            visit,
          );
      }
    } else walkBody(c, guards, visit);
  }
}

function readImport(n: SyntaxNode, m: PyModule, pkg: string): void {
  if (n.type === "import_statement") {
    for (const c of n.namedChildren) {
      if (c.type === "dotted_name") m.imports.set(c.text.split(".")[0], { module: c.text.split(".")[0], name: null });
      else if (c.type === "aliased_import") {
        const nm = c.childForFieldName("name")?.text;
        const alias = c.childForFieldName("alias")?.text;
        if (nm && alias) m.imports.set(alias, { module: nm, name: null });
      }
    }
    return;
  }
  const modNode = n.childForFieldName("module_name");
  if (!modNode) return;
  const module = absoluteModule(modNode.text, pkg);
  if (n.namedChildren.some((c) => c.type === "wildcard_import")) {
    m.starImports.push(module);
    return;
  }
  for (const c of n.childrenForFieldName("name")) {
    if (c.type === "dotted_name") m.imports.set(c.text, { module, name: c.text });
    else if (c.type === "aliased_import") {
      const nm = c.childForFieldName("name")?.text;
      const alias = c.childForFieldName("alias")?.text;
      if (nm && alias) m.imports.set(alias, { module, name: nm });
    }
  }
}

/** Resolves `..models.user` against the importing module's package. */
export function absoluteModule(spec: string, pkg: string): string {
  const dots = /^\.*/.exec(spec)![0].length;
  if (dots === 0) return spec;
  const parts = pkg ? pkg.split(".") : [];
  const base = parts.slice(0, Math.max(0, parts.length - (dots - 1)));
  const rest = spec.slice(dots);
  return [...base, ...(rest ? [rest] : [])].join(".");
}
