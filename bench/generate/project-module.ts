import { bodyLines } from "./project-body.js";
import {
  aliasFor,
  fromSpec,
  ImportScope,
  importableNames,
  isSelfOrAncestor,
  pickSome,
  STDLIB_BINDINGS,
  type Ref,
} from "./project-imports.js";
import type { Export, Mod } from "./project-tree.js";
import type { Random } from "./random.js";

/** Everything a module renderer reads: files in import order and the scopes rendered so far. */
export interface RenderContext {
  rand: Random;
  order: Mod[];
  leaves: Mod[];
  scopes: Map<Mod, ImportScope>;
  top: string;
}

interface LeafState {
  scope: ImportScope;
  lines: string[];
  /** Refs evaluated at import time (safe at module level). */
  eager: Ref[];
  /** Names bound only under `if TYPE_CHECKING:`, usable in annotations. */
  typeOnly: string[];
}

/** Renders a plain module: imports of every kind, constants, classes, functions. */
export function renderLeaf(ctx: RenderContext, mod: Mod): string {
  const { rand } = ctx;
  const st: LeafState = { scope: new ImportScope(ctx.top), lines: [], eager: [], typeOnly: [] };
  ctx.scopes.set(mod, st.scope);
  for (const n of STDLIB_BINDINGS) st.scope.bound.add(n);
  for (const e of mod.exports) st.scope.bound.add(e.name);
  const typeChecking = rand.chance(0.3);
  const future = typeChecking || rand.chance(0.6);
  const head = [`"""Synthetic module ${mod.dotted}."""`, ""];
  if (future) head.push("from __future__ import annotations", "");
  head.push(
    "import logging",
    `from typing import ${typeChecking ? "TYPE_CHECKING, " : ""}Any, Dict, List, Optional`,
    "",
  );
  const firstParty = eagerImports(ctx, mod, st);
  if (firstParty.length > 0) head.push(...firstParty, "");
  if (typeChecking) {
    const tc = typeCheckingImports(ctx, mod, st);
    if (tc.length > 0) head.push("if TYPE_CHECKING:", ...tc.map((l) => `    ${l}`), "");
  }
  if (mod.hasAll) head.push(`__all__ = [${mod.exports.map((e) => `"${e.name}"`).join(", ")}]`, "");
  head.push("logger = logging.getLogger(__name__)");
  st.lines.push(...head);
  renderDefinitions(ctx, mod, st);
  return st.lines.join("\n") + "\n";
}

function eagerImports(ctx: RenderContext, mod: Mod, st: LeafState): string[] {
  const { rand } = ctx;
  const candidates = (): Mod | undefined => {
    const near = rand.chance(0.5) ? [...mod.pkg.modules, ...mod.pkg.subpackages.map((p) => p.init)] : undefined;
    const t = near ? rand.pick(near) : ctx.order[rand.int(0, Math.max(0, mod.rank - 1))];
    if (!t || t.rank >= mod.rank || isSelfOrAncestor(mod, t) || t.exports.length === 0) return undefined;
    return t;
  };
  const out: string[] = [];
  if (mod.rank > 0 && rand.chance(0.04)) {
    const star = candidates();
    if (star && !star.isInit) out.push(...starImport(ctx, mod, star, st));
  }
  for (const target of pickSome(rand, rand.int(2, 6), candidates)) out.push(...eagerImport(ctx, mod, target, st));
  return out;
}

function starImport(ctx: RenderContext, mod: Mod, target: Mod, st: LeafState): string[] {
  const targetScope = ctx.scopes.get(target)!;
  const publicBound = [...targetScope.bound].filter((n) => !n.startsWith("_") && !STDLIB_BINDINGS.has(n));
  const names = target.hasAll
    ? target.exports.map((e) => e.name)
    : [...publicBound, ...target.exports.map((e) => e.name)];
  if (names.some((n) => n !== ctx.top && st.scope.bound.has(n))) return [];
  names.forEach((n) => st.scope.bound.add(n));
  st.eager.push(...target.exports.map((e) => ({ expr: e.name, kind: e.kind })));
  return [`from ${fromSpec(mod, target, ctx.rand.chance(0.3))} import *  # noqa: F403`];
}

