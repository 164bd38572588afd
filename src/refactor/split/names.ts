/**
 * Free names of one top-level statement, each with when it is evaluated: at import time
 * ("eager": bases, decorators, defaults, class bodies), when a function runs ("lazy"), or only by
 * type checkers ("annotation"). Also the mapper arguments (`relationship(User)`,
 * `ForeignKey(User.id)`, Django `ForeignKey(User)`) that can become strings when they cross modules.
 */
import type { PNode as SyntaxNode } from "./plain-tree.js";

export type UseKind = "eager" | "lazy" | "annotation";

export interface NameUse {
  name: string;
  kind: UseKind;
  start: number;
  /** For a lazy use inside a function body: where that body can take a function-local import. */
  fn?: LocalImportSite;
}

/**
 * The top of a function body, after its docstring: a name the function reads only when it runs
 * can be imported there (`from .billing import Invoice`), the way a person breaks an import cycle.
 */
export interface LocalImportSite {
  /** Offset the import is inserted at. */
  at: number;
  /** Offset of the body's first statement: the text before it on its line is the body's indentation. */
  indentOf: number;
  /** True: `at` is the end of a docstring that is the whole body, so the import goes on a new line after it. */
  afterDocstring: boolean;
}

/** An argument of a mapper call that names classes or tables and may be written as a string. */
export interface MapperArg {
  /** relationship-like (class names, evaluated by the registry), foreign-key (`User.id`), django (model class). */
  kind: "relationship" | "secondary" | "foreign-key" | "django";
  start: number;
  end: number;
  text: string;
}

/** A string that names a class or table (`relationship("User")`, `ForeignKey("users.id")`). */
export interface StringRefUse {
  kind: "class" | "table";
  value: string;
}

export interface WalkOptions {
  /** `from __future__ import annotations`: signature and module annotations are never evaluated. */
  futureAnnotations: boolean;
  /** Whether string annotations in a class body are resolved from module globals (Pydantic) or by an ORM registry. */
  runtimeStringAnnotations(className: string): boolean;
}

const RELATIONSHIP = /^(?:\w+\.)*(relationship|relation|backref|dynamic_loader)$/;
const FOREIGN_KEY = /^(?:\w+\.)*ForeignKey$/;
const DJANGO_FIELD = /^(?:\w+\.)*(ForeignKey|OneToOneField|ManyToManyField)$/;
const TORTOISE_FIELD = /^(?:\w+\.)*(ForeignKeyField|OneToOneField|ManyToManyField)$/;
const RELATIONSHIP_KWARGS = new Set(["argument", "order_by", "foreign_keys", "remote_side"]);

interface Scope {
  names: Set<string>;
  kind: "function" | "class";
}

export class StatementWalker {
  readonly uses: NameUse[] = [];
  readonly mapperArgs: MapperArg[] = [];
  readonly stringRefs: StringRefUse[] = [];
  /** Reads or writes the module's own namespace: `globals()`, `sys.modules[__name__]`, or `locals()`/`vars()` at module level. */
  selfNamespace = false;
  private readonly scopes: Scope[] = [];
  /** Per enclosing function (innermost last): where its body takes a local import, if it can. */
  private readonly sites: (LocalImportSite | undefined)[] = [];
  private className: string | null = null;
  /** Inside a class-body annotation whose strings are resolved from module globals. */
  private runtimeStrings = false;

  /** Which string-based ORM the module imports: its relation fields name models by string. */
  constructor(
    private readonly opts: WalkOptions,
    private readonly orm: "django" | "tortoise" | null,
  ) {}

  /** Walks a top-level statement (decorated definitions included). */
  statement(node: SyntaxNode): void {
    this.visit(node, "eager", false);
  }

