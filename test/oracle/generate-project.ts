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
export const VALUE_WORDS = [
  "Alpha",
  "Beta",
  "Gamma",
  "Delta",
  "run",
  "make",
  "LIMIT",
  "NAME",
  "_hidden",
  "_Private",
  "Loop",
  "Ctx",
  "Walrus",
  "Cond",
  "TryDef",
  "Pair",
  "Pair2",
  "Rest",
  "Chain",
  "Chain2",
  "Attr",
];
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
  /** Names its star imports bind only if a submodule of that name was loaded (see maybeNames). */
  maybe: Set<string>;
  /** `__all__` names `Ghost`, which the module does not define: `import *` from it fails (RM004). */
  brokenAll: boolean;
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
  probes: { module: string; path: string; isPackage: boolean }[];
  modules: Map<string, Mod>;
}

export function generateProject(seed: number): GenProject {
  const rng = new Rng(seed);
  const modules = new Map<string, Mod>();
  const make = (name: string, kind: Mod["kind"], parent: Mod | null, probe = false): Mod => {
    const base = name.replace(/\./g, "/");
    const path = kind === "namespace" ? "" : kind === "package" ? `${base}/__init__.py` : `${base}.py`;
    const m: Mod = {
      name,
      path,
      kind,
      parent,
      children: new Map(),
      rank: -1,
      lines: [],
      safe: new Set(),
      all: null,
      moduleNames: new Map(),
      maybe: new Set(),
      getattr: false,
      brokenAll: false,
      shadowed: false,
      probe,
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
  const nModules = rng.range(1, 3);
  // Package probes: in an __init__, `.` is the package itself (pitfall 4), and `from . import x`
  // reads the probe's own namespace, so each holds one line (the harness runs lines apart).
  const nPackages = rng.range(0, 4);
  for (let i = 0; i < nModules + nPackages; i++) {
    const home = rng.chance(0.15) ? null : rng.pick(packages);
    const probe = make(
      home ? `${home.name}.probe_${i}` : `probe_${i}`,
      i < nModules ? "module" : "package",
      home,
      true,
    );
    probe.rank = Number.MAX_SAFE_INTEGER;
    probes.push(probe);
  }
  let alias = 0;
  for (const p of probes) p.lines = probeLines(rng, p, modules, () => alias++);

  const decoys = addDecoys(new Rng(seed ^ 0x5eed), modules, probes);

  const srcRoot = rng.chance(0.3) ? "src" : "";
  const files = new Map<string, string>();
  const under = (path: string) => (srcRoot ? `${srcRoot}/${path}` : path);
  for (const m of modules.values())
    if (m.path) files.set(under(m.path), m.lines.length ? m.lines.join("\n") + "\n" : "");
  for (const [path, text] of decoys) files.set(under(path), text);
  return {
    seed,
    srcRoot,
    files,
    modules,
    library: byRank.map((m) => m.name),
    probes: probes.map((p) => ({
      module: p.name,
      path: srcRoot ? `${srcRoot}/${p.path}` : p.path,
      isPackage: p.kind === "package",
    })),
  };
}

/** The package a module's relative imports start from. */
/**
 * A module file beside a package of the same name (`pkg/sub.py` and `pkg/sub/__init__.py`): the
 * finder takes the package, so the file's names are not the module's, and a module probe that
 * imports one fails. A generator of its own keeps every other choice of the seed as it was.
 */
function addDecoys(rng: Rng, modules: Map<string, Mod>, probes: Mod[]): Map<string, string> {
  const out = new Map<string, string>();
  const probeModules = probes.filter((p) => p.kind === "module");
  if (!probeModules.length) return out;
  for (const m of modules.values()) {
    if (m.kind !== "package" || m.probe || !rng.chance(0.15)) continue;
    const decoy = `DECOY_${m.name.slice(m.name.lastIndexOf(".") + 1)}`;
    out.set(`${m.name.replace(/\./g, "/")}.py`, `${decoy} = 1\n`);
    rng.pick(probeModules).lines.push(`from ${m.name} import ${decoy}`);
  }
  return out;
}

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
  return all
    .filter((n) => !skip.has(n))
    .map((n) => modules.get(n))
    .filter((m): m is Mod => !!m && m.kind !== "namespace");
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

/**
 * Module-level definitions in the forms the scanner must read as bindings, each with the names it
 * binds at runtime. Conditional forms always run their first branch.
 */
const DEFINITIONS: Record<string, { text: string; binds: string[] }> = {
  Alpha: { text: "class Alpha:\n    pass", binds: ["Alpha"] },
  Beta: { text: "class Beta(object):\n    x = 1", binds: ["Beta"] },
  Gamma: { text: "@(lambda c: c)\nclass Gamma:\n    pass", binds: ["Gamma"] },
  Delta: { text: "Delta = type('Delta', (), {})", binds: ["Delta"] },
  run: { text: "def run():\n    return 1", binds: ["run"] },
  make: { text: "async def make():\n    return 1", binds: ["make"] },
  LIMIT: { text: "LIMIT: int = 1", binds: ["LIMIT"] },
  NAME: { text: "NAME, _tmp = 'n', 2", binds: ["NAME", "_tmp"] },
  _hidden: { text: "_hidden = 1", binds: ["_hidden"] },
  _Private: { text: "class _Private:\n    pass", binds: ["_Private"] },
  Loop: { text: "for Loop in range(1):\n    pass", binds: ["Loop"] },
  Ctx: { text: "with open(__file__) as Ctx:\n    pass", binds: ["Ctx"] },
  Walrus: { text: "if (Walrus := 1):\n    pass", binds: ["Walrus"] },
  Cond: { text: "if True:\n    Cond = 1\nelse:\n    Cond = 2", binds: ["Cond"] },
  TryDef: { text: "try:\n    TryDef = 1\nexcept ValueError:\n    TryDef = None", binds: ["TryDef"] },
  Pair: { text: "(Pair, [Pair2, *Rest]) = (1, [2, 3, 4])", binds: ["Pair", "Pair2", "Rest"] },
  Chain: { text: "Chain = Chain2 = 1", binds: ["Chain", "Chain2"] },
  Attr: { text: "Attr = 1\nAttr += 1", binds: ["Attr"] },
};

/** What one library module may import, and what it has bound so far. */
interface Writer {
  rng: Rng;
  m: Mod;
  modules: Map<string, Mod>;
  /** Ran before m (lower rank), or a namespace package (no code). */
  ok(t: Mod): boolean;
  /** Modules star-imported so far (for `*x.__all__` spreads). */
  starOf: Mod[];
}

function writeLibraryModule(rng: Rng, m: Mod, modules: Map<string, Mod>): void {
  const w: Writer = { rng, m, modules, ok: (t) => t.rank < m.rank || t.kind === "namespace", starOf: [] };
  const mine = ancestors(m.name);
  const candidates = [...modules.values()].filter(
    (t) =>
      t !== m &&
      !t.probe &&
      !t.shadowed &&
      (mine.includes(t.name) || (w.ok(t) && triggers(m, t.name, [], modules).every(w.ok))),
  );
  for (let i = rng.range(0, 3); i > 0 && candidates.length; i--) {
    const t = rng.pick(candidates);
    const ancestor = mine.includes(t.name);
    const roll = ancestor ? 1 : rng.next();
    if (roll < 0.2) writeStar(w, t, i);
    else if (roll < 0.35) bindModule(m, `_m${i}`, t.name, `import ${t.name} as _m${i}`);
    else writeFrom(w, t, i, ancestor);
  }
  for (const c of m.children.values()) {
    if (!c.shadowed) continue;
    const name = c.name.slice(m.name.length + 1);
    m.lines.push(`${name} = 1`);
    m.safe.add(name);
  }
  for (const name of rng.shuffle(Object.keys(DEFINITIONS)).slice(0, rng.range(1, 4))) {
    m.lines.push(DEFINITIONS[name].text);
    for (const b of DEFINITIONS[name].binds) m.safe.add(b);
  }
  if (m.kind === "module" && rng.chance(0.12)) {
    m.getattr = true;
    m.lines.push(
      "def __getattr__(name):",
      "    if name.startswith('__'):",
      "        raise AttributeError(name)",
      "    return name",
    );
  }
  if (rng.chance(0.5)) writeAll(rng, m, w.starOf);
}

function bindModule(m: Mod, alias: string, module: string, line: string): void {
  m.lines.push(line);
  m.safe.add(alias);
  m.moduleNames.set(alias, module);
}

/**
 * An __init__ binding a child's name to something else fights the import system, which sets the
 * attribute when the child loads: whichever ran last wins. Only unimported children are shadowed.
 */
const clashes = (m: Mod, name: string) => m.children.has(name);

function writeStar(w: Writer, t: Mod, i: number): void {
  const { m } = w;
  if (t.kind === "namespace" || t.brokenAll || starNames(t).some((n) => clashes(m, n))) return;
  // A package star-importing, directly or through other star imports, a package without __all__
  // that shares a submodule name: which module that name ends up bound to depends on what was
  // loaded first. Not generated.
  const maybe = maybeNames(t);
  if ([...maybe].some((k) => m.children.has(k))) return;
  for (const k of maybe) m.maybe.add(k);
  m.lines.push(`from ${fromText(w.rng, m, t.name)} import *`);
  for (const n of starNames(t)) {
    m.safe.add(n);
    const mod = t.moduleNames.get(n);
    if (mod) m.moduleNames.set(n, mod);
    else m.moduleNames.delete(n);
  }
  w.starOf.push(t);
  if (t.all && w.rng.chance(0.6)) bindModule(m, `_s${i}`, t.name, `import ${t.name} as _s${i}`);
}

/** Names `from t import *` binds only if a submodule of that name happens to be loaded. */
function maybeNames(t: Mod): Set<string> {
  if (t.all) return new Set();
  return new Set([...t.maybe, ...(t.kind === "module" ? [] : t.children.keys())]);
}

/** `from t import a, b as b_i`: names are read only from finished modules; from a package the importer is inside, only submodules. */
function writeFrom(w: Writer, t: Mod, i: number, ancestor: boolean): void {
  const { m, rng } = w;
  const mine = ancestors(m.name);
  const usable = (c: Mod) =>
    !c.probe && !c.shadowed && c.kind !== "namespace" && w.ok(c) && !mine.includes(c.name) && c !== m;
  const subs = [...t.children.values()].filter(usable);
  const pool = ancestor
    ? []
    : [...t.safe].filter((n) => !t.children.has(n)).map((n) => ({ n, mod: null as Mod | null }));
  pool.push(...subs.map((c) => ({ n: c.name.slice(t.name.length + 1), mod: c })));
  if (!pool.length) return;
  const chosen = rng.shuffle(pool).slice(0, rng.range(1, 2));
  if (
    !triggers(
      m,
      t.name,
      chosen.map((c) => c.n),
      w.modules,
    ).every(w.ok)
  )
    return;
  const names = chosen.map((c) => (rng.chance(0.2) ? `${c.n} as ${c.n}_${i}` : c.n));
  const bound = names.map((n) => n.split(" as ").pop()!);
  if (bound.some((b, k) => clashes(m, b) && chosen[k].mod !== m.children.get(b))) return;
  m.lines.push(`from ${fromText(rng, m, t.name)} import ${names.join(", ")}`);
  chosen.forEach((c, k) => {
    m.safe.add(bound[k]);
    const target = c.mod?.name ?? t.moduleNames.get(c.n);
    if (target) m.moduleNames.set(bound[k], target);
    else m.moduleNames.delete(bound[k]);
  });
}

/** `__all__` in one of the forms the scanner reads; only names the module binds (else `import *` fails). */
function writeAll(rng: Rng, m: Mod, starOf: Mod[]): void {
  const names = rng
    .shuffle([...m.safe].filter((n) => !n.startsWith("_s") && !n.startsWith("_m")))
    .slice(0, rng.range(0, 3));
  // Nothing in the library star-imports a module whose __all__ is broken; probes do.
  // (A module `__getattr__` would answer for it: then the entry is fine.)
  if (!m.getattr && rng.chance(0.08)) {
    m.brokenAll = true;
    names.splice(rng.int(names.length + 1), 0, "Ghost");
  }
  const quoted = (xs: string[]) => xs.map((n) => `"${n}"`).join(", ");
  // A spread re-exports a star-imported module's __all__: `from .sub import *` then `*sub.__all__`.
  const spreadable = [...m.moduleNames].filter(([, mod]) => starOf.some((s) => s.name === mod && s.all));
  const spread = spreadable.length && rng.chance(0.8) ? rng.pick(spreadable) : null;
  const all = [...names];
  if (spread) all.push(...starOf.find((s) => s.name === spread[1])!.all!);
  if (m.brokenAll) all.splice(all.indexOf("Ghost"), 1);
  const form = rng.int(4);
  if (spread && form === 0)
    m.lines.push(`__all__ = [${quoted(names)}${names.length ? ", " : ""}*${spread[0]}.__all__]`);
  else if (form === 0 || (form === 1 && !spread))
    m.lines.push(`__all__ = (${quoted(names)}${names.length === 1 ? "," : ""})`);
  else {
    m.lines.push(`__all__ = [${quoted(names.slice(0, 1))}]`);
    m.lines.push(form === 2 ? `__all__ += [${quoted(names.slice(1))}]` : `__all__.extend([${quoted(names.slice(1))}])`);
  }
  if (spread && form !== 0)
    m.lines.push(rng.chance(0.5) ? `__all__ += ${spread[0]}.__all__` : `__all__ += [*${spread[0]}.__all__]`);
  m.all = all;
}
