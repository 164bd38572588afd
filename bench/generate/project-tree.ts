import { NOUNS, RESERVED } from "./names.js";
import type { Random } from "./random.js";

/** A package of the synthetic project; its `__init__.py` is `init`. */
export interface Pkg {
  name: string;
  dotted: string;
  /** Path of the package folder relative to the project root. */
  path: string;
  depth: number;
  parent?: Pkg;
  subpackages: Pkg[];
  modules: Mod[];
  init: Mod;
}

/** A Python file: a plain module or a package's `__init__.py`. */
export interface Mod {
  name: string;
  dotted: string;
  path: string;
  /** The package the file belongs to (for an `__init__`, the package it initialises). */
  pkg: Pkg;
  isInit: boolean;
  /** Position in import order: a module may import at load time only files of lower rank. */
  rank: number;
  /** Public names other modules may import from this file. */
  exports: Export[];
  hasAll: boolean;
  targetLines: number;
}

export interface Export {
  name: string;
  kind: "class" | "func" | "const";
}

const MAX_DEPTH = 5;

/**
 * Lays out `total` Python files (about one in ten a package) as a random tree of packages under
 * `top`, and ranks them in post-order: every package's subtree gets a contiguous range of ranks
 * with its `__init__` last. Import edges from higher to lower rank can then never form a cycle,
 * including the implicit ones from a module to its enclosing packages' `__init__` files.
 */
export function layoutTree(rand: Random, top: string, srcDir: string, total: number): { root: Pkg; order: Mod[] } {
  const packageCount = Math.max(1, Math.round(total / 10));
  const root = newPkg(top, undefined, srcDir);
  const packages = [root];
  for (let i = 1; i < packageCount; i++) {
    const open = packages.filter((p) => p.depth < MAX_DEPTH);
    const parent = rand.pick(open.length > 0 ? open : packages);
    const pkg = newPkg(uniqueName(rand, parent), parent, srcDir);
    parent.subpackages.push(pkg);
    packages.push(pkg);
  }
  const leafCount = Math.max(0, total - packageCount);
  for (let i = 0; i < leafCount; i++) {
    const pkg = i < packages.length ? packages[i] : rand.pick(packages);
    const name = uniqueName(rand, pkg);
    pkg.modules.push(newMod(pkg, name, false));
  }
  const order: Mod[] = [];
  visit(rand, root, order);
  return { root, order };
}

function visit(rand: Random, pkg: Pkg, order: Mod[]): void {
  const children: (Pkg | Mod)[] = [...pkg.modules, ...pkg.subpackages];
  for (let i = children.length - 1; i > 0; i--) {
    const j = rand.int(0, i);
    [children[i], children[j]] = [children[j], children[i]];
  }
  for (const child of children) {
    if ("isInit" in child) {
      child.rank = order.length;
      order.push(child);
    } else visit(rand, child, order);
  }
  pkg.init.rank = order.length;
  order.push(pkg.init);
}

function newPkg(name: string, parent: Pkg | undefined, srcDir: string): Pkg {
  const dotted = parent ? `${parent.dotted}.${name}` : name;
  const path = parent ? `${parent.path}/${name}` : `${srcDir}/${name}`;
  const pkg = {
    name,
    dotted,
    path,
    depth: parent ? parent.depth + 1 : 0,
    parent,
    subpackages: [],
    modules: [],
  } as unknown as Pkg;
  pkg.init = newMod(pkg, "__init__", true);
  return pkg;
}

function newMod(pkg: Pkg, name: string, isInit: boolean): Mod {
  return {
    name,
    dotted: isInit ? pkg.dotted : `${pkg.dotted}.${name}`,
    path: `${pkg.path}/${name}.py`,
    pkg,
    isInit,
    rank: -1,
    exports: [],
    hasAll: false,
    targetLines: 0,
  };
}

function uniqueName(rand: Random, pkg: Pkg): string {
  const taken = new Set([...pkg.modules.map((m) => m.name), ...pkg.subpackages.map((p) => p.name)]);
  for (let attempt = 0; ; attempt++) {
    const base = attempt < 8 && rand.chance(0.6) ? rand.pick(NOUNS) : `${rand.pick(NOUNS)}_${rand.pick(NOUNS)}`;
    const name = attempt < 16 ? base : `${base}${attempt}`;
    if (!taken.has(name) && !RESERVED.has(name)) return name;
  }
}

/** The package chain from the top package down to `pkg`. */
export function ancestry(pkg: Pkg): Pkg[] {
  const chain: Pkg[] = [];
  for (let p: Pkg | undefined = pkg; p; p = p.parent) chain.unshift(p);
  return chain;
}
