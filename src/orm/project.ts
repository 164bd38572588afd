import type { Binding, ModuleFacts } from "../python/facts.js";
import type { Tree } from "../python/parser.js";
import { scanNames } from "../python/scan.js";
import { Resolver, type NameLookup } from "../project/resolver.js";
import type { ModuleInfo, ProjectIndex, SourceFile } from "../project/types.js";
import type { Expr } from "./expr.js";
import { type SummaryMemo, summaryKey, summaryMemoOf } from "./summary-memo.js";
import { summarizeModule, type PyAssign, type PyClass, type PyFunction, type PyModule } from "./pymodule.js";
import { isFailure } from "../core/outcome.js";

/**
 * One Python file handed to the extractor: project-relative path, dotted module, and its text, or
 * a reader for it plus its content hash (then the file is read only when its summary is not
 * memoized, see summary-memo.ts).
 */
export type SourceInput = {
  path: string;
  module: string;
  facts?: ModuleFacts;
  /** Whether the text can define models (the extractors' text test), when the reader already tested it. */
  definesModels?: boolean;
  /** The text's tree, when the reader parsed it already (the SQL inventory parses the files that may hold SQL): not parsed again. */
  tree?: Tree;
} & ({ text: string } | { read: () => string; hash: string });

/** What a name or dotted expression refers to. */
export type Resolved =
  | { k: "class"; cls: PyClass; mod: PyModule }
  | { k: "func"; fn: PyFunction; mod: PyModule }
  | { k: "assign"; name: string; assign: PyAssign; mod: PyModule }
  | { k: "module"; mod: PyModule }
  /** A class attribute such as an enum member: `Status.ACTIVE`. */
  | { k: "member"; cls: PyClass; mod: PyModule; name: string }
  /** Defined outside the project: the fully qualified name (`sqlalchemy.orm.relationship`). */
  | { k: "external"; qual: string }
  | { k: "unknown"; text: string };

/**
 * The project's modules, parsed lazily (each file at most once) and queried by name. Names are
 * resolved across modules through imports, re-exports and star imports, the way Python binds them.
 */
export class PyProject {
  private readonly inputs = new Map<string, SourceInput>();
  private readonly parsed = new Map<string, PyModule>();
  private readonly texts = new Map<SourceInput, string>();
  /** Source root and module name → key, for the second file of a name (see the constructor). */
  private readonly ownKeys = new Map<string, string>();
  /** Input key of each parsed module (a monorepo's second `app.models` is keyed `app.models@path`). */
  private readonly keyOf = new Map<PyModule, string>();
  private readonly factsOf = new Map<SourceInput, ModuleFacts>();
  private resolverCache: Resolver | null = null;
  /** Module names two source roots give (a monorepo's two `app.db`, each under its own root). */
  private readonly twice = new Set<string>();

  /** `memo` holds summaries by content hash across extractions (the project's; by default the bounded one for bare file lists). */
  constructor(
    files: SourceInput[],
    private readonly memo: SummaryMemo = summaryMemoOf(undefined),
  ) {
    for (const f of files) {
      const old = this.inputs.get(f.module);
      // `mod.py` beside `mod/__init__.py`: Python imports the package, and the file's models are in no MetaData.
      if (old && hidesOther(f, old)) this.inputs.set(f.module, f);
      else if (old && hidesOther(old, f)) continue;
      else if (!old || (old.path.endsWith(".pyi") && f.path.endsWith(".py"))) this.inputs.set(f.module, f);
      // Two files with one module name (two projects of a monorepo, each with its source root):
      // the other is read under a key of its own, and answers the imports of its own source root.
      else if (!f.path.endsWith(".pyi") && !old.path.endsWith(".pyi")) {
        const key = `${f.module}@${f.path}`;
        this.inputs.set(key, f);
        this.ownKeys.set(`${sourceRootOf(f)}\0${f.module}`, key);
      }
    }
    const roots = new Map<string, Set<string>>();
    for (const f of this.inputs.values()) {
      if (f.path.endsWith(".pyi")) continue;
      let set = roots.get(f.module);
      if (!set) roots.set(f.module, (set = new Set()));
      set.add(sourceRootOf(f));
    }
    for (const [name, set] of roots) if (set.size > 1) this.twice.add(name);
  }

