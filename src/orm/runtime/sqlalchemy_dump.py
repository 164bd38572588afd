"""Dump the SQLAlchemy schema of a project at runtime, as Remodel's neutral JSON.

usage: python3 sqlalchemy_dump.py ROOT MODULE [MODULE...] [--ddl postgresql|mysql|sqlite]

Imports each MODULE with ROOT on sys.path, collects every MetaData reachable from the imported
modules (declarative bases, registries, Flask-SQLAlchemy `db`, SQLModel, plain MetaData) and every
mapper, and prints {"version": 1, "tables": [...], "enums": [...]} on stdout. Types are named
with the same vocabulary as the static extractor (src/orm/types.ts); `written` is empty because
the source spelling is not known at runtime. Used as the oracle of the static extractor's tests
and by `remodel split --python`.

With --ddl DIALECT it prints SQLAlchemy's own CREATE statements for the same metadata instead
(create_all on a mock engine), so tests build databases with SQLAlchemy's DDL rather than Remodel's.

The refactoring runtime oracle (src/run/runtime-oracle.ts) loads this file as a module and calls
oracle_dump(): the same table and relationship walk, over every MetaData alive in the process,
with what a byte-for-byte comparison needs and the neutral schema leaves out (reprs of types and
defaults, implicit constraints and indexes, mapper attribute lists).
"""
import enum
import gc
import importlib
import importlib.util
import inspect
import json
import os
import re
import sys

# The shared module beside this file, by its path: sys.path is left as the project's, and the
# module is found from any working directory, run as a script or loaded by the runtime oracle.
_spec = importlib.util.spec_from_file_location(
    "_remodel_common", os.path.join(os.path.dirname(os.path.abspath(__file__)), "_remodel_common.py")
)
_common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_common)
stable_repr = _common.stable_repr

import sqlalchemy as sa
from sqlalchemy import types as satypes
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import configure_mappers
try:
    from sqlalchemy.sql.elements import _NONE_NAME
except ImportError:  # moved in SQLAlchemy 2.0
    from sqlalchemy.sql.base import _NONE_NAME

TYPES = {
    "Integer": "integer", "INTEGER": "integer", "INT": "integer",
    "SmallInteger": "smallint", "SMALLINT": "smallint", "BigInteger": "bigint", "BIGINT": "bigint",
    "Float": "float", "FLOAT": "float", "REAL": "float",
    "Double": "double", "DOUBLE": "double", "DOUBLE_PRECISION": "double",
    "Numeric": "numeric", "NUMERIC": "numeric", "DECIMAL": "numeric",
    "String": "string", "VARCHAR": "string", "Unicode": "string", "NVARCHAR": "string", "CHAR": "string",
    "NCHAR": "string", "AutoString": "string",
    "Text": "text", "TEXT": "text", "UnicodeText": "text", "CLOB": "text",
    "Boolean": "boolean", "BOOLEAN": "boolean", "Date": "date", "DATE": "date", "Time": "time", "TIME": "time",
    "DateTime": "datetime", "DATETIME": "datetime", "TIMESTAMP": "datetime", "Interval": "interval", "INTERVAL": "interval",
    "Uuid": "uuid", "UUID": "uuid", "GUID": "uuid", "JSON": "json", "JSONB": "jsonb",
    "LargeBinary": "binary", "BLOB": "binary", "BYTEA": "binary", "BINARY": "binary", "VARBINARY": "binary",
    "PickleType": "binary", "Enum": "enum", "ENUM": "enum", "ARRAY": "array", "INET": "inet", "CIDR": "cidr",
}
# SQLModel's own types behave as the generic ones they stand for.
SQLMODEL_TYPES = {"AutoString": "string", "GUID": "uuid"}

enums = {}


def type_of(t, table, column):
    return {"written": "", **_type_of(t, table, column)}


