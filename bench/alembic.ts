import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadVersionDirs } from "../src/alembic/index.js";
import { medianMs, type BenchSuite, type Figure } from "./types.js";

const BAI = process.env.REMODEL_BAI ?? "/work/bai/2371edeb06";
const BAI_MANAGER = "src/ai/backend/manager/models/alembic";
const bin = fileURLToPath(new URL("../../bin/remodel.js", import.meta.url));

/**
 * `alembic heads` over a generated 1,000-revision history (a side branch and a merge every 25
 * revisions, files of realistic size) and over Backend.AI's manager migrations: in process
 * (read + parse + graph) and as a whole CLI run (Node start-up included).
 */
export const suite: BenchSuite = {
  name: "alembic",
  async run() {
    const figures: Figure[] = [];
    const notes: string[] = [];
    const dir = mkdtempSync(join(tmpdir(), "remodel-bench-alembic-"));
    try {
      const merges = generate(join(dir, "versions"), 1000);
      const graph = loadVersionDirs([join(dir, "versions")], dir);
      if (graph.heads.length !== 1 || graph.revisions.length !== 1000)
        throw new Error("generated history is not 1,000 revisions with one head");
      const detail = `1,000 revisions, ${merges} merges`;
      figures.push({
        name: "heads, generated (in process)",
        value: await medianMs(5, () => loadVersionDirs([join(dir, "versions")], dir)),
        unit: "ms",
        budget: 500,
        detail,
      });
      figures.push({
        name: "heads, generated (in process, CPU time)",
        value: medianCpuMs(5, () => loadVersionDirs([join(dir, "versions")], dir)),
        unit: "ms",
        budget: 500,
        detail: `${detail}; CPU time is what a loaded machine cannot inflate`,
      });
      figures.push({
        name: "heads, generated (CLI run)",
        value: await medianMs(3, () => cli(dir, "versions")),
        unit: "ms",
        budget: 500,
        detail,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    if (existsSync(join(BAI, BAI_MANAGER))) {
      const versions = join(BAI, BAI_MANAGER, "versions");
      const heads = loadVersionDirs([versions], BAI).heads.join(", ");
      figures.push({
        name: "heads, Backend.AI manager (in process)",
        value: await medianMs(5, () => loadVersionDirs([versions], BAI)),
        unit: "ms",
        budget: 500,
        detail: `245 revisions, head ${heads}`,
      });
      figures.push({
        name: "heads, Backend.AI whole tree (CLI run)",
        value: await medianMs(3, () => cli(BAI)),
        unit: "ms",
        detail: "search for alembic.ini/env.py + 3 locations",
      });
    } else notes.push(`Backend.AI checkout not found at ${BAI} (set REMODEL_BAI)`);
    return { figures, notes };
  },
};

/** Median CPU time (user + system) of `runs` calls, in ms: wall time on a shared machine also counts other jobs. */
function medianCpuMs(runs: number, fn: () => unknown): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    times.push((d.user + d.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

function cli(cwd: string, ...args: string[]): void {
  execFileSync(process.execPath, [bin, "alembic", "heads", ...args], { cwd, stdio: "ignore" });
}

/** Writes `count` revision files: a main line with a two-revision side branch merged back every 25. */
export function generate(dir: string, count: number): number {
  mkdirSync(dir, { recursive: true });
  let tip: string[] = [];
  let merges = 0;
  let n = 0;
  const id = (i: number) => `${(0x1000_0000_0000 + i * 7919).toString(16)}`;
  const write = (down: string[]) => {
    const rev = id(n++);
    writeFileSync(join(dir, `${rev}_step_${n}.py`), revisionFile(rev, down, n));
    return rev;
  };
  while (n < count) {
    if (n % 25 === 24 && n + 4 <= count) {
      const fork = tip;
      const left = write(fork);
      const right = write([write(fork)]);
      tip = [write([left, right])];
      merges++;
    } else tip = [write(tip)];
  }
  return merges;
}

function revisionFile(rev: string, down: string[], n: number): string {
  const downText =
    down.length === 0 ? "None" : down.length === 1 ? `"${down[0]}"` : `(${down.map((d) => `"${d}"`).join(", ")})`;
  return `"""step ${n}: add table t${n}

Revision ID: ${rev}
Revises: ${down.join(", ")}
Create Date: 2024-01-01 00:00:00.000000

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "${rev}"
down_revision: Union[str, Sequence[str], None] = ${downText}
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "t${n}",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()")),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_t${n}_name"), "t${n}", ["name"], unique=False)
    conn = op.get_bind()
    for row in conn.execute(sa.text("SELECT id FROM t${Math.max(n - 1, 0)}")):
        conn.execute(sa.text("UPDATE t${n} SET name = :n"), {"n": str(row.id)})


def downgrade() -> None:
    op.drop_index(op.f("ix_t${n}_name"), table_name="t${n}")
    op.drop_table("t${n}")
`;
}
