/**
 * The split planner's judgment: which models form one domain and what the domain is called.
 * People write monoliths in runs (a domain's classes sit together) and split them along those
 * runs, so the models are cut into contiguous segments of the file: a segment is worth the
 * weight of the links inside it (foreign keys, relationships and bases, with a hub's links
 * weighing less; importers that use names together; shared name stems and table prefixes; file
 * order) minus what the same number of links would give by chance (modularity), and a section
 * comment inside a segment costs it. The best cut is found exactly by dynamic programming.
 * Names come from the importer modules that use a group (`routers/auth.py` -> `auth`), shared
 * name stems and table prefixes, else the main model's leading noun; never a concatenation.
 */
import { snakeCase, type SplitModel } from "./model.js";
import type { TopStatement } from "./statements.js";

/** A module that imports names of the split module (`app.routers.auth` imports RegisterRequest, LoginRequest). */
export interface Importer {
  module: string;
  names: string[];
}

export interface DomainOptions {
  importers: Importer[];
  /** The module is a submodule its package's `__init__` re-exports (it came out of a split). */
  alreadySplit?: boolean;
  /** The file being split, relative to its source root (`shop/models.py`). */
  file?: string;
}

/** Kinds of evidence that put two models together, as `--explain` names them. */
export type Signal =
  | "references"
  | "queries in methods"
  | "base class"
  | "manager of"
  | "same section"
  | "imported together"
  | "name stem"
  | "table prefix"
  | "file order";

interface Pairing {
  /** Symmetric pair weights, n*n. */
  w: Float64Array;
  /** Per pair and signal: the weight it added (for explanations). */
  why: Map<number, Map<Signal, number>>;
  n: number;
  resolution: number;
  /** Lines of each node's statement. */
  lines: number[];
}

/** Weights of each signal, tuned on the corpus cases that are not held out (bench/split-corpus). */
export const WEIGHTS = {
  reference: 1,
  /**
   * A model built on another model of the file (`Review(Activity)`, `UserRead(UserBase)`). Chosen by
   * leave-one-repository-out cross-validation over the corpus (bench/split-corpus/weight-sweep.ts:
   * each repository's cases scored with the value the other repositories' cases favour): 4.5 in
   * all 60 folds, out-of-sample mean ARI 0.482 against 0.467 at 3, no case lower. A family's tie
   * is a larger share of the file's links, so the weak links between other runs (a shelf, its
   * books and their authors) count for more against chance and such runs are cut less.
   */
  baseClass: 4.5,
  aggregate: 1,
  /** A reference read only inside method bodies (`Order.objects.filter(...)` in `Customer.open_orders`): a query, not a part of the model. */
  lazyReference: 0.2,
  /** A manager or queryset class used by one model. */
  manager: 3,
  importedTogether: 1,
  stem: 1,
  order: 0.3,
  /** Modularity resolution: higher cuts more, smaller modules. */
  resolution: 1,
  /**
   * For ORM tables (not request/response schemas): services read many tables together, so
   * importers say less than foreign keys do, and teams cut tables finer than schemas.
   */
  ormImportedTogether: 0.3,
  ormResolution: 2,
  section: 0.1,
  /** Less than this between two models (a share of a crowded section or importer) is no link. */
  evidence: 0.1,
  /** Models under one section comment, spread over the section's pairs. */
  sameSection: 1,
  /**
   * Cost of a module's length, (lines / sizeTarget)^2 times this: people give a long model a module
   * of its own. Chosen at 0.03 on 9 cases; over the 65 it cut short models away from the run they
   * belong to (a 14-line model beside a long one left alone). Swept 0, 0.005, 0.01, 0.015, 0.02,
   * 0.025, 0.03: 0.02 has the highest median (0.521) and lowers no case by 0.05 or more, while
   * 0.015 and below lower dmoj, combine, lnbits and shvatka (long models the team kept apart).
   */
  size: 0.02,
  sizeTarget: 300,
  /**
   * A model of at least this many lines is a module of its own beside another as long: teams that
   * write models with behaviour (methods, properties, managers) give each one a file, whatever links
   * them (the corpus's tuning cases: of the pairs the planner put together, every one of two models
   * of 53+ lines was kept apart by its team; 60 is the threshold at which no tuning case scores lower),
   * unless they share a name stem (joinNamesakes).
   */
  ownModule: 60,
  /**
   * The same in a file written one model per module (onePerModule): there a model with a body of
   * its own is a module. Swept over the 10 corpus files of that kind (20, 25, 30, 60 lines): 25
   * scored no file lower than 30 or 60 did except the one whose long mixins the plan puts in `base`.
   */
  ownModulePerModel: 25,
};

/** Django managers and querysets, by name. */
export const MANAGER = /(Manager|QuerySet|Queryset)$/;

/** Suffixes that say what a class is for, not what it is about (`LoginRequest` is about login). */
const ROLE_SUFFIX =
  /(Request|Response|Schema|Serializer|Item|Create|Update|Read|Public|Private|In|Out|Base|Model|Mixin|Manager|QuerySet|Queryset|Form|Admin|Config|Data|Info|Detail|Details|List|Summary|Record|Entry|Table|Type|Kind|Status|Result|Results|Payload|Params|Filter|Meta)$/;
const GENERIC_TOKEN = new Set([
  "base",
  "abstract",
  "get",
  "create",
  "update",
  "delete",
  "list",
  "new",
  "old",
  "my",
  "the",
  "all",
  "main",
  "core",
  "common",
  "default",
  "generic",
  "simple",
  "custom",
  "user_defined",
]);
const GENERIC_MODULE = new Set([
  "__init__",
  "__main__",
  "views",
  "view",
  "models",
  "model",
  "schemas",
  "schema",
  "serializers",
  "api",
  "apis",
  "utils",
  "util",
  "helpers",
  "routes",
  "router",
  "routers",
  "endpoints",
  "crud",
  "services",
  "service",
  "handlers",
  "admin",
  "forms",
  "tasks",
  "signals",
  "urls",
  "main",
  "app",
  "tests",
  "test",
  "conftest",
  "factories",
  "fixtures",
  "v1",
  "v2",
  "v3",
  "db",
  "database",
  "deps",
  "dependencies",
  "types",
  "core",
  "common",
  "base",
  "manage",
  "settings",
  "config",
  "migrations",
  "commands",
  "management",
  "tools",
  "scripts",
  "lib",
  "src",
  "server",
  "backend",
  "web",
  "controllers",
  "controller",
  "resources",
  "repositories",
  "repository",
]);

