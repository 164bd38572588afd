import type { EnumType, SourceLocation, Table } from "../schema/model.js";
import type { Expr } from "./expr.js";
import type { PyClass, PyModule } from "./pymodule.js";
import type { PyProject, Resolved } from "./project.js";

/** A class together with the module it is defined in. */
export interface ClassRef {
  cls: PyClass;
  mod: PyModule;
}

/**
 * Shared state of one extraction run: the project, the enums found so far, notes about what could
 * not be read, and the tables produced by every framework extractor.
 */
export class ExtractContext {
  readonly enums = new Map<string, EnumType>();
  readonly notes: { message: string; source?: SourceLocation }[] = [];
  readonly tables: Table[] = [];
  readonly registry: Registry = newRegistry();
  private readonly ancestorCache = new Map<PyClass, { classes: ClassRef[]; externals: string[]; assigns: Resolved[] }>();

  constructor(readonly project: PyProject) {}

  loc(mod: PyModule, line: number): SourceLocation {
    return { path: mod.path, line };
  }

  note(message: string, mod?: PyModule, line?: number): void {
    this.notes.push(mod && line ? { message, source: this.loc(mod, line) } : { message });
  }

  /**
   * The class's project ancestors (itself first, then bases depth-first, left to right, each once),
   * the external classes they derive from (`sqlalchemy.orm.DeclarativeBase`), and the module-level
   * assignments used as bases (`Base = declarative_base()`).
   */
  ancestors(ref: ClassRef): { classes: ClassRef[]; externals: string[]; assigns: Resolved[] } {
    const cached = this.ancestorCache.get(ref.cls);
    if (cached) return cached;
    const out = { classes: [] as ClassRef[], externals: [] as string[], assigns: [] as Resolved[] };
    const seen = new Set<PyClass>();
    const visit = (r: ClassRef): void => {
      if (seen.has(r.cls)) return;
      seen.add(r.cls);
      out.classes.push(r);
      for (const b of r.cls.bases) {
        const res = this.resolveBase(r.mod, b);
        if (res.k === "class") visit({ cls: res.cls, mod: res.mod });
        else if (res.k === "external") out.externals.push(res.qual);
        else if (res.k === "assign") out.assigns.push(res);
      }
    };
    visit(ref);
    this.ancestorCache.set(ref.cls, out);
    return out;
  }

  /** Resolves a base-class expression, seeing through `Generic[...]`-style subscripts. */
  resolveBase(mod: PyModule, e: Expr): Resolved {
    const target = e.k === "sub" ? e.obj : e;
    return this.project.resolve(mod, target);
  }

  /** Records a mapped class: its table, and its name for string references ("User"). */
  registerModel(ref: ClassRef, table: Table): void {
    this.registry.modelTable.set(ref.cls, table);
    const same = this.registry.classesByName.get(ref.cls.name) ?? [];
    if (!same.some((r) => r.cls === ref.cls)) same.push(ref);
    this.registry.classesByName.set(ref.cls.name, same);
  }

  /** Registers an enum once by name; the first definition wins (a note records clashes). */
  addEnum(e: EnumType): string {
    const old = this.enums.get(e.name);
    if (!old) this.enums.set(e.name, e);
    else if (old.values.join("\0") !== e.values.join("\0") && old.source?.path !== e.source?.path) {
      this.note(`enum ${e.name} defined twice with different values; kept the first`, undefined, undefined);
    }
    return e.name;
  }
}

/** Cross-table facts gathered while extracting, resolved after every table is known. */
export interface Registry {
  /** Mapped class → its table (single-table subclasses map to the parent's table). */
  modelTable: Map<PyClass, Table>;
  /** Module-level `x = Table(...)` assignment → its table. */
  varTable: Map<object, Table>;
  /** Mapped class name → classes (SQLAlchemy string targets name classes by their name). */
  classesByName: Map<string, ClassRef[]>;
  /** Work that needs every table: FK targets given as Model.attr, relationship directions. */
  deferred: (() => void)[];
  /** Table → the naming convention of its MetaData, applied once every constraint is read. */
  conventions: Map<Table, Record<string, string>>;
  /** Work that needs resolved foreign keys: relationship directions. */
  late: (() => void)[];
}

export function newRegistry(): Registry {
  return { modelTable: new Map(), varTable: new Map(), classesByName: new Map(), deferred: [], late: [], conventions: new Map() };
}
