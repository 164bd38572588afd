/**
 * `remodel plan split`: proposes which top-level statements of a module go to which new module.
 * Models are grouped into domains (domains.ts: contiguous runs of the file that the links between
 * models, their importers, name stems and section comments hold together); shared bases and
 * registries go to `base`, enums used by several groups to `enums`, helpers and tables go with their users, and statements that are not
 * definitions (attached attributes, `Index(...)`, listeners) go where all their dependencies are
 * visible. Groups that would import each other at runtime are merged, so the plan never adds an
 * import cycle.
 */
import { crossModule } from "./cross.js";
import {
  columnType,
  domainGroups,
  domainNames,
  MANAGER,
  moduleNames,
  nameFit,
  bareName,
  pairFeatures,
  stemIn,
  type DomainOptions,
  type Importer,
  type PairFeature,
} from "./domains.js";
import { coarsen } from "./granularity.js";
import { type JoinWhy, mergeToCount } from "./asked-count.js";
import { snakeCase, type SplitModel } from "./model.js";
import type { TopStatement } from "./statements.js";

export interface SplitPlan {
  /** The module file being split, relative to the project root. */
  file: string;
  /** New modules in order, each with the labels of its statements (in source order). */
  modules: { name: string; statements: string[] }[];
  /** Statements the planner could not place, with why. */
  unplaced: { statement: string; reason: string }[];
  /** Per new module: the strongest signals that put its models together (`plan split --explain`). */
  why?: Record<string, string[]>;
}

export interface PlanSplitOptions {
  file: string;
  /** Modules that import names of this one, with the names each imports (`from m import A, B`). */
  importers?: Importer[];
  /** The module is one its package's `__init__` re-exports: a part of an earlier split. */
  alreadySplit?: boolean;
  /**
   * A models package of the project that keeps one model per module named after it
   * (project-style.ts): the file's models are planned one module each, as that package has them.
   */
  modelPerModule?: string;
  /**
   * At most this many new modules (`--modules N`): the domains are merged along their strongest
   * links until the plan has no more. An upper bound: no domain its links hold together is cut.
   */
  modules?: number;
}

/** The group of the shared bases and registries (`base`); the domains are numbered after it. */
const BASE = 0;

/**
 * The placement planning starts from: each statement's dependencies and users, the statements
 * that cannot be placed, and the shared bases in `base` (BASE); the models are not placed yet (-1).
 */
interface Placement {
  deps: Set<number>[];
  users: Set<number>[];
  group: number[];
  unplaced: SplitPlan["unplaced"];
  /** Abstract models: they go with their domain when it is one. */
  abstract: number[];
}

function initialPlacement(m: SplitModel): Placement {
  const S = m.statements;
  const group = new Array<number>(S.length).fill(-1);
  const unplaced: SplitPlan["unplaced"] = [];
  const deps = S.map((s) => dependencies(m, s));
  const users = S.map(() => new Set<number>());
  deps.forEach((ds, i) => {
    for (const d of ds) if (d !== i) users[d].add(i);
  });
  for (const s of S) {
    if (m.roles[s.index] === "header") continue;
    if (s.selfNamespace) {
      unplaced.push({
        statement: s.label,
        reason:
          "reads or writes the module's own namespace (globals(), sys.modules[__name__]); decide by hand where it belongs",
      });
      group[s.index] = -2;
    }
  }
  tieToUnplaced(m, deps, users, group, unplaced);
  // Abstract models (`BillingDocument` under `Invoice`, `Proforma`) belong to their domain when it is one.
  const abstract = S.filter((s) => m.roles[s.index] === "base" && isAbstractModel(m, s)).map((s) => s.index);
  for (const s of S)
    if (m.roles[s.index] === "base" && group[s.index] === -1 && !abstract.includes(s.index)) group[s.index] = BASE;
  return { deps, users, group, unplaced, abstract };
}

