import type { Expr } from "./expr.js";
import { memoCandidate, memoSummary, summaryKey } from "./summary-memo.js";
import { summarizeModule, type PyAssign, type PyClass, type PyFunction, type PyModule } from "./pymodule.js";

/**
 * One Python file handed to the extractor: project-relative path, dotted module, and its text, or
 * a reader for it plus its content hash (then the file is read only when its summary is not
 * memoized, see summary-memo.ts).
 */
export type SourceInput = { path: string; module: string } & ({ text: string } | { read: () => string; hash: string });

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
  private readonly suffixCache = new Map<string, string | null>();
  /** Last name segment → module names ending with it, for the suffix lookup. */
  private byLastSegment: Map<string, string[]> | null = null;

  constructor(files: SourceInput[]) {
    for (const f of files) {
      const old = this.inputs.get(f.module);
      if (!old || (old.path.endsWith(".pyi") && f.path.endsWith(".py"))) this.inputs.set(f.module, f);
      // Two files with one module name (two projects in one monorepo): the first answers imports
      // of that name; the other is still read for its models, under a key of its own.
      else if (!f.path.endsWith(".pyi") && !old.path.endsWith(".pyi")) this.inputs.set(`${f.module}@${f.path}`, f);
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

  /** Whether the module's text mentions anything that can define a model (a cheap test before parsing). */
  canDefineModels(module: string, test: RegExp): boolean {
    const f = this.inputs.get(module);
    if (!f) return false;
    return "hash" in f ? memoCandidate(f.hash, () => test.test(this.textOf(f))) : test.test(f.text);
  }

  /** The parsed module, or null when the project has no such module. */
  get(module: string): PyModule | null {
    const name = this.findModule(module);
    if (name === null) return null;
    let m = this.parsed.get(name);
    if (!m) {
      const f = this.inputs.get(name)!;
      m = "hash" in f ? memoSummary(summaryKey(f.path, f.module, f.hash), () => summarizeModule(f.path, f.module, this.textOf(f))) : summarizeModule(f.path, f.module, f.text);
      this.parsed.set(name, m);
    }
    return m;
  }

  parsedCount(): number {
    return this.parsed.size;
  }

  /** The modules parsed so far (for benchmarks and diagnostics). */
  parsedModules(): string[] {
    return [...this.parsed.keys()];
  }

  /** Exact module name, else the unique module whose name ends with it (a project read from a subfolder). */
  private findModule(module: string): string | null {
    if (this.inputs.has(module)) return module;
    const hit = this.suffixCache.get(module);
    if (hit !== undefined) return hit;
    if (!this.byLastSegment) {
      this.byLastSegment = new Map();
      for (const name of this.inputs.keys()) {
        const last = name.slice(name.lastIndexOf(".") + 1);
        const list = this.byLastSegment.get(last) ?? [];
        list.push(name);
        this.byLastSegment.set(last, list);
      }
    }
    let found: string | null = null;
    for (const name of this.byLastSegment.get(module.slice(module.lastIndexOf(".") + 1)) ?? []) {
      if (name.endsWith("." + module) && (found === null || name.length < found.length)) found = name;
    }
    // Read from a subfolder (`remodel schema src/pkg/models`): `pkg.models.base` is known as `models.base`.
    const parts = module.split(".");
    for (let i = 1; found === null && i < parts.length - 1; i++) {
      const shorter = parts.slice(i).join(".");
      if (this.inputs.has(shorter)) found = shorter;
    }
    this.suffixCache.set(module, found);
    return found;
  }

  /** Resolves a name as seen from module `mod`. */
  resolveName(mod: PyModule, name: string, seen = new Set<string>()): Resolved {
    const key = `${mod.module}:${name}`;
    if (seen.has(key)) return { k: "unknown", text: name };
    seen.add(key);
    const cls = mod.classes.get(name);
    if (cls) return { k: "class", cls, mod };
    const fn = mod.functions.get(name);
    if (fn) return { k: "func", fn, mod };
    const a = mod.assigns.get(name);
    if (a) return { k: "assign", name, assign: a, mod };
    const imp = mod.imports.get(name);
    if (imp) {
      if (imp.name === null) {
        const target = this.get(imp.module);
        return target ? { k: "module", mod: target } : { k: "external", qual: imp.module };
      }
      const target = this.get(imp.module);
      if (target) {
        const r = this.resolveName(target, imp.name, seen);
        if (r.k !== "unknown") return r;
        const sub = this.get(`${target.module}.${imp.name}`);
        if (sub) return { k: "module", mod: sub };
        return r;
      }
      const sub = this.get(`${imp.module}.${imp.name}`);
      if (sub) return { k: "module", mod: sub };
      return { k: "external", qual: `${imp.module}.${imp.name}` };
    }
    for (const star of mod.starImports) {
      const target = this.get(star);
      if (!target) continue;
      const r = this.resolveName(target, name, seen);
      if (r.k !== "unknown") return r;
    }
    if (mod.isPackage) {
      const sub = this.get(`${mod.module}.${name}`);
      if (sub) return { k: "module", mod: sub };
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

/** The last segment of a qualified name: `sqlalchemy.orm.relationship` → `relationship`. */
export function tail(qual: string | null): string | null {
  if (qual === null) return null;
  const i = qual.lastIndexOf(".");
  return i < 0 ? qual : qual.slice(i + 1);
}