def _type_of(t, table, column):
    cls = type(t)
    if cls.__module__.startswith("sqlmodel") and cls.__name__ in SQLMODEL_TYPES:
        return {"normalized": SQLMODEL_TYPES[cls.__name__], **({"length": t.length} if hasattr(t, "length") else {})}
    if isinstance(t, satypes.TypeDecorator) and not cls.__module__.startswith("sqlalchemy"):
        # What the database gets (the PostgreSQL implementation), and the decorator's name beside it.
        try:
            impl = t.load_dialect_impl(postgresql.dialect())
        except Exception:
            impl = None
        if not isinstance(impl, satypes.TypeEngine):
            return {"normalized": "custom:" + cls.__name__, "decorator": cls.__name__}
        return {**_type_of(impl, table, column), "decorator": cls.__name__}
    name = next((k.__name__ for k in cls.__mro__ if k.__name__ in TYPES), None)
    if name is None:
        return {"normalized": "custom:" + cls.__name__}
    norm = TYPES[name]
    out = {"normalized": norm}
    if norm in ("string", "binary"):
        out["length"] = getattr(t, "length", None)
    if norm == "numeric":
        out["precision"] = t.precision
        out["scale"] = t.scale
    if norm in ("datetime", "time"):
        out["timezone"] = bool(getattr(t, "timezone", False))
    if norm == "array":
        out["item"] = type_of(t.item_type, table, column)
    if norm == "enum":
        out["enum"] = enum_of(t, table, column)
    return out


def enum_of(t, table, column):
    if t.enum_class is not None:
        c = t.enum_class
        name = c.__name__
        entry = {"name": name, "dbName": t.name, "values": [str(m.value) for m in c],
                 "members": [m.name for m in c], "labels": list(t.enums)}
        old = enums.get(name)
        if old is not None and (old["dbName"] != t.name or old["labels"] != entry["labels"]):
            # One Python enum under another name= is another database type.
            name = t.name or f"{table}.{column}"
            entry = {**entry, "name": name, "pythonEnum": c.__name__}
        enums.setdefault(name, entry)
        return name
    name = t.name or f"{table}.{column}"
    enums.setdefault(name, {"name": name, "dbName": t.name, "values": list(t.enums), "labels": list(t.enums)})
    return name


def nextval_sql(seq):
    """A sequence's next value as PostgreSQL spells it (`nextval('app.seq')`)."""
    return "nextval('%s')" % (seq.schema + "." + seq.name if seq.schema else seq.name)


def default_of(d):
    if d is None:
        return None
    if isinstance(d, sa.Sequence):  # `Column(Integer, Sequence("seq"))`: the id comes from the sequence
        return nextval_sql(d)
    if getattr(d, "is_callable", False):
        return getattr(d.arg, "__name__", repr(d.arg))
    if getattr(d, "is_scalar", False):
        v = d.arg
        if isinstance(v, enum.Enum):
            return v.name
        if isinstance(v, bytes):
            return repr(v)
        try:
            return json.dumps(v)
        except TypeError:  # an object (`default=ResourceSlot()`): the class it is made by, as source names it
            return type(v).__name__ + "()"
    return str(getattr(d, "arg", d))


def server_default_of(d):
    if d is None:
        return None
    arg = getattr(d, "arg", None)
    if arg is None:  # FetchedValue(): the database sets it, with no SQL in the model
        return None
    if isinstance(arg, str):
        return arg
    if isinstance(arg, sa.sql.functions.next_value):  # `server_default=seq.next_value()`
        return nextval_sql(arg.sequence)
    if hasattr(arg, "text"):
        return arg.text
    return str(arg.compile(compile_kwargs={"literal_binds": True}))


def check_sql(sqltext):
    """A check's SQL with its values inlined (`stage = 'gone'`, not `stage = :stage_1`)."""
    if isinstance(sqltext, sa.sql.elements.TextClause):
        return str(sqltext)
    try:
        return str(sqltext.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    except Exception:
        return str(sqltext)


def index_where_sql(where):
    """A partial index's predicate as the CREATE INDEX statement says it (columns unqualified, values inlined)."""
    if isinstance(where, sa.sql.elements.TextClause):
        return str(where)
    try:
        return str(where.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True, "include_table": False}))
    except Exception:
        return str(where)


def name_of(c):
    n = getattr(c, "name", None)
    return None if n is None or n is _NONE_NAME else str(n)


# PostgreSQL's bounds of an identity's sequence by the column's type (its sequence has that type).
_TYPE_BOUNDS = {
    "smallint": (-32768, 32767),
    "integer": (-2147483648, 2147483647),
    "bigint": (-9223372036854775808, 9223372036854775807),
}


def _sequence_number(v):
    """An int as JSON keeps it exactly: a number while a double holds it, else its decimal text."""
    return v if abs(v) <= 2**53 - 1 else str(v)