/** The model statements the domain cut groups: models and abstract models not placed already. */
function domainNodes(m: SplitModel, group: number[]): number[] {
  return m.statements
    .filter((s) => (m.roles[s.index] === "model" || m.roles[s.index] === "base") && group[s.index] === -1)
    .map((s) => s.index);
}

function domainOptions(opts: PlanSplitOptions): DomainOptions {
  return { importers: opts.importers ?? [], alreadySplit: opts.alreadySplit, file: opts.file };
}

/**
 * The model statements the domain cut groups (file order) and the evidence between them, pair by
 * pair and signal by signal, as the cut reads it.
 */
export function splitPairFeatures(m: SplitModel, opts: PlanSplitOptions): { nodes: number[]; pairs: PairFeature[] } {
  const { deps, group } = initialPlacement(m);
  const nodes = domainNodes(m, group);
  return { nodes, pairs: pairFeatures(m, nodes, deps, domainOptions(opts)) };
}

export function planSplit(m: SplitModel, opts: PlanSplitOptions): SplitPlan {
  const S = m.statements;
  const { deps, users, group, unplaced, abstract } = initialPlacement(m);
  const why = new Map<number, string[]>();
  const domains = modelDomains(m, deps, group, BASE + 1, opts, why);
  let next = domains.next;
  for (const a of abstract) {
    const name = S[a].cls!.name;
    const below = new Set(S.filter((s) => s.cls?.bases.includes(name)).map((s) => group[s.index]));
    if (below.size === 1 && below.has(group[a])) continue;
    // An abstract model that declares its own manager or queryset (`objects = ResourceManager()`)
    // is one domain with it: its subclasses import both from there, not the base from `base`.
    group[a] = managerGroup(m, S[a], group) ?? BASE;
  }
  // A mixin or base class that only the models of one domain build on is part of that domain
  // (`ChangeTrackingMixin` beside `Change`'s users, `CommentMixin` with `Comment`), not of `base`.
  for (const s of S) {
    if (group[s.index] !== BASE || !s.cls || abstract.includes(s.index) || !ownBase(m, s)) continue;
    const name = s.cls.name;
    const below = new Set(S.filter((o) => o.cls?.bases.includes(name)).map((o) => group[o.index]));
    if (below.size === 1 && ![...below].some((g) => g < 0 || g === BASE)) group[s.index] = [...below][0];
  }
  const ENUMS = next++;
  for (const s of S) {
    if (m.roles[s.index] !== "enum" || group[s.index] !== -1) continue;
    const g = new Set([...users[s.index]].map((u) => group[u]).filter((x) => x >= 0 && x !== BASE));
    if (g.size === 1) group[s.index] = [...g][0];
  }
  placeHelpers(m, deps, users, group);
  for (const s of S) if (m.roles[s.index] === "enum" && group[s.index] === -1) group[s.index] = ENUMS;
  placeHelpers(m, deps, users, group);
  placeAttached(m, deps, group);
  // Each round of --modules reads the imports and the import graph of one grouping, and the check for
  // a cycle after its merge the next one's: one reading serves all three.
  const cross = lastCross(m);
  mergeCycles(m, group, why, ENUMS, cross);
  if (opts.modules !== undefined) {
    const reason = `merged along its strongest links to the ${opts.modules} module(s) asked for (--modules)`;
    const told = tellJoins(m, nameGroups(m, [...group], ENUMS, opts), group);
    mergeToCount(group, opts.modules, {
      shared: [BASE, ENUMS],
      link: domains.link,
      references: (g) => references(m, g, cross),
      graph: (g) => moduleGraph(m, g, cross),
      join: (ids, into, joined) => {
        const lines = joined ? told(ids, joined) : [];
        joinGroups(group, ids, into, why, ENUMS, reason);
        // The merges that made a module come right after the reason, oldest first.
        const list = why.get(into);
        if (list) {
          const isJoin = (r: string) => r.startsWith("joined `") || r.startsWith("passed over ");
          why.set(into, [reason, ...list.filter(isJoin), ...lines, ...list.filter((r) => r !== reason && !isJoin(r))]);
        }
        mergeCycles(m, group, why, ENUMS, cross);
      },
    });
  }
  const modules = nameGroups(m, group, ENUMS, opts);
  // Nothing vanishes: a statement no module received is listed with why.
  const listed = new Set(unplaced.map((u) => u.statement));
  for (const s of S) {
    if (m.roles[s.index] !== "header" && group[s.index] < 0 && !listed.has(s.label))
      unplaced.push({ statement: s.label, reason: "the planner found no module for it; put it in one" });
  }
  const explained: Record<string, string[]> = {};
  for (const mod of modules) {
    const g = group[m.statements.find((s) => s.label === mod.statements[0])!.index];
    explained[mod.name] =
      g === BASE
        ? ["shared bases and registries"]
        : g === ENUMS
          ? ["enums used by several modules"]
          : (why.get(g) ?? ["helpers and statements placed with their users"]);
  }
  return { file: opts.file, modules, unplaced, why: explained };
}

