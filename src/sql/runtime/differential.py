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


def load_new(new_dir, module):
    """Imports the new module from new_dir, put first on sys.path: the old code's folder (inserted
    before it by load_old) may hold a copy an earlier run wrote there, which must not stand in for it."""
    if not new_dir:
        return importlib.import_module(module)
    new_dir = os.path.abspath(new_dir)
    while new_dir in sys.path:
        sys.path.remove(new_dir)
    sys.path.insert(0, new_dir)
    pkg = module.split(".")[0]
    for name in [m for m in sys.modules if m == pkg or m.startswith(pkg + ".")]:
        where = getattr(sys.modules[name], "__file__", None) or ""
        if not os.path.abspath(where).startswith(new_dir + os.sep):
            del sys.modules[name]
    importlib.invalidate_caches()
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


def _select_all(cur, sql):
    cur.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def dump(path, tables):
    con = _real_connect(path)
    try:
        cur = con.cursor()
        return {t["name"]: _select_all(cur, 'SELECT * FROM "%s"' % t["name"]) for t in tables}
    finally:
        con.close()


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


def compare_case(old_mod, new_mod, spec, fn, args, backend):
    """None when old and new agree on this case; else a one-line description of the first difference."""
    tables = spec["tables"]
    old_db = backend.fresh("old")
    new_db = backend.fresh("new")
    try:
        backend.point_old(old_db)
        owner_old, owner_new = old_mod, new_mod
        if fn.get("cls"):
            cls_old = getattr(old_mod, fn["cls"])
            try:
                owner_old = cls_old()
            except Exception:
                owner_old = cls_old.__new__(cls_old)
            owner_new = getattr(new_mod, fn["cls"]).__new__(getattr(new_mod, fn["cls"]))
        engine = backend.engine(new_db)
        new_mod.configure(engine)
        try:
            old = run_call(owner_old, fn["name"], args, bool(fn.get("cls")))
            backend.release()
            new = run_call(owner_new, fn["name"], args, bool(fn.get("cls")))
        finally:
            engine.dispose()
            backend.release()
        if old[0] != new[0]:
            return "old %s %r, new %s %r" % (old[0], old[1], new[0], new[1])
        a, b = old[1], new[1]
        if old[0] == "ok" and not fn.get("ordered") and isinstance(a, list) and isinstance(b, list):
            a, b = _sorted(a), _sorted(b)
        if a != b:
            return "returned %r, new returned %r" % (a, b)
        da = _blank_clock(backend.dump(old_db, tables), fn.get("clock", []))
        db = _blank_clock(backend.dump(new_db, tables), fn.get("clock", []))
        for name in da:
            if da[name] != db[name]:
                extra = [r for r in da[name] if r not in db[name]] or [r for r in db[name] if r not in da[name]]
                return "table %s differs after the call (first differing row %r)" % (name, extra[:1])
        return None
    finally:
        backend.drop(old_db)
        backend.drop(new_db)


class SqliteBackend:
    """Each case on two copies of one seeded SQLite file in a temporary folder."""

    def __init__(self, spec):
        self.workdir = tempfile.mkdtemp(prefix="remodel-sql-")
        self.base = os.path.join(self.workdir, "base.db")
        seed(self.base, spec["tables"], spec["rows"])
        self.n = 0

    def fresh(self, label):
        self.n += 1
        path = os.path.join(self.workdir, "%s%d.db" % (label, self.n))
        shutil.copy(self.base, path)
        return path

    def point_old(self, path):
        _target["path"] = path

    def release(self):
        pass

    def engine(self, path):
        import sqlalchemy as sa
        return sa.create_engine("sqlite://", creator=lambda: _real_connect(path), future=True)

    def dump(self, path, tables):
        return dump(path, tables)

    def drop(self, path):
        try:
            os.remove(path)
        except OSError:
            pass

    def close(self):
        shutil.rmtree(self.workdir, ignore_errors=True)


def create_and_fill(cur, spec, quote):
    """The spec's types, tables and seeded rows through a `%s`-style DB-API cursor; names quoted with `quote`."""
    for ddl in spec.get("types", []):
        cur.execute(ddl)
    for t in spec["tables"]:
        cur.execute(t["ddl"])
    for t in spec["tables"]:
        for row in spec["rows"].get(t["name"], []):
            cols = list(row)
            q = lambda n: "%s%s%s" % (quote, n, quote)  # noqa: E731
            cur.execute("INSERT INTO %s (%s) VALUES (%s)" % (q(t["name"]), ", ".join(q(c) for c in cols), ", ".join("%s" for _ in cols)), [row[c] for c in cols])


