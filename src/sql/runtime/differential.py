"""Differential check of old raw-SQL functions against their SQLAlchemy versions.

Written by `remodel sql convert` into the generated test module (and run by Remodel before it
writes anything). Each case copies one seeded SQLite database twice, runs the old function on one
copy and the new on the other, and compares what they return and what they leave in the tables.
"""
import importlib
import os
import shutil
import sqlite3
import sys
import tempfile

_real_connect = sqlite3.connect
_target = {"path": ":memory:"}


def _redirected_connect(*args, **kwargs):
    # The old code's own connect(PATH) call is sent to the scratch database of the current case.
    kwargs.pop("database", None)
    return _real_connect(_target["path"], **kwargs)


def load_old(sys_path, module):
    """Imports the old module with sqlite3.connect pointed at a throwaway file (module-level code runs)."""
    sqlite3.connect = _redirected_connect
    scratch = tempfile.mkdtemp(prefix="remodel-sql-")
    _target["path"] = os.path.join(scratch, "import.db")
    if sys_path not in sys.path:
        sys.path.insert(0, sys_path)
    return importlib.import_module(module)


def seed(path, tables, rows):
    con = _real_connect(path)
    for t in tables:
        con.execute(t["ddl"])
    for t in tables:
        for row in rows.get(t["name"], []):
            cols = list(row)
            con.execute('INSERT INTO "%s" (%s) VALUES (%s)' % (t["name"], ", ".join('"%s"' % c for c in cols), ", ".join("?" for _ in cols)), [row[c] for c in cols])
    con.commit()
    con.close()


def dump(path, tables):
    con = _real_connect(path)
    out = {}
    for t in tables:
        cur = con.execute('SELECT * FROM "%s"' % t["name"])
        names = [d[0] for d in cur.description]
        out[t["name"]] = [dict(zip(names, r)) for r in cur.fetchall()]
    con.close()
    return out


def normalize(value):
    """Rows of either library in one shape: mappings as dicts, rows as tuples."""
    if isinstance(value, sqlite3.Row):
        return {k: normalize(value[k]) for k in value.keys()}
    if hasattr(value, "_mapping") and hasattr(value, "_fields"):
        return tuple(normalize(v) for v in value)
    if hasattr(value, "keys") and callable(value.keys) and not isinstance(value, dict):
        return {k: normalize(value[k]) for k in value.keys()}
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(normalize(v) for v in value)
    return value


def _error_name(e):
    orig = getattr(e, "orig", None)
    return type(orig if orig is not None else e).__name__


def _sorted(rows):
    return sorted(rows, key=repr)


def _blank_clock(tables_dump, clock):
    out = {}
    for name, rows in tables_dump.items():
        cols = {c.split(".", 1)[1] for c in clock if c.split(".", 1)[0] == name}
        out[name] = _sorted([{k: (v is None) if k in cols else v for k, v in r.items()} for r in rows])
    return out


def run_call(fn_owner, name, args, is_method):
    try:
        target = getattr(fn_owner, name)
        return ("ok", normalize(target(*args)))
    except Exception as e:  # the old code's errors are part of its behaviour
        return ("error", _error_name(e))


def compare_case(old_mod, new_mod, spec, fn, args, base_db, workdir, engine_factory):
    """None when old and new agree on this case; else a one-line description of the first difference."""
    tables = spec["tables"]
    old_db = os.path.join(workdir, "old.db")
    new_db = os.path.join(workdir, "new.db")
    shutil.copy(base_db, old_db)
    shutil.copy(base_db, new_db)
    _target["path"] = old_db
    owner_old, owner_new = old_mod, new_mod
    if fn.get("cls"):
        cls_old = getattr(old_mod, fn["cls"])
        try:
            owner_old = cls_old()
        except Exception:
            owner_old = cls_old.__new__(cls_old)
        owner_new = getattr(new_mod, fn["cls"]).__new__(getattr(new_mod, fn["cls"]))
    engine = engine_factory(new_db)
    new_mod.configure(engine)
    try:
        old = run_call(owner_old, fn["name"], args, bool(fn.get("cls")))
        new = run_call(owner_new, fn["name"], args, bool(fn.get("cls")))
    finally:
        engine.dispose()
    if old[0] != new[0]:
        return "old %s %r, new %s %r" % (old[0], old[1], new[0], new[1])
    a, b = old[1], new[1]
    if old[0] == "ok" and not fn.get("ordered") and isinstance(a, list) and isinstance(b, list):
        a, b = _sorted(a), _sorted(b)
    if a != b:
        return "returned %r, new returned %r" % (a, b)
    da = _blank_clock(dump(old_db, tables), fn.get("clock", []))
    db = _blank_clock(dump(new_db, tables), fn.get("clock", []))
    for name in da:
        if da[name] != db[name]:
            extra = [r for r in da[name] if r not in db[name]] or [r for r in db[name] if r not in da[name]]
            return "table %s differs after the call (first differing row %r)" % (name, extra[:1])
    return None


def check(spec, engine_factory):
    """Runs every case of every function; returns {function: None or first difference}."""
    old_mod = load_old(spec["sys_path"], spec["old_module"])
    new_mod = importlib.import_module(spec["new_module"])
    workdir = tempfile.mkdtemp(prefix="remodel-sql-")
    base_db = os.path.join(workdir, "base.db")
    seed(base_db, spec["tables"], spec["rows"])
    results = {}
    for fn in spec["functions"]:
        verdict = None
        for args in fn["cases"]:
            try:
                verdict = compare_case(old_mod, new_mod, spec, fn, list(args), base_db, workdir, engine_factory)
            except Exception as e:
                verdict = "the check itself failed: %s: %s" % (type(e).__name__, e)
            if verdict:
                verdict = "with arguments %r: %s" % (list(args), verdict)
                break
        results[fn["qualname"]] = verdict
    shutil.rmtree(workdir, ignore_errors=True)
    return results


def sqlite_engine_factory(path):
    import sqlalchemy as sa
    return sa.create_engine("sqlite://", creator=lambda: _real_connect(path), future=True)
