/** Whole-tree helpers for fixture tests: copy, read as a map, compare. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const SKIP = new Set([".remodel_cache", "__pycache__", ".git"]);

export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (SKIP.has(name)) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p).split("\\").join("/"), readFileSync(p, "latin1"));
    }
  };
  walk(dir);
  return out;
}

export function copyToTemp(dir: string, prefix = "remodel-test-"): string {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  cpSync(dir, tmp, { recursive: true });
  return tmp;
}

export const repoRoot = new URL("../../..", import.meta.url).pathname;
export const fixtures = (kind: string) => join(repoRoot, "test", "fixtures", kind);

/** Python modules of a tree under a source root, as dotted names. */
/** Dotted names of the Python modules under `root` ("" for the tree's own root). */
export function pythonModules(tree: Map<string, string>, root: string): string[] {
  const prefix = root === "" ? "" : root + "/";
  return [...tree.keys()]
    .filter((p) => p.startsWith(prefix) && p.endsWith(".py"))
    .map((p) =>
      p
        .slice(prefix.length, -3)
        .replace(/(^|\/)__init__$/, "")
        .split("/")
        .join("."),
    )
    .filter((m) => m !== "");
}