class ScratchServer:
    """What the live-server backends share: scratch namespaces named by this run's prefix, created
    and seeded through an admin connection, dumped table by table. A subclass says how to create
    one (`_create`), which connection reads it (`_reader`) and how a table of it is named (`_table`)."""

    def __init__(self, spec):
        self.spec = spec
        self.prefix = "remodel_scratch_%d_%s" % (os.getpid(), os.urandom(3).hex())
        self.n = 0
        self.current = None
        self.opened = []

    def release(self):
        """Closes what the old code left open (it raised before close()): a server rolls such a
        connection back, and so must PGlite, whose one session the dump and the next case share:
        rolled back here, in order, not when the bridge sees the socket close."""
        for conn in self.opened:
            for step in (conn.rollback, conn.close):
                try:
                    step()
                except Exception:
                    pass
        self.opened = []

    def fresh(self, label):
        self.n += 1
        name = "%s_%s%d" % (self.prefix, label, self.n)
        con = self._admin()
        try:
            self._create(con.cursor(), name)
            con.commit()
        finally:
            con.close()
        return name

    def point_old(self, name):
        self.current = name

    def dump(self, name, tables):
        con = self._reader(name)
        try:
            cur = con.cursor()
            return {t["name"]: _select_all(cur, "SELECT * FROM %s" % self._table(name, t["name"])) for t in tables}
        finally:
            con.close()


class PostgresBackend(ScratchServer):
    """Each case in two scratch schemas of its own (created, seeded, dropped) on the server of `url`.

    Only schemas this run created are written or dropped: the database's own tables are never
    touched, and the old code's psycopg2.connect(...) is sent to the case's schema by search_path.
    """

    def __init__(self, spec, url):
        import psycopg2
        super().__init__(spec)
        self.psycopg2 = psycopg2
        self.real_connect = psycopg2.connect
        self.url = url
        backend = self

        def redirected(*args, **kwargs):
            kwargs.pop("dsn", None)
            kwargs.pop("database", None)
            kwargs.pop("dbname", None)
            factory = kwargs.get("cursor_factory")
            conn = backend._connect_to(backend.current, **({"cursor_factory": factory} if factory else {}))
            backend.opened.append(conn)
            return conn

        psycopg2.connect = redirected

    def _admin(self):
        return self.real_connect(self.url)

    def _connect_to(self, name, **kwargs):
        # SET, committed, rather than a startup option: PGlite is one session and ignores those.
        conn = self.real_connect(self.url, **kwargs)
        cur = conn.cursor()
        cur.execute('SET search_path TO "%s"' % name)
        cur.close()
        conn.commit()
        return conn

    def _create(self, cur, name):
        cur.execute('CREATE SCHEMA "%s"' % name)
        cur.execute('SET search_path TO "%s"' % name)
        create_and_fill(cur, self.spec, '"')
        for t in self.spec["tables"]:
            # Seeded keys were given explicitly: move each serial past them, as rows added by the app would have.
            cur.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s AND table_name = %s AND column_default LIKE 'nextval(%%'", (name, t["name"]))
            for (col,) in cur.fetchall():
                cur.execute('SELECT setval(pg_get_serial_sequence(%%s, %%s), COALESCE((SELECT MAX("%s") FROM "%s"), 0) + 1, false)' % (col, t["name"]), ('"%s"."%s"' % (name, t["name"]), col))

    def _reader(self, name):
        return self._admin()

    def _table(self, name, table):
        return '"%s"."%s"' % (name, table)

    def engine(self, name):
        import sqlalchemy as sa
        def creator():
            conn = self._connect_to(name)
            self.opened.append(conn)  # released after the call, even if the new code left it checked out
            return conn
        return sa.create_engine("postgresql+psycopg2://", creator=creator, future=True)

    def drop(self, name):
        con = self._admin()
        try:
            con.autocommit = True
            con.cursor().execute('DROP SCHEMA IF EXISTS "%s" CASCADE' % name)
        finally:
            con.close()

    def close(self):
        self.psycopg2.connect = self.real_connect


