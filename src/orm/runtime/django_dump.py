"""Dump the Django schema of a project at runtime, as Remodel's neutral JSON.

usage: python3 django_dump.py ROOT SETTINGS_MODULE

Sets up Django with ROOT on sys.path, walks apps.get_models(include_auto_created=True) for the
models defined under ROOT (auto-created many-to-many tables included, proxies skipped) and prints
{"version": 1, "tables": [...], "enums": [...]}. Field types use Django's internal type names
(`native`) and the same neutral vocabulary as the static extractor (src/orm/django/django-fields.ts).

The refactoring runtime oracle (src/run/runtime-oracle.ts) loads this file as a module, calls
setup() before it imports the project's modules and oracle_dump() after: every field of every
registered model (reverse and hidden ones included) with what a comparison of two imports needs.
"""
import enum
import importlib.util
import inspect
import json
import os
import sys

# The shared module beside this file, by its path: sys.path is left as the project's, and the
# module is found from any working directory, run as a script or loaded by the runtime oracle.
_spec = importlib.util.spec_from_file_location(
    "_remodel_common", os.path.join(os.path.dirname(os.path.abspath(__file__)), "_remodel_common.py")
)
_common = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_common)
stable_repr = _common.stable_repr

TYPES = {
    "AutoField": "integer", "BigAutoField": "bigint", "SmallAutoField": "smallint",
    "IntegerField": "integer", "BigIntegerField": "bigint", "SmallIntegerField": "smallint",
    "PositiveIntegerField": "integer", "PositiveBigIntegerField": "bigint", "PositiveSmallIntegerField": "smallint",
    "FloatField": "float", "DecimalField": "numeric", "CharField": "string", "SlugField": "string",
    "EmailField": "string", "URLField": "string", "FilePathField": "string", "FileField": "string",
    "ImageField": "string", "TextField": "text", "BooleanField": "boolean", "NullBooleanField": "boolean",
    "DateField": "date", "TimeField": "time", "DateTimeField": "datetime", "DurationField": "interval",
    "UUIDField": "uuid", "JSONField": "json", "BinaryField": "binary", "GenericIPAddressField": "inet",
    "IPAddressField": "inet",
}
AUTO = {"AutoField", "BigAutoField", "SmallAutoField"}
enums = {}


def column_type(f, table):
    internal = f.get_internal_type()
    target = f
    while target.is_relation and target.many_to_one or getattr(target, "one_to_one", False) and target.is_relation:
        target = target.target_field
    base = target.get_internal_type()
    norm = TYPES.get(base, "custom:" + base)
    if base in AUTO and target is not f:
        norm = TYPES[base]
    t = {"written": "", "normalized": norm, "native": internal}
    if norm == "string":
        t["length"] = target.max_length
    if norm == "numeric":
        t["precision"] = target.max_digits
        t["scale"] = target.decimal_places
    if f.choices and not f.is_relation:
        name = f"{table}.{f.column}"
        enums[name] = {"name": name, "values": [str(v) for v, _ in f.flatchoices]}
        t["enum"] = name
    return t


def default_of(f):
    if not f.has_default():
        return None
    d = f.default
    if callable(d):
        return getattr(d, "__name__", repr(d))
    if isinstance(d, enum.Enum):
        return d.name
    try:
        return json.dumps(d)
    except TypeError:
        return repr(d)


def model_description(m):
    """An explicit Meta.verbose_name, else the class's own docstring (not the signature Django writes when there is none)."""
    meta = m._meta
    if meta.auto_created:
        return None
    if "verbose_name" in meta.original_attrs:
        return str(meta.verbose_name)
    doc = m.__dict__.get("__doc__")
    auto = "%s(%s)" % (m.__name__, ", ".join(f.name for f in meta.fields))
    return inspect.cleandoc(doc) if doc and doc != auto else None