/** The leading noun of a class name, role suffixes stripped: `IndexHistoryResponse` -> `index`. */
export function stemOf(name: string): string {
  let core = name.replace(/^_+/, "");
  for (let k = 0; k < 3 && ROLE_SUFFIX.test(core) && core.replace(ROLE_SUFFIX, "").length >= 3; k++)
    core = core.replace(ROLE_SUFFIX, "");
  const tokens = snakeCase(core).split("_").filter(Boolean);
  const first = tokens.find((t) => !GENERIC_TOKEN.has(t) && t.length >= 3) ?? tokens[0] ?? "";
  return first;
}

/**
 * The word nearly every class of the file begins with (`Content` of `ContentHouse`,
 * `ContentEquipment`, `ContentFighter`): the file's own namespace, not a domain. People read
 * `ContentEquipmentCategory` as an equipment category, so stems and module words skip it. Three
 * quarters of at least 8 classes: over the corpus only two files (gyrinx's `Content*` and `List*`)
 * reach it; the next (6 classes, two thirds `Event*`) is a real domain.
 */
const filePrefixMemo = new WeakMap<SplitModel, string>();
const PREFIX = { share: 0.75, classes: 8 };

function filePrefix(m: SplitModel): string {
  const known = filePrefixMemo.get(m);
  if (known !== undefined) return known;
  const names = m.statements.flatMap((s) => (s.cls ? [s.cls.name.replace(/^_+/, "")] : []));
  const count = new Map<string, number>();
  for (const n of names) {
    const w = /^[A-Z][a-z0-9]+(?=[A-Z])/.exec(n)?.[0] ?? n;
    count.set(w, (count.get(w) ?? 0) + 1);
  }
  let prefix = "";
  for (const [w, k] of count)
    if (names.length >= PREFIX.classes && k >= PREFIX.share * names.length && /^[A-Z][a-z0-9]+$/.test(w)) prefix = w;
  filePrefixMemo.set(m, prefix);
  return prefix;
}

/** A class name without the file's prefix word (`ContentHouse` -> `House`; `Content` stays). */
export function bareName(m: SplitModel, name: string): string {
  const prefix = filePrefix(m);
  const core = name.replace(/^_+/, "");
  return prefix && core.length > prefix.length && core.startsWith(prefix) && /^[A-Z]/.test(core.slice(prefix.length))
    ? core.slice(prefix.length)
    : name;
}

/** The stem of a class name of the file, its prefix word skipped. */
export function stemIn(m: SplitModel, name: string): string {
  return stemOf(bareName(m, name));
}

function tablePrefix(table: string | null | undefined): string | null {
  if (!table) return null;
  const t = table.split(".").pop()!.toLowerCase().split("_").filter(Boolean);
  return t.length > 1 && t[0].length >= 3 ? singular(t[0]) : null;
}

function singular(w: string): string {
  if (/ies$/.test(w)) return w.slice(0, -3) + "y";
  if (/(ss|us|is)$/.test(w)) return w;
  if (/s$/.test(w)) return w.slice(0, -1);
  return w;
}

/** The importer's own domain name: `app.routers.auth` -> `auth`; `billing.views` -> `billing`. */
export function importerDomain(module: string): string | null {
  // A management command or a command-line tool is named for what it does (`create_problem`,
  // `exporttransactions`, `findtokens`), not for the domain it works on.
  if (/(^|\.)(management\.commands|cli)\./.test(module)) return null;
  const parts = module
    .split(".")
    .map((p) => p.replace(/^test_|_test$|_tests$/, "").replace(/^_+/, ""))
    .filter(Boolean);
  // The top-level package is the project's name, not a domain of it.
  for (let i = parts.length - 1; i >= (parts.length > 1 ? 1 : 0); i--) {
    const p = parts[i].toLowerCase();
    // A domain is one or two words (`auth`, `order_history`), not a script name (`song_edit_init`).
    if (
      !GENERIC_MODULE.has(p) &&
      /^[a-z][a-z0-9]*(_[a-z0-9]+)?$/.test(p) &&
      p.length >= 2 &&
      !/(^|_)(helpers?|init|utils?|optimized|legacy|old|new|tmp|temp|misc)$/.test(p)
    )
      return p;
  }
  return null;
}

function pairKey(a: number, b: number): number {
  return a < b ? a * 1_000_003 + b : b * 1_000_003 + a;
}

/** The weight between nodes `i` and `j` of the signals `counts` keeps (all but file order unless told). */
function evidence(p: Pairing, i: number, j: number, counts = (s: Signal): boolean => s !== "file order"): number {
  let w = 0;
  for (const [s, x] of p.why.get(pairKey(i, j)) ?? []) if (counts(s)) w += x;
  return w;
}

function add(p: Pairing, a: number, b: number, w: number, s: Signal): void {
  if (a === b || w === 0) return;
  p.w[a * p.n + b] += w;
  p.w[b * p.n + a] += w;
  const k = pairKey(a, b);
  let m = p.why.get(k);
  if (!m) p.why.set(k, (m = new Map()));
  m.set(s, (m.get(s) ?? 0) + w);
}

