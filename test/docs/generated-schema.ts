import type { Column, ForeignKey, Schema, Table } from "../../src/schema/model.js";

/** Domains of the generated schema: one larger than a diagram may hold, to exercise splitting. */
const DOMAINS: [string, number][] = [
  ["core", 130],
  ["billing", 40],
  ["catalog", 35],
  ["audit", 25],
  ["misc", 20],
];

/**
 * A deterministic schema of `DOMAINS` tables (250 by default) with hubs, chains, self-references,
 * association tables and enum columns: the input of the diagram-splitting tests, the Chromium
 * test and the docs benchmark.
 */
export function generatedSchema(): Schema {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const tables: Table[] = [];
  for (const [domain, count] of DOMAINS) {
    const module = `app.${domain}.models`;
    const first = tables.length;
    for (let i = 0; i < count; i++) {
      const name = `${domain}_t${String(i).padStart(3, "0")}`;
      const columns: Column[] = [
        col("id", "integer", false, true),
        col("name", "string", false),
        col("created_at", "datetime", false),
      ];
      const fks: ForeignKey[] = [];
      const refs = new Set<number>();
      // Link to earlier tables of the same domain (a connected domain), sometimes to the global hub.
      if (i > 0) refs.add(first + rand(i));
      if (i > 3 && rand(3) === 0) refs.add(first + rand(i));
      if (domain !== "core" && rand(4) === 0) refs.add(0);
      for (const r of refs) {
        const c = `${tables[r].name}_id`;
        columns.push(col(c, "integer", rand(3) === 0));
        fks.push({ columns: [c], refTable: tables[r].name, refColumns: ["id"], onDelete: rand(2) ? "CASCADE" : null });
      }
      if (i % 17 === 5) {
        columns.push(col("parent_id", "integer", true));
        fks.push({ columns: ["parent_id"], refTable: name, refColumns: ["id"] });
      }
      if (i % 9 === 0)
        columns.push({
          ...col("status", "enum", false),
          type: { written: "Enum(Status)", normalized: "enum", enum: "Status" },
        });
      if (i % 11 === 3)
        columns.push({
          ...col("amount", "numeric", true),
          type: { written: "Numeric(10, 2)", normalized: "numeric", precision: 10, scale: 2 },
        });
      tables.push(table(name, module, columns, fks, i));
    }
  }
  return { version: 1, tables, enums: [{ name: "Status", values: ["new", "active", "closed"] }] };
}

function col(name: string, normalized: string, nullable: boolean, primaryKey = false): Column {
  return { name, type: { written: normalized, normalized }, nullable, primaryKey, unique: false, index: false };
}

function table(name: string, module: string, columns: Column[], foreignKeys: ForeignKey[], line: number): Table {
  return {
    name,
    model: name.replace(/(^|_)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    module,
    framework: "sqlalchemy",
    columns,
    primaryKey: ["id"],
    foreignKeys,
    indexes: [],
    uniqueConstraints: [],
    checkConstraints: [],
    relationships: [],
    source: { path: module.replace(/\./g, "/") + ".py", line: 10 + line * 12 },
  };
}