  /**
   * The module's name where names of the whole project must be told apart (a MetaData's, a
   * registry's): prefixed by its source root when another root gives the same name
   * (`billing/src:app.db`), so two sub-projects' `Base` are two MetaData; else the name itself.
   * Below a package two roots give (not just the top-level one) too: splitting `app.db` into
   * `app.db.base` keeps its MetaData's name, where the other sub-project still has `app.db`.
   */
  qualifiedName(mod: PyModule): string {
    if (!this.sharesName(mod.module)) return mod.module;
    const f = this.inputs.get(this.keyOf.get(mod) ?? mod.module);
    return f ? `${sourceRootOf(f) || "."}:${mod.module}` : mod.module;
  }

  /** The module, or a package above it other than the top-level one, is given by two roots. */
  private sharesName(module: string): boolean {
    if (this.twice.size === 0) return false;
    for (let name = module; ; name = name.slice(0, name.lastIndexOf("."))) {
      if (this.twice.has(name)) return name === module || name.includes(".");
      if (!name.includes(".")) return false;
    }
  }

  /** Every module name, in a stable order. */
  moduleNames(): string[] {
    return [...this.inputs.keys()].sort();
  }

  text(module: string): string | null {
    const f = this.inputs.get(module);
    return f ? this.textOf(f) : null;
  }

  /** A file read through its reader is read once. */
  private textOf(f: SourceInput): string {
    if ("text" in f) return f.text;
    let t = this.texts.get(f);
    if (t === undefined) this.texts.set(f, (t = f.read()));
    return t;
  }

  /**
   * Whether the module's text mentions anything that can define a model (`test`, the extractors'
   * CAN_DEFINE_MODELS: a cheap test before parsing), or the reader's own answer to that test when
   * the input carries one.
   */
  canDefineModels(module: string, test: RegExp): boolean {
    const known = this.inputs.get(module)?.definesModels;
    return known ?? this.textMatches(module, test);
  }

  /** Whether the module's text matches `test` (a cheap test before parsing), remembered per file content. */
  textMatches(module: string, test: RegExp): boolean {
    const f = this.inputs.get(module);
    if (!f) return false;
    return "hash" in f
      ? this.memo.candidate(candidateKey(f.hash, test), () => test.test(this.textOf(f)))
      : test.test(f.text);
  }

  /** The parsed module, or null when the project has no such module. */
  get(module: string): PyModule | null {
    const name = this.findModule(module);
    if (name === null) return null;
    let m = this.parsed.get(name);
    if (!m) {
      const f = this.inputs.get(name)!;
      m =
        "hash" in f
          ? this.memo.summary(summaryKey(f.path, f.module, f.hash), () =>
              summarizeModule(f.path, f.module, this.textOf(f), f.tree),
            )
          : summarizeModule(f.path, f.module, f.text, f.tree);
      this.parsed.set(name, m);
      this.keyOf.set(m, name);
    }
    return m;
  }

  /**
   * The parsed module of the file at `path`, or null: a monorepo's second file of a name is held
   * under a key of its own, so its name alone may find the other sub-project's.
   */
  getFile(path: string): PyModule | null {
    for (const [key, f] of this.inputs) if (f.path === path) return this.get(key);
    return null;
  }

  parsedCount(): number {
    return this.parsed.size;
  }

  /** The modules parsed so far (for benchmarks and diagnostics). */
  parsedModules(): string[] {
    return [...this.parsed.keys()];
  }

  /**
   * The input key of a module name: exact, as Python finds modules. The loaders name modules from
   * the project's source roots (the ones `check` uses), so a name is never matched by its last
   * parts: an import of `sqlalchemy` is not the project's `shop.sqlalchemy`. Imported from
   * `importer`: the module of that name in the importer's own source root, as its project's
   * interpreter finds it, else one under a source root the project layer does not know.
   */
  private findModule(module: string, importer?: string): string | null {
    const from = importer === undefined || this.ownKeys.size === 0 ? undefined : this.inputs.get(importer);
    const own = from && this.ownKeys.get(`${sourceRootOf(from)}\0${module}`);
    if (own) return own;
    if (this.inputs.has(module)) return module;
    return importer === undefined ? null : this.underUnknownRoot(module, importer);
  }

