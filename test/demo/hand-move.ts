import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** How much of seed 000's recipe a hand-made move applies. */
export interface HandMoveOptions {
  /** Names `models/NAME/__init__.py` re-exports (and lists in its `__all__`). */
  exports: string[];
  /** Rewrite `"kestrel.models.NAME.x"` strings (patch targets, relationship paths) to `.row.x`. */
  rewriteStrings: boolean;
}

/**
 * Moves `src/kestrel/models/NAME.py` to `NAME/row.py` the way a careful person would by hand:
 * every relative import (function-local, TYPE_CHECKING and commented-out ones too) gets one more
 * dot, and a re-exporting `__init__.py` is written. This is a test oracle for the example only
 * (it proves the example's tests tell a complete move from an incomplete one), not Remodel's mover.
 */
export function handMove(root: string, name: string, opts: HandMoveOptions): void {
  const models = join(root, "src", "kestrel", "models");
  const text = readFileSync(join(models, `${name}.py`), "utf8");
  const rebased = text.replace(/^(\s*(?:#\s*)?from )(\.+)/gm, (_m, head: string, dots: string) => `${head}.${dots}`);
  mkdirSync(join(models, name));
  writeFileSync(join(models, name, "row.py"), rebased);
  renameSync(join(models, `${name}.py`), join(root, `${name}.py.orig`));
  const names = opts.exports.map((n) => `    ${n},\n`).join("");
  const all = opts.exports.map((n) => `    "${n}",\n`).join("");
  writeFileSync(join(models, name, "__init__.py"), `from .row import (\n${names})\n\n__all__ = (\n${all})\n`);
  if (opts.rewriteStrings) rewriteStrings(root, `kestrel.models.${name}.`, `kestrel.models.${name}.row.`);
}

function rewriteStrings(root: string, from: string, to: string): void {
  for (const file of pythonFiles(root)) {
    const text = readFileSync(file, "utf8");
    const next = text.split(`"${from}`).join(`"${to}`);
    if (next !== text) writeFileSync(file, next);
  }
}

/** Every .py file under root (sorted), skipping caches. */
export function pythonFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "__pycache__") continue;
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(".py")) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

/** The names in a module's literal `__all__` tuple or list. */
export function literalAll(text: string): string[] | undefined {
  const m = /^__all__\s*=\s*[([]([^)\]]*)[)\]]/m.exec(text);
  if (!m) return undefined;
  return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
}