/**
 * Statements that only make sense next to an unplaced one are unplaced with it: what attaches to
 * it (`X.extra = ...`, `Index(..., X.id)`, `@event.listens_for(X)`) and helpers only it uses.
 */
function tieToUnplaced(
  m: SplitModel,
  deps: Set<number>[],
  users: Set<number>[],
  group: number[],
  unplaced: SplitPlan["unplaced"],
): void {
  const S = m.statements;
  const tiedTo = (i: number): number | undefined => {
    const s = S[i];
    const role = m.roles[i];
    if (role === "attached") return [...deps[i]].find((d) => group[d] === -2);
    if (role !== "helper" && role !== "table") return undefined;
    const eager = s.uses
      .filter((u) => u.kind === "eager")
      .map((u) => m.definer.get(u.name))
      .find((d) => d !== undefined && d !== i && group[d] === -2);
    if (eager !== undefined) return eager;
    const us = [...users[i]];
    return us.length > 0 && us.every((u) => group[u] === -2) ? us[0] : undefined;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of S) {
      if (group[s.index] !== -1 || m.roles[s.index] === "header") continue;
      const t = tiedTo(s.index);
      if (t === undefined) continue;
      group[s.index] = -2;
      unplaced.push({
        statement: s.label,
        reason: `tied to ${S[t].label}, which is unplaced; put it with ${S[t].label}`,
      });
      changed = true;
    }
  }
}

/** Statements a statement depends on: names it reads, classes and tables its strings name. */
function dependencies(m: SplitModel, s: TopStatement): Set<number> {
  const out = new Set<number>();
  for (const u of s.uses) {
    const d = m.definer.get(u.name);
    if (d !== undefined) out.add(d);
  }
  for (const r of s.stringRefs) {
    const d = r.kind === "class" ? (m.models.get(r.value) ?? m.definer.get(r.value)) : m.tables.get(r.value);
    if (d !== undefined) out.add(d);
  }
  out.delete(s.index);
  return out;
}

