/**
 * How the project already lays out models of the same kind: a split follows the project's own
 * convention. When another package named for models (`smart_manager/models/`) keeps each of its
 * models in a module named after it (`cpu_metric.py` holding `CPUMetric`, `nfsd_share.py` holding
 * `NFSDShareDistribution`), the team that splits this file writes one module per model too.
 *
 * The file's own package does not count: its other modules are what was moved out of the file
 * before, one model at a time, and a module of one moved model is named after it whatever the team
 * does with the rest (a corpus file is the `__init__` of a `models/` package whose 7 other modules
 * hold one model each, and its team split the remaining 54 models into 11 modules).
 *
 * Over the split corpus (79 files) this is the one piece of project evidence found that tells a
 * team's granularity apart: it holds in one project (its team gave all 15 models a module each)
 * and in no project whose team grouped models. What did not tell them apart (figures in
 * BENCHMARKS.md): the share of one-class files in the project or in its class packages (views/,
 * serializers/, api/), modules elsewhere named after this file's models (`views/pool.py`: 8 of the
 * 8 projects where they cover 30% of the models had fine teams, 2 of them one module per model,
 * while splitting those models off alone lowers the other 6), the models per module of other
 * models packages (no relation to the team's), and class sizes.
 */
import type { ModuleFacts } from "../../python/facts.js";

/** What planning reads of one other file of the project. */
export interface ProjectFile {
  path: string;
  isPackage: boolean;
  facts: Pick<ModuleFacts, "classes">;
}

/** A package name a split of models makes, and that a project keeps its models in. */
const MODELS_PACKAGE = /^(models?|schemas?|entities|tables|orm)$/;
const TEST_PATH = /(^|\/)(tests?|migrations)\/|(^|\/)test_[^/]*$|_tests?\.py$/;
/**
 * The package shows a convention when at least this many of its modules hold models of the kind,
 * and at least SHARE of them are named after their models: 3 modules are too few to call a habit
 * (a 3-module `summary/models/` sits in a project whose team grouped its models 3 to a module);
 * the one corpus project with the convention has 12 such modules, all named after their models.
 */
const MIN_MODULES = 4;
const SHARE = 0.75;

interface PackageTally {
  package: string;
  modules: number;
  named: number;
  models: number;
  namedModels: number;
}

/**
 * The other models package of the project that keeps one model (or one model and its variants)
 * per module named after it, with models of this file's kind; null when there is none.
 * `file` is the file being split, `classes` its classes.
 */
export function modelPerModulePackage(
  files: Iterable<ProjectFile>,
  file: string,
  classes: ModuleFacts["classes"],
): { package: string; modules: number } | null {
  let best: { package: string; modules: number } | null = null;
  for (const t of modelPackages(files, file, classes))
    if (
      t.modules >= MIN_MODULES &&
      t.named >= SHARE * t.modules &&
      t.namedModels >= SHARE * t.models &&
      (!best || t.modules > best.modules)
    )
      best = { package: t.package, modules: t.modules };
  return best;
}

/**
 * The project's other models packages (not the file's own) with, for each, how many of its modules
 * hold models of this file's kind and how many of those are named after the models they hold, and
 * the same counted in models (30 models kept in the package's `__init__` beside 4 named modules are
 * no convention of one model per module).
 */
export function modelPackages(
  files: Iterable<ProjectFile>,
  file: string,
  classes: ModuleFacts["classes"],
): PackageTally[] {
  const kind = sharedBases(classes);
  if (kind.size === 0) return [];
  const own = file.replace(/\/?[^/]+$/, "");
  const byPackage = new Map<string, PackageTally>();
  const inits = new Set<string>();
  const candidates: ProjectFile[] = [];
  for (const f of files) {
    if (f.isPackage) inits.add(f.path.replace(/\/?[^/]+$/, ""));
    if (f.path !== file && !TEST_PATH.test(f.path)) candidates.push(f);
  }
  for (const f of candidates) {
    const dir = f.path.replace(/\/?[^/]+$/, "");
    if (dir === own || !inits.has(dir) || !MODELS_PACKAGE.test(dir.replace(/^.*\//, ""))) continue;
    const models = f.facts.classes.filter((c) => c.bases.some((b) => kind.has(b)));
    if (models.length === 0) continue;
    const stem = flat(f.path.replace(/^.*\//, "").replace(/\.pyi?$/, ""));
    const tally = byPackage.get(dir) ?? { package: dir, modules: 0, named: 0, models: 0, namedModels: 0 };
    tally.modules++;
    tally.models += models.length;
    // `nfsd_share.py` holding NFSDShareDistribution, `service.py` holding Service and ServiceStatus;
    // models kept in the package's `__init__` are a module named after none of them.
    if (!f.isPackage && models.every((c) => flat(c.name).startsWith(stem))) {
      tally.named++;
      tally.namedModels += models.length;
    }
    byPackage.set(dir, tally);
  }
  return [...byPackage.values()];
}

/** A name as a module and its class compare: `cpu_metric` and `CPUMetric` are both `cpumetric`. */
function flat(name: string): string {
  return name.replace(/_/g, "").toLowerCase();
}

/**
 * The bases from outside the file that the file's models are of (`models.Model`, `db.Model`,
 * `Base`), followed through the file's own bases (`Pool(AuditedModel)` is a `models.Model` when
 * `AuditedModel` is): those two or more of its classes build on.
 */
function sharedBases(classes: ModuleFacts["classes"]): Set<string> {
  const local = new Map(classes.map((c) => [c.name, c.bases]));
  const roots = (name: string, seen: Set<string>): string[] => {
    if (seen.has(name)) return [];
    seen.add(name);
    return (local.get(name) ?? []).flatMap((b) => (local.has(b) ? roots(b, seen) : [b]));
  };
  const count = new Map<string, number>();
  for (const c of classes) for (const b of new Set(roots(c.name, new Set()))) count.set(b, (count.get(b) ?? 0) + 1);
  return new Set(
    [...count].filter(([b, n]) => n >= 2 && !/^(object|Enum|enum\.Enum|str|int|Exception)$/.test(b)).map(([b]) => b),
  );
}
