/**
 * Random Python package trees for the CPython import oracle. A seeded PRNG builds nested regular
 * and PEP 420 namespace packages, modules with and without `__all__` (literal, `+=`, `.extend`,
 * `*sub.__all__` spreads), re-export chains through `__init__` files, star imports, module
 * `__getattr__` and names shadowing submodules. Library modules import each other only "downhill"
 * in a random rank order (see `triggers`), so the eager import graph has no cycle and no module
 * ever reads a name from a partially initialized one: every library module imports cleanly, and
 * the harness checks that too. Probe modules (`probe_N.py`, imported by nothing) hold one probe
 * per line, valid or not, written by ./probes.ts.
 */
import { probeLines } from "./probes.js";

/** mulberry32: small, fast, good enough to drive a generator. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

/** Small pools so that names collide across modules, with submodules, and between probes. */
// No standard-library names: `import io` is not first-party and is never reported.
export const MODULE_WORDS = ["core", "models", "util", "api", "base", "sub", "deep", "leaf", "views"];
export const VALUE_WORDS = ["Alpha", "Beta", "Gamma", "Delta", "run", "make", "LIMIT", "NAME", "_hidden", "_Private"];
const TOP_WORDS = ["zqa", "zqb", "zqc", "zqd"];

export interface Mod {
  /** Dotted name. */
  name: string;
  /** File path relative to the source root; "" for a namespace package. */
  path: string;
  kind: "module" | "package" | "namespace";
  parent: Mod | null;
  children: Map<string, Mod>;
  /** Execution order: a library module imports only modules of lower rank. */
  rank: number;
  lines: string[];
  /** Names surely bound in the module's namespace after it ran (defined, imported, star-imported). */
  safe: Set<string>;
  /** The runtime `__all__` when the module sets one. */
  all: string[] | null;
  /** Names bound to modules (`from . import sub`, `import a.b as m`): name → module. */
  moduleNames: Map<string, string>;
  getattr: boolean;
  /** The parent's `__init__` binds a value under this module's name. */
  shadowed: boolean;
  probe: boolean;
}

export interface GenProject {
  seed: number;
  /** "" or "src": the directory put on sys.path. */
  srcRoot: string;
  /** Relative path (including srcRoot) → text. */
  files: Map<string, string>;
  /** Library modules (everything that is not a probe and has a file), in rank order. */
  library: string[];
  /** Probe modules: dotted name and relative path. */
  probes: { module: string; path: string }[];
  modules: Map<string, Mod>;
}

export function generateProject(seed: number): GenProject {
  const rng = new Rng(seed);
  const modules = new Map<string, Mod>();
  const make = (name: string, kind: Mod["kind"], parent: Mod | null, probe = false): Mod => {
    const base = name.replace(/\./g, "/");
    const path = kind === "namespace" ? "" : kind === "package" ? `${base}/__init__.py` : `${base}.py`;
    const m: Mod = {
      name, path, kind, parent, children: new Map(), rank: -1, lines: [], safe: new Set(), all: null,
      moduleNames: new Map(), getattr: false, shadowed: false, probe,
    };
    modules.set(name, m);
    parent?.children.set(name.slice(name.lastIndexOf(".") + 1), m);
    return m;
  };
  const tree = (pkg: Mod, depth: number): void => {
    const words = rng.shuffle([...MODULE_WORDS]);
    const nModules = rng.range(1, 3);
    const nPackages = depth < 3 ? rng.range(0, depth === 1 ? 2 : 1) : 0;
    for (let i = 0; i < nModules + nPackages; i++) {
      const name = `${pkg.name}.${words[i]}`;
      if (i < nModules) make(name, "module", pkg);
      else tree(make(name, rng.chance(0.2) ? "namespace" : "package", pkg), depth + 1);
    }
  };
  const tops = rng.shuffle([...TOP_WORDS]).slice(0, rng.range(1, 3));
  for (const top of tops) tree(make(top, rng.chance(0.2) ? "namespace" : "package", null), 1);
  if (rng.chance(0.5)) make("zqtop", "module", null);

  const executable = [...modules.values()].filter((m) => m.kind !== "namespace");
  rng.shuffle(executable).forEach((m, i) => (m.rank = i));
  // A leaf module may be shadowed by a value of the same name in its parent's __init__; nothing
  // imports it, so which one wins never depends on import order.
  for (const m of executable) {
    if (m.kind === "module" && m.parent?.kind === "package" && rng.chance(0.12)) m.shadowed = true;
  }
  const byRank = [...executable].sort((a, b) => a.rank - b.rank);
  for (const m of byRank) writeLibraryModule(rng, m, modules);

  const packages = [...modules.values()].filter((m) => m.kind !== "module" && !m.shadowed);
  const probes: Mod[] = [];
  const nProbes = rng.range(1, 3);
  for (let i = 0; i < nProbes; i++) {
    const home = rng.chance(0.15) ? null : rng.pick(packages);
    const probe = make(home ? `${home.name}.probe_${i}` : `probe_${i}`, "module", home, true);
    probe.rank = Number.MAX_SAFE_INTEGER;
    probes.push(probe);
  }
  let alias = 0;
  for (const p of probes) p.lines = probeLines(rng, p, modules, () => alias++);

  const srcRoot = rng.chance(0.3) ? "src" : "";
  const files = new Map<string, string>();
  for (const m of modules.values()) {
    if (!m.path) continue;
    files.set(srcRoot ? `${srcRoot}/${m.path}` : m.path, m.lines.length ? m.lines.join("\n") + "\n" : "");
  }
  return {
    seed, srcRoot, files, modules,
    library: byRank.map((m) => m.name),
    probes: probes.map((p) => ({ module: p.name, path: srcRoot ? `${srcRoot}/${p.path}` : p.path })),
  };
}

