/** Reading a plan file written by `remodel plan` (and maybe edited by hand). */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "smol-toml";
import { RemodelError } from "../core/errors.js";
import { schemaError, shippedSchema } from "../core/json-schema.js";
import { findMarkedRoot } from "../project/roots.js";
import type { Io, Values } from "./command.js";
import type { PackagePlan, PackageStep } from "../refactor/package/package-plan.js";

export function readPackagePlan(path: string): PackagePlan {
  let data: Record<string, unknown>;
  try {
    data = parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new RemodelError(`cannot read plan ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
  const head = data.plan as Record<string, unknown> | undefined;
  if (!head || head.kind !== "package") throw new RemodelError(`${path}: not a package plan ([plan] kind = "package")`);
  // `[step]` parses as one table, not a list: name the key so the fix is obvious.
  if (data.step !== undefined && !Array.isArray(data.step))
    throw new RemodelError(`${path}: step must be a list of tables: write [[step]], not [step]`);
  const invalid = schemaError(data, shippedSchema("remodel-plan.schema.json"), "plan file");
  if (invalid) throw new RemodelError(`${path}: ${invalid.replace(/^plan file\./, "")}`);
  const steps = (data.step as Record<string, unknown>[] | undefined) ?? [];
  return {
    kind: "package",
    package: String(head.package),
    submodule: String(head.submodule ?? "row"),
    steps: steps.map((s, i): PackageStep => {
      if (typeof s.src !== "string" || typeof s.dest !== "string" || typeof s.module !== "string")
        throw new RemodelError(`${path}: step ${i + 1} needs module, src and dest`);
      return { module: s.module, src: s.src, dest: s.dest, importers: Number(s.importers ?? 0) };
    }),
  };
}

/**
 * Where to look for the project a plan is for: the project of the working directory when it holds
 * the plan's modules (a plan kept in a shared folder, or in another checkout of the same
 * project), else the folder the plan file sits in (`remodel apply ../api/plan.toml`), else the
 * working directory. `--root` decides when given.
 */
export function planProjectDir(planPath: string, plan: PackagePlan, values: Values, io: Io): string {
  if (values.root) return io.cwd;
  const holds = (root: string | null) =>
    root !== null && plan.steps.some((s) => existsSync(join(root, s.src)) || existsSync(join(root, s.dest)));
  if (holds(findMarkedRoot(io.cwd))) return io.cwd;
  return findMarkedRoot(dirname(planPath)) ? dirname(planPath) : io.cwd;
}
