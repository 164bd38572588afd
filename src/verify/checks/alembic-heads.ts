/**
 * RM007 for `remodel check`: an Alembic environment with more than one head (`alembic upgrade
 * head` refuses to run). Environments are found from the index itself (every `env.py` with a
 * `versions/` folder of revision files beside it), so the check costs no extra walk of the tree.
 */
import type { Problem } from "../../core/diagnostics.js";
import { graphFromSources, severalHeads } from "../../alembic/index.js";
import type { ProjectIndex } from "../../project/types.js";
import type { Check } from "../check-contract.js";

/** `.../versions/<rev>.py`: where Alembic revision files live (the folder captured). */
const REVISION_FILE = /^(.*\/)?versions\/[^/]+\.py$/;

export function isRevisionFile(path: string): boolean {
  return REVISION_FILE.test(path);
}

export function checkAlembicHeads(index: ProjectIndex): Problem[] {
  const byDir = new Map<string, string[]>();
  for (const path of index.files.keys()) {
    const m = REVISION_FILE.exec(path);
    if (!m) continue;
    const dir = m[1] ?? "";
    if (!index.files.has(`${dir}env.py`)) continue;
    const list = byDir.get(dir);
    if (list) list.push(path);
    else byDir.set(dir, [path]);
  }
  const problems: Problem[] = [];
  for (const paths of byDir.values()) {
    const graph = graphFromSources(paths.sort().map((path) => ({ path, bytes: Buffer.from(index.readText(path), "utf8") })));
    const problem = severalHeads(graph);
    if (problem) problems.push(problem);
  }
  return problems;
}

export const alembicHeads: Check = {
  code: "RM007",
  name: "alembic-heads",
  scope: "project",
  summary: "an Alembic environment with more than one head (`alembic upgrade head` would refuse to run)",
  example: "two revisions with the same `down_revision` → `migrations/versions/b2_users.py:1:12: RM007 Alembic has 2 heads: b2, c3 (alembic merge heads)` (each Alembic location of the project, read statically; see `remodel alembic`)",
  run: (ctx) => checkAlembicHeads(ctx.index),
};
