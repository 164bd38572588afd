/**
 * `move SRC DEST` behind the Refactoring contract: decides what kind of move the destination asks
 * for (into the module's own new package, or anywhere else), and whether it is already done.
 */
import type { ExportMode } from "../shared/exports.js";
import { planMoveToPackage } from "../package/move-to-package.js";
import type { Refactoring } from "../refactoring.js";
import { planMoveModule } from "./move-module.js";

export interface MoveOptions {
  /** Project-relative paths: a module file, a package directory or its `__init__.py`. */
  src: string;
  dest: string;
  exports: ExportMode;
  keepFacade: boolean;
  exists(path: string): boolean;
}

export interface MoveDetails {
  /** `to-package`: pkg/x.py → pkg/x/row.py with a re-exporting `__init__.py`; `elsewhere`: any other name. */
  shape: "to-package" | "elsewhere";
  /** The moved module's dotted name before the move. */
  module: string;
  dest: string;
  /** The names the new `__init__.py` re-exports (to-package only). */
  exports?: string[];
}

export const move: Refactoring<MoveOptions, MoveDetails> = {
  id: "move",
  summary: "move a module into a package (models/user.py -> models/user/row.py) or to another name",
  plan(resolver, opts) {
    const files = resolver.index.files;
    const isPackageArg = opts.src.endsWith("/__init__.py") || files.has(`${opts.src}/__init__.py`);
    const src = isPackageArg ? opts.src.replace(/\/__init__\.py$/, "") : opts.src;
    const dest = opts.dest;
    const pkgDir = src.replace(/\.py$/, "");
    const destFile = files.get(dest) ?? files.get(`${dest.replace(/\.py$/, "")}/__init__.py`);
    const srcFile = files.get(src);
    if (destFile) {
      const converted = isPackageArg && dest.startsWith(src + "/");
      const facade =
        srcFile &&
        srcFile.facts.imports.length > 0 &&
        srcFile.facts.imports.every((i) => i.kind === "from" && i.level === 0 && i.module === destFile.module);
      if (converted || facade || (!srcFile && !isPackageArg))
        return {
          kind: "skipped",
          reason: `${src} is already moved to ${dest}${facade ? " (a facade re-exports it)" : ""}`,
        };
      return { kind: "failed", reason: `${dest} already exists` };
    }
    if (!srcFile && !isPackageArg) return { kind: "failed", reason: `${src} is not a Python file of the project` };
    const module = srcFile?.module ?? files.get(`${src}/__init__.py`)?.module ?? src;
    const m = isPackageArg ? null : new RegExp(`^${escapeRegex(pkgDir)}/([A-Za-z_]\\w*)\\.py$`).exec(dest);
    if (!m) {
      const r = planMoveModule(resolver, src, dest, { keepFacade: opts.keepFacade, exists: opts.exists });
      return r.kind === "planned" ? { ...r, shape: "elsewhere", module } : r;
    }
    const r = planMoveToPackage(resolver, src, { submodule: m[1], exports: opts.exports, exists: opts.exists });
    return r.kind === "planned" ? { ...r, shape: "to-package", module } : r;
  },
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