function modelDomains(
  m: SplitModel,
  deps: Set<number>[],
  group: number[],
  next: number,
  opts: PlanSplitOptions,
  why: Map<number, string[]>,
): { next: number; link: (a: number, b: number) => number } {
  const nodes = domainNodes(m, group);
  const dopts = domainOptions(opts);
  if (opts.modelPerModule) {
    // The project's convention decides: no link between two models outweighs how the team
    // already lays out models of this kind (the links still choose what `--modules N` merges,
    // so the domain cut that reads them runs only when that asks for a link).
    let cut: ReturnType<typeof domainGroups> | undefined;
    const link = (a: number, b: number) => (cut ??= domainGroups(m, nodes, deps, dopts)).link(a, b);
    const reason = `one module per model, as ${opts.modelPerModule}/ keeps its models`;
    // A manager or a column type is no model of its own: it goes with the first model using it.
    const partOf = (i: number) => MANAGER.test(m.statements[i].cls?.name ?? "") || columnType(m, i);
    for (const i of nodes) {
      if (partOf(i)) continue;
      group[i] = next;
      why.set(next++, [reason]);
    }
    for (const i of nodes) {
      if (!partOf(i)) continue;
      const user = nodes.find((u) => u !== i && !partOf(u) && deps[u].has(i));
      if (user !== undefined) group[i] = group[user];
      else {
        group[i] = next;
        why.set(next++, [reason]);
      }
    }
    return { next, link };
  }
  const found = domainGroups(m, nodes, deps, dopts);
  // Runs that would get the same domain name (`symbol` and `symbols`) are one domain written in two
  // places. Under different section comments the author kept them apart, so only a name their own
  // classes carry (`PolicyDescription` and `Policy`) joins them, not one an importer gives
  // (`Record` and `AppDefinition` both used by `apps/`).
  const byName = new Map<string, { at: number; section: number; stems: boolean; named: boolean }[]>();
  const merged: number[][] = [];
  const mergedWhy: string[][] = [];
  found.groups.forEach((c, k) => {
    if (c.length === 0) return;
    const key = found.own[k]
      ? ""
      : (
          domainNames(
            m,
            c.map((i) => m.statements[i]),
            dopts,
          )[0] ?? ""
        ).replace(/s$/, "");
    const section = found.sections[k];
    const stems = c.some((i) => {
      const cls = m.statements[i].cls;
      return !!cls && stemIn(m, cls.name).replace(/s$/, "") === key;
    });
    // In a file written one model per module, a shared word (`CustomUser`, `UsersLog`) is no
    // domain: only a run holding the model of that very name (`Category`) takes the others in.
    const named = c.some((i) => {
      const cls = m.statements[i].cls;
      return !!cls && snakeCase(bareName(m, cls.name).replace(MANAGER, "")).replace(/s$/, "") === key;
    });
    const runs = key ? (byName.get(key) ?? []) : [];
    const at = runs.find(
      (r) => (r.section === section || (stems && r.stems)) && (!found.perModel || named || r.named),
    )?.at;
    if (at !== undefined) {
      merged[at].push(...c);
      mergedWhy[at].push(`same domain name as another run (${key})`);
      return;
    }
    if (key) byName.set(key, [...runs, { at: merged.length, section, stems, named }]);
    merged.push([...c]);
    mergedWhy.push([...found.why[k]]);
  });
  found.groups = coarsen(
    enclosed(nodes, merged, mergedWhy),
    mergedWhy,
    m.statements.filter((s) => s.cls).length,
    found.link,
    found.ownModule,
  );
  found.why = mergedWhy;
  found.groups.forEach((c, k) => {
    for (const i of c) group[i] = next;
    why.set(next, found.why[k]);
    next++;
  });
  return { next, link: found.link };
}

/**
 * A lone model written between two models of one domain (`Session`, `Invoice`, `Payment` with
 * Session and Payment planned for `payment` by name) is part of that domain: people add a model
 * next to the ones of its domain, and a run that the cut gave one model and then re-joined by name
 * around it is one run. Over the corpus's tuning cases, every planned one-model module sitting
 * between two classes of one planned module was in that module's team module (9 of 9).
 * Empty groups are kept, so the indices of `why` stay aligned.
 */
function enclosed(nodes: number[], groups: number[][], why: string[][]): number[][] {
  const at = new Map<number, number>();
  groups.forEach((g, k) => {
    for (const x of g) at.set(x, k);
  });
  const order = [...nodes].sort((a, b) => a - b);
  const out = groups.map((g) => [...g]);
  order.forEach((x, i) => {
    const k = at.get(x)!;
    if (i === 0 || i + 1 === order.length || out[k].length !== 1) return;
    const around = at.get(order[i - 1])!;
    if (around === k || around !== at.get(order[i + 1])) return;
    out[k] = [];
    out[around].push(x);
    out[around].sort((a, b) => a - b);
    at.set(x, around);
    why[around].push("a lone model written between two of the domain's models");
  });
  return out;
}

