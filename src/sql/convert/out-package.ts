/**
 * The --out package of `sql convert`: where the new module and its test go, checked before
 * anything is read or written, and kept out of the project scan (what an earlier run wrote there
 * is Remodel's output, not the project's raw SQL or models).
 */
import { existsSync } from "node:fs";
import { basename, dirname, relative, sep } from "node:path";
import { RemodelError } from "../../core/errors.js";
import { isInside } from "../../core/transaction/confine.js";

/**
 * Refuses an --out that would overwrite or mix with the converted code: its own folder, a folder
 * holding it, a package named like the old module (one would shadow the other on sys.path), or a
 * package beside a module of the same name. `shownOut` is the argument as the user wrote it.
 */
export function checkOutPackage(file: string, outDir: string, shownOut: string): void {
  const oldDir = dirname(file);
  const oldModule = basename(file).replace(/\.py$/, "");
  const pkg = basename(outDir);
  const why =
    outDir === oldDir
      ? `it is the folder of ${basename(file)} (the new module would overwrite the old one)`
      : isInside(outDir, file)
        ? `it holds ${relative(outDir, file).split(sep).join("/")} (the new module would be written among the code it converts)`
        : !/^[A-Za-z_]\w*$/.test(pkg)
          ? `'${pkg}' is not a Python package name (the new module is imported as ${pkg}.${oldModule})`
          : pkg === oldModule
            ? `a package '${pkg}' would shadow the old module ${basename(file)} it is proven against`
            : existsSync(`${outDir}.py`)
              ? `a package '${pkg}' would shadow ${basename(outDir)}.py beside it`
              : undefined;
  if (why) throw new RemodelError(`--out ${shownOut}: ${why}; give a new package, e.g. --out sa_${oldModule}`);
}

/** Whether a project-relative path (as the loader gives it) lies under the --out folder. */
export function underOut(projectRoot: string, outDir: string): (path: string) => boolean {
  const rel = relative(projectRoot, outDir).split(sep).join("/");
  if (rel.startsWith("..")) return () => false;
  return (path) => path.startsWith(`${rel}/`);
}
