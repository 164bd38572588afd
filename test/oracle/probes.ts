/**
 * Probe lines for the CPython import oracle: one import (plus, for attribute probes, one attribute
 * read) per line, aimed at modules and names that exist and that do not. The harness runs each
 * line on its own in a fresh interpreter state; Remodel's verdict for the line is whether
 * `remodel check` reports RM001/RM002/RM003 on it. Aliases are unique per project so that every
 * attribute read has exactly one binding.
 */
import { MODULE_WORDS, VALUE_WORDS, packageOf, type Mod, type Rng } from "./generate-project.js";

const DUNDERS = ["__name__", "__file__", "__path__", "__all__", "__doc__", "__spec__"];

export function probeLines(rng: Rng, probe: Mod, modules: Map<string, Mod>, nextAlias: () => number): string[] {
  const targets = [...modules.values()].filter((m) => !m.probe);
  const lines: string[] = [];
  for (let i = probe.kind === "package" ? 1 : rng.range(8, 16); i > 0; i--)
    lines.push(oneProbe(rng, probe, targets, modules, nextAlias));
  return lines;
}

/** A module name near the real ones: the name itself, a child that may not exist, or one wrong part. */
function mutate(rng: Rng, name: string): string {
  const roll = rng.next();
  if (roll < 0.65) return name;
  if (roll < 0.85) return `${name}.${rng.pick([...MODULE_WORDS, "nope"])}`;
  const parts = name.split(".");
  parts[rng.int(parts.length)] = rng.pick([...MODULE_WORDS, "nope"]);
  return parts.join(".");
}

/** A name to import from (or read on) module `name`: one it binds, a submodule, a common word, a dunder, or nonsense. */
function pickName(rng: Rng, name: string, modules: Map<string, Mod>): string {
  const t = modules.get(name);
  const roll = rng.next();
  if (t && roll < 0.45 && t.safe.size) return rng.pick([...t.safe]);
  if (t && roll < 0.65 && t.children.size)
    return rng.pick([...t.children.keys()].filter((k) => !k.startsWith("probe_")).concat("nope"));
  if (roll < 0.9) return rng.pick([...VALUE_WORDS, ...MODULE_WORDS]);
  // A module `__getattr__` answers any name for Remodel; the generated ones refuse dunders
  // (the import system probes `__path__` and `__all__` through them).
  if (roll < 0.95 && !t?.getattr) return rng.pick(DUNDERS);
  return "Missing";
}

function oneProbe(rng: Rng, probe: Mod, targets: Mod[], modules: Map<string, Mod>, nextAlias: () => number): string {
  const target = mutate(rng, rng.pick(targets).name);
  const name = () => pickName(rng, target, modules);
  switch (rng.int(10)) {
    case 0:
      return `import ${target}`;
    case 1:
      return `import ${target} as m_${nextAlias()}`;
    case 2: {
      const names = [name()];
      if (rng.chance(0.3)) names.push(name());
      return `from ${target} import ${[...new Set(names)].join(", ")}`;
    }
    case 3:
      return `from ${target} import *`;
    case 4: {
      const a = `m_${nextAlias()}`;
      return `import ${target} as ${a}; ${a}.${name()}`;
    }
    case 5: {
      const dot = target.lastIndexOf(".");
      if (dot < 0) return `import ${target}`;
      const a = `s_${nextAlias()}`;
      const last = target.slice(dot + 1);
      return `from ${target.slice(0, dot)} import ${last} as ${a}; ${a}.${pickName(rng, target, modules)}`;
    }
    case 6:
      return `import ${target}; ${target}.${name()}`;
    case 7:
      return `from ${target} import ${name()} as al_${nextAlias()}`;
    default:
      return relativeProbe(rng, probe, targets, modules, nextAlias);
  }
}

/** `from ..x import y` at a random level, sometimes beyond the top-level package. */
function relativeProbe(
  rng: Rng,
  probe: Mod,
  targets: Mod[],
  modules: Map<string, Mod>,
  nextAlias: () => number,
): string {
  const pkg = packageOf(probe);
  const level = rng.range(1, pkg.length + 2);
  const base = level - 1 <= pkg.length ? pkg.slice(0, pkg.length - (level - 1)).join(".") : null;
  const under = base === null ? [] : targets.filter((t) => base === "" || t.name.startsWith(base + "."));
  let rest = "";
  if (under.length && rng.chance(0.7)) rest = mutate(rng, rng.pick(under).name).slice(base ? base.length + 1 : 0);
  else if (rng.chance(0.3)) rest = rng.pick(MODULE_WORDS);
  const absolute = base === null ? "" : [base, rest].filter(Boolean).join(".");
  const n = pickName(rng, absolute, modules);
  const dots = ".".repeat(level);
  const roll = rng.next();
  if (roll < 0.15) return `from ${dots}${rest} import *`;
  if (roll < 0.35) {
    const a = `r_${nextAlias()}`;
    return `from ${dots}${rest} import ${n} as ${a}; ${a}.${pickName(rng, `${absolute}.${n}`, modules)}`;
  }
  return `from ${dots}${rest} import ${n}`;
}
