/** Reading a plan file written by `remodel plan` (and maybe edited by hand). */
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { parse } from "smol-toml";
import { RemodelError } from "../core/errors.js";
import { findMarkedRoot } from "../project/discover.js";
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
  const steps = (data.step as Record<string, unknown>[] | undefined) ?? [];
  return {
    kind: "package",
    package: String(head.package),
    submodule: String(head.submodule ?? "row"),
    steps: steps.map((s, i): PackageStep => {
      if (typeof s.src !== "string" || typeof s.dest !== "string" || typeof s.module !== "string") throw new RemodelError(`${path}: step ${i + 1} needs module, src and dest`);
      return { module: s.module, src: s.src, dest: s.dest, importers: Number(s.importers ?? 0) };
    }),
  };
}

/**
 * Where to look for the project a plan is for: the folder the plan file sits in (`remodel apply
 * ../api/plan.toml`), or, for a plan kept outside any project (/tmp/plan.toml), the working
 * directory. `--root` decides when given.
 */
export function planProjectDir(planPath: string, values: Values, io: Io): string {
  return values.root || !findMarkedRoot(dirname(planPath)) ? io.cwd : dirname(planPath);
}
