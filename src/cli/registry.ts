import type { Command } from "./command.js";

/**
 * Every command, loaded lazily so that `remodel check` never pays for the database drivers.
 * Add a command: one file in src/cli/commands/ exporting `default`, one line here.
 */
export const commands: Record<string, () => Promise<{ default: Command }>> = {
  db: () => import("./commands/db.js"),
};