/** Pair weights between the model statements `nodes` (file order). */
function pairing(m: SplitModel, nodes: number[], deps: Set<number>[], opts: DomainOptions): Pairing {
  const n = nodes.length;
  const text = m.parsed.text;
  const lines = nodes.map((x) => {
    let k = 1;
    for (let i = m.statements[x].start; i < m.statements[x].end; i++) if (text.charCodeAt(i) === 10) k++;
    return k;
  });
  const p: Pairing = { w: new Float64Array(n * n), why: new Map(), n, resolution: WEIGHTS.resolution, lines };
  const orm = nodes.filter((x) => !m.pydantic.has(m.statements[x].cls?.name ?? "")).length * 2 > n;
  if (orm) p.resolution = WEIGHTS.ormResolution;
  const importWeight = orm ? WEIGHTS.ormImportedTogether : WEIGHTS.importedTogether;
  const local = new Map(nodes.map((x, i) => [x, i]));
  // Links from each model to other models (through association tables too).
  const out: Set<number>[] = nodes.map(() => new Set());
  const baseOf: Set<number>[] = nodes.map(() => new Set());
  nodes.forEach((x, i) => {
    const s = m.statements[x];
    for (const d of deps[x]) {
      const j = local.get(d);
      if (j !== undefined && j !== i) {
        out[i].add(j);
        if (s.cls?.bases.includes(m.statements[d].cls?.name ?? "\0")) baseOf[i].add(j);
      } else if (m.roles[d] === "table") {
        for (const t of deps[d]) {
          const k = local.get(t);
          if (k !== undefined && k !== i) out[i].add(k);
        }
      }
    }
  });
  const indeg = new Array<number>(n).fill(0);
  for (const o of out) for (const j of o) indeg[j]++;
  const lazyOnly = (i: number, j: number): boolean => onlyLazy(m, nodes[i], nodes[j]);
  for (let i = 0; i < n; i++) {
    for (const j of out[i]) {
      if (baseOf[i].has(j)) {
        add(p, i, j, WEIGHTS.baseClass, "base class");
        continue;
      }
      if (MANAGER.test(m.statements[nodes[j]].cls?.name ?? "") && indeg[j] === 1) {
        add(p, i, j, WEIGHTS.manager, "manager of");
        continue;
      }
      // A hub (a `User` everything points at) says little about where each dependent belongs.
      let w = WEIGHTS.reference / Math.sqrt(indeg[j]);
      // A dependent with a single owner is part of its aggregate (`OrderLine` with its `Order`).
      if (out[i].size === 1) w += WEIGHTS.aggregate / Math.sqrt(indeg[j]);
      if (lazyOnly(i, j)) {
        add(p, i, j, w * WEIGHTS.lazyReference, "queries in methods");
        continue;
      }
      add(p, i, j, w, "references");
    }
  }
  // Importers that use names together: each importer module spreads one unit of weight over its pairs.
  const byModule = new Map<string, Set<number>>();
  for (const imp of opts.importers) {
    let set = byModule.get(imp.module);
    if (!set) byModule.set(imp.module, (set = new Set()));
    for (const name of imp.names) {
      const x = m.definer.get(name);
      const i = x === undefined ? undefined : local.get(x);
      if (i !== undefined) set.add(i);
    }
  }
  const importedBy = new Array<number>(n).fill(0);
  for (const set of byModule.values()) for (const i of set) importedBy[i]++;
  for (const set of byModule.values()) {
    const xs = [...set];
    if (xs.length < 2) continue;
    for (let a = 0; a < xs.length; a++) {
      for (let b = a + 1; b < xs.length; b++) {
        const hub = Math.sqrt(Math.max(1, importedBy[xs[a]]) * Math.max(1, importedBy[xs[b]]));
        add(p, xs[a], xs[b], (importWeight * 2) / (xs.length - 1) / Math.sqrt(hub), "imported together");
      }
    }
  }
  // Shared name stems and table prefixes, when they single out a few models (not half the file).
  const stems = new Map<string, number[]>();
  const prefixes = new Map<string, number[]>();
  nodes.forEach((x, i) => {
    const s = m.statements[x];
    const st = s.cls ? stemIn(m, s.cls.name) : "";
    if (st) (stems.get(st) ?? stems.set(st, []).get(st)!).push(i);
    const tp = tablePrefix(s.cls?.tablename ?? s.table);
    if (tp && tp !== st) (prefixes.get(tp) ?? prefixes.set(tp, []).get(tp)!).push(i);
  });
  for (const [group, signal] of [
    [stems, "name stem"],
    [prefixes, "table prefix"],
  ] as const) {
    for (const xs of group.values()) {
      if (xs.length < 2 || xs.length > Math.max(3, n / 3)) continue;
      for (let a = 0; a < xs.length; a++)
        for (let b = a + 1; b < xs.length; b++) add(p, xs[a], xs[b], WEIGHTS.stem / (xs.length - 1), signal);
    }
  }
  for (let i = 0; i + 1 < n; i++) add(p, i, i + 1, WEIGHTS.order, "file order");
  return p;
}

/** Before which nodes (file order) a section comment (`# --- Billing ---`, `# ==== Auth`) starts. */
function sectionBreaks(m: SplitModel, nodes: number[]): boolean[] {
  const text = m.parsed.text;
  return nodes.map((x, i) => {
    if (i === 0) return false;
    const from = m.statements[nodes[i - 1]].end;
    const to = m.statements[x].start + (text.slice(m.statements[x].start).search(/^(class|@|def)\b/m) >>> 0);
    const between = text.slice(from, Math.max(from, to));
    return (
      /^[ \t]*#[ \t]*([-=#*~_]{3,}|[-=#*~]{2,}[ \t]*\S.*|[A-Z][\w /&,-]{0,40}(models|schemas|tables|section)\b.*|#+[ \t]+\S.*)$/im.test(
        between,
      ) ||
      // A heading written as a sentence (`# Record related:`, `# Billing:`): a top-level comment line of its
      // own, after a blank line, that ends with a colon.
      /(^|\n)[ \t]*\n#[ \t]*[A-Z][\w ,&/-]{0,40}:[ \t]*\r?\n/.test(between)
    );
  });
}

