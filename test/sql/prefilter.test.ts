import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePython } from "../../src/python/parser.js";
import { driversOf, findSites, mayHaveSql } from "../../src/sql/sites.js";

/** Files with one site each, one per kind of call and of SQL argument the finder takes. */
const WITH_SITE: Record<string, string> = {
  "sqlite3 execute of a string": `
import sqlite3
def f(cur):
    cur.execute('SELECT * FROM t')
`,
  "executemany, a name bound to a string": `
import sqlite3
Q = 'INSERT INTO t VALUES (?)'
def f(conn, rows):
    conn.executemany(Q, rows)
`,
  executescript: `
import sqlite3
def f(db):
    db.executescript("""CREATE TABLE t (id int);""")
`,
  "a parenthesized string": `
import psycopg2
def f(cur):
    cur.execute(('SELECT 1 FROM t'))
`,
  "psycopg2 %-formatting (an injection)": `
import psycopg2
def f(cur, name):
    cur.execute('SELECT * FROM t WHERE n = %s' % name)
`,
  "asyncpg fetchrow": `
import asyncpg
async def f(conn):
    return await conn.fetchrow('SELECT id FROM t')
`,
  "asyncpg fetchval": `
import asyncpg
async def f(pool):
    return await pool.fetchval('SELECT count(*) FROM t')
`,
  "text() of a statement": `
import sqlalchemy as sa
def f(conn):
    conn.execute(sa.text('UPDATE t SET a = 1'))
`,
  "text() of a fragment with a value formatted in": `
import sqlalchemy as sa
def f(q, col):
    return q.where(sa.text(f'{col} > 0'))
`,
  "text() over a name bound to a string": `
from sqlalchemy import text
SQL = 'DELETE FROM t'
def f(conn):
    conn.execute(text(SQL))
`,
  "text() of an escaped literal": `
import sqlalchemy as sa
def f(conn):
    conn.execute(sa.text('\\nSELECT 1 FROM t'))
`,
  exec_driver_sql: `
import sqlalchemy
def f(conn):
    conn.exec_driver_sql('VACUUM')
`,
  "Django raw()": `
from django.db import models
def f():
    return Item.objects.raw('SELECT * FROM item')
`,
  "Django cursor over a name": `
from django.db import connection
def f(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
`,
  "a name extended with +=": `
import sqlalchemy as sa
def f(session, where):
    q = 'SELECT * FROM t'
    q += where
    session.execute(q)
`,
  "a name bound to a conditional with a text branch": `
import sqlalchemy as sa
def f(conn, make):
    stmt = make() if callable(make) else 'SELECT 1 FROM t'
    conn.execute(stmt)
`,
  "a wrapper call on a cursor, in a file that imports no driver": `
def f(cursor, where):
    cursor.execute(raw(build(where)))
`,
  "a wrapper call on a connection, in a sqlite3 file": `
import sqlite3
def f(conn):
    conn.execute(raw(build()))
`,
  "Django raw() of a call": `
from django.db import models
def f(kind):
    return Item.objects.raw(report_sql(kind))
`,
  "a name bound to a concatenation, in a file that imports no driver": `
def f(cur, base):
    q = base + " WHERE x = ?"
    cur.execute(q, (1,))
`,
  "a name bound to a call, in a sqlite3 file": `
import sqlite3
def f(conn):
    q = build()
    conn.execute(q)
`,
  "a name bound to a call, on a cursor in SQLAlchemy code": `
import sqlalchemy as sa
def f(engine):
    cur = engine.raw_connection().cursor()
    q = build()
    cur.execute(q)
`,
  "a concatenation of a parameter in SQLAlchemy code": `
import sqlalchemy as sa
async def f(conn, base):
    await conn.execute(base + " WHERE seen")
`,
  "a helper of the file that returns text, in SQLAlchemy code": `
import sqlalchemy as sa
def query():
    return "SELECT id FROM t"
def f(conn):
    conn.execute(query())
`,
  "a parameter annotated str, in SQLAlchemy code": `
import sqlalchemy as sa
def f(conn, sql: str):
    conn.execute(sql)
`,
  "exec_driver_sql of a parameter": `
import sqlalchemy as sa
def f(conn, sql):
    conn.exec_driver_sql(sql)
`,
  "a connection named con2": `
import sqlite3
def f(con2, q):
    con2.execute(q)
`,
  "text passed to the class's own execute()": `
class Db:
    def execute(self, sql):
        return self.run(sql)
    def tables(self, kind):
        sql = "SELECT name FROM sqlite_master WHERE type = {}".format(kind)
        return self.execute(sql)
`,
  "a list of parts for the project's own execute()": `
def f(db, where):
    db.execute(["SELECT * FROM t", where])
`,
  ".format() of a name": `
import pymysql
SQL = 'SELECT * FROM {}'
def f(cur, t):
    cur.execute(SQL.format(t))
`,
};