  /**
   * A project read from above a source root the project layer does not know (the folder of a
   * Django project's manage.py, a monorepo service's own folder: netbox's `netbox/`, polar's
   * `server/`) names its modules `server.polar.kit.db` while its imports say `polar.kit.db`.
   * `check` takes those imports for outside ones; the schema would lose every model built on
   * them (most of polar's and netbox's). So a name not found is looked for under the folders
   * around the importer that are not packages (nothing imports them by name: one is where the
   * importer's interpreter starts), outermost first. Never under a package: `import sqlalchemy`
   * in shop/models.py is the library, not shop/sqlalchemy.py.
   */
  private underUnknownRoot(module: string, importer: string): string | null {
    const name = importer.split("@")[0];
    for (let dot = name.indexOf("."); dot > 0; dot = name.indexOf(".", dot + 1)) {
      const folder = name.slice(0, dot);
      if (this.inputs.has(folder)) return null;
      if (this.inputs.has(`${folder}.${module}`)) return `${folder}.${module}`;
    }
    return null;
  }

  /**
   * The project resolver over the files handed in: the one set of rules for where a name comes
   * from (bindings in source order, star imports honouring `__all__`, submodules). Facts are
   * scanned only for the modules a lookup reaches.
   */
  private get resolver(): Resolver {
    if (!this.resolverCache) this.resolverCache = new Resolver(this.index());
    return this.resolverCache;
  }

  private index(): ProjectIndex {
    const modules = new Map<string, ModuleInfo>();
    const files = new Map<string, SourceFile>();
    const facts = (f: SourceInput): ModuleFacts => {
      let got = this.factsOf.get(f);
      if (!got)
        this.factsOf.set(
          f,
          (got = f.facts ?? this.memo.scanned("hash" in f ? f.hash : null, () => scanNames(this.textOf(f)))),
        );
      return got;
    };
    for (const [key, f] of this.inputs) {
      const file = new InputFile(f, facts);
      files.set(f.path, file);
      modules.set(key, { name: key, file, isPackage: file.isPackage });
    }
    // Namespace packages: every parent of a module that no file defines.
    for (const key of this.inputs.keys()) {
      if (key.includes("@")) continue;
      for (let i = key.lastIndexOf("."); i > 0; i = key.lastIndexOf(".", i - 1)) {
        const parent = key.slice(0, i);
        if (modules.has(parent)) break;
        modules.set(parent, { name: parent, file: null, isPackage: true });
      }
    }
    const config = { src: [], exclude: [], commitMessage: null, raw: {} };
    return {
      root: "",
      sourceRoots: [""],
      config,
      files,
      modules,
      warnings: [],
      readText: (p) =>
        this.textOf(files.get(p) ? (files.get(p) as InputFile).input : { path: p, module: "", text: "" }),
    };
  }

  /** Resolves a name as seen from module `mod`, asking the project resolver where it is bound. */
  resolveName(mod: PyModule, name: string): Resolved {
    return this.fromLookup(this.resolver.lookup(this.keyOf.get(mod) ?? mod.module, name), name, 0);
  }

  /** What a resolver answer refers to, as the extractor's Resolved. */
  private fromLookup(look: NameLookup, name: string, depth: number): Resolved {
    if (depth > 50) return { k: "unknown", text: name };
    switch (look.kind) {
      case "star":
        return this.fromLookup(look.found, name, depth + 1);
      case "submodule": {
        const sub = this.get(look.module);
        return sub ? { k: "module", mod: sub } : { k: "unknown", text: name };
      }
      case "external":
        return { k: "external", qual: `${look.module}.${name}` };
      case "open":
        return this.fromOpenStar(look.module, name);
      case "binding":
        return this.fromBinding(look.module, look.binding, depth);
      default:
        return { k: "unknown", text: name };
    }
  }