/** The package a module's relative imports start from. */
export function packageOf(m: Mod): string[] {
  const parts = m.name.split(".");
  return m.kind === "package" ? parts : parts.slice(0, -1);
}

export function ancestors(name: string): string[] {
  const parts = name.split(".");
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join("."));
}

/**
 * Modules whose code an import in `importer` may run: the target, its packages and the submodules
 * it names, minus the importer and its own packages (already running when it runs).
 */
export function triggers(importer: Mod, target: string, names: string[], modules: Map<string, Mod>): Mod[] {
  const skip = new Set([importer.name, ...ancestors(importer.name)]);
  const all = [...ancestors(target), target, ...names.map((n) => `${target}.${n}`)];
  return all.filter((n) => !skip.has(n)).map((n) => modules.get(n)).filter((m): m is Mod => !!m && m.kind !== "namespace");
}

/** The names `from m import *` surely binds at runtime. */
export function starNames(m: Mod): string[] {
  return m.all ?? [...m.safe].filter((n) => !n.startsWith("_"));
}

/** `from <how> import` text for `target` seen from `importer`: absolute or relative. */
export function fromText(rng: Rng, importer: Mod, target: string): string {
  const pkg = packageOf(importer);
  const parts = target.split(".");
  let common = 0;
  while (common < pkg.length && common < parts.length && pkg[common] === parts[common]) common++;
  if (common === 0 || rng.chance(0.35)) return target;
  const level = pkg.length - common + 1;
  return ".".repeat(level) + parts.slice(common).join(".");
}

const DEFINITIONS: Record<string, string> = {
  Alpha: "class Alpha:\n    pass", Beta: "class Beta(object):\n    x = 1",
  Gamma: "class Gamma:\n    pass", Delta: "Delta = type('Delta', (), {})", run: "def run():\n    return 1",
  make: "async def make():\n    return 1", LIMIT: "LIMIT = 1", NAME: "NAME, _tmp = 'n', 2", _hidden: "_hidden = 1",
  _Private: "class _Private:\n    pass",
};