/** Files that mention the calls with no site: what the prefilter let through before on a large project. */
const WITHOUT_SITE: Record<string, string> = {
  "text() as a server default and a partial-index condition": `
import sqlalchemy as sa
class Row(Base):
    id = sa.Column(sa.Integer, server_default=sa.text('0'))
    at = sa.Column(sa.DateTime, server_default=sa.text("now()"), nullable=True)
    __table_args__ = (sa.Index('ix', 'state', postgresql_where=sa.text("state NOT IN ('DONE')")),)
`,
  "a parenthesized statement object": `
import sqlalchemy as sa
async def f(conn, t):
    await conn.execute(
        (
            sa.update(t).values(a=1)
        )
    )
`,
  "a name bound to a statement object": `
import sqlalchemy as sa
async def f(conn, t):
    query = sa.select(t).where(t.c.id == 1)
    return (await conn.execute(query)).first()
`,
  "a name passed to execute() on what is no connection": `
import sqlite3
def f(pool, job):
    pool_executor.execute(job)
    runner.executemany(job, [])
`,
  "sa.update() in a file with an update() of its own (no helper of the file is called)": `
import sqlalchemy as sa
class Repo:
    async def update(self, conn, t):
        await conn.execute(sa.update(t).values(a=1))
`,
  "a table's insert() in a file with an insert() of its own": `
import sqlalchemy as sa
items = sa.Table("items", sa.MetaData())
def insert(conn, rows):
    conn.execute(items.insert(), rows)
`,
  "a value that is no text passed to the class's own execute(), in a file that imports no driver": `
from .ids import next_id
class Kernel:
    def execute(self, run_id, code):
        return run_id, code
    def go(self, code):
        run_id = next_id()
        return self.execute(run_id, code)
`,
};

/**
 * SQLAlchemy statements that only the tree tells from text: the prefilter keeps the file, the
 * finder gives no site.
 */
const STATEMENT_OBJECTS: Record<string, string> = {
  "a parameter or its call, through a conditional (a callable or a statement)": `
import sqlalchemy as sa
def f(conn, make):
    stmt = make() if callable(make) else make
    conn.execute(stmt)
`,
  "a helper of the file that returns a statement": `
import sqlalchemy as sa
def touch(t, i):
    return sa.update(t).values(seen=True).where(t.c.id == i)
async def f(conn, t):
    await conn.execute(touch(t, 1))
`,
  "a builder method on a name bound to a statement": `
import sqlalchemy as sa
async def f(conn, t):
    query = sa.select(t)
    return await conn.execute(query.where(t.c.seen.is_(False)))
`,
  "a task passed to the class's own execute()": `
class Job:
    def execute(self, task):
        return task()
    def go(self, task):
        return self.execute(task)
`,
  "a name bound to a call of an imported function": `
import sqlalchemy as sa
from .queries import build
async def f(conn):
    q = build()
    return await conn.execute(q)
`,
};

/** The snippets start on the line after the backtick. */
const file = (snippet: string) => snippet.slice(1);
const sites = (text: string) => findSites(parsePython(text), driversOf(text));

test("prefilter: every kind of site is kept, and the finder finds it", () => {
  for (const [what, snippet] of Object.entries(WITH_SITE)) {
    const text = file(snippet);
    assert.equal(sites(text).length, 1, `${what}: the finder's site`);
    assert.equal(mayHaveSql(text), true, `${what}: kept by the prefilter`);
  }
});

test("prefilter: files that name the calls but hold no site are not parsed", () => {
  for (const [what, snippet] of Object.entries(WITHOUT_SITE)) {
    const text = file(snippet);
    assert.deepEqual(sites(text), [], `${what}: no site`);
    assert.equal(mayHaveSql(text), false, `${what}: set aside by the prefilter`);
  }
  // One site among them is enough to keep the file.
  const mixed =
    file(WITHOUT_SITE["text() as a server default and a partial-index condition"]) +
    "def g(conn):\n    conn.execute(sa.text('UPDATE t SET a = 1'))\n";
  assert.equal(sites(mixed).length, 1);
  assert.equal(mayHaveSql(mixed), true);
});

test("prefilter: statement objects that only the tree tells from text give no site", () => {
  for (const [what, snippet] of Object.entries(STATEMENT_OBJECTS)) {
    const text = file(snippet);
    assert.deepEqual(sites(text), [], `${what}: no site`);
  }
});