  private use(name: string, kind: UseKind, start: number): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i];
      // A class scope is visible only to its own body, not to functions nested in it.
      if (s.kind === "class" && i !== this.scopes.length - 1) continue;
      if (s.names.has(name)) return;
    }
    const fn = kind === "lazy" ? this.sites[this.sites.length - 1] : undefined;
    this.uses.push(fn ? { name, kind, start, fn } : { name, kind, start });
  }

  private visit(node: SyntaxNode, kind: UseKind, annotation: boolean): void {
    switch (node.type) {
      case "identifier":
        this.use(node.text, annotation && kind !== "eager" ? "annotation" : kind, node.startIndex);
        return;
      case "comment":
      case "import_statement":
      case "import_from_statement":
      case "future_import_statement":
      case "global_statement":
      case "nonlocal_statement":
        return;
      case "string":
        if (annotation) this.stringAnnotation(node, kind);
        else for (const c of node.namedChildren) if (c.type === "interpolation") this.visitChildren(c, kind, false);
        return;
      case "attribute":
        this.visit(node.childForFieldName("object")!, kind, annotation);
        return;
      case "keyword_argument":
        this.visit(node.childForFieldName("value")!, kind, annotation);
        return;
      case "type":
        this.visitChildren(node, kind, true);
        return;
      case "decorated_definition":
        for (const c of node.namedChildren) if (c.type === "decorator") this.visitChildren(c, kind, false);
        this.visit(node.childForFieldName("definition")!, kind, annotation);
        return;
      case "function_definition":
        return this.functionDef(node, kind);
      case "class_definition":
        return this.classDef(node, kind);
      case "lambda":
        return this.lambda(node, kind);
      case "assignment":
      case "augmented_assignment":
        return this.assignment(node, kind);
      case "call":
        return this.call(node, kind, annotation);
      case "subscript":
        if (/^sys\.modules\[__name__\]/.test(node.text.replace(/\s+/g, ""))) this.selfNamespace = true;
        this.visitChildren(node, kind, annotation);
        return;
      case "list_comprehension":
      case "set_comprehension":
      case "dictionary_comprehension":
      case "generator_expression":
        return this.comprehension(node, kind);
      case "for_statement":
        this.target(node.childForFieldName("left")!, kind);
        for (const c of node.namedChildren) if (c !== node.childForFieldName("left")) this.visit(c, kind, false);
        return;
      case "as_pattern_target":
        this.target(node.namedChildren[0] ?? node, kind);
        return;
      case "named_expression":
        this.bind(node.childForFieldName("name")!.text);
        this.visit(node.childForFieldName("value")!, kind, false);
        return;
      default:
        this.visitChildren(node, kind, annotation);
    }
  }

  private visitChildren(node: SyntaxNode, kind: UseKind, annotation: boolean): void {
    for (const c of node.namedChildren) this.visit(c, kind, annotation);
  }

  private bind(name: string): void {
    const s = this.scopes[this.scopes.length - 1];
    if (s) s.names.add(name);
  }

  /** An assignment target: plain names are bound (in a function or class scope), `a.b`/`a[i]` are reads. */
  private target(node: SyntaxNode, kind: UseKind): void {
    if (node.type === "identifier") {
      this.bind(node.text);
      return;
    }
    if (node.type === "attribute" || node.type === "subscript") {
      this.visit(node, kind, false);
      return;
    }
    for (const c of node.namedChildren) this.target(c, kind);
  }

  private assignment(node: SyntaxNode, kind: UseKind): void {
    const left = node.childForFieldName("left")!;
    const type = node.childForFieldName("type");
    const right = node.childForFieldName("right");
    const inFunction = this.scopes.some((s) => s.kind === "function");
    const inClass = this.scopes[this.scopes.length - 1]?.kind === "class";
    if (type) {
      // Class-body annotations are read at runtime (dataclasses, Pydantic, Mapped[...]); local ones never.
      const annKind: UseKind = inFunction
        ? "annotation"
        : inClass
          ? "eager"
          : this.opts.futureAnnotations
            ? "annotation"
            : "eager";
      this.runtimeStrings =
        inClass && !inFunction && this.className !== null && this.opts.runtimeStringAnnotations(this.className);
      for (const c of type.namedChildren) this.visit(c, annKind, true);
      this.runtimeStrings = false;
    }
    if (right) this.visit(right, kind, false);
    if (node.type === "augmented_assignment") this.visit(left, kind, false);
    else this.target(left, kind);
  }

  private parameters(params: SyntaxNode | null, kind: UseKind, names: Set<string>): void {
    if (!params) return;
    const annKind: UseKind = this.opts.futureAnnotations ? "annotation" : kind;
    for (const p of params.namedChildren) {
      const name =
        p.childForFieldName("name") ??
        (p.type === "identifier" ? p : (p.namedChildren.find((c) => c.type === "identifier") ?? null));
      if (name) names.add(name.text);
      const type = p.childForFieldName("type");
      if (type) this.visit(type, annKind, true);
      const value = p.childForFieldName("value");
      if (value) this.visit(value, kind, false);
    }
  }

  private functionDef(node: SyntaxNode, kind: UseKind): void {
    const names = new Set<string>();
    this.parameters(node.childForFieldName("parameters"), kind, names);
    const ret = node.childForFieldName("return_type");
    if (ret) this.visit(ret, this.opts.futureAnnotations ? "annotation" : kind, true);
    this.bind(node.childForFieldName("name")!.text);
    const body = node.childForFieldName("body")!;
    collectLocals(body, names);
    this.scopes.push({ names, kind: "function" });
    this.sites.push(localImportSite(node, body));
    this.visit(body, "lazy", false);
    this.sites.pop();
    this.scopes.pop();
  }

  private classDef(node: SyntaxNode, kind: UseKind): void {
    const supers = node.childForFieldName("superclasses");
    if (supers) this.visit(supers, kind, false);
    const name = node.childForFieldName("name")!.text;
    this.bind(name);
    const outer = this.className;
    this.className = this.scopes.length === 0 ? name : outer;
    this.scopes.push({ names: new Set(), kind: "class" });
    this.visit(node.childForFieldName("body")!, kind, false);
    this.scopes.pop();
    this.className = outer;
  }

  private lambda(node: SyntaxNode, kind: UseKind): void {
    const names = new Set<string>();
    this.parameters(node.childForFieldName("parameters"), kind, names);
    this.scopes.push({ names, kind: "function" });
    this.visit(node.childForFieldName("body")!, "lazy", false);
    this.scopes.pop();
  }

  private comprehension(node: SyntaxNode, kind: UseKind): void {
    const names = new Set<string>();
    for (const c of node.namedChildren)
      if (c.type === "for_in_clause") collectTargets(c.childForFieldName("left")!, names);
    this.scopes.push({ names, kind: "function" });
    for (const c of node.namedChildren) {
      if (c.type === "for_in_clause") {
        this.visit(c.childForFieldName("right")!, kind, false);
        continue;
      }
      this.visit(c, kind, false);
    }
    this.scopes.pop();
  }

  private call(node: SyntaxNode, kind: UseKind, annotation: boolean): void {
    const fn = node.childForFieldName("function")!;
    const args = node.childForFieldName("arguments");
    this.visit(fn, kind, annotation);
    if (!args) return;
    const callee = fn.text.replace(/\s+/g, "");
    // In a function or class body, `locals()` and `vars()` are that body's namespace, not the module's.
    const noArgs = args.namedChildren.every((c) => c.type === "comment");
    if (callee === "globals" || (noArgs && this.scopes.length === 0 && (callee === "locals" || callee === "vars")))
      this.selfNamespace = true;
    if (args.type === "argument_list" && !annotation) this.mapperCall(callee, args);
    this.visitChildren(args, kind, annotation);
  }

  private mapperCall(callee: string, args: SyntaxNode): void {
    const positional = args.namedChildren.filter((c) => c.type !== "keyword_argument" && c.type !== "comment");
    const kw = (name: string) =>
      args.namedChildren
        .find((c) => c.type === "keyword_argument" && c.childForFieldName("name")?.text === name)
        ?.childForFieldName("value") ?? null;
    if (this.orm === "tortoise" && TORTOISE_FIELD.test(callee)) {
      // `fields.ForeignKeyField("models.Venue")`: the app label, then the class name (never an expression).
      const a = positional[0] ?? kw("model_name");
      if (a?.type === "string") this.stringRefs.push({ kind: "class", value: stringValue(a).split(".").pop()! });
      return;
    }
    if (this.orm === "django" && DJANGO_FIELD.test(callee)) {
      for (const a of [positional[0], kw("to"), kw("through")]) {
        if (!a) continue;
        if (a.type === "identifier")
          this.mapperArgs.push({ kind: "django", start: a.startIndex, end: a.endIndex, text: a.text });
        else if (a.type === "string") this.stringRefs.push({ kind: "class", value: stringValue(a).split(".").pop()! });
      }
      return;
    }
    if (RELATIONSHIP.test(callee)) {
      const cands = [positional[0] ?? null, ...[...RELATIONSHIP_KWARGS].map(kw)];
      for (const a of cands) {
        if (!a) continue;
        if (a.type === "string") this.stringRefs.push({ kind: "class", value: stringValue(a).split(/[.[]/)[0] });
        else if (isNameExpression(a))
          this.mapperArgs.push({ kind: "relationship", start: a.startIndex, end: a.endIndex, text: a.text });
      }
      const sec = kw("secondary");
      if (sec?.type === "string") this.stringRefs.push({ kind: "table", value: stringValue(sec) });
      else if (sec?.type === "identifier")
        this.mapperArgs.push({ kind: "secondary", start: sec.startIndex, end: sec.endIndex, text: sec.text });
      return;
    }
    if (FOREIGN_KEY.test(callee) && positional[0]) {
      const a = positional[0];
      if (a.type === "string") this.stringRefs.push({ kind: "table", value: stringValue(a).split(".")[0] });
      else if (a.type === "attribute")
        this.mapperArgs.push({ kind: "foreign-key", start: a.startIndex, end: a.endIndex, text: a.text });
    }
  }

  /** Names inside a string annotation (`"User"`, `"List[Address]"`) are type-only references. */
  private stringAnnotation(node: SyntaxNode, kind: UseKind): void {
    const value = stringValue(node);
    const re = /(?<![.\p{L}\p{N}_])[\p{L}_][\p{L}\p{N}_]*/gu;
    for (let m = re.exec(value); m; m = re.exec(value))
      this.use(m[0], this.runtimeStrings && kind === "eager" ? "eager" : "annotation", node.startIndex);
  }
}