function writeLibraryModule(rng: Rng, m: Mod, modules: Map<string, Mod>): void {
  const lines = m.lines;
  const ok = (t: Mod) => t.rank < m.rank || t.kind === "namespace";
  const mine = ancestors(m.name);
  const usable = (c: Mod) => !c.probe && !c.shadowed && c.kind !== "namespace" && ok(c) && !mine.includes(c.name) && c !== m;
  const candidates = [...modules.values()].filter((t) =>
    t !== m && !t.probe && !t.shadowed && (mine.includes(t.name) || (ok(t) && triggers(m, t.name, [], modules).every(ok))));
  const starOf: Mod[] = [];
  // An __init__ binding a child's name to something else fights the import system, which sets the
  // attribute when the child loads: whichever ran last wins. Only unimported children are shadowed.
  const clashes = (name: string) => m.children.has(name);
  for (let i = rng.range(0, 3); i > 0 && candidates.length; i--) {
    const t = rng.pick(candidates);
    const ancestor = mine.includes(t.name);
    const roll = ancestor ? 1 : rng.next();
    if (roll < 0.2) {
      if (t.kind === "namespace" || starNames(t).some(clashes)) continue;
      // A package star-importing a package without __all__ that shares a submodule name: which
      // module that name ends up bound to depends on what was loaded first. Not generated.
      if (!t.all && [...t.children.keys()].some((k) => m.children.has(k))) continue;
      lines.push(`from ${fromText(rng, m, t.name)} import *`);
      for (const n of starNames(t)) {
        m.safe.add(n);
        const mod = t.moduleNames.get(n);
        if (mod) m.moduleNames.set(n, mod);
        else m.moduleNames.delete(n);
      }
      starOf.push(t);
      if (t.all && rng.chance(0.6)) {
        lines.push(`import ${t.name} as _s${i}`);
        m.safe.add(`_s${i}`);
        m.moduleNames.set(`_s${i}`, t.name);
      }
    } else if (roll < 0.35) {
      const alias = `_m${i}`;
      lines.push(`import ${t.name} as ${alias}`);
      m.safe.add(alias);
      m.moduleNames.set(alias, t.name);
    } else {
      // Names are read only from finished modules; from a package the importer is inside, only submodules.
      const subs = [...t.children.values()].filter(usable);
      const pool = ancestor ? [] : [...t.safe].filter((n) => !t.children.has(n)).map((n) => ({ n, mod: null as Mod | null }));
      pool.push(...subs.map((c) => ({ n: c.name.slice(t.name.length + 1), mod: c })));
      if (!pool.length) continue;
      const chosen = rng.shuffle(pool).slice(0, rng.range(1, 2));
      if (!triggers(m, t.name, chosen.map((c) => c.n), modules).every(ok)) continue;
      const names = chosen.map((c) => (rng.chance(0.2) ? `${c.n} as ${c.n}_${i}` : c.n));
      if (names.some((n, k) => clashes(n.split(" as ").pop()!) && chosen[k].mod !== m.children.get(n))) continue;
      lines.push(`from ${fromText(rng, m, t.name)} import ${names.join(", ")}`);
      chosen.forEach((c, k) => {
        const bound = names[k].split(" as ").pop()!;
        m.safe.add(bound);
        const target = c.mod?.name ?? t.moduleNames.get(c.n);
        if (target) m.moduleNames.set(bound, target);
        else m.moduleNames.delete(bound);
      });
    }
  }
  for (const c of m.children.values()) {
    if (!c.shadowed) continue;
    const name = c.name.slice(m.name.length + 1);
    lines.push(`${name} = 1`);
    m.safe.add(name);
  }
  for (const w of rng.shuffle(Object.keys(DEFINITIONS)).slice(0, rng.range(1, 4))) {
    lines.push(DEFINITIONS[w]);
    m.safe.add(w);
    if (w === "NAME") m.safe.add("_tmp");
  }
  if (m.kind === "module" && rng.chance(0.12)) {
    m.getattr = true;
    lines.push("def __getattr__(name):", "    if name.startswith('__'):", "        raise AttributeError(name)", "    return name");
  }
  if (rng.chance(0.5)) writeAll(rng, m, starOf);
}

/** `__all__` in one of the forms the scanner reads; only names the module binds (else `import *` fails). */
function writeAll(rng: Rng, m: Mod, starOf: Mod[]): void {
  const names = rng.shuffle([...m.safe].filter((n) => !n.startsWith("_s") && !n.startsWith("_m"))).slice(0, rng.range(0, 3));
  const quoted = (xs: string[]) => xs.map((n) => `"${n}"`).join(", ");
  // A spread re-exports a star-imported module's __all__: `from .sub import *` then `*sub.__all__`.
  const spreadable = [...m.moduleNames].filter(([, mod]) => starOf.some((s) => s.name === mod && s.all));
  const spread = spreadable.length && rng.chance(0.8) ? rng.pick(spreadable) : null;
  const all = [...names];
  if (spread) all.push(...starOf.find((s) => s.name === spread[1])!.all!);
  const form = rng.int(4);
  if (spread && form === 0) m.lines.push(`__all__ = [${quoted(names)}${names.length ? ", " : ""}*${spread[0]}.__all__]`);
  else if (form === 0 || (form === 1 && !spread)) m.lines.push(`__all__ = (${quoted(names)}${names.length === 1 ? "," : ""})`);
  else {
    m.lines.push(`__all__ = [${quoted(names.slice(0, 1))}]`);
    m.lines.push(form === 2 ? `__all__ += [${quoted(names.slice(1))}]` : `__all__.extend([${quoted(names.slice(1))}])`);
  }
  if (spread && form !== 0) m.lines.push(rng.chance(0.5) ? `__all__ += ${spread[0]}.__all__` : `__all__ += [*${spread[0]}.__all__]`);
  m.all = all;
}