def dump_model(m):
    meta = m._meta
    table = meta.db_table
    cols, fks, rels = [], [], []
    for f in meta.local_fields:
        internal = f.get_internal_type()
        cols.append({
            "name": f.column, "type": column_type(f, table), "nullable": bool(f.null), "default": default_of(f),
            "serverDefault": None, "primaryKey": bool(f.primary_key), "unique": bool(f.unique),
            "index": bool(f.db_index), "autoincrement": True if internal in AUTO else None, "comment": None,
            "description": str(f.help_text) or (str(f._verbose_name) if f._verbose_name and not f.auto_created else None),
        })
        if f.is_relation:
            fks.append({"name": None, "columns": [f.column], "refTable": f.related_model._meta.db_table,
                        "refColumns": [f.target_field.column], "onDelete": f.remote_field.on_delete.__name__,
                        "onUpdate": None})
            rels.append(relationship(f, "one-to-one" if f.one_to_one else "many-to-one"))
    for f in meta.local_many_to_many:
        r = relationship(f, "many-to-many")
        r["secondary"] = f.remote_field.through._meta.db_table
        rels.append(r)
    column = lambda name: meta.get_field(name).column
    indexes = [{"name": ix.name, "columns": [column(n.lstrip("-")) for n in ix.fields], "unique": False}
               for ix in meta.indexes]
    uniques = [{"name": None, "columns": [column(n) for n in ut]} for ut in meta.unique_together]
    checks = []
    for c in meta.constraints:
        if type(c).__name__ == "UniqueConstraint":
            uniques.append({"name": c.name, "columns": [column(n) for n in c.fields]})
        elif type(c).__name__ == "CheckConstraint":
            checks.append({"name": c.name, "expression": str(c.check)})
    parents = [p for p, link in meta.parents.items() if link is not None]
    return {
        "name": table, "schema": None, "model": None if meta.auto_created else m.__name__,
        "module": m.__module__, "framework": "django", "columns": cols, "primaryKey": [meta.pk.column],
        "foreignKeys": fks, "indexes": indexes, "uniqueConstraints": uniques, "checkConstraints": checks,
        "relationships": rels, "comment": None, "description": model_description(m),
        "inherits": {"model": parents[0].__name__, "kind": "joined"} if parents else None,
    }


def relationship(f, card):
    rm = f.related_model
    related = f.remote_field.related_name
    return {"name": f.name, "target": rm.__name__, "targetTable": rm._meta.db_table, "cardinality": card,
            "relatedName": related, "secondary": None}


def setup(settings_module=None, app=None, others=()):
    """Django set up before any model module is imported: with the project's settings module, else
    (the oracle imports one package, not the project's settings) with the environment's
    DJANGO_SETTINGS_MODULE or settings already configured, else with a minimal configuration that
    installs `app` beside contenttypes and auth (which its models may point at) and `others`, the
    apps whose models importing it met (another app of the project, `django.contrib.sites`)."""
    import django
    from django.conf import settings

    if settings_module is not None:
        os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    elif not os.environ.get("DJANGO_SETTINGS_MODULE") and not settings.configured:
        # SimpleAdminConfig: the admin's models without autodiscover, which would import every
        # app's admin.py (code the oracle does not compare, with imports of its own).
        named = {"django.contrib.admin": "django.contrib.admin.apps.SimpleAdminConfig"}
        base = ["django.contrib.contenttypes", "django.contrib.auth"]
        extra = [named.get(a, a) for a in others if a not in base]
        settings.configure(INSTALLED_APPS=[*base, *extra, app],
                           DATABASES={}, DEFAULT_AUTO_FIELD="django.db.models.AutoField", USE_TZ=True)
    django.setup()


def oracle_dump():
    """What a split or move must leave as it was, after the project's modules are imported: every
    model apps.get_models() registers, by label, with its table and every field (reverse and
    hidden relations included) as [name, field class, column, null, related model, max_length]."""
    from django.apps import apps

    models = {}
    for model in apps.get_models():
        fields = []
        for f in model._meta.get_fields(include_hidden=True):
            rel = getattr(f, "related_model", None)
            fields.append([f.name, type(f).__name__, getattr(f, "column", None), getattr(f, "null", None),
                           rel._meta.label if rel is not None and hasattr(rel, "_meta") else None,
                           stable_repr(getattr(f, "max_length", None))])
        models[model._meta.label] = {"db_table": model._meta.db_table, "fields": sorted(fields, key=lambda x: x[0])}
    return {"django.models": models}


def main():
    root, settings = sys.argv[1], sys.argv[2]
    root = os.path.abspath(root)
    sys.path.insert(0, root)
    # What the project prints while it is imported goes to stderr: stdout carries the dump alone.
    out, sys.stdout = sys.stdout, sys.stderr
    setup(settings_module=settings)
    sys.stdout = out
    from django.apps import apps
    tables = []
    for m in apps.get_models(include_auto_created=True):
        path = os.path.abspath(sys.modules[m.__module__].__file__)
        if not path.startswith(root + os.sep) or m._meta.proxy:
            continue
        tables.append(dump_model(m))
    tables.sort(key=lambda t: t["name"])
    print(json.dumps({"version": 1, "tables": tables, "enums": sorted(enums.values(), key=lambda e: e["name"])}, indent=1))


if __name__ == "__main__":
    main()
