/**
 * A module seen as the material of a split: its top-level statements, which statement defines
 * each name, which names come from its imports, and what role each definition plays (shared
 * base, enum, model, table, helper, statement attached to others).
 */
import type { ImportFact, ModuleFacts } from "../../python/facts.js";
import { parsePython, type Tree } from "../../python/parser.js";
import { parseTopLevel, type ParsedModule, type TopStatement } from "./statements.js";

export type Role = "base" | "enum" | "model" | "table" | "helper" | "attached" | "header";

export interface SplitModel {
  parsed: ParsedModule;
  statements: TopStatement[];
  /** Name → index of the (last) statement defining it. */
  definer: Map<string, number>;
  /** Name → the module-level import that binds it (TYPE_CHECKING ones included). */
  imported: Map<string, ImportFact>;
  /** Per statement: the role that decides where the planner puts it. */
  roles: Role[];
  /** Class name → statement index, for classes that are ORM models or schemas. */
  models: Map<string, number>;
  /** `__tablename__` / Table name → statement index. */
  tables: Map<string, number>;
  /**
   * Schema classes, not tables: Pydantic (and non-table SQLModel) classes, and in a schema file
   * (see plainSchemaFile) its dataclasses, attrs classes, NamedTuples and TypedDicts.
   */
  pydantic: Set<string>;
  /**
   * The module's tree-sitter tree, for the ORM reader that classifies its classes (see
   * classFrameworks): one parse of a 15,000-line file serves both. Freed by the collector.
   */
  tree: Tree;
}

const PYDANTIC_BASES = /^(pydantic\.)?(BaseModel|BaseSettings)$|^(sqlmodel\.)?SQLModel$/;
const BASE_FACTORY = /(^|\.)(declarative_base|SQLAlchemy|MetaData|registry|automap_base|generate_base|as_declarative)$/;
const DECLARATIVE_CLASS = /(^|\.)(DeclarativeBase|DeclarativeBaseNoMeta|AsyncAttrs|MappedAsDataclass)$/;
/** Classical mapping: `mapper(Player, players_table)` / `registry.map_imperatively(Player, t)` makes a plain class a model. */
const CLASSICAL_MAP = /\b(?:mapper|map_imperatively)\(\s*([A-Za-z_]\w*)\s*,/g;
/**
 * Decorators and bases that make a class with no ORM base a schema: its fields are its
 * annotations (or attrs' `attr.ib()`), as qualified through the module's imports.
 */
const PLAIN_SCHEMA_DECORATOR =
  /^(pydantic\.)?dataclasses\.dataclass$|^attrs?\.(s|attrs|define|frozen|mutable|dataclass)$/;
const PLAIN_SCHEMA_BASE = /^(typing|typing_extensions|mypy_extensions)\.(NamedTuple|TypedDict)$/;
const NOT_MODEL_BASE =
  /(^|\.)(object|Exception|BaseException|\w+Error|NamedTuple|TypedDict|Protocol|Generic(\[.*\])?)$/;

/** Classes whose string annotations are resolved from module globals (Pydantic, SQLModel without table=True). */
export function pydanticClasses(facts: ModuleFacts): Set<string> {
  const out = new Set<string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const c of facts.classes) {
      if (out.has(c.name) || c.keywords.table === "True") continue;
      if (c.bases.some((b) => PYDANTIC_BASES.test(b) || out.has(b))) {
        out.add(c.name);
        grew = true;
      }
    }
  }
  return out;
}

/** Local name → dotted name it stands for, per module-level absolute import (`define` → `attrs.define`). */
function importedAs(facts: ModuleFacts): Map<string, string> {
  const out = new Map<string, string>();
  for (const imp of facts.imports) {
    if (imp.commented || imp.context.function || imp.context.class || imp.star || imp.level > 0) continue;
    for (const n of imp.names)
      if (imp.kind === "from") out.set(n.alias ?? n.name, `${imp.module}.${n.name}`);
      else if (n.alias) out.set(n.alias, n.name);
      else out.set(n.name.split(".")[0], n.name.split(".")[0]);
  }
  return out;
}

