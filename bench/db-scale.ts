import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderDdl } from "../src/db/ddl.js";
import { connect } from "../src/db/registry.js";
import { generatedSchema } from "./db.js";
import type { BenchSuite, Figure } from "./types.js";

/**
 * `db inspect` and `db diff` of a large PostgreSQL database against `pg_dump --schema-only` of the
 * same database, as processes, in one run: the runs alternate (dump, inspect, diff, dump, ...) so
 * that load from other jobs falls on all three alike, and the figures are medians and ratios.
 * Sizes: 2,000 tables of 10 columns (20,000 columns), and with REMODEL_BENCH_10K=1, 10,000 tables.
 */
const BIN = fileURLToPath(new URL("../../bin/remodel.js", import.meta.url));
const ADMIN = "postgresql://postgres@127.0.0.1:5432/test";

function timed(cmd: string, args: string[]): { ms: number; code: number | null } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "ignore", "pipe"], maxBuffer: 1 << 30 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args[0]} failed: ${String(r.stderr).slice(0, 300)}`);
  return { ms: performance.now() - t0, code: r.status };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function scale(tables: number, runs: number): Promise<Figure[]> {
  const schema = generatedSchema(tables);
  const name = `remodel_bench_scale_${tables}_${process.pid}`;
  const admin = await connect(ADMIN, { writable: true });
  await admin.execute!(`CREATE DATABASE ${name}`);
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  const dir = mkdtempSync(join(tmpdir(), "remodel-bench-"));
  try {
    // In batches: one transaction for all of it would need more locks than max_locks_per_transaction allows.
    const w = await connect(url, { writable: true });
    try {
      const statements = renderDdl(schema, "postgresql")
        .split(/;\n\n?/)
        .filter((x) => x.trim());
      for (let i = 0; i < statements.length; i += 200) await w.execute!(statements.slice(i, i + 200).join(";\n") + ";");
    } finally {
      await w.close();
    }
    writeFileSync(join(dir, "schema.json"), JSON.stringify(schema));
    const dump: number[] = [],
      inspect: number[] = [],
      diff: number[] = [];
    let exit: number | null = null;
    for (let i = 0; i < runs; i++) {
      dump.push(timed("pg_dump", ["--schema-only", "-d", url, "-f", join(dir, "dump.sql")]).ms);
      inspect.push(timed(process.execPath, [BIN, "db", "inspect", "--url", url]).ms);
      const d = timed(process.execPath, [BIN, "db", "diff", "--url", url, "--schema", join(dir, "schema.json")]);
      diff.push(d.ms);
      exit = d.code;
    }
    const columns = schema.tables.reduce((n, t) => n + t.columns.length, 0);
    const what = `${tables} tables, ${columns} columns`;
    const [pd, ins, dif] = [median(dump), median(inspect), median(diff)];
    return [
      {
        name: `pg_dump --schema-only, ${what} (process)`,
        value: pd,
        unit: "ms",
        detail: `median of ${runs} runs, alternating with the two below`,
      },
      {
        name: `remodel db inspect, ${what} (process)`,
        value: ins,
        unit: "ms",
        detail: `median of ${runs}; ${(ins / pd).toFixed(2)}× pg_dump (goal ≤ 1)`,
      },
      {
        name: `remodel db diff --schema, ${what} (process)`,
        value: dif,
        unit: "ms",
        detail: `median of ${runs}; ${(dif / pd).toFixed(2)}× pg_dump (goal ≤ 1); exit ${exit}`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.execute!(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
}

export const suite: BenchSuite = {
  name: "db-scale",
  async run() {
    const figures: Figure[] = [];
    const notes: string[] = [];
    try {
      figures.push(...(await scale(2000, 3)));
      if (process.env.REMODEL_BENCH_10K === "1") figures.push(...(await scale(10_000, 3)));
      else notes.push("10,000 tables: set REMODEL_BENCH_10K=1 (building that database takes minutes)");
    } catch (e) {
      notes.push(`PostgreSQL at 127.0.0.1:5432 not available: ${(e as Error).message}`);
    }
    return { figures, notes };
  },
};
