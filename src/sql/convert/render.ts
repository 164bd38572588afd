/** The new module and its differential test, as text. */
import type { KnownSchema, KnownTable } from "../known-schema.js";
import { modelOf, pyString, tableVar } from "./translate.js";
import type { Dialect } from "../../db/dialect.js";
import { dialectSpec } from "../../db/dialect.js";
import { fromImport } from "../../python/import-text.js";

export interface ConvertedFunction {
  qualname: string;
  cls?: string;
  name: string;
  line: number;
  /** The rewritten function, first line unindented (as tree-sitter gives it), later lines as in the file. */
  text: string;
  indent: string;
  imports: string[];
  tables: string[];
  ordered: boolean;
  clock: string[];
  params: { name: string; hint: string }[];
  /** Definitions the module holds for its statements (an Insert class of its own): each written once per module. */
  helpers: string[];
}

export function renderModule(
  oldPath: string,
  imports: string[],
  fns: ConvertedFunction[],
  schema: KnownSchema,
  style: "core" | "orm" = "core",
): string {
  const orm = style === "orm";
  const tables = [...new Set(fns.flatMap((f) => f.tables))].sort();
  const extra = [...new Set(fns.flatMap((f) => f.imports))].sort();
  const future = imports.filter((i) => i.startsWith("from __future__"));
  const rest = imports.filter((i) => !i.startsWith("from __future__"));
  const out: string[] = [
    ...future,
    `"""SQLAlchemy versions of functions of ${oldPath}, written by \`remodel sql convert\`.`,
    "",
    "Same names, parameters and return shapes; each was run against the original on a scratch",
    "database before it was written. Call configure(engine_or_url) once before using them.",
    '"""',
    ...rest,
    "from contextlib import contextmanager",
    "",
    "import sqlalchemy as sa",
    ...(orm ? ["from sqlalchemy.orm import Session, declarative_base"] : []),
    ...extra,
    "",
    ...(orm ? ["Base = declarative_base()"] : ["metadata = sa.MetaData()"]),
    "",
  ];
  for (const t of tables) out.push(orm ? modelDefinition(schema.get(t)!) : tableDefinition(schema.get(t)!), "");
  out.push(
    "engine = None",
    "",
    "",
    "def configure(engine_or_url):",
    '    """Sets the engine these functions use (a SQLAlchemy Engine, or a URL to create one)."""',
    "    global engine",
    "    engine = sa.create_engine(engine_or_url, future=True) if isinstance(engine_or_url, str) else engine_or_url",
    "",
    ...(orm ? ORM_HELPERS : CORE_HELPERS),
    ...[...new Set(fns.flatMap((f) => f.helpers))].flatMap((h) => ["", h, ""]),
  );
  const classes = [...new Set(fns.filter((f) => f.cls).map((f) => f.cls!))];
  for (const cls of classes) {
    out.push("", `class ${cls}:`);
    for (const f of fns.filter((x) => x.cls === cls)) out.push(`${f.indent}${f.text}`, "");
  }
  for (const f of fns.filter((x) => !x.cls)) out.push("", `${f.indent}${f.text}`, "");
  return out
    .join("\n")
    .replace(/\n{3,}(?=(class|def|@) )/g, "\n\n\n")
    .replace(/\n+$/, "\n");
}

const CORE_HELPERS = [
  "",
  "@contextmanager",
  "def _connect():",
  '    """A connection that commits when the block succeeds, as `with sqlite3.connect(...) as conn:` did."""',
  "    with engine.connect() as conn:",
  "        try:",
  "            yield conn",
  "        except BaseException:",
  "            conn.rollback()",
  "            raise",
  "        conn.commit()",
  "",
];

const ORM_HELPERS = [
  "",
  "@contextmanager",
  "def _session():",
  '    """A Session that commits when the block succeeds, as `with sqlite3.connect(...) as conn:` did."""',
  "    with Session(engine, future=True) as session:",
  "        try:",
  "            yield session",
  "        except BaseException:",
  "            session.rollback()",
  "            raise",
  "        session.commit()",
  "",
  "",
  "def _columns(model):",
  '    """The column attributes of a mapped class in table order: what SELECT * returned, row for row."""',
  "    return [getattr(model, p.key) for p in sa.inspect(model).column_attrs]",
  "",
  "",
  "def _attr(model, column):",
  '    """The attribute mapping a column (a model may name it otherwise, or the name is not an identifier)."""',
  "    return getattr(model, sa.inspect(model).get_property_by_column(model.__table__.c[column]).key)",
  "",
  "",
  "def _new(model, values):",
  '    """A new instance from column values, each set on the attribute that maps its column."""',
  "    mapper = sa.inspect(model)",
  "    return model(**{mapper.get_property_by_column(model.__table__.c[c]).key: v for c, v in values.items()})",
  "",
  "",
  "class _Rows:",
  '    """The rows the old cursor gave, from the instances session.scalars() read: table order, as tuples or by column name."""',
  "",
  "    def __init__(self, instances, mapping):",
  "        self._rows = [_row(obj, mapping) for obj in instances]",
  "",
  "    def fetchone(self):",
  "        return self._rows.pop(0) if self._rows else None",
  "",
  "    def fetchmany(self, size=1):",
  "        rows, self._rows = self._rows[:size], self._rows[size:]",
  "        return rows",
  "",
  "    def fetchall(self):",
  "        rows, self._rows = self._rows, []",
  "        return rows",
  "",
  "    def __iter__(self):",
  "        return iter(self.fetchall())",
  "",
  "",
  "def _row(obj, mapping):",
  "    pairs = [(p.columns[0].name, getattr(obj, p.key)) for p in sa.inspect(type(obj)).column_attrs]",
  "    return dict(pairs) if mapping else tuple(v for _, v in pairs)",
  "",
  "",
  "class _Added:",
  '    """What the old cursor answered after an INSERT of one row: its key (lastrowid) and one row written."""',
  "",
  "    def __init__(self, obj):",
  "        self.lastrowid = sa.inspect(obj).identity[0]",
  "        self.rowcount = 1",
  "",
  "",
  "def _inserted(session, obj):",
  '    """Writes the added instance now (its key is known after the flush), as the INSERT did."""',
  "    session.flush()",
  "    return _Added(obj)",
  "",
];

