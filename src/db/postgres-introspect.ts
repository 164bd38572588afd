import { type EnumType, identityOf, type Table } from "../schema/model.js";
import type { DbObject, Introspection } from "./connection.js";
import { finishSchema, fkAction, newColumn, newTable } from "./build.js";
import { parseDbType } from "./types.js";

/** Runs one query with positional parameters; implemented by `pg` and PGlite alike. */
export type Query = (sql: string, params: unknown[]) => Promise<Record<string, any>[]>;

const Q_TABLES = `
select c.oid::int as oid, c.relname as name, c.relkind as kind, obj_description(c.oid, 'pg_class') as comment
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition
order by c.relname`;

const Q_COLUMNS = `
select a.attrelid::int as oid, a.attname as name, format_type(a.atttypid, a.atttypmod) as fmt,
  t.typtype as typtype, t.typname as typname, et.typtype as elemtyptype, et.typname as elemtypname,
  a.attnotnull as notnull, pg_get_expr(d.adbin, d.adrelid) as def, a.attidentity as identity, a.attgenerated as generated,
  col_description(a.attrelid, a.attnum) as comment, sq.seqstart::text as seqstart, sq.seqincrement::text as seqincrement,
  sq.seqmin::text as seqmin, sq.seqmax::text as seqmax, sq.seqcycle as seqcycle, sq.seqcache::text as seqcache
from pg_attribute a
join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid left join pg_type et on et.oid = t.typelem and t.typcategory = 'A'
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
left join lateral (
  select s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcycle, s.seqcache from pg_depend dep join pg_sequence s on s.seqrelid = dep.objid
  where a.attidentity <> '' and dep.refclassid = 'pg_class'::regclass and dep.refobjid = a.attrelid
    and dep.refobjsubid = a.attnum and dep.classid = 'pg_class'::regclass and dep.deptype = 'i' limit 1
) sq on true
where n.nspname = $1 and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum`;

const Q_CONSTRAINTS = `
select con.conrelid::int as oid, con.conname as name, con.contype as type,
  array(select a.attname::text from unnest(con.conkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.o) as cols,
  rc.relname as reftable,
  array(select a.attname::text from unnest(con.confkey) with ordinality k(n, o) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.o) as refcols,
  con.confdeltype as ondelete, con.confupdtype as onupdate,
  case when con.contype = 'c' then pg_get_constraintdef(con.oid) end as def
from pg_constraint con join pg_namespace n on n.oid = con.connamespace
left join pg_class rc on rc.oid = con.confrelid
where n.nspname = $1 and con.contype in ('p', 'u', 'f', 'c') and con.conrelid <> 0
order by con.conrelid, con.conname`;

const Q_INDEXES = `
select ix.indrelid::int as oid, i.relname as name, ix.indisunique as uniq,
  array(select coalesce(a.attname::text, '') from unnest(ix.indkey::int2[]) with ordinality k(n, o) left join pg_attribute a on a.attrelid = ix.indrelid and a.attnum = k.n order by k.o) as cols,
  pg_get_expr(ix.indexprs, ix.indrelid) as exprs, pg_get_expr(ix.indpred, ix.indrelid) as pred, am.amname as method,
  array(select case when oc.opcdefault then '' else oc.opcname::text end from unnest(ix.indclass::oid[]) with ordinality k(c, o) join pg_opclass oc on oc.oid = k.c order by k.o) as opclasses
from pg_index ix join pg_class i on i.oid = ix.indexrelid join pg_namespace n on n.oid = i.relnamespace join pg_am am on am.oid = i.relam
where n.nspname = $1 and not ix.indisprimary
  and not exists (select 1 from pg_constraint con where con.conindid = ix.indexrelid and con.contype in ('p', 'u', 'x'))
order by i.relname`;

const Q_ENUMS = `
select t.typname as name, array(select e.enumlabel::text from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder) as labels
from pg_type t join pg_namespace n on n.oid = t.typnamespace
where n.nspname = $1 and t.typtype = 'e' order by t.typname`;

// Sequences that no column owns (serial/identity sequences are part of their column) and user triggers.
// `classid` lets PostgreSQL use pg_depend's (classid, objid, objsubid) index: without it the
// probe scans all of pg_depend once per sequence (8 s of 9 at 2,000 tables).
const Q_OBJECTS = `
select 'sequence' as kind, c.relname as name, null as tbl from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relkind = 'S' and not exists (
  select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i'))
union all
select 'trigger', tg.tgname, c.relname from pg_trigger tg join pg_class c on c.oid = tg.tgrelid join pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and not tg.tgisinternal
order by 1, 2`;