/** The one module holding the Django managers and querysets a class body reads at import time, if any. */
function managerGroup(m: SplitModel, s: TopStatement, group: number[]): number | undefined {
  const gs = new Set<number>();
  for (const u of s.uses) {
    const d = m.definer.get(u.name);
    if (u.kind !== "eager" || d === undefined || d === s.index || !MANAGER.test(m.statements[d].cls?.name ?? ""))
      continue;
    if (group[d] >= 0 && group[d] !== BASE) gs.add(group[d]);
  }
  return gs.size === 1 ? [...gs][0] : undefined;
}

/** A class of the file's own that models build on (a mixin, an abstract model), not a declarative base or registry. */
function ownBase(m: SplitModel, s: TopStatement): boolean {
  const c = s.cls!;
  if (s.decorators.some((d) => /(^|\.)as_declarative\b/.test(d))) return false;
  return !c.bases.some((b) => /(^|\.)(DeclarativeBase|DeclarativeBaseNoMeta|AsyncAttrs|MappedAsDataclass)$/.test(b));
}

/** A base class that is itself a model class (not a declarative base, registry or mixin). */
function isAbstractModel(m: SplitModel, s: TopStatement): boolean {
  const c = s.cls;
  if (!c || /Mixin$/.test(c.name) || s.decorators.some((d) => /(^|\.)as_declarative\b/.test(d))) return false;
  if (c.bases.some((b) => /(^|\.)(DeclarativeBase|DeclarativeBaseNoMeta|AsyncAttrs|MappedAsDataclass|object)$/.test(b)))
    return false;
  return c.bases.length > 0;
}

/** Helpers, tables and unused definitions go with their users, else with their dependencies. */
function placeHelpers(m: SplitModel, deps: Set<number>[], users: Set<number>[], group: number[]): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of [...m.statements].reverse()) {
      if (
        group[s.index] !== -1 ||
        m.roles[s.index] === "header" ||
        m.roles[s.index] === "attached" ||
        m.roles[s.index] === "enum"
      )
        continue;
      const byUsers = countGroups([...users[s.index]].map((u) => group[u]));
      const onlyBaseDeps = [...deps[s.index]].every((d) => group[d] === BASE);
      // What the statement reads while the module is imported (`join_model("group_streams", Group,
      // Stream)`) must be imported by whichever module holds it: the one of the last such class
      // already imports the others, any other module would import them all and close a cycle.
      const eager = eagerGroups(m, s, group);
      const depGroups = new Set(
        [...deps[s.index]]
          .filter((d) => m.roles[d] !== "helper")
          .map((d) => group[d])
          .filter((g) => g >= 0 && g !== BASE),
      );
      let g = -1;
      // A listener (`@event.listens_for(SourceNotification, ...)`) that nothing calls goes with what it listens to.
      if (eager.length > 1 || (eager.length === 1 && byUsers.length === 0)) g = groupOfLast(eager, group);
      else if (byUsers.length === 1) g = byUsers[0][0];
      // Used by several modules: with the one module it depends on (its users import it from
      // there, as they already import that module), with the bases when it needs only those or
      // when they use it too (redash's `Column = partial(db.Column, ...)` put with the dashboards
      // made base import them and folded whole domains into base as one cycle).
      else if (byUsers.length > 1)
        g =
          onlyBaseDeps && m.roles[s.index] !== "table"
            ? BASE
            : depGroups.size === 1
              ? [...depGroups][0]
              : // The bases read it at import time too: any module but theirs closes a cycle through them.
                depGroups.size === 0 && byUsers.some(([u]) => u === BASE)
                ? BASE
                : byUsers[0][0];
      else if ([...users[s.index]].every((u) => group[u] !== -1 || m.roles[u] === "attached")) {
        const byDeps = countGroups([...deps[s.index]].map((d) => group[d]));
        g = byDeps.length
          ? lastGroup(
              m,
              byDeps.map((x) => x[0]),
              group,
            )
          : nearestBefore(m, s.index, group);
      }
      if (g !== -1) {
        group[s.index] = g;
        changed = true;
      }
    }
  }
}

