/**
 * `remodel plan package`: the list of modules of a package to turn into packages, core models
 * first (most importers first, seed 000's priority order), as an editable TOML plan. `status`
 * reads what is done from the tree itself, so re-running a plan skips finished steps.
 */
import { stringify } from "smol-toml";
import { importGraph } from "../../project/graph.js";
import type { Resolver } from "../../project/resolver.js";
import type { ProjectIndex } from "../../project/types.js";

export interface PackageStep {
  module: string;
  src: string;
  dest: string;
  importers: number;
}

export interface PackagePlan {
  kind: "package";
  package: string;
  submodule: string;
  steps: PackageStep[];
}

export function planPackage(
  resolver: Resolver,
  pkg: string,
  opts: { submodule: string; only?: string[]; exclude?: string[] },
): PackagePlan {
  const index = resolver.index;
  const importers = new Map<string, Set<string>>();
  for (const e of importGraph(resolver)) {
    if (e.from === e.to || e.from.startsWith(e.to + ".")) continue;
    let s = importers.get(e.to);
    if (!s) importers.set(e.to, (s = new Set()));
    s.add(e.from);
  }
  const steps: PackageStep[] = [];
  for (const f of index.files.values()) {
    if (f.isPackage || f.isStub || !f.path.endsWith(".py")) continue;
    const dot = f.module.lastIndexOf(".");
    if (dot < 0 || f.module.slice(0, dot) !== pkg) continue;
    const leaf = f.module.slice(dot + 1);
    if (opts.only && !opts.only.includes(leaf)) continue;
    if (opts.exclude?.includes(leaf)) continue;
    steps.push({
      module: f.module,
      src: f.path,
      dest: f.path.replace(/\.py$/, `/${opts.submodule}.py`),
      importers: importers.get(f.module)?.size ?? 0,
    });
  }
  steps.sort((a, b) => b.importers - a.importers || (a.module < b.module ? -1 : 1));
  return { kind: "package", package: pkg, submodule: opts.submodule, steps };
}

export function renderPackagePlan(plan: PackagePlan): string {
  const header = [
    `# remodel plan: turn each module of ${plan.package} into a package with a re-exporting __init__.py.`,
    "# Steps run in order (most imported first). Delete or reorder steps freely, then: remodel apply FILE",
    "",
  ];
  return (
    header.join("\n") +
    stringify({ plan: { kind: plan.kind, package: plan.package, submodule: plan.submodule }, step: plan.steps }) +
    "\n"
  );
}

export type StepState = "done" | "remaining" | "missing";

/** Done when SRC is gone and DEST and the package's __init__.py exist. */
export function stepState(index: ProjectIndex, step: PackageStep): StepState {
  const init = step.dest.replace(/[^/]+\.py$/, "__init__.py");
  if (!index.files.has(step.src) && index.files.has(step.dest) && index.files.has(init)) return "done";
  return index.files.has(step.src) ? "remaining" : "missing";
}