/** Segments of nodes in file order, cut where the modularity of the whole cut is highest. */
function segment(p: Pairing, breaks: boolean[]): number[][] {
  const n = p.n;
  const deg = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      deg[i] += p.w[i * n + j];
      total += p.w[i * n + j];
    }
  total /= 2;
  if (n === 0) return [];
  if (total === 0) return [[...Array(n).keys()]];
  // rowPrefix[i*(n+1)+j]: sum of w(i, b) for b < j.
  const rowPrefix = new Float64Array(n * (n + 1));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) rowPrefix[i * (n + 1) + j + 1] = rowPrefix[i * (n + 1) + j] + p.w[i * n + j];
  const best = new Float64Array(n + 1).fill(-Infinity);
  const from = new Int32Array(n + 1);
  best[0] = 0;
  for (let j = 0; j < n; j++) {
    let inside = 0;
    let d = 0;
    let sections = 0;
    let lines = 0;
    for (let i = j; i >= 0; i--) {
      // Adding node i to segment (i+1..j): its links to i+1..j.
      inside += rowPrefix[i * (n + 1) + j + 1] - rowPrefix[i * (n + 1) + i + 1];
      d += deg[i];
      lines += p.lines[i];
      if (i < j && breaks[i + 1]) sections++;
      const q =
        inside / total -
        p.resolution * (d / (2 * total)) ** 2 -
        WEIGHTS.section * sections -
        WEIGHTS.size * (lines / WEIGHTS.sizeTarget) ** 2;
      if (best[i] + q > best[j + 1] + 1e-12) {
        best[j + 1] = best[i] + q;
        from[j + 1] = i;
      }
    }
  }
  const out: number[][] = [];
  for (let j = n; j > 0; j = from[j]) out.unshift([...Array(j - from[j]).keys()].map((k) => from[j] + k));
  return out;
}

/**
 * A run that nothing but file order holds together (no reference, importer, stem or section
 * worth counting between any two of its models) is a list of one-off models, each a domain of
 * its own: order only says where a run goes on, not that unrelated models belong together.
 */
function isolate(p: Pairing, segments: number[][]): number[][] {
  const out: number[][] = [];
  for (const g of segments) {
    const linked = g.some((i, a) => g.slice(a + 1).some((j) => evidence(p, i, j) >= WEIGHTS.evidence));
    if (linked || g.length < 2) out.push(g);
    else for (const i of g) out.push([i]);
  }
  return out;
}

/**
 * A group holding two or more long models (`long`) becomes one module per long model; each shorter
 * one (a manager, a link table, a small helper model) goes with the long model it is linked to most,
 * through the shorter ones already placed, else with the nearest one in the file.
 */
function apart(p: Pairing, g: number[], long: boolean[], lone?: boolean[]): number[][] {
  const perModel = !!lone;
  // In a file written one model per module only a part-of link keeps a short model with another
  // (an `OrderLine`'s foreign key to its `Order`, a manager, a base), or the author's own word
  // that they are one thing: a section comment over them, or a method of one that queries the
  // other (`Course.activities()` reading Activity). Shared importers, stems and file order put no
  // two of its models together (see onePerModule). Over the corpus's tuning cases the section and
  // the queries together raise the median from 0.475 to 0.492 and lower no file by 0.05.
  const counts = (s: Signal): boolean => (perModel ? PART_OF.has(s) : s !== "file order");
  const link = (i: number, j: number): number => evidence(p, i, j, counts);
  // There, a model linked to no other of the group by a part-of link heads a module of its own too.
  const heads = g.filter((i) => long[i] || (!!lone?.[i] && !g.some((j) => j !== i && link(i, j) >= WEIGHTS.evidence)));
  if (heads.length < 2) return [g];
  const home = new Map(heads.map((h) => [h, h]));
  if (!perModel) joinNamesakes(p, heads, home);
  for (let changed = true; changed; ) {
    changed = false;
    for (const i of g) {
      if (home.has(i)) continue;
      const pull = new Map<number, number>();
      for (const [j, h] of home) pull.set(h, (pull.get(h) ?? 0) + link(i, j));
      const [h, w] = [...pull].reduce((b, x) => (x[1] > b[1] ? x : b));
      if (w < WEIGHTS.evidence) continue;
      home.set(i, h);
      changed = true;
    }
  }
  for (const i of g)
    if (!home.has(i)) home.set(i, home.get(heads.reduce((b, h) => (Math.abs(h - i) < Math.abs(b - i) ? h : b)))!);
  return heads.filter((h) => home.get(h) === h).map((h) => g.filter((i) => home.get(i) === h));
}

/** The signals that keep a short model with another in a file written one model per module (see apart). */
const PART_OF = new Set<Signal>(["references", "base class", "manager of", "same section", "queries in methods"]);

/**
 * Long models of one run that share a name stem (`Workflow` and `WorkflowExecution`,
 * `HarvestOAIJob` and `HarvestStaticXMLJob`) are one module: the team named them as one thing's
 * parts, and keeps them in that thing's file however long each is. A foreign key alone says
 * less: a long `List` and the `ListFighter` that points at it were each given a file. Over the
 * corpus's tuning cases, of the 48 pairs of long models the cut put in one run, 9 of the 10 with a
 * name stem worth WEIGHTS.evidence were kept together by their teams (not ResolverConfig and
 * ResolverRealm), against 15 of the 38 without one. `home` maps each head to the head of its module.
 */
function joinNamesakes(p: Pairing, heads: number[], home: Map<number, number>): void {
  for (const a of heads)
    for (const b of heads) {
      if (a >= b || (p.why.get(pairKey(a, b))?.get("name stem") ?? 0) < WEIGHTS.evidence) continue;
      const [ha, hb] = [home.get(a)!, home.get(b)!];
      if (ha !== hb) for (const [k, v] of home) if (v === hb) home.set(k, ha);
    }
}