function countGroups(gs: number[]): [number, number][] {
  const c = new Map<number, number>();
  for (const g of gs) if (g >= 0) c.set(g, (c.get(g) ?? 0) + 1);
  return [...c].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

/** The group defined last in source order among candidates (the one that can see the others). */
function lastGroup(m: SplitModel, candidates: number[], group: number[]): number {
  let best = candidates[0];
  let bestAt = -1;
  for (const g of candidates) {
    const at = Math.max(...m.statements.filter((s) => group[s.index] === g).map((s) => s.index));
    if (at > bestAt) {
      best = g;
      bestAt = at;
    }
  }
  return best;
}

/**
 * The group of the dependency defined last in source order: the one whose module can see the
 * others. (Not the group with the latest statement of any kind: a group that already received
 * statements from the end of the file would look "last" and pull every later class into a cycle.)
 */
function groupOfLast(dependencies: number[], group: number[]): number {
  return group[Math.max(...dependencies)];
}

/**
 * The models and tables (not the bases, not helpers: those follow their users) a statement reads
 * at import time, one per group: the last one defined of each.
 */
function eagerGroups(m: SplitModel, s: TopStatement, group: number[]): number[] {
  const out = new Set<number>();
  for (const u of s.uses) {
    if (u.kind !== "eager") continue;
    const d = m.definer.get(u.name);
    if (d === undefined || d === s.index || group[d] < 0 || group[d] === BASE) continue;
    if (m.roles[d] === "model" || m.roles[d] === "table") out.add(d);
  }
  const byGroup = new Map<number, number>();
  for (const d of out) byGroup.set(group[d], Math.max(byGroup.get(group[d]) ?? -1, d));
  return [...byGroup.values()];
}

function nearestBefore(m: SplitModel, index: number, group: number[]): number {
  for (let i = index - 1; i >= 0; i--) if (group[i] >= 0) return group[i];
  for (let i = index + 1; i < m.statements.length; i++) if (group[i] >= 0) return group[i];
  return 0;
}

/** Non-definitions go to the group of their dependencies that is defined last (it imports the rest). */
function placeAttached(m: SplitModel, deps: Set<number>[], group: number[]): void {
  for (const s of m.statements) {
    if (group[s.index] !== -1 || m.roles[s.index] !== "attached") continue;
    // A helper follows its users, so what the statement attaches to and the classes and tables it
    // reads decide first (`Source.create = CustomUserAccessControl(source_create_logic)` goes
    // with Source, even when Source is itself a helper's value: `Source = join_model(...)`).
    const placed = [...deps[s.index]].filter((d) => group[d] >= 0);
    const target = m.definer.get(/^([A-Za-z_]\w*)\./.exec(s.label)?.[1] ?? "");
    const definitions = placed.filter((d) => m.roles[d] !== "helper" || d === target);
    group[s.index] = placed.length
      ? groupOfLast(definitions.length ? definitions : placed, group)
      : nearestBefore(m, s.index, group);
  }
  for (const s of m.statements)
    if (group[s.index] === -1 && m.roles[s.index] !== "header") group[s.index] = nearestBefore(m, s.index, group);
}

/**
 * Groups that need each other at runtime become one group (repeat until the module graph is
 * acyclic). The group they join is the cycle's largest (`target`); its `why` keeps every member's.
 */
function mergeCycles(
  m: SplitModel,
  group: number[],
  why: Map<number, string[]>,
  enums: number,
  cross: ReturnType<typeof lastCross>,
): void {
  for (let round = 0; round < 50; round++) {
    const cycle = findCycle(moduleGraph(m, group, cross));
    if (!cycle) return;
    const ids = cycle.map(Number);
    joinGroups(
      group,
      ids,
      target(group, ids, enums),
      why,
      enums,
      "joined with the modules it imports and is imported by (an import cycle)",
    );
  }
}

/** The runtime imports between the groups' modules (unplaced statements are in no module: they take part in no cycle). */
function moduleGraph(m: SplitModel, group: number[], cross = lastCross(m)): Map<string, string[]> {
  const { edges } = cross(group);
  const placed = (g: string) => !g.startsWith("-");
  return new Map([...edges].filter(([k]) => placed(k)).map(([k, v]) => [k, [...v.keys()].filter(placed)]));
}

/**
 * `--explain`'s words for one --modules merge: the proposed modules on each side and what joined
 * them (`joined `billing` and `invoice`: 6 model links, 2 imports`), and the merge passed over.
 */
function tellJoins(
  m: SplitModel,
  proposed: SplitPlan["modules"],
  group: number[],
): (ids: number[], joined: JoinWhy) => string[] {
  const nameOf = new Map(proposed.flatMap((mod) => mod.statements.map((label) => [label, mod.name] as const)));
  const side = (g: number) =>
    [...new Set(m.statements.filter((s) => group[s.index] === g).map((s) => nameOf.get(s.label)))]
      .filter((n) => n !== undefined)
      .map((n) => `\`${n}\``)
      .join(" + ");
  return (ids, joined) => {
    const out = [
      `joined ${side(ids[0])} and ${side(ids[1])}: ${joined.links} model link(s), ${joined.imports} import(s)`,
    ];
    if (joined.passedOver) {
      const [a, b] = joined.passedOver;
      out.push(`passed over joining ${side(a)} and ${side(b)} first: it would close an import cycle`);
    }
    return out;
  };
}

/** The imports between a grouping's modules, the last grouping's read again only when it changed. */
function lastCross(m: SplitModel): (group: number[]) => ReturnType<typeof crossModule> {
  let key = "";
  let last: ReturnType<typeof crossModule> | undefined;
  return (group) => {
    if (!last || group.join() !== key) {
      key = group.join();
      last = crossModule(m, (i) => String(group[i]));
    }
    return last;
  };
}

/** How many names each group's module imports from each other's, keyed `a b` (a < b), both ways counted. */
function references(m: SplitModel, group: number[], cross = lastCross(m)): Map<string, number> {
  const out = new Map<string, number>();
  for (const [from, to] of cross(group).edges)
    for (const [there, uses] of to) {
      const [a, b] = [Number(from), Number(there)].sort((x, y) => x - y);
      out.set(`${a} ${b}`, (out.get(`${a} ${b}`) ?? 0) + uses.length);
    }
  return out;
}

/**
 * The group the others join: the cycle's largest domain (on a tie the earlier one). Not the lowest
 * id: that is `base`, which then named a module of whole domains `base`; nor `base` or `enums` when
 * they are the largest, which would file models under `enums`. A cycle of just those two joins `base`.
 */
function target(group: number[], ids: number[], enums: number): number {
  const domains = ids.filter((g) => g !== BASE && g !== enums);
  if (domains.length === 0) return Math.min(...ids);
  const size = (g: number) => group.filter((x) => x === g).length;
  return domains.reduce((a, b) => (size(b) > size(a) || (size(b) === size(a) && b < a) ? b : a));
}

/** The groups `ids` become `into`, which keeps the reasons of each (`--explain`). */
function joinGroups(
  group: number[],
  ids: number[],
  into: number,
  why: Map<number, string[]>,
  enums: number,
  reason: string,
): void {
  const reasons = (g: number) =>
    g === BASE ? ["shared bases and registries"] : g === enums ? ["enums used by several modules"] : (why.get(g) ?? []);
  if (into !== BASE && into !== enums)
    why.set(into, [...new Set([reason, ...reasons(into), ...ids.filter((g) => g !== into).flatMap(reasons)])]);
  for (let i = 0; i < group.length; i++) if (ids.includes(group[i])) group[i] = into;
}

/** The nodes of one strongly connected component with more than one node, or null. */
export function findCycle(adj: Map<string, string[]>): string[] | null {
  const reach = (from: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length)
      for (const w of adj.get(stack.pop()!) ?? [])
        if (!seen.has(w)) {
          seen.add(w);
          stack.push(w);
        }
    return seen;
  };
  for (const v of [...adj.keys()].sort()) {
    const fromV = reach(v);
    if (!fromV.has(v)) continue;
    return [...fromV].filter((w) => w === v || reach(w).has(v)).sort();
  }
  return null;
}