const FK_ACTIONS: Record<string, string | null> = {
  a: null,
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

/** Reads one PostgreSQL schema (default public) into the neutral schema. Only SELECTs. */
export async function introspectPostgres(query: Query, schemaName = "public"): Promise<Introspection> {
  const p = [schemaName];
  // One query at a time: a pg client and PGlite both serialize them anyway.
  const results: Record<string, any>[][] = [];
  for (const q of [Q_TABLES, Q_COLUMNS, Q_CONSTRAINTS, Q_INDEXES, Q_ENUMS, Q_OBJECTS]) results.push(await query(q, p));
  const [rels, cols, cons, idx, enumRows, objRows] = results;
  // pg_get_expr writes strings as this session reads them: backslashes doubled when it is off.
  const scs = await query("select current_setting('standard_conforming_strings') as s", []);
  const standardStrings = String(scs[0]?.s ?? "on").toLowerCase() !== "off";
  const byOid = new Map<number, Table>();
  const tables = new Map<string, Table>();
  const objects: DbObject[] = objRows.map((r) => ({ kind: r.kind, name: r.name, table: r.tbl ?? null }));
  for (const r of rels) {
    if (r.kind === "v" || r.kind === "m") {
      objects.push({ kind: r.kind === "v" ? "view" : "materialized view", name: r.name });
      continue;
    }
    const t = newTable(r.name, r.comment);
    byOid.set(r.oid, t);
    tables.set(r.name, t);
  }
  for (const r of cols) addColumn(byOid.get(r.oid), r);
  for (const r of cons) addConstraint(byOid.get(r.oid), r);
  for (const r of idx) {
    const t = byOid.get(r.oid);
    if (!t) continue;
    const columns = (r.cols as string[]).filter((c) => c !== "");
    const expressions = r.exprs ? [String(r.exprs)] : [];
    if (r.pred) expressions.push(`WHERE ${r.pred}`);
    const opclasses = r.opclasses as string[];
    t.indexes.push({
      name: r.name,
      columns,
      unique: r.uniq,
      ...(expressions.length ? { expressions } : {}),
      ...(r.method !== "btree" ? { method: r.method } : {}),
      ...(opclasses.some(Boolean) ? { opclasses } : {}),
    });
  }
  const enums: EnumType[] = enumRows.map((r) => ({ name: r.name, dbName: r.name, values: r.labels }));
  objects.sort((a, b) => (a.kind + a.name < b.kind + b.name ? -1 : 1));
  return {
    dialect: "postgresql",
    schema: finishSchema(tables, enums),
    objects,
    ...(standardStrings ? {} : { standardConformingStrings: false }),
  };
}

function addColumn(t: Table | undefined, r: Record<string, any>): void {
  if (!t) return;
  const type = parseDbType("postgresql", r.fmt);
  if (r.typtype === "e") Object.assign(type, { normalized: "enum", enum: r.typname });
  if (type.item && r.elemtyptype === "e") Object.assign(type.item, { normalized: "enum", enum: r.elemtypname });
  const def: string | null = r.def ?? null;
  // An identity column's sequence is its own (pg_depend 'i'): PostgreSQL reports no default for
  // it, only attidentity ('a' always, 'd' by default) and the sequence's options (as text: int8).
  const identity =
    r.identity === "a" || r.identity === "d"
      ? identityOf(
          r.identity === "a",
          {
            start: r.seqstart,
            increment: r.seqincrement,
            minvalue: r.seqmin,
            maxvalue: r.seqmax,
            cycle: r.seqcycle,
            cache: r.seqcache,
          },
          type.normalized,
        )
      : null;
  const auto = identity !== null || (def !== null && /^nextval\(/i.test(def));
  // A generated column keeps its expression where defaults live (pg_attrdef): it is no default.
  // 's' is stored; 'v' (PostgreSQL 18+) is computed on read.
  const generated = r.generated === "s" || r.generated === "v";
  const computed = generated && def !== null ? { expression: def, persisted: r.generated === "s" } : null;
  t.columns.push(
    newColumn(r.name, type, !r.notnull, auto || computed ? null : def, {
      autoincrement: auto ? true : null,
      comment: r.comment ?? null,
      ...(computed ? { computed } : {}),
      ...(identity ? { identity } : {}),
    }),
  );
}

function addConstraint(t: Table | undefined, r: Record<string, any>): void {
  if (!t) return;
  const columns: string[] = r.cols;
  if (r.type === "p") t.primaryKey = columns;
  else if (r.type === "u") t.uniqueConstraints.push({ name: r.name, columns });
  else if (r.type === "c")
    t.checkConstraints.push({ name: r.name, expression: String(r.def).replace(/^CHECK\s*/i, "") });
  else if (r.type === "f") {
    t.foreignKeys.push({
      name: r.name,
      columns,
      refTable: r.reftable,
      refColumns: r.refcols,
      onDelete: fkAction(FK_ACTIONS[r.ondelete]),
      onUpdate: fkAction(FK_ACTIONS[r.onupdate]),
    });
  }
}