/**
 * Whether the file is written one model per module's worth: ORM tables (not request/response
 * schemas) that mostly carry a name of their own (`Network`, `Device`, `Circuit`, not `Contest`,
 * `ContestProblem`, `ContestTag`) and are long enough to hold behaviour. Such teams give each
 * model a file; teams that name models after a shared noun split by that noun. Counted over the
 * 21 corpus files (stems as stemOf reads them, lines of the class statement): the 10 files split
 * with at least 0.75 team modules per model all have at most 37% of their models sharing a stem
 * and a median model of 20+ lines; of the 8 other ORM files, 7 have 49%+ sharing a stem and the
 * eighth (no stem shared) has 8-line models, plain column lists its team grouped by domain. The
 * thresholds sit between the two sides.
 */
function onePerModule(m: SplitModel, nodes: number[], p: Pairing): boolean {
  const models = nodes
    .map((x, i) => ({ name: m.statements[x].cls?.name ?? "", i }))
    .filter(
      ({ name, i }) =>
        name && !MANAGER.test(name) && !/Mixin$/.test(name) && !m.pydantic.has(name) && !columnType(m, nodes[i]),
    );
  if (models.length * 2 <= nodes.length || models.length < SMALL) return false;
  const count = new Map<string, number>();
  for (const { name } of models) count.set(stemIn(m, name), (count.get(stemIn(m, name)) ?? 0) + 1);
  const shared = models.filter(({ name }) => (count.get(stemIn(m, name)) ?? 0) > 1).length / models.length;
  const lines = models.map(({ i }) => p.lines[i]).sort((a, b) => a - b);
  // A Django file whose models nearly all declare a `class Meta` is one its team split by domain,
  // not per model: over the 30 tuning files the mode fired on, the 8 with two thirds or more of
  // their models carrying a Meta lost 0.05 to 0.45 each to it but one (0.21); see BENCHMARKS.md,
  // "when a file is cut one module per model".
  const meta = models.filter(({ i }) => m.statements[nodes[i]].cls?.meta).length;
  if (meta * PER_MODEL.metaShare[1] >= models.length * PER_MODEL.metaShare[0]) return false;
  return shared <= PER_MODEL.sharedStems && lines[Math.floor(lines.length / 2)] >= PER_MODEL.medianLines;
}

/** A class that is a column type of the ORM (`class Json(TypeDecorator)`), not a model. */
export function columnType(m: SplitModel, x: number): boolean {
  return (m.statements[x].cls?.bases ?? []).some((b) =>
    /(TypeDecorator|TypeEngine|UserDefinedType|Mutable\w*)$/.test(b),
  );
}

/** Thresholds of onePerModule, halfway between the corpus files split per model and per domain. */
const PER_MODEL = {
  sharedStems: 0.45,
  medianLines: 15,
  /** At least this share (numerator, denominator: two thirds, read exactly) of models with a `class Meta` turns it off. */
  metaShare: [2, 3] as const,
};

/** Small files are cut only where their links are: groups linked inside, unlinked models with their neighbours. */
function smallFile(p: Pairing): number[][] {
  return alongLinks(p, [...Array(p.n).keys()]);
}

/**
 * The nodes `xs` (file order) cut where their links are: each group of models linked by anything
 * but file order is a module, and a model linked to none joins the nearest group. Fewer than two
 * linked groups stay one module.
 */
function alongLinks(p: Pairing, xs: number[]): number[][] {
  const parent = new Map(xs.map((x) => [x, x]));
  const find = (x: number): number => (parent.get(x) === x ? x : (parent.set(x, find(parent.get(x)!)), parent.get(x)!));
  for (const a of xs)
    for (const b of xs) {
      if (a >= b) continue;
      // Every signal adds a positive weight, so any signal but file order makes this positive.
      if (evidence(p, a, b) > 0) parent.set(find(a), find(b));
    }
  const groups = new Map<number, number[]>();
  for (const x of xs) (groups.get(find(x)) ?? groups.set(find(x), []).get(find(x))!).push(x);
  const linked = [...groups.values()].filter((g) => g.length > 1);
  // Evidence of more than one domain is two linked groups; anything less stays one module.
  if (linked.length < 2) return [xs];
  for (const g of groups.values()) {
    if (g.length > 1) continue;
    const i = g[0];
    const near = linked.reduce((b, h) =>
      Math.min(...h.map((x) => Math.abs(x - i))) < Math.min(...b.map((x) => Math.abs(x - i))) ? h : b,
    );
    near.push(i);
  }
  return linked.map((g) => g.sort((a, b) => a - b)).sort((a, b) => a[0] - b[0]);
}

/** Fewer models than this are split only along their links (so re-planning a split module proposes nothing). */
const SMALL = 6;
/** The same for a module that is already one part of a split package: only a large one is cut again. */
const SPLIT_SMALL = 20;

export interface DomainGroups {
  groups: number[][];
  /** Per group: the section comment it sits under (counted from the top), or -1 when the file has none. */
  sections: number[];
  /** Per group: its strongest signals, as `--explain` prints them. */
  why: string[][];
  /** Per group: cut from a run around one long model; it joins no other run of the same domain name. */
  own: boolean[];
  /** The file is written one model per module (onePerModule). */
  perModel: boolean;
  /** The pair weight between two model statements (statement indices), file order left out. */
  link: (a: number, b: number) => number;
  /** Models (statement indices) long enough that any module holding another such is cut apart again. */
  ownModule: Set<number>;
}

/**
 * The pair weights the cut reads (the signals of `pairing` and the models under one section
 * comment), with the section breaks they were read from, which the cut and the groups' sections use too.
 */
function pairsWithSections(
  m: SplitModel,
  nodes: number[],
  deps: Set<number>[],
  opts: DomainOptions,
): { p: Pairing; breaks: boolean[] } {
  const p = pairing(m, nodes, deps, opts);
  const breaks = sectionBreaks(m, nodes);
  // The models under one section comment (only when the file has sections).
  if (breaks.some(Boolean)) {
    let start = 0;
    for (let i = 1; i <= nodes.length; i++) {
      if (i < nodes.length && !breaks[i]) continue;
      const size = i - start;
      for (let a = start; a < i; a++)
        for (let b = a + 1; b < i; b++) add(p, a, b, WEIGHTS.sameSection / (size - 1), "same section");
      start = i;
    }
  }
  return { p, breaks };
}