class MysqlBackend(ScratchServer):
    """Each case in two scratch databases of its own (created, seeded, dropped) on the MySQL/MariaDB server of `url`.

    Only databases this run created are written or dropped; the old code's pymysql.connect(...)
    is sent to the case's database, keeping the cursor class and other options it asked for.
    """

    def __init__(self, spec, url):
        import pymysql
        import sqlalchemy as sa
        super().__init__(spec)
        self.pymysql = pymysql
        self.real_connect = pymysql.connect
        u = sa.engine.make_url(url)
        self.url = u
        self.server = {"host": u.host or "127.0.0.1", "port": u.port or 3306, "user": u.username or "root", "password": u.password or "", "charset": "utf8mb4"}
        self.opened = []
        # Connections closed under a pool (above, before each drop) are not worth a traceback each.
        import logging
        logging.getLogger("sqlalchemy.pool").setLevel(logging.CRITICAL)
        backend = self

        def redirected(*args, **kwargs):
            keep = {k: v for k, v in kwargs.items() if k in ("cursorclass", "autocommit", "sql_mode", "init_command")}
            conn = backend.real_connect(database=backend.current, **dict(backend.server, **keep))
            backend.opened.append(conn)
            return conn

        pymysql.connect = pymysql.Connect = redirected
        # mysqlclient (MySQLdb) code: the real module when this Python has it, its connect sent to
        # the case's database too; without it, PyMySQL stands in for it (its documented drop-in,
        # install_as_MySQLdb), in this process only, so the old SQL still runs on the same server.
        try:
            import MySQLdb
            self.mysqldb, self.mysqldb_connect = MySQLdb, MySQLdb.connect

            def redirected_mysqldb(*args, **kwargs):
                keep = {k: v for k, v in kwargs.items() if k in ("cursorclass", "autocommit", "sql_mode", "init_command")}
                s = backend.server
                conn = MySQLdb.connect(host=s["host"], port=s["port"], user=s["user"], password=s["password"], charset=s["charset"], database=backend.current, **keep)
                backend.opened.append(conn)
                return conn

            MySQLdb.connect = MySQLdb.Connect = redirected_mysqldb
        except ImportError:
            self.mysqldb = None
            sys.modules.setdefault("MySQLdb", pymysql)
            sys.modules.setdefault("MySQLdb.cursors", pymysql.cursors)

    def _admin(self, database=None):
        return self.real_connect(database=database, **self.server)

    def _create(self, cur, name):
        cur.execute("CREATE DATABASE `%s` CHARACTER SET utf8mb4" % name)
        cur.execute("USE `%s`" % name)
        create_and_fill(cur, self.spec, "`")

    def _reader(self, name):
        return self._admin(name)

    def _table(self, name, table):
        return "`%s`" % table

    def engine(self, name):
        import sqlalchemy as sa
        def creator():
            conn = self._admin(name)
            self.opened.append(conn)  # closed before the drop, even if the new code left it checked out
            return conn
        return sa.create_engine("mysql+pymysql://", creator=creator, future=True)

    def drop(self, name):
        # A connection the old code left open (it raised before close()) holds a metadata lock
        # that would make DROP DATABASE wait for ever.
        self.release()
        con = self._admin()
        try:
            cur = con.cursor()
            cur.execute("SET SESSION lock_wait_timeout = 30")
            cur.execute("DROP DATABASE IF EXISTS `%s`" % name)
        finally:
            con.close()

    def close(self):
        self.pymysql.connect = self.pymysql.Connect = self.real_connect
        if self.mysqldb is not None:
            self.mysqldb.connect = self.mysqldb.Connect = self.mysqldb_connect
        # Whatever a failed drop left behind: every database of this run's prefix goes.
        con = self._admin()
        try:
            cur = con.cursor()
            cur.execute("SHOW DATABASES LIKE %s", (self.prefix + "%",))
            for (name,) in cur.fetchall():
                cur.execute("DROP DATABASE IF EXISTS `%s`" % name)
        finally:
            con.close()


def make_backend(spec):
    url = spec.get("url")
    if url and url.split(":", 1)[0].split("+", 1)[0] in ("mysql", "mariadb"):
        return MysqlBackend(spec, url)
    if url:
        return PostgresBackend(spec, url)
    return SqliteBackend(spec)


def check(spec, backend_factory=make_backend):
    """Runs every case of every function; returns {function: None or first difference}."""
    backend = backend_factory(spec)
    try:
        old_mod = load_old(spec["sys_path"], spec["old_module"])
        new_mod = load_new(spec.get("new_dir"), spec["new_module"])
        results = {}
        for fn in spec["functions"]:
            verdict = None
            for args in fn["cases"]:
                try:
                    verdict = compare_case(old_mod, new_mod, spec, fn, list(args), backend)
                except Exception as e:
                    verdict = "the check itself failed: %s: %s" % (type(e).__name__, str(e).strip().splitlines()[0] if str(e).strip() else "")
                if verdict:
                    verdict = "with arguments %r: %s" % (list(args), verdict)
                    break
            results[fn["qualname"]] = verdict
        return results
    finally:
        backend.close()
