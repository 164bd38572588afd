/** The split plan as a TOML file the user edits: `[modules]` maps each new module to its statements. */
import { parse, stringify } from "smol-toml";
import { RemodelError } from "../../core/errors.js";
import { schemaError, shippedSchema } from "../../core/json-schema.js";
import type { SplitPlan } from "./plan-split.js";

export function renderSplitPlan(plan: SplitPlan): string {
  const pkg = plan.file.replace(/\.py$/, "/");
  const header = [
    `# remodel plan split: ${plan.file} -> ${pkg}`,
    "# Each key of [modules] is a new module; its list holds the top-level statements it receives",
    "# (definitions by name, other statements by their first line). Move entries between modules,",
    "# rename or add modules, then run: remodel split " + plan.file + " --plan THIS_FILE",
    "",
  ];
  const data: Record<string, unknown> = {
    split: { file: plan.file },
    modules: Object.fromEntries(plan.modules.map((m) => [m.name, m.statements])),
  };
  if (plan.unplaced.length) data.unplaced = Object.fromEntries(plan.unplaced.map((u) => [u.statement, u.reason]));
  return header.join("\n") + stringify(data) + "\n";
}

export function parseSplitPlan(text: string, source: string): SplitPlan {
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new RemodelError(`cannot read plan ${source}: ${(e as Error).message.split("\n")[0]}`);
  }
  const head = data.split as Record<string, unknown> | undefined;
  if (!head || typeof head.file !== "string")
    throw new RemodelError(`${source}: not a split plan ([split] file = "...")`);
  const invalid = schemaError(data, shippedSchema("remodel-split-plan.schema.json"), "plan file");
  if (invalid) throw new RemodelError(`${source}: ${invalid.replace(/^plan file\./, "")}`);
  const modules = (data.modules ?? {}) as Record<string, unknown>;
  const out: SplitPlan = { file: head.file, modules: [], unplaced: [] };
  for (const [name, list] of Object.entries(modules)) {
    if (!Array.isArray(list) || list.some((x) => typeof x !== "string"))
      throw new RemodelError(`${source}: modules.${name} must be a list of statement names`);
    out.modules.push({ name, statements: list as string[] });
  }
  for (const [statement, reason] of Object.entries((data.unplaced ?? {}) as Record<string, unknown>))
    out.unplaced.push({ statement, reason: String(reason) });
  return out;
}
