import { CLASS_SUFFIXES, CONST_SUFFIXES, NOUNS, VERBS, camel } from "./names.js";
import { renderInit, renderLeaf, type RenderContext } from "./project-module.js";
import { layoutTree, type Export, type Mod } from "./project-tree.js";
import { Random } from "./random.js";
import { TreeWriter, type TreeStats } from "./write.js";

export interface ProjectOptions {
  /** Python files to write, packages' `__init__.py` included (about one in ten). */
  modules: number;
  seed?: number;
  /** Name of the top-level package, under `src/`. */
  top?: string;
}

export interface ProjectStats extends TreeStats {
  modules: number;
  packages: number;
  /** Files with a literal `__all__`. */
  withAll: number;
}

/**
 * Writes a synthetic Python project into `dir`: `pyproject.toml` and a `src/` package tree of
 * `modules` files with nested packages, re-export chains through `__init__` files, absolute,
 * relative, aliased, module and star imports, `if TYPE_CHECKING:` and function-local imports,
 * classes and functions (about 120 lines a module). Every first-party import resolves, and the
 * load-time import graph is acyclic, so every module imports under CPython. Deterministic per seed.
 */
export function generateProject(dir: string, opts: ProjectOptions): ProjectStats {
  const seed = opts.seed ?? 1;
  const top = opts.top ?? "synth";
  const rand = new Random(seed);
  const { order } = layoutTree(rand.fork(1), top, "src", opts.modules);
  const leaves = order.filter((m) => !m.isInit);
  const plan = rand.fork(2);
  for (const mod of leaves) planExports(plan, mod);
  const ctx: RenderContext = { rand: rand.fork(3), order, leaves, scopes: new Map(), top };
  const out = new TreeWriter(dir);
  out.write("pyproject.toml", pyproject(top, seed, opts.modules));
  for (const mod of order) out.write(mod.path, mod.isInit ? renderInit(ctx, mod) : renderLeaf(ctx, mod));
  return {
    ...out.stats,
    modules: order.length,
    packages: order.length - leaves.length,
    withAll: order.filter((m) => m.hasAll).length,
  };
}

/** Decides a module's public names (before any file is rendered, so lazy imports may point anywhere). */
function planExports(rand: Random, mod: Mod): void {
  mod.targetLines = rand.int(70, 230);
  const taken = new Set<string>();
  const add = (name: string, kind: Export["kind"]): void => {
    if (taken.has(name)) return;
    taken.add(name);
    mod.exports.push({ name, kind });
  };
  const subject = mod.name.split("_")[0];
  for (let i = rand.int(0, 2); i > 0; i--) add(`${subject.toUpperCase()}_${rand.pick(CONST_SUFFIXES)}`, "const");
  const classCount = rand.int(1, 3);
  for (let i = 0; i < classCount; i++)
    add(`${camel(i === 0 ? subject : rand.pick(NOUNS))}${rand.pick(CLASS_SUFFIXES)}`, "class");
  const funcCount = Math.max(1, Math.round((mod.targetLines - 40 - classCount * 30) / 14));
  for (let i = 0; i < funcCount; i++) add(`${rand.pick(VERBS)}_${i === 0 ? subject : rand.pick(NOUNS)}`, "func");
  mod.hasAll = rand.chance(0.15);
}

function pyproject(top: string, seed: number, modules: number): string {
  return [
    "[project]",
    `name = "${top}"`,
    'version = "0.0.0"',
    `description = "Synthetic project for Remodel's benchmarks: ${modules} modules, seed ${seed}"`,
    "",
    "[tool.setuptools.packages.find]",
    'where = ["src"]',
    "",
  ].join("\n");
}
