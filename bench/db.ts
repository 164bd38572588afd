import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderDdl } from "../src/db/ddl.js";
import { diffSchemas } from "../src/db/diff.js";
import { connect, introspectUrl } from "../src/db/registry.js";
import { loadSourceSchema } from "../src/db/source.js";
import type { Column, Schema, Table } from "../src/schema/model.js";
import { medianMs, type BenchSuite, type Figure } from "./types.js";

/** A generated schema: `n` tables of 10 columns, each keyed to an earlier table, with indexes, uniques and enums. */
export function generatedSchema(n: number): Schema {
  const enums = Array.from({ length: 10 }, (_, i) => ({
    name: `State${i}`,
    dbName: `state_${i}`,
    values: ["new", "active", "done", `extra_${i}`],
  }));
  const col = (name: string, normalized: string, extra: Partial<Column> = {}): Column => ({
    name,
    type: { written: normalized, normalized, ...(normalized === "string" ? { length: 120 } : {}) },
    nullable: true,
    default: null,
    serverDefault: null,
    primaryKey: false,
    unique: false,
    index: false,
    ...extra,
  });
  const tables: Table[] = [];
  for (let i = 0; i < n; i++) {
    const name = `t${String(i).padStart(3, "0")}`;
    const columns = [
      col("id", "integer", { primaryKey: true, nullable: false, autoincrement: true }),
      col("code", "string", { nullable: false, unique: true }),
      col("title", "string", { index: true }),
      col("body", "text"),
      col("amount", "numeric", { type: { written: "Numeric(12, 2)", normalized: "numeric", precision: 12, scale: 2 } }),
      col("created_at", "datetime", {
        nullable: false,
        serverDefault: "now()",
        type: { written: "DateTime(timezone=True)", normalized: "datetime", timezone: true },
      }),
      col("active", "boolean", { nullable: false, serverDefault: "true" }),
      col("state", "enum", { type: { written: "Enum", normalized: "enum", enum: `State${i % 10}` } }),
      col("payload", "jsonb"),
      col("parent_id", "integer"),
    ];
    const foreignKeys =
      i === 0
        ? []
        : [
            {
              name: null,
              columns: ["parent_id"],
              refTable: `t${String(Math.floor(i / 2)).padStart(3, "0")}`,
              refColumns: ["id"],
              onDelete: "CASCADE",
            },
          ];
    tables.push({
      name,
      framework: "sqlalchemy",
      columns,
      primaryKey: ["id"],
      foreignKeys,
      relationships: [],
      checkConstraints: [],
      indexes: [{ name: `ix_${name}_state_created`, columns: ["state", "created_at"], unique: false }],
      uniqueConstraints: [],
      source: { path: `models/${name}.py`, line: 1 },
    });
  }
  return { version: 1, tables, enums };
}

async function pgFigure(schema: Schema): Promise<Figure[]> {
  const name = `remodel_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = await connect("postgresql://postgres@127.0.0.1:5432/test", { writable: true });
  await admin.execute!(`CREATE DATABASE ${name}`);
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  try {
    const w = await connect(url, { writable: true });
    await w.execute!(renderDdl(schema, "postgresql"));
    await w.close();
    let drift = -1;
    const ms = await medianMs(5, async () => {
      drift = diffSchemas(schema, await introspectUrl(url)).drift.length;
    });
    // The whole command as a user runs it: node start-up, driver load, connect, introspect, diff, print.
    const dir = mkdtempSync(join(tmpdir(), "remodel-bench-"));
    writeFileSync(join(dir, "schema.json"), JSON.stringify(schema));
    const bin = fileURLToPath(new URL("../../bin/remodel.js", import.meta.url));
    let code: number | null = null;
    const cli = await medianMs(3, () => {
      code = spawnSync(process.execPath, [
        bin,
        "db",
        "diff",
        "--url",
        url,
        "--schema",
        join(dir, "schema.json"),
      ]).status;
    });
    rmSync(dir, { recursive: true, force: true });
    return [
      {
        name: "db diff, 300 tables, PostgreSQL (connect + introspect + diff)",
        value: ms,
        unit: "ms",
        budget: 3000,
        detail: `median of 5; ${drift} drift`,
      },
      {
        name: "remodel db diff --schema, 300 tables, PostgreSQL (process)",
        value: cli,
        unit: "ms",
        budget: 3000,
        detail: `median of 3; exit ${code}`,
      },
    ];
  } finally {
    await admin.execute!(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

const BAI = process.env.REMODEL_BENCH_BAI ?? "/work/bai/2371edeb06";

/** Backend.AI's manager models, read statically, built into PostgreSQL by `db ddl`, then `db diff`. */
async function baiFigure(): Promise<Figure[]> {
  const root = join(BAI, "src/ai/backend/manager");
  if (!existsSync(root)) throw new Error(`no Backend.AI checkout at ${BAI} (set REMODEL_BENCH_BAI)`);
  const schema = await loadSourceSchema(root);
  const name = `remodel_bench_bai_${process.pid}`;
  const admin = await connect("postgresql://postgres@127.0.0.1:5432/test", { writable: true });
  await admin.execute!(`CREATE DATABASE ${name}`);
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  try {
    const w = await connect(url, { writable: true });
    await w.execute!(`CREATE EXTENSION IF NOT EXISTS "uuid-ossp";\n${renderDdl(schema, "postgresql")}`);
    await w.close();
    let drift: string[] = [];
    const ms = await medianMs(5, async () => {
      drift = diffSchemas(schema, await introspectUrl(url)).drift.map((d) => d.code);
    });
    return [
      {
        name: `db diff, Backend.AI manager (${schema.tables.length} tables) built by db ddl`,
        value: ms,
        unit: "ms",
        detail: `median of 5; drift ${drift.join(" ") || "none"} (expression indexes written in Python are not rendered)`,
      },
    ];
  } finally {
    await admin.execute!(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

export const suite: BenchSuite = {
  name: "db",
  async run() {
    const schema = generatedSchema(300);
    const figures: Figure[] = [];
    const notes: string[] = [];
    try {
      figures.push(...(await pgFigure(schema)));
    } catch (e) {
      notes.push(`PostgreSQL at 127.0.0.1:5432 not available: ${(e as Error).message}`);
    }
    try {
      figures.push(...(await baiFigure()));
    } catch (e) {
      notes.push(`Backend.AI figure skipped: ${(e as Error).message}`);
    }
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) diffSchemas(schema, { dialect: "postgresql", schema, objects: [] });
    figures.push({
      name: "diff only, 300 tables (in memory)",
      value: (performance.now() - t0) / 20,
      unit: "ms",
      detail: "mean of 20",
    });
    return { figures, notes };
  },
};