/** One pair of model statements (statement indices, a before b) and the weight each signal gives it. */
export interface PairFeature {
  a: number;
  b: number;
  signals: Partial<Record<Signal, number>>;
}

/**
 * The evidence between each linked pair of the model statements `nodes`, signal by signal, as
 * the cut weighs it: for measuring how well each signal agrees with real teams' layouts.
 */
export function pairFeatures(m: SplitModel, nodes: number[], deps: Set<number>[], opts: DomainOptions): PairFeature[] {
  const { p } = pairsWithSections(m, nodes, deps, opts);
  const out: PairFeature[] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) {
      const why = p.why.get(pairKey(i, j));
      if (why) out.push({ a: nodes[i], b: nodes[j], signals: Object.fromEntries(why) });
    }
  return out;
}

/** Groups of the model statements `nodes` (statement indices, file order). */
export function domainGroups(m: SplitModel, nodes: number[], deps: Set<number>[], opts: DomainOptions): DomainGroups {
  const { p, breaks } = pairsWithSections(m, nodes, deps, opts);
  if (nodes.length === 0)
    return { groups: [], sections: [], why: [], own: [], perModel: false, link: () => 0, ownModule: new Set() };
  const small = nodes.length < (opts.alreadySplit ? SPLIT_SMALL : SMALL);
  // A run whose models form two groups linked only across each other's lines (`Metric`,
  // `Stream`, `Reservation`, `Batch` with Metric-Reservation and Stream-Batch) is two domains, as
  // re-planning the module it becomes would say.
  const cut = small ? smallFile(p) : isolate(p, segment(p, breaks)).flatMap((g) => alongLinks(p, g));
  const perModel = !small && onePerModule(m, nodes, p);
  const longAt = perModel ? WEIGHTS.ownModulePerModel : WEIGHTS.ownModule;
  const longAtLeast = (lines: number): boolean[] =>
    nodes.map((x, i) => p.lines[i] >= lines && !MANAGER.test(m.statements[x].cls?.name ?? ""));
  const long = longAtLeast(longAt);
  // Column types (`class Json(TypeDecorator)`) are no models: they stay where their links put them.
  const lone = perModel
    ? nodes.map((x) => !MANAGER.test(m.statements[x].cls?.name ?? "") && !columnType(m, x))
    : undefined;
  const pieces = cut.map((g) => apart(p, g, long, lone));
  const owned = pieces.flatMap((ps) => ps.map(() => ps.length > 1));
  const joined = joinFamilies(m, nodes, pieces.flat(), long);
  const local = joined.filter((g) => g.length > 0);
  const own = owned.filter((_, k) => joined[k].length > 0);
  const why = local.map((g, k) =>
    perModel && own[k]
      ? [
          "one module per model: the file's models are long and each named apart",
          ...(g.length > 1 ? explain(m, nodes, p, g) : []),
        ]
      : own[k]
        ? [
            `a long model (${p.lines[g.find((i) => long[i]) ?? g[0]]} lines): a module of its own`,
            ...explain(m, nodes, p, g),
          ]
        : explain(m, nodes, p, g),
  );
  const sectionOf: number[] = [];
  for (let i = 0, k = 0; i < nodes.length; i++) sectionOf.push(breaks[i] ? ++k : k);
  const hasSections = breaks.some(Boolean);
  const sections = local.map((g) => (hasSections ? sectionOf[g[0]] : -1));
  const at = new Map(nodes.map((x, i) => [x, i]));
  const link = (a: number, b: number): number => {
    const i = at.get(a);
    const j = at.get(b);
    return i !== undefined && j !== undefined ? evidence(p, i, j) : 0;
  };
  // The threshold of a file not written one model per module: the one re-planning a new module applies.
  const longAnywhere = perModel ? longAtLeast(WEIGHTS.ownModule) : long;
  const ownModule = new Set(nodes.filter((_, i) => longAnywhere[i]));
  return { groups: local.map((g) => g.map((i) => nodes[i])), sections, why, own, perModel, link, ownModule };
}

/**
 * A model built on another model of the file (`Review(Activity)`, `Note(Activity)`) is one domain
 * with its parent, wherever the cut put it, unless it is long enough to be a module of its own or
 * the parent is one most of the file's models build on (a shared base, not a domain).
 */
function joinFamilies(m: SplitModel, nodes: number[], groups: number[][], long: boolean[]): number[][] {
  const at = new Map<number, number>();
  groups.forEach((g, k) => {
    for (const i of g) at.set(i, k);
  });
  const byName = new Map(nodes.map((x, i) => [m.statements[x].cls?.name ?? "", i]));
  const children = new Map<number, number[]>();
  // Only a table's subclasses: an abstract model or a schema base is a shared set of fields, and
  // a manager built on another is no model.
  const table = (j: number): boolean => {
    const c = m.statements[nodes[j]].cls;
    return !!c && !c.abstract && !m.pydantic.has(c.name) && !MANAGER.test(c.name);
  };
  nodes.forEach((x, i) => {
    for (const b of m.statements[x].cls?.bases ?? []) {
      const j = byName.get(b);
      if (j !== undefined && j !== i && table(i) && table(j)) (children.get(j) ?? children.set(j, []).get(j)!).push(i);
    }
  });
  const out = groups.map((g) => [...g]);
  for (const [j, kids] of children) {
    if (kids.length > FAMILY_SHARE * nodes.length) continue;
    for (const i of kids) {
      const from = at.get(i)!;
      const to = at.get(j)!;
      if (long[i] || from === to) continue;
      out[from] = out[from].filter((x) => x !== i);
      out[to].push(i);
      at.set(i, to);
    }
  }
  return out.map((g) => g.sort((a, b) => a - b));
}

