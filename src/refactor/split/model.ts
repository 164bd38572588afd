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
  /** Pydantic (and non-table SQLModel) classes: schemas, not tables. */
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
  const parsed = parseTopLevel(text, (c) => pyd.has(c), tree);
  const statements = parsed.statements;
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
  model.roles = statements.map((s) => roleOf(model, s, mapped));
  for (const s of statements) {
    if (s.cls && model.roles[s.index] === "model") model.models.set(s.cls.name, s.index);
    if (s.cls?.tablename) model.tables.set(s.cls.tablename, s.index);
    if (s.table) model.tables.set(s.table, s.index);
  }
  return model;
}

function roleOf(m: SplitModel, s: TopStatement, mapped: Set<string>): Role {
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
  if (cls.bases.length === 0 || cls.bases.every((b) => NOT_MODEL_BASE.test(b))) return "helper";
  return "model";
}

/** Snake case of a class name: `IndexValue` → `index_value`, `HTTPLog` → `http_log`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}
