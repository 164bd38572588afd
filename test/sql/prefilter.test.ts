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
  "a name bound to a conditional": `
import sqlalchemy as sa
def f(conn, make):
    stmt = make() if callable(make) else make
    conn.execute(stmt)
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