/** ORM style: the project's model, or a class mapped onto the Table the CREATE TABLE describes. */
function modelDefinition(t: KnownTable): string {
  if (t.from === "model" && t.model && t.module) return `${fromImport(t.module, [t.model])}  # noqa: E402`;
  const table = tableDefinition(t).split("\n");
  const start = table.findIndex((l) => l.startsWith(`${tableVar(t.name)} = sa.Table(`));
  const body = table.slice(start).map((l) => `    ${l}`);
  body[0] = `    __table__ = sa.Table(`;
  return [
    ...table.slice(0, start),
    `class ${modelOf(t)}(Base):`,
    ...body.map((l) => l.replace(/^ {8}metadata,$/, "        Base.metadata,")),
  ].join("\n");
}

function tableDefinition(t: KnownTable): string {
  const v = tableVar(t.name);
  if (t.from === "model" && t.model && t.module)
    return `${fromImport(t.module, [t.model])}  # noqa: E402\n${v} = ${t.model}.__table__`;
  const cols = t.columns.map((c) => {
    const args = [pyString(c.name), columnType(c.type)];
    if (c.primaryKey) args.push("primary_key=True");
    if (c.notNull && !c.primaryKey) args.push("nullable=False");
    // Said so that an instance added in ORM style leaves the column to the database, as the INSERT did.
    if (c.default !== null) args.push(`server_default=sa.text(${pyString(c.default)})`);
    return `    sa.Column(${args.join(", ")}),`;
  });
  return [
    `# From the CREATE TABLE at ${t.where}. Types other than INTEGER and TEXT are left`,
    "# untyped, so values come back exactly as the old code read them (SQLite returns stored values).",
    `${v} = sa.Table(`,
    `    ${pyString(t.name)},`,
    "    metadata,",
    ...cols,
    ")",
  ].join("\n");
}

function columnType(t: string): string {
  const u = t.toUpperCase();
  if (/INT|SERIAL/.test(u)) return "sa.Integer";
  if (/CHAR|CLOB|TEXT/.test(u)) return "sa.Text";
  return "sa.types.NullType";
}

export interface TestSpec {
  /** Types made before the tables (PostgreSQL enums). */
  types: string[];
  tables: { name: string; ddl: string }[];
  rows: Record<string, unknown[]>;
  functions: { qualname: string; cls?: string; name: string; ordered: boolean; clock: string[]; cases: unknown[][] }[];
}

/** The pytest module: the harness itself, the seeded rows and argument cases as data, one test per function. */
export function renderTest(
  harness: string,
  oldDirFromTest: string,
  oldModule: string,
  newModule: string,
  spec: TestSpec,
  dialect: Dialect,
): string {
  const proof = dialectSpec(dialect).sql.proof;
  return [
    `"""Differential test written by \`remodel sql convert\`: old ${oldModule} against new ${newModule}.`,
    "",
    "Keep it in CI until the old code is removed. Each case seeds two scratch databases alike, runs",
    "the old function on one and the new on the other and compares results and tables.",
    '"""',
    "import json",
    "",
    "# ---- the harness Remodel ran before writing this module ----",
    harness.replace(/^"""[\s\S]*?"""\n/, ""),
    "# ---- the cases ----",
    `SPEC = json.loads(${pyString(JSON.stringify({ ...spec, sys_path: null, url: null, old_module: oldModule, new_module: newModule }))})`,
    `SPEC["sys_path"] = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ${pyString(oldDirFromTest)}))`,
    'SPEC["new_dir"] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))',
    ...(proof.kind === "server"
      ? [
          `# ${proof.testComment} (created and dropped) of the server at this URL.`,
          'SPEC["url"] = os.environ.get("REMODEL_SQL_TEST_URL")',
          'if not SPEC["url"]:',
          `    raise RuntimeError("set REMODEL_SQL_TEST_URL to a ${proof.testUrlHint} in")`,
        ]
      : []),
    "",
    "",
    "def _agree(function):",
    '    spec = dict(SPEC, functions=[f for f in SPEC["functions"] if f["qualname"] == function])',
    "    assert check(spec) == {function: None}",
    "",
    ...spec.functions.flatMap((f) => [
      "",
      `def test_${f.qualname.replace(/\W/g, "_")}():`,
      `    _agree(${pyString(f.qualname)})`,
      "",
    ]),
    "",
    'if __name__ == "__main__":',
    "    # Without pytest: python this_file.py",
    "    failed = {k: v for k, v in check(SPEC).items() if v}",
    "    for name, why in failed.items():",
    '        print("%s: %s" % (name, why))',
    "    sys.exit(1 if failed else 0)",
    "",
  ].join("\n");
}