  /**
   * A binding as the extractor sees it: the class, function or assignment statement, or the
   * import followed to what it binds. A binding the module summary does not hold (a class under
   * `except ImportError:`) falls back to the name's other bindings, latest first.
   */
  private fromBinding(module: string, b: Binding, depth: number): Resolved {
    const mod = this.get(module);
    if (!mod) return { k: "unknown", text: b.name };
    const own = this.statementOf(mod, module, b, depth);
    if (own) return own;
    const others =
      this.resolver.index.modules.get(module)?.file?.facts.bindings.filter((x) => x.name === b.name && x !== b) ?? [];
    for (const x of others.reverse()) {
      const r = this.statementOf(mod, module, x, depth);
      if (r) return r;
    }
    return { k: "unknown", text: b.name };
  }

  private statementOf(mod: PyModule, module: string, b: Binding, depth: number): Resolved | null {
    switch (b.kind) {
      case "class": {
        const cls = mod.classes.get(b.name);
        return cls ? { k: "class", cls, mod } : null;
      }
      case "def": {
        const fn = mod.functions.get(b.name);
        return fn ? { k: "func", fn, mod } : null;
      }
      case "assign":
      case "annassign": {
        const assign = mod.assigns.get(b.name);
        return assign ? { k: "assign", name: b.name, assign, mod } : null;
      }
      case "import":
        return this.fromImport(module, b, depth);
      default:
        return null;
    }
  }

  /** An import binding followed: the module it binds, or the name it re-exports (project or external). */
  private fromImport(module: string, b: Binding, depth: number): Resolved | null {
    const file = this.resolver.index.modules.get(module)?.file;
    const imp = file?.facts.imports[b.importIndex ?? -1];
    if (!file || !imp) return null;
    if (imp.kind === "import") {
      const n = imp.names.find((x) => (x.alias ?? x.name.split(".")[0]) === b.name);
      if (!n) return null;
      const target = n.alias ? n.name : n.name.split(".")[0];
      const found = this.imported(target, module);
      return found ? { k: "module", mod: found } : { k: "external", qual: target };
    }
    const n = imp.names.find((x) => (x.alias ?? x.name) === b.name);
    const from = this.resolver.absoluteFrom(file, imp.level, imp.module);
    if (!n || isFailure(from)) return null;
    const key = this.findModule(from.name, module);
    if (key === null) {
      const sub = this.imported(`${from.name}.${n.name}`, module);
      return sub ? { k: "module", mod: sub } : { k: "external", qual: `${from.name}.${n.name}` };
    }
    const look =
      key === module ? this.resolver.lookupFromItself(key, n.name, b.importIndex!) : this.resolver.lookup(key, n.name);
    const r = this.fromLookup(look, n.name, depth + 1);
    if (r.k !== "unknown") return r;
    const sub = this.imported(`${from.name}.${n.name}`, module);
    return sub ? { k: "module", mod: sub } : r;
  }

  /** The project module an import in `importer` names, parsed, or null (outside the project). */
  private imported(name: string, importer: string): PyModule | null {
    const key = this.findModule(name, importer);
    return key === null ? null : this.get(key);
  }

  /**
   * A name the resolver cannot place because a star import reaches outside the project
   * (`from sqlalchemy import *`): the name is taken to come from that module.
   */
  private fromOpenStar(module: string, name: string): Resolved {
    const file = this.resolver.index.modules.get(module)?.file;
    for (const imp of file?.facts.imports ?? []) {
      if (!imp.star || imp.commented || imp.context.function) continue;
      const from = this.resolver.absoluteFrom(file!, imp.level, imp.module);
      if (isFailure(from) || this.findModule(from.name, module) !== null) continue;
      return { k: "external", qual: `${from.name}.${name}` };
    }
    return { k: "unknown", text: name };
  }