/** A class of role base that is a table of its own (multi-table inheritance), not a mixin or abstract model. */
function concreteParent(m: SplitModel, s: TopStatement): boolean {
  const c = s.cls;
  return (
    m.roles[s.index] === "base" &&
    !!c &&
    !c.abstract &&
    !/Mixin$/.test(c.name) &&
    !m.pydantic.has(c.name) &&
    c.bases.length > 0 &&
    !c.bases.every((b) => /(^|\.)(object|DeclarativeBase|DeclarativeBaseNoMeta|AsyncAttrs|MappedAsDataclass)$/.test(b))
  );
}

/** A parent more than this share of the file's models build on is a shared base. */
const FAMILY_SHARE = 0.5;

function explain(m: SplitModel, nodes: number[], p: Pairing, g: number[]): string[] {
  if (g.length < 2) return ["a single model"];
  const tally = new Map<Signal, { w: number; pairs: string[] }>();
  for (let a = 0; a < g.length; a++) {
    for (let b = a + 1; b < g.length; b++) {
      for (const [s, w] of p.why.get(pairKey(g[a], g[b])) ?? []) {
        let t = tally.get(s);
        if (!t) tally.set(s, (t = { w: 0, pairs: [] }));
        t.w += w;
        const name = (i: number) => m.statements[nodes[i]].label;
        if (t.pairs.length < 3) t.pairs.push(`${name(g[a])}-${name(g[b])}`);
      }
    }
  }
  return [...tally]
    .sort((x, y) => y[1].w - x[1].w)
    .slice(0, 3)
    .map(([s, t]) => `${s} (${t.w.toFixed(1)}): ${t.pairs.join(", ")}`);
}

/**
 * Candidate names for a new module, preferred first. A module of one model is named after it
 * (`Agent` -> `agent`, `EmailToken` -> `email_token`): the one importer that uses it (`wrappers.py`,
 * `prepare_work.py`) says where it is used, not what it is.
 */
export function moduleNames(m: SplitModel, members: TopStatement[], opts: DomainOptions): string[] {
  const domain = domainNames(m, members, opts);
  const models = members.filter((s) => m.roles[s.index] === "model");
  const cls = models.length === 1 ? models[0].cls : null;
  if (!cls) return domain;
  const bare = bareName(m, cls.name);
  const snake = moduleWord(bare);
  const words = snake.split("_").filter(Boolean);
  const st = stemOf(bare);
  return [
    ...new Set(
      [
        ...(words.length <= 2 ? [words.join("_")] : []),
        st,
        // `AgentConfig` without its role word is `agent`; when `Agent` takes that, its whole name.
        moduleWord(bare, false),
        ...(words.length > 3 ? [words.slice(0, 2).join("_")] : []),
        snake,
        ...domain,
      ].filter((x) => /^[a-z_][a-z0-9_]*$/.test(x)),
    ),
  ];
}

/** A class name as a module word: `OrderLineManager` -> `order_line` (`order_line_manager` with `dropRole` false). */
function moduleWord(name: string, dropRole = true): string {
  return snakeCase((dropRole && name.replace(ROLE_SUFFIX, "")) || name).replace(/^_+/, "");
}

/** Candidate names for a group's domain, preferred first (also which runs are one domain). */
export function domainNames(m: SplitModel, members: TopStatement[], opts: DomainOptions): string[] {
  // A table other tables of the group build on (`Activity` under `Review`, `Note`) is one of its models.
  const models = members.filter((s) => m.roles[s.index] === "model" || concreteParent(m, s));
  const classes = models.length ? models : members.filter((s) => s.cls);
  const pool = classes.length ? classes : members;
  if (pool.length === 0) return ["module"];
  const names = new Set(pool.flatMap((s) => s.defines));
  const out: string[] = [];
  // Importers whose imports are mostly this group's, and that import most of it.
  const scored = new Map<string, number>();
  // `tests/test_shop.py` of `shop/models.py` is named after the project, not after a domain of it.
  const own = new Set((opts.file ?? "").replace(/\.py$/, "").split("/"));
  const index = importerDomains(m, opts.importers);
  // How many of this group's names each importer imports (only importers of at least one).
  const shared = new Map<ImporterDomain, number>();
  for (const n of names) for (const imp of index.byName.get(n) ?? []) shared.set(imp, (shared.get(imp) ?? 0) + 1);
  for (const [{ domain: d, names: set }, k] of shared) {
    if (own.has(d)) continue;
    // Every importer of one domain (`routers/strategy.py`, `services/strategy.py`) speaks for it.
    scored.set(d, (scored.get(d) ?? 0) + (k / set.size) * (k / names.size));
  }
  const stems = new Map<string, number>();
  for (const s of pool)
    if (s.cls) {
      const st = stemIn(m, s.cls.name);
      if (st) stems.set(st, (stems.get(st) ?? 0) + 1);
    }
  // An importer named after a model of the group (`routers/index.py` for IndexValue) names it best.
  for (const [d, sc] of scored) if (stems.has(singular(d)) || stems.has(d)) scored.set(d, sc * 2);
  // Tables are read by views, services and integrations named for a feature or a protocol
  // (`lti.py`, `timeline.py`, `reports.py`, `api/roles.py` reading User, Node, Split, Token),
  // while request/response schemas are written for one router (`routers/auth.py`), whose name is
  // their domain. So for tables an importer's name counts only when a model of the group carries
  // it (`views/contests.py` for Contest), or when the importer is written for the group alone
  // (it imports little else and most of the group: a `routers/billing.py` of Invoice and Payment).
  // Over the corpus's 18 ORM files, 4 of the 27 module names that no model of their group carried
  // were a team's name for one of its members, against 126 of the 204 a model carried; with this
  // rule 7 names are left that no model carries (2 a team's) and 136 of 218 carried ones are.
  const orm = pool.filter((s) => s.cls && !m.pydantic.has(s.cls.name)).length * 2 > pool.length;
  if (orm) {
    const words = new Set(
      pool.flatMap((s) =>
        s.cls ? [moduleWord(bareName(m, s.cls.name)), moduleWord(bareName(m, s.cls.name), false)] : [],
      ),
    );
    for (const [d, sc] of [...scored])
      if (sc < OWN_IMPORTER && ![d, singular(d)].some((w) => stems.has(w) || words.has(w))) scored.delete(d);
  }
  const byImporter = [...scored].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const stem = [...stems].sort((a, b) => b[1] - a[1])[0];
  const strongImporter = byImporter.find(([, sc]) => sc >= 0.3);
  if (strongImporter) out.push(strongImporter[0]);
  if (stem && stem[1] >= Math.max(2, pool.length / 2)) out.push(stem[0]);
  // The main model: the one the rest of the group refers to most.
  const inGroup = new Set(pool.map((s) => s.index));
  let main = pool[0];
  let bestScore = -1;
  for (const s of pool) {
    const score =
      members.filter((o) => o !== s && o.uses.some((u) => s.defines.includes(u.name))).length +
      s.uses.filter((u) => {
        const d = m.definer.get(u.name);
        return d !== undefined && inGroup.has(d) && d !== s.index;
      }).length *
        0.1;
    if (score > bestScore) {
      main = s;
      bestScore = score;
    }
  }
  const mainName = bareName(m, main.cls?.name ?? main.defines[0] ?? "module");
  const st = stemOf(mainName);
  if (st) out.push(st);
  for (const [d, sc] of byImporter) if (sc >= 0.15) out.push(d);
  const snake = moduleWord(mainName);
  const tokens = snake.split("_");
  if (tokens.length >= 2) out.push(tokens.slice(0, 2).join("_"));
  out.push(snake || "module");
  // The main model's whole name (`agent_config` for AgentConfig) when its stem is taken by a module of its own.
  const whole = moduleWord(mainName, false);
  if (whole.split("_").length <= 3) out.push(whole);
  return [...new Set(out.filter((x) => /^[a-z_][a-z0-9_]*$/.test(x)))];
}