function eagerImport(ctx: RenderContext, mod: Mod, target: Mod, st: LeafState): string[] {
  const { rand } = ctx;
  const style = rand.float();
  const scope = st.scope;
  if (style < 0.3 && !target.isInit) {
    // Module object: `import a.b.c as c_mod`, `import a.b.c`, or `from a.b import c`.
    const form = rand.int(0, 2);
    const e = rand.pick(target.exports);
    if (form === 0) {
      const alias = `${target.name}_mod`;
      if (!scope.free(alias)) return [];
      scope.bound.add(alias);
      st.eager.push({ expr: `${alias}.${e.name}`, kind: e.kind });
      return [`import ${target.dotted} as ${alias}`];
    }
    if (form === 1) {
      scope.bound.add(ctx.top);
      st.eager.push({ expr: `${target.dotted}.${e.name}`, kind: e.kind, lazyOnly: true });
      return [`import ${target.dotted}`];
    }
    if (!scope.free(target.name)) return [];
    scope.bound.add(target.name);
    st.eager.push({ expr: `${target.name}.${e.name}`, kind: e.kind });
    return [`from ${fromSpec(mod, target.pkg.init, rand.chance(0.5))} import ${target.name}`];
  }
  const names = pickSome(rand, rand.int(1, 3), () => rand.pick(importableNames(rand, target, ctx.scopes)));
  const aliased = rand.chance(0.12);
  const parts: string[] = [];
  for (const e of names) {
    const bound = aliased ? aliasFor(e) : e.name;
    if (!scope.free(bound)) continue;
    scope.bound.add(bound);
    if (!aliased) scope.fromImported.push(e);
    st.eager.push({ expr: bound, kind: e.kind });
    parts.push(aliased ? `${e.name} as ${bound}` : e.name);
  }
  if (parts.length === 0) return [];
  return [`from ${fromSpec(mod, target, rand.chance(0.4))} import ${parts.join(", ")}`];
}

function typeCheckingImports(ctx: RenderContext, mod: Mod, st: LeafState): string[] {
  const { rand } = ctx;
  const out: string[] = [];
  for (let i = rand.int(1, 3); i > 0; i--) {
    const target = rand.pick(ctx.leaves);
    if (target === mod) continue;
    const e = target.exports.find((x) => x.kind === "class");
    if (!e || !st.scope.free(e.name)) continue;
    st.scope.bound.add(e.name);
    st.typeOnly.push(e.name);
    out.push(`from ${fromSpec(mod, target, rand.chance(0.5))} import ${e.name}`);
  }
  return out;
}

/** A function-local import of any plain module (load order does not matter inside a function). */
function localImport(ctx: RenderContext, mod: Mod, indent: string): { line: string; ref: Ref } | undefined {
  const { rand } = ctx;
  const target = rand.pick(ctx.leaves);
  if (target === mod) return undefined;
  const e = rand.pick(target.exports);
  if (rand.chance(0.25)) {
    return {
      line: `${indent}import ${target.dotted} as _${target.name}`,
      ref: { expr: `_${target.name}.${e.name}`, kind: e.kind },
    };
  }
  return {
    line: `${indent}from ${fromSpec(mod, target, rand.chance(0.5))} import ${e.name}`,
    ref: { expr: e.name, kind: e.kind },
  };
}