  /** Resolves a name or attribute chain (`sa.Column`, `db.Model`, `enums.Status`, `Status.A`). */
  resolve(mod: PyModule, e: Expr): Resolved {
    if (e.k === "name") return this.resolveName(mod, e.id);
    if (e.k !== "attr") return { k: "unknown", text: e.text };
    const base = this.resolve(mod, e.obj);
    switch (base.k) {
      case "module":
        return this.resolveName(base.mod, e.attr);
      case "external":
        return { k: "external", qual: `${base.qual}.${e.attr}` };
      case "class": {
        const nested = base.cls.body.find((s) => s.kind === "class" && s.name === e.attr);
        if (nested && nested.kind === "class") return { k: "class", cls: nested, mod: base.mod };
        return { k: "member", cls: base.cls, mod: base.mod, name: e.attr };
      }
      case "assign": {
        // `db = SQLAlchemy()` then `db.Column`: an attribute of an external object.
        const v = base.assign.value;
        if (v && v.k === "call") {
          const f = this.resolve(base.mod, v.fn);
          if (f.k === "external") return { k: "external", qual: `${f.qual}().${e.attr}` };
        }
        if (v && (v.k === "name" || v.k === "attr")) return this.resolve(base.mod, { ...e, obj: v });
        return { k: "unknown", text: e.text };
      }
      default:
        return { k: "unknown", text: e.text };
    }
  }

  /** The fully qualified external name an expression refers to, or null (project-defined or unknown). */
  external(mod: PyModule, e: Expr): string | null {
    const r = this.resolve(mod, e);
    return r.k === "external" ? r.qual : null;
  }
}

/** A handed-in file as the project resolver sees it; its facts are scanned on first read. */
class InputFile implements SourceFile {
  readonly path: string;
  readonly module: string;
  readonly isPackage: boolean;
  readonly isStub: boolean;
  readonly sourceRoot = "";
  readonly hash: string;
  readonly bom = false;

  constructor(
    readonly input: SourceInput,
    private readonly scan: (f: SourceInput) => ModuleFacts,
  ) {
    this.path = input.path;
    this.module = input.module;
    this.isPackage = /(^|\/)__init__\.pyi?$/.test(input.path);
    this.isStub = input.path.endsWith(".pyi");
    this.hash = "hash" in input ? input.hash : "";
  }

  get facts(): ModuleFacts {
    return this.scan(this.input);
  }
}

/**
 * The folder a file is imported from, worked out from its path and module name
 * (`two/src/app/models.py`, `app.models` → `two/src`).
 */
/** A package `__init__.py` and a module file of the same name in one folder: the finder takes the package. */
function hidesOther(pkg: SourceInput, other: SourceInput): boolean {
  const isInit = (p: string) => /(^|\/)__init__\.py$/.test(p);
  return (
    isInit(pkg.path) && other.path.endsWith(".py") && !isInit(other.path) && sourceRootOf(pkg) === sourceRootOf(other)
  );
}

function sourceRootOf(f: SourceInput): string {
  const parts = f.path.replace(/(\/__init__)?\.pyi?$/, "").split("/");
  return parts.slice(0, Math.max(0, parts.length - f.module.split(".").length)).join("/");
}

/** The last segment of a qualified name: `sqlalchemy.orm.relationship` → `relationship`. */
export function tail(qual: string | null): string | null {
  if (qual === null) return null;
  const i = qual.lastIndexOf(".");
  return i < 0 ? qual : qual.slice(i + 1);
}

/** The memo key of a text test's answer for a content: one answer per content and test. */
export function candidateKey(hash: string, test: RegExp): string {
  return `${hash}:${testTag(test)}`;
}

const tags = new WeakMap<RegExp, string>();

/**
 * A short stable name for a text test: the memo keeps one answer per file and test (the model
 * test and the enum test differ: a file of enums only defines no model), on disk across runs.
 */
function testTag(test: RegExp): string {
  let tag = tags.get(test);
  if (tag === undefined) {
    let h = 5381;
    for (const ch of test.source + test.flags) h = ((h * 33) ^ ch.charCodeAt(0)) >>> 0;
    tags.set(test, (tag = h.toString(36)));
  }
  return tag;
}