function nameGroups(m: SplitModel, group: number[], ENUMS: number, opts: PlanSplitOptions): SplitPlan["modules"] {
  const ids = [...new Set(m.statements.filter((s) => group[s.index] >= 0).map((s) => group[s.index]))];
  const defined = new Set(m.definer.keys());
  const order = ids.sort((a, b) =>
    a === BASE ? -1 : b === BASE ? 1 : a === ENUMS ? -1 : b === ENUMS ? 1 : firstOf(group, a) - firstOf(group, b),
  );
  const membersOf = new Map(order.map((g) => [g, m.statements.filter((s) => group[s.index] === g)]));
  // A module of one model claims that model's name first (`agent` for Agent, not for AgentConfig
  // and AgentScript beside it); the modules are still listed in file order.
  const single = (g: number) =>
    g !== BASE && g !== ENUMS && membersOf.get(g)!.filter((s) => m.roles[s.index] === "model").length === 1;
  const naming = [
    ...order.filter((g) => g === BASE || g === ENUMS),
    ...order.filter(single),
    ...order.filter((g) => g !== BASE && g !== ENUMS && !single(g)),
  ];
  const dopts = { importers: opts.importers ?? [], file: opts.file };
  const candidatesOf = new Map(
    naming.map((g) => [g, g === BASE ? ["base"] : g === ENUMS ? ["enums"] : moduleNames(m, membersOf.get(g)!, dopts)]),
  );
  // A keyword cannot be a module name (`import`): the plural is what a person writes (`imports`).
  const usable = (c: string) => (RESERVED.test(c) && !c.endsWith("s") && c !== "__init__" ? `${c}s` : c);
  const fit = (g: number, c: string) =>
    g === BASE || g === ENUMS ? Number.POSITIVE_INFINITY : nameFit(m, membersOf.get(g)!, c, dopts);
  // Each module asks for its preferred name still free; a name two modules ask for goes to the one
  // it fits better (the one whose classes its importer uses most, or whose stems it is), and the
  // other asks for its next name. On a tie the module asking first (file order) keeps it.
  const named = new Map<number, string>();
  const holder = new Map<string, number>();
  const next = new Map<number, number>(naming.map((g) => [g, 0]));
  const queue = [...naming];
  while (queue.length) {
    const g = queue.shift()!;
    const cands = candidatesOf.get(g)!;
    for (let k = next.get(g)!; k < cands.length; k = next.get(g)!) {
      next.set(g, k + 1);
      const c = usable(cands[k]);
      if (defined.has(c) || RESERVED.test(c)) continue;
      const h = holder.get(c);
      if (h !== undefined && fit(g, cands[k]) <= fit(h, cands[k]) + 1e-9) continue;
      if (h !== undefined) {
        named.delete(h);
        queue.push(h);
      }
      holder.set(c, g);
      named.set(g, c);
      break;
    }
  }
  const taken = new Set(named.values());
  for (const g of naming) {
    if (named.has(g)) continue;
    const first = candidatesOf.get(g)![0];
    const stem =
      defined.has(first) || (RESERVED.test(first) && first.endsWith("s")) ? `${first}_module` : usable(first);
    let name = stem;
    for (let k = 2; taken.has(name) || defined.has(name); ) name = `${stem}_${k++}`;
    taken.add(name);
    named.set(g, name);
  }
  return order.map((g) => ({ name: named.get(g)!, statements: membersOf.get(g)!.map((s) => s.label) }));
}

/** Names a new module cannot take: Python keywords, the package's own name, `__init__`. */
const RESERVED =
  /^(and|as|assert|async|await|break|class|continue|def|del|elif|else|except|finally|for|from|global|if|import|in|is|lambda|nonlocal|not|or|pass|raise|return|try|while|with|yield|models|__init__)$/;

function firstOf(group: number[], g: number): number {
  return group.indexOf(g);
}