function renderDefinitions(ctx: RenderContext, mod: Mod, st: LeafState): void {
  const { rand } = ctx;
  const consts = mod.exports.filter((e) => e.kind === "const");
  const classes = mod.exports.filter((e) => e.kind === "class");
  const funcs = mod.exports.filter((e) => e.kind === "func");
  const eagerConst = st.eager.filter((r) => r.kind === "const" && !r.lazyOnly);
  for (const c of consts) {
    const base = eagerConst.length > 0 && rand.chance(0.4) ? `${rand.pick(eagerConst).expr} + ` : "";
    st.lines.push(`${c.name} = ${base}${rand.int(1, 500)}`);
  }
  const own: Ref[] = consts.map((c) => ({ expr: c.name, kind: "const" }));
  const callables = classes.length * 3 + funcs.length;
  const per = Math.max(
    4,
    Math.floor((mod.targetLines - st.lines.length - classes.length * 12) / Math.max(1, callables)) - 3,
  );
  const annotation = (): string =>
    st.typeOnly.length > 0 && rand.chance(0.5) ? `Optional[${rand.pick(st.typeOnly)}]` : "Optional[Any]";
  for (const cls of classes) {
    const bases = st.eager.filter((r) => r.kind === "class" && !r.lazyOnly);
    const base = bases.length > 0 && rand.chance(0.4) ? `(${rand.pick(bases).expr})` : "";
    st.lines.push("", "", `class ${cls.name}${base}:`, `    """${cls.name}: a synthetic record."""`, "");
    st.lines.push(`    kind = "${cls.name.toLowerCase()}"`, "");
    st.lines.push(
      "    def __init__(self, name: str, value: int = 0) -> None:",
      "        self.name = name",
      "        self.value = value",
      "",
    );
    st.lines.push(
      "    def describe(self) -> Dict[str, Any]:",
      '        return {"name": self.name, "value": self.value}',
    );
    for (let m = 0; m < 2; m++) {
      st.lines.push(
        "",
        `    def ${rand.pick(METHOD_VERBS)}_${m}(self, value: int, other: ${annotation()} = None) -> Dict[str, Any]:`,
      );
      st.lines.push(...bodyLines(rand, [...st.eager, ...own], per, "        ", true));
    }
    own.push({ expr: cls.name, kind: "class" });
  }
  for (const fn of funcs) {
    st.lines.push("", "", `def ${fn.name}(value: int, record: ${annotation()} = None) -> Dict[str, Any]:`);
    const refs = [...st.eager, ...own];
    const local = rand.chance(0.2) ? localImport(ctx, mod, "    ") : undefined;
    if (local) {
      st.lines.push(local.line);
      refs.push(local.ref);
    }
    st.lines.push(...bodyLines(rand, refs, per, "    ", false));
    own.push({ expr: fn.name, kind: "func" });
  }
}

const METHOD_VERBS = ["apply", "merge", "refresh", "score", "render", "validate", "sync", "export"];

/** Renders a package `__init__`: re-exports from some children (chains through sub-packages). */
export function renderInit(ctx: RenderContext, mod: Mod): string {
  const { rand } = ctx;
  const scope = new ImportScope(ctx.top);
  ctx.scopes.set(mod, scope);
  const lines = [`"""Synthetic package ${mod.dotted}."""`];
  const children = [...mod.pkg.modules, ...mod.pkg.subpackages.map((p) => p.init)].filter((c) => c.exports.length > 0);
  if (children.length === 0 || !rand.chance(0.6)) return lines.join("\n") + "\n";
  lines.push("");
  const exported: Export[] = [];
  // Sub-packages first when they export something: that makes re-export chains.
  const subs = children.filter((c) => c.isInit);
  const pickChild = (): Mod => (subs.length > 0 && rand.chance(0.5) ? rand.pick(subs) : rand.pick(children));
  for (const child of pickSome(rand, rand.int(1, 3), pickChild)) {
    const names = child.exports.filter((e) => scope.free(e.name)).slice(0, rand.int(1, 4));
    if (names.length === 0) continue;
    names.forEach((e) => scope.bound.add(e.name));
    exported.push(...names);
    const spec = rand.chance(0.7) ? `.${child.isInit ? child.pkg.name : child.name}` : child.dotted;
    lines.push(`from ${spec} import ${names.map((e) => e.name).join(", ")}`);
  }
  mod.exports = exported;
  if (exported.length > 0 && rand.chance(0.2)) {
    mod.hasAll = true;
    lines.push("", `__all__ = [${exported.map((e) => `"${e.name}"`).join(", ")}]`);
  }
  return lines.join("\n") + "\n";
}