def identity_of(i, column_type=None):
    """Identity() as the schema model keeps it: each option only when not the database's default
    (src/schema/model.ts identityOf), whose bounds depend on the column's integer type."""
    kind = "bigint"
    if isinstance(column_type, sa.SmallInteger):
        kind = "smallint"
    elif isinstance(column_type, sa.Integer) and not isinstance(column_type, sa.BigInteger):
        kind = "integer"
    type_min, type_max = _TYPE_BOUNDS[kind]
    out = {"always": bool(i.always)}
    step = 1 if i.increment is None else int(i.increment)
    descending = step < 0
    minvalue = None if i.nominvalue else i.minvalue
    maxvalue = None if i.nomaxvalue else i.maxvalue
    # Without START, PostgreSQL starts an ascending sequence at its MINVALUE and a descending one at its MAXVALUE.
    start = i.start if i.start is not None else (maxvalue if descending else minvalue)
    if start is not None and int(start) != (-1 if descending else 1):
        out["start"] = _sequence_number(int(start))
    if step != 1:
        out["increment"] = _sequence_number(step)
    if minvalue is not None and int(minvalue) != (type_min if descending else 1):
        out["minvalue"] = _sequence_number(int(minvalue))
    if maxvalue is not None and int(maxvalue) != (-1 if descending else type_max):
        out["maxvalue"] = _sequence_number(int(maxvalue))
    if i.cycle:
        out["cycle"] = True
    if i.cache is not None and int(i.cache) != 1:
        out["cache"] = _sequence_number(int(i.cache))
    return out


def dump_table(t, mappers, root, oracle=False):
    """One table as the neutral schema has it. With oracle=True also what only a comparison of two
    imports needs: the reprs of types and defaults (arguments the vocabulary does not name) and the
    constraints and indexes SQLAlchemy makes itself (index=True, unique=True, an Enum's CHECK, the
    primary key's name)."""
    cols = []
    for c in t.columns:
        # A Computed() is also the column's server default and server onupdate: it is neither.
        # An Identity() is its server default too (SQLAlchemy 1.4): it is no default either.
        computed = getattr(c, "computed", None)
        identity = getattr(c, "identity", None)
        col = {
            "name": c.name, "type": type_of(c.type, t.name, c.name), "nullable": bool(c.nullable),
            "default": default_of(c.default),
            "serverDefault": None if computed is not None or identity is not None
            else server_default_of(c.server_default),
            "primaryKey": bool(c.primary_key), "unique": bool(c.unique), "index": bool(c.index),
            "autoincrement": c.autoincrement, "comment": c.comment, "description": c.doc,
            "onUpdate": default_of(c.onupdate),
            "serverOnUpdate": None if computed is not None else server_default_of(c.server_onupdate),
        }
        if computed is not None:
            col["computed"] = {"expression": str(computed.sqltext), "persisted": computed.persisted}
        if identity is not None:
            col["identity"] = identity_of(identity, c.type)
        if oracle:
            col["repr"] = {"type": stable_repr(c.type), "default": stable_repr(getattr(c.default, "arg", None)),
                           "onUpdate": stable_repr(getattr(c.onupdate, "arg", None))}
            if "enum" in col["type"]:  # the Python enum's members and values, which the type's repr leaves out
                col["repr"]["enum"] = enums.get(col["type"]["enum"])
        cols.append(col)
    fks = [{
        "name": name_of(fk), "columns": [c.name for c in fk.columns],
        "refTable": fk.elements[0].column.table.fullname, "refColumns": [e.column.name for e in fk.elements],
        "onDelete": fk.ondelete, "onUpdate": fk.onupdate,
    } for fk in t.foreign_key_constraints]
    indexes = []
    for ix in t.indexes:
        if getattr(ix, "_column_flag", False) and not oracle:
            continue
        exprs = [str(e) for e in ix.expressions if not isinstance(e, sa.Column)]
        # The plain columns only: SQLAlchemy also files the first column of each expression under
        # `ix.columns` (`Index("ix", a, b - c)` has columns a, b), which is not a column of the key.
        key_cols = [e.name for e in ix.expressions if isinstance(e, sa.Column)]
        item = {"name": name_of(ix), "columns": key_cols, "unique": bool(ix.unique)}
        if exprs:
            item["expressions"] = exprs
        where = ix.dialect_options["postgresql"].get("where")
        if where is None:
            where = ix.dialect_options["sqlite"].get("where")
        if where is not None:
            item["where"] = where if isinstance(where, str) else index_where_sql(where)
        using = ix.dialect_options["postgresql"].get("using")
        if using:
            item["using"] = using
        indexes.append(item)
    uniques = [{"name": name_of(u), "columns": [c.name for c in u.columns]} for u in t.constraints
               if isinstance(u, sa.UniqueConstraint) and (oracle or not getattr(u, "_column_flag", False))]
    checks = [{"name": name_of(c), "expression": check_sql(c.sqltext)} for c in t.constraints
              if isinstance(c, sa.CheckConstraint) and (oracle or not getattr(c, "_type_bound", False))]
    own = [m for m in mappers if m.local_table is t]
    main = next((m for m in own if not m.single), None)
    rels = []
    for m in [] if oracle else own:  # the oracle dumps relationships under their mapper
        for r in m.relationships:
            if r.parent is not m:
                continue
            rels.append(dump_relationship(r))
    out = {
        "name": t.name, "schema": t.schema, "model": main.class_.__name__ if main else None,
        "module": main.class_.__module__ if main else None, "framework": framework_of(main),
        "columns": cols, "primaryKey": [c.name for c in t.primary_key.columns], "foreignKeys": fks,
        "indexes": indexes, "uniqueConstraints": uniques, "checkConstraints": checks, "relationships": rels,
        "comment": t.comment, "inherits": None,
        "description": inspect.cleandoc(main.class_.__doc__) if main is not None and main.class_.__dict__.get("__doc__") else None,
    }
    if oracle:
        out["primaryKeyName"] = name_of(t.primary_key)
        # Kinds the neutral schema has no place for (PostgreSQL's EXCLUDE, a dialect's own): by kind, columns and name.
        known = (sa.PrimaryKeyConstraint, sa.ForeignKeyConstraint, sa.UniqueConstraint, sa.CheckConstraint)
        out["otherConstraints"] = sorted("%s(%s)%s" % (type(k).__name__, ",".join(sorted(x.name for x in k.columns)),
                                                       ":" + name_of(k) if name_of(k) else "")
                                         for k in t.constraints if not isinstance(k, known))
    source = source_of(main.class_, root) if main is not None and root is not None else None
    if source is not None:
        out["source"] = source
    singles = [m.class_.__name__ for m in own if m.single]
    if singles:
        out["subclasses"] = singles
    if main is not None and main.inherits is not None and not main.single:
        out["inherits"] = {"model": main.inherits.class_.__name__, "kind": "concrete" if main.concrete else "joined"}
    return out