/** An importer's score (share of its imports that are the group's times share of the group it imports) that says it is written for the group. */
const OWN_IMPORTER = 0.8;

/**
 * How well a module name fits a group, to give a name two groups want to the one it fits best
 * (not to the first in file order): the share of each importer of that domain's imports that are
 * the group's classes (`shipping/views.py` uses three parcel classes and one barcode class), plus
 * the share of the group's classes whose stem is the name, plus one when it is a class's whole name.
 */
export function nameFit(m: SplitModel, members: TopStatement[], name: string, opts: DomainOptions): number {
  const models = members.filter((s) => m.roles[s.index] === "model");
  const classes = models.length ? models : members.filter((s) => s.cls);
  if (classes.length === 0) return 0;
  const names = new Set(classes.flatMap((s) => s.defines));
  const own = new Set((opts.file ?? "").replace(/\.py$/, "").split("/"));
  let use = 0;
  if (!own.has(name)) {
    const seen = new Set<ImporterDomain>();
    for (const n of names)
      for (const imp of importerDomains(m, opts.importers).byName.get(n) ?? []) {
        if (imp.domain !== name || seen.has(imp)) continue;
        seen.add(imp);
        use += [...imp.names].filter((x) => names.has(x)).length / imp.names.size;
      }
  }
  const word = singular(name);
  const stems = classes.filter((s) => [name, word].includes(stemIn(m, s.cls?.name ?? ""))).length / classes.length;
  // A class's whole name (`Agent` for `agent`) fits better than one read without its role word (`AgentConfig`).
  const whole = classes.some((s) => moduleWord(bareName(m, s.cls?.name ?? ""), false) === name)
    ? 1
    : classes.some((s) => moduleWord(bareName(m, s.cls?.name ?? "")) === name)
      ? 0.5
      : 0;
  return use + stems + whole;
}

/** Per importer module with a domain word: the split module's names it imports. */
interface ImporterDomain {
  domain: string;
  names: Set<string>;
}

/** The importers with a domain word, by each name of the split module they import. */
interface ImporterIndex {
  byName: Map<string, ImporterDomain[]>;
}

/** Built once per plan and importer list: every module of a plan is named against the same importers. */
const importerDomainsMemo = new WeakMap<SplitModel, WeakMap<Importer[], ImporterIndex>>();

function importerDomains(m: SplitModel, importers: Importer[]): ImporterIndex {
  let byList = importerDomainsMemo.get(m);
  if (!byList) importerDomainsMemo.set(m, (byList = new WeakMap()));
  const known = byList.get(importers);
  if (known) return known;
  const byModule = new Map<string, Set<string>>();
  for (const imp of importers) {
    let set = byModule.get(imp.module);
    if (!set) byModule.set(imp.module, (set = new Set()));
    for (const n of imp.names) if (m.definer.has(n)) set.add(n);
  }
  const out: ImporterIndex = { byName: new Map() };
  for (const [mod, set] of byModule) {
    const domain = set.size ? importerDomain(mod) : null;
    if (!domain) continue;
    const entry = { domain, names: set };
    for (const n of set) (out.byName.get(n) ?? out.byName.set(n, []).get(n)!).push(entry);
  }
  byList.set(importers, out);
  return out;
}

/** Whether statement `from` reads what `to` defines only inside function bodies (and names it in no string). */
function onlyLazy(m: SplitModel, from: number, to: number): boolean {
  const s = m.statements[from];
  const names = new Set(m.statements[to].defines);
  let seen = false;
  for (const u of s.uses) {
    if (!names.has(u.name)) continue;
    if (u.kind !== "lazy" || !u.fn) return false;
    seen = true;
  }
  return seen && !s.stringRefs.some((r) => names.has(r.value) || (r.kind === "table" && m.tables.get(r.value) === to));
}
