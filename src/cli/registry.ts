import type { Command } from "./command.js";

/**
 * Every command, loaded lazily so that `remodel check` never pays for the database drivers.
 * Add a command: one file in src/cli/commands/ exporting `default`, one line here.
 */
export const commands: Record<string, () => Promise<{ default: Command }>> = {
  demo: () => import("./commands/demo.js"),
  scan: () => import("./commands/scan.js"),
  check: () => import("./commands/check.js"),
  move: () => import("./commands/move.js"),
  plan: () => import("./commands/plan.js"),
  apply: () => import("./commands/apply.js"),
  status: () => import("./commands/status.js"),
  alembic: () => import("./commands/alembic.js"),
  db: () => import("./commands/db.js"),
  schema: () => import("./commands/schema.js"),
  docs: () => import("./commands/docs.js"),
  split: () => import("./commands/split.js"),
  sql: () => import("./commands/sql.js"),
  recover: () => import("./commands/recover.js"),
};