/** `User`, `User.id`, `[User.a, User.b]`: expressions a registry can evaluate from a string. */
function isNameExpression(n: SyntaxNode): boolean {
  if (n.type === "identifier") return true;
  if (n.type === "attribute") return isNameExpression(n.childForFieldName("object")!);
  if (n.type === "list" || n.type === "tuple")
    return n.namedChildren.length > 0 && n.namedChildren.every(isNameExpression);
  return false;
}

/** The value of a plain string literal (no interpolation). */
export function stringValue(n: SyntaxNode): string {
  return n.namedChildren
    .filter((c) => c.type === "string_content")
    .map((c) => c.text)
    .join("");
}

function collectTargets(n: SyntaxNode, out: Set<string>): void {
  if (n.type === "identifier") out.add(n.text);
  else if (n.type !== "attribute" && n.type !== "subscript") for (const c of n.namedChildren) collectTargets(c, out);
}

/** Names a function body binds (so reads of them are local), not descending into nested scopes. */
function collectLocals(body: SyntaxNode, out: Set<string>): void {
  const globals = new Set<string>();
  const walk = (n: SyntaxNode) => {
    switch (n.type) {
      case "global_statement":
      case "nonlocal_statement":
        for (const c of n.namedChildren) globals.add(c.text);
        return;
      case "function_definition":
      case "class_definition":
        out.add(n.childForFieldName("name")!.text);
        return;
      case "lambda":
      case "list_comprehension":
      case "set_comprehension":
      case "dictionary_comprehension":
      case "generator_expression":
        return;
      case "assignment":
      case "augmented_assignment":
      case "for_statement":
      case "for_in_clause":
        if (n.type !== "augmented_assignment") collectTargets(n.childForFieldName("left")!, out);
        break;
      case "as_pattern_target":
      case "named_expression":
        collectTargets(n.childForFieldName("name") ?? n.namedChildren[0], out);
        break;
      case "import_statement":
      case "import_from_statement":
        for (const c of n.namedChildren) {
          if (c.type === "aliased_import") out.add(c.childForFieldName("alias")!.text);
          else if (c.type === "dotted_name" && c !== n.childForFieldName("module_name")) out.add(c.text.split(".")[0]);
        }
        return;
    }
    for (const c of n.namedChildren) walk(c);
  };
  walk(body);
  for (const g of globals) out.delete(g);
}

/** Where a function body can take an import, or undefined when the body shares the `def` line. */
function localImportSite(def: SyntaxNode, body: SyntaxNode): LocalImportSite | undefined {
  const stmts = body.namedChildren.filter((c) => c.type !== "comment");
  const first = stmts[0];
  if (!first || first.startPosition.row === def.startPosition.row) return undefined;
  const indentOf = first.startIndex;
  const docstring =
    first.type === "expression_statement" &&
    first.namedChildren.length === 1 &&
    first.namedChildren[0].type === "string";
  if (!docstring) return { at: first.startIndex, indentOf, afterDocstring: false };
  const next = stmts[1];
  return next
    ? { at: next.startIndex, indentOf, afterDocstring: false }
    : { at: first.endIndex, indentOf, afterDocstring: true };
}
