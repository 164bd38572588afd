import type { EnumType, SourceLocation, Table } from "../schema/model.js";
import type { Expr } from "./expr.js";
import type { OrmExtractor } from "./extractor.js";
import type { PyClass, PyModule } from "./pymodule.js";
import type { PyProject, Resolved } from "./project.js";
import { readEnumClass } from "./enums.js";

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
  private readonly ancestorCache = new Map<
    PyClass,
    { classes: ClassRef[]; externals: string[]; assigns: Resolved[] }
  >();

  /**
   * `extractors`: the registry's, handed in by the caller so that an extractor's own code (which
   * asks classify.ts for a class's framework) imports nothing that imports the registry.
   */
  constructor(
    readonly project: PyProject,
    readonly extractors: readonly OrmExtractor[],
  ) {}

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
    if (table.model === ref.cls.name && ref.cls.doc && !table.description) table.description = ref.cls.doc;
    const same = this.registry.classesByName.get(ref.cls.name) ?? [];
    if (!same.some((r) => r.cls === ref.cls)) same.push(ref);
    this.registry.classesByName.set(ref.cls.name, same);
  }

  /**
   * Registers an enum by name and returns the name columns refer to. Two different enums with one
   * name (two packages each with a `UserRole`) are both kept: the later one under its
   * module-qualified name (`pkg.types.UserRole`), with a note.
   */
  addEnum(e: EnumType, module?: string): string {
    const old = this.enums.get(e.name);
    if (!old) {
      this.enums.set(e.name, e);
      return e.name;
    }
    const same = old.values.join("\0") === e.values.join("\0") && (old.dbName ?? null) === (e.dbName ?? null);
    if (same || (old.source?.path === e.source?.path && old.source?.line === e.source?.line) || !module) return e.name;
    const qualified = `${module}.${e.name}`;
    if (!this.enums.has(qualified)) {
      this.enums.set(qualified, { ...e, name: qualified });
      const where = (x: EnumType) => (x.source ? `${x.source.path}:${x.source.line}` : "?");
      this.notes.push({
        message: `two different enums named ${e.name} (${where(old)} and ${where(e)}); the second is listed as ${qualified}`,
        source: e.source,
      });
    }
    return qualified;
  }

  /**
   * Reads an Enum class and registers it. `labels` says what the database stores: the member
   * names (SQLAlchemy `Enum(PyEnum)`), the values (`values_callable=`, Django and Tortoise
   * choices), or unknown (null: a custom type given the enum). The same class under another
   * database name (`Enum(Kind, name="a")` and `name="b"`) is another database type, registered
   * under its database name with `pythonEnum` naming the class.
   */
  addEnumClass(ref: ClassRef, dbName?: string | null, labels: "members" | "values" | null = "values"): string {
    const e = readEnumClass(this, ref);
    if (dbName !== undefined) e.dbName = dbName;
    if (labels) e.labels = labels === "members" ? e.members : e.values;
    const old = this.enums.get(e.name);
    const sameClass = !!old && old.source?.path === e.source?.path && old.source?.line === e.source?.line;
    if (old && sameClass) {
      if (!old.labels && e.labels) {
        old.labels = e.labels;
        old.dbName = e.dbName;
      }
      const differs =
        (dbName !== undefined && (old.dbName ?? null) !== (e.dbName ?? null)) ||
        (!!e.labels && !!old.labels && old.labels.join("\0") !== e.labels.join("\0"));
      if (differs) {
        const name = e.dbName && e.dbName !== e.name ? e.dbName : `${e.name}.${labels}`;
        if (!this.enums.has(name)) this.enums.set(name, { ...e, name, pythonEnum: e.name });
        return name;
      }
      return e.name;
    }
    return this.addEnum(e, ref.mod.module);
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
  /** A table declared with `extend_existing=True` / `keep_existing=True` (src/orm/sqlalchemy/redeclared.ts). */
  redeclared: Map<Table, "extend" | "keep">;
  /** A re-declared table → the table of that name its MetaData already held, which it became. */
  mergedInto: Map<Table, Table>;
}

export function newRegistry(): Registry {
  return {
    modelTable: new Map(),
    varTable: new Map(),
    classesByName: new Map(),
    deferred: [],
    late: [],
    conventions: new Map(),
    redeclared: new Map(),
    mergedInto: new Map(),
  };
}
