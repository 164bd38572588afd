/**
 * Issue 2's and 3's budgets on Backend.AI at 2371edeb06 (3,161 files): cold and warm `check`,
 * one `move --dry-run`, and the 33-module package migration of seed 000. The checkout is not part
 * of this repository: point REMODEL_BENCH_BAI at one (default /work/bai/2371edeb06).
 */
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { medianRun, runRemodel } from "./cli-run.js";
import type { BenchSuite, Figure } from "./types.js";

const BAI = process.env.REMODEL_BENCH_BAI ?? "/work/bai/2371edeb06";
const MODELS =
  "user,group,keypair,session,kernel,agent,image,scaling_group,resource_policy,resource_preset,vfolder,endpoint,routing,container_registry,notification,artifact,artifact_revision,artifact_registries,app_config,audit_log,event_log,network,deployment_policy,deployment_revision,deployment_auto_scaling_policy,scheduling_history,storage_namespace,object_storage,vfs_storage,huggingface_registry,reservoir_registry,association_artifacts_storages,association_container_registries_groups";

export const suite: BenchSuite = {
  name: "backend.ai",
  async run() {
    if (!existsSync(BAI)) return { figures: [], notes: [`no Backend.AI checkout at ${BAI} (set REMODEL_BENCH_BAI)`] };
    const work = mkdtempSync(join(tmpdir(), "remodel-bench-bai-"));
    cpSync(BAI, work, { recursive: true, filter: (p) => !p.includes(".remodel_cache") });
    const figures: Figure[] = [];
    const cold = medianRun(3, () => runRemodel(["check", ".", "--no-cache"], work));
    figures.push({ name: "check, cold (--no-cache)", value: cold.ms, unit: "ms", budget: 1500 });
    figures.push({ name: "check, cold: peak memory", value: cold.maxRssMb, unit: "MB", budget: 1024 });
    runRemodel(["check", "."], work);
    const warm = medianRun(3, () => runRemodel(["check", "."], work));
    figures.push({ name: "check, warm (cached facts)", value: warm.ms, unit: "ms", budget: 400 });
    const move = medianRun(3, () =>
      runRemodel(
        ["move", "src/ai/backend/manager/models/user.py", "src/ai/backend/manager/models/user/row.py", "--dry-run"],
        work,
      ),
    );
    figures.push({ name: "move user.py -> user/row.py --dry-run", value: move.ms, unit: "ms", budget: 1500 });
    const plan = runRemodel(["plan", "package", "ai.backend.manager.models", "--only", MODELS], work);
    writeFileSync(join(work, "plan.toml"), plan.stdout);
    const dry = runRemodel(["apply", "plan.toml", "--dry-run"], work);
    figures.push({
      name: "apply 33 modules --dry-run",
      value: dry.ms,
      unit: "ms",
      detail: dry.code === 0 ? "verified" : `exit ${dry.code}`,
    });
    const real = runRemodel(["apply", "plan.toml"], work);
    figures.push({
      name: "apply 33 modules (written, no commits)",
      value: real.ms,
      unit: "ms",
      budget: 5000,
      detail: real.code === 0 ? "verified, 66 paths" : `exit ${real.code}`,
    });
    rmSync(work, { recursive: true, force: true });
    return { figures, notes: [] };
  },
};