function qualified(expr: string, imports: Map<string, string>): string {
  const name = expr.replace(/\(.*$/s, "");
  const dot = name.indexOf(".");
  const head = dot < 0 ? name : name.slice(0, dot);
  const to = imports.get(head);
  return to ? to + name.slice(head.length) : name;
}

/** A dataclass, attrs class, NamedTuple or TypedDict (or a subclass of one in `known`). */
function isPlainSchema(
  decorators: string[],
  bases: string[],
  imports: Map<string, string>,
  known: Set<string>,
): boolean {
  return (
    decorators.some((d) => PLAIN_SCHEMA_DECORATOR.test(qualified(d, imports))) ||
    bases.some((b) => known.has(b) || PLAIN_SCHEMA_BASE.test(qualified(b, imports)))
  );
}

/**
 * Whether the module is a file of plain schema classes: most of its classes (enums aside) are
 * dataclasses, attrs classes, NamedTuples or TypedDicts. Then they are split by domain as
 * Pydantic models are. In an ORM models file or a Pydantic schemas file the few there are stay
 * helpers that join the domain that uses them (the TypedDicts a health-check response nests, a
 * value object of the models), and so in a module that builds the ORM's base, which the split
 * of a models file leaves with the value objects its domains share.
 */
function plainSchemaFile(statements: TopStatement[], plain: Set<string>): boolean {
  if (statements.some((s) => s.callee && BASE_FACTORY.test(s.callee))) return false;
  const classes = statements.filter((s) => s.cls && !s.cls.bases.some((b) => /(Enum|Choices)$/.test(b)));
  return plain.size * 2 > classes.length;
}

let last: { text: string; facts: ModuleFacts; model: SplitModel } | null = null;

/** The split model of a module (the last one is kept: plan split and split read the same file). */
export function buildSplitModel(text: string, facts: ModuleFacts): SplitModel {
  if (last && last.text === text && last.facts === facts) return last.model;
  const model = buildUncached(text, facts);
  last = { text, facts, model };
  return model;
}

function buildUncached(text: string, facts: ModuleFacts): SplitModel {
  const pyd = pydanticClasses(facts);
  const tree = parsePython(text);
  const imports = importedAs(facts);
  // typing.get_type_hints resolves a dataclass's string annotations from its module's globals.
  const topLevel = facts.classes.filter((c) => text.startsWith("class ", text.lastIndexOf("\n", c.start) + 1));
  const bases = new Map(topLevel.map((c) => [c.name, c.bases]));
  // One set for both passes: the walk asks only about classes with string annotations, the loop
  // below settles the rest in file order (a base is always defined before its subclasses).
  const plain = new Set<string>();
  const parsed = parseTopLevel(
    text,
    (c, decorators) => {
      if (pyd.has(c) || plain.has(c)) return true;
      if (!isPlainSchema(decorators, bases.get(c) ?? [], imports, plain)) return false;
      plain.add(c);
      return true;
    },
    tree,
  );
  const statements = parsed.statements;
  for (const s of statements)
    if (s.cls && !plain.has(s.cls.name) && isPlainSchema(s.decorators, s.cls.bases, imports, plain))
      plain.add(s.cls.name);
  const schemaFile = plainSchemaFile(statements, plain);
  const definer = new Map<string, number>();
  for (const s of statements) if (s.kind === "definition") for (const n of s.defines) definer.set(n, s.index);
  const imported = new Map<string, ImportFact>();
  for (const imp of facts.imports) {
    if (imp.commented || imp.context.function || imp.context.class || imp.star) continue;
    const owner = statements.find((s) => s.start <= imp.start && imp.end <= s.end);
    if (!owner || (owner.kind !== "import" && owner.kind !== "type-checking" && owner.kind !== "future")) continue;
    for (const n of imp.names) imported.set(n.alias ?? (imp.kind === "import" ? n.name.split(".")[0] : n.name), imp);
  }
  const model: SplitModel = {
    parsed,
    statements,
    definer,
    imported,
    roles: [],
    models: new Map(),
    tables: new Map(),
    pydantic: pyd,
    tree,
  };
  const mapped = new Set([...text.matchAll(CLASSICAL_MAP)].map((m) => m[1]));
  model.roles = statements.map((s) => roleOf(model, s, mapped, schemaFile ? plain : new Set()));
  for (const s of statements)
    if (s.cls && plain.has(s.cls.name) && schemaFile && model.roles[s.index] === "model") pyd.add(s.cls.name);
  for (const s of statements) {
    if (s.cls && model.roles[s.index] === "model") model.models.set(s.cls.name, s.index);
    if (s.cls?.tablename) model.tables.set(s.cls.tablename, s.index);
    if (s.table) model.tables.set(s.table, s.index);
  }
  return model;
}

/** `schemas`: the plain schema classes (dataclasses...) of a schema file, models there. */
function roleOf(m: SplitModel, s: TopStatement, mapped: Set<string>, schemas: Set<string>): Role {
  if (s.kind !== "definition" && s.kind !== "other") return "header";
  if (s.kind === "other") return "attached";
  if (s.callee && BASE_FACTORY.test(s.callee)) return "base";
  if (s.table) return "table";
  const cls = s.cls;
  if (!cls) return "helper";
  if (s.decorators.some((d) => /(^|\.)as_declarative\b/.test(d))) return "base";
  if (cls.bases.some((b) => DECLARATIVE_CLASS.test(b))) return "base";
  if (cls.bases.some((b) => /(Enum|Choices)$/.test(b))) return "enum";
  const subclasses = m.statements.filter((o) => o.cls?.bases.includes(cls.name)).length;
  if (/Mixin$/.test(cls.name)) return "base";
  // A class handed to a classical mapper is a model whatever its bases (often just `object`).
  if (mapped.has(cls.name)) return "model";
  if (subclasses > 0 && !cls.tablename && (cls.abstract || subclasses >= 2)) return "base";
  if (cls.bases.length === 0 || cls.bases.every((b) => NOT_MODEL_BASE.test(b)))
    return schemas.has(cls.name) && !cls.bases.some((b) => /(Exception|Error)$/.test(b)) ? "model" : "helper";
  return "model";
}

/** Snake case of a class name: `IndexValue` → `index_value`, `HTTPLog` → `http_log`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