def source_of(cls, root):
    """Where the class is defined, relative to ROOT: findings built from a runtime dump point at it."""
    try:
        file = inspect.getsourcefile(cls)
    except TypeError:
        return None
    if file is None:
        return None
    path = os.path.relpath(file, root).replace(os.sep, "/")
    try:
        return {"path": path, "line": inspect.getsourcelines(cls)[1]}
    except OSError:
        return None
    except SyntaxError:
        # inspect parses the whole file, in this interpreter's grammar: a module imported through a
        # hook that rewrote newer syntax (`type X = ...` on 3.11) still loaded, so its class statement
        # is found by its text instead.
        return class_line(file, cls.__name__, path)


def class_line(file, name, path):
    """The first `class NAME` statement of FILE, by its text."""
    pattern = re.compile(r"\s*class\s+%s\b" % re.escape(name))
    try:
        with open(file, encoding="utf-8", errors="replace") as f:
            for number, line in enumerate(f, 1):
                if pattern.match(line):
                    return {"path": path, "line": number}
    except OSError:
        pass
    return None


def framework_of(mapper):
    if mapper is None:
        return "sqlalchemy"
    mods = {k.__module__.split(".")[0] for k in mapper.class_.__mro__}
    if "sqlmodel" in mods:
        return "sqlmodel"
    if "flask_sqlalchemy" in mods:
        return "flask-sqlalchemy"
    return "sqlalchemy"


def dump_relationship(r):
    d = r.direction.name
    if d == "MANYTOMANY":
        card = "many-to-many"
    elif d == "MANYTOONE":
        card = "many-to-one"
    else:
        card = "one-to-many" if r.uselist else "one-to-one"
    backref = r.backref if isinstance(r.backref, str) else (r.backref[0] if r.backref else None)
    # A class mapped to a join or a select has no table name; nor has a join as `secondary`.
    target = r.mapper.local_table
    return {"name": r.key, "target": r.mapper.class_.__name__, "targetTable": getattr(target, "fullname", None) or str(target),
            "cardinality": card, "backPopulates": r.back_populates, "backref": backref,
            "secondary": None if r.secondary is None else getattr(r.secondary, "fullname", None) or str(r.secondary)}


def oracle_dump():
    """What a split or move must leave as it was, after the project's modules are imported: every
    table of every MetaData alive in the process (found through the garbage collector, so one
    reachable from no module's namespace counts too) and every mapper. Keyed by name rather than
    listed, so a difference names the table, column or attribute it is at; what a move changes by
    design (the module a class is in, its file and line) is left out."""
    configure_mappers()
    mappers = all_mappers()
    tables = {}
    mds = [o for o in gc.get_objects() if isinstance(o, sa.MetaData)]
    for md in mds:
        names = sorted(x.fullname for x in md.tables.values())
        for t in md.tables.values():
            d = dump_table(t, mappers, None, oracle=True)
            for k in ("module", "source", "relationships"):  # relationships: under their mapper below
                d.pop(k, None)
            d["columns"] = {c.pop("name"): c for c in d["columns"]}
            for k in ("foreignKeys", "indexes", "uniqueConstraints", "checkConstraints"):
                d[k] = sorted(d[k], key=lambda x: json.dumps(x, sort_keys=True, default=str))
            # Which tables share its MetaData: a table moved to another Base is another schema to create_all.
            d["metadataTables"] = names
            tables[t.fullname] = d
    out = {}
    if tables:
        out["sqlalchemy.tables"] = tables
    ms = {}
    for m in mappers:
        rels = {}
        for r in m.relationships:
            rel = dump_relationship(r)
            rels[rel.pop("name")] = {**rel, "direction": r.direction.name, "uselist": r.uselist,
                                     "backrefRepr": stable_repr(r.backref)}
        ms[m.class_.__name__] = {"table": str(getattr(m.local_table, "name", m.local_table)),
                                 "attrs": sorted(p.key for p in m.iterate_properties), "relationships": rels}
    if ms:
        out["sqlalchemy.mappers"] = ms
    return out


def all_mappers():
    """Every mapper, in the order the classes were mapped (`registry.mappers` is a frozenset): of two
    classes mapped to one table (extend_existing, keep_existing), the first is the table's model."""
    from sqlalchemy.orm import mapperlib
    registries = getattr(mapperlib, "_mapper_registries", None)
    if registries is None:  # SQLAlchemy 1.3 has no registries: every mapper alive in the process
        from sqlalchemy.orm import Mapper
        return [o for o in gc.get_objects() if isinstance(o, Mapper)]
    return [m for reg in list(registries) for m in mappers_in_order(reg)]


def metadatas(mods):
    seen = []
    def add(md):
        if isinstance(md, sa.MetaData) and all(md is not s for s in seen):
            seen.append(md)
    for mod in mods:
        for v in list(vars(mod).values()):
            add(v)
            add(getattr(v, "metadata", None) if not isinstance(v, type) or hasattr(v, "__table__") or hasattr(v, "registry") else None)
            if isinstance(v, sa.Table):
                add(v.metadata)
    return seen


def mappers_in_order(reg):
    managers = getattr(reg, "_managers", None)
    if managers is None:
        return list(reg.mappers)
    return [mgr.mapper for mgr in list(managers)] + list(getattr(reg, "_non_primary_mappers", ()))


def print_ddl(mds, dialect):
    out = []
    engine = sa.create_mock_engine(dialect + "://", lambda sql, *a, **k: out.append(str(sql.compile(dialect=engine.dialect)).strip()))
    for md in mds:
        md.create_all(engine, checkfirst=False)
    print(";\n\n".join(out) + ";")


def main():
    args = sys.argv[1:]
    ddl = None
    if "--ddl" in args:
        at = args.index("--ddl")
        ddl = args[at + 1]
        del args[at:at + 2]
    root, names = args[0], args[1:]
    sys.path.insert(0, root)
    # What the project prints while it is imported goes to stderr: stdout carries the dump alone.
    out, sys.stdout = sys.stdout, sys.stderr
    mods = [importlib.import_module(n) for n in names]
    configure_mappers()
    sys.stdout = out
    if ddl is not None:
        print_ddl(metadatas(mods), ddl)
        return
    mappers = all_mappers()
    tables = []
    for i, md in enumerate(metadatas(mods)):
        for t in md.tables.values():
            # Which MetaData object holds the table: its name in the source is not known here, so
            # the static/runtime comparison looks only at which tables share one.
            tables.append(dict(dump_table(t, mappers, root), metadata="metadata-%d" % i))
    tables.sort(key=lambda t: ((t["schema"] + ".") if t["schema"] else "") + t["name"])
    print(json.dumps({"version": 1, "tables": tables, "enums": sorted(enums.values(), key=lambda e: e["name"])}, indent=1))


if __name__ == "__main__":
    main()
