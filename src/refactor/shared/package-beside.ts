/**
 * Why `pkg.py` cannot become the package `pkg/` when a folder `pkg/` already stands beside it.
 * With an `__init__.py` there, CPython imports the package, never `pkg.py` (shadowed: every
 * `import pkg` already gets `pkg/__init__.py`); without one it is a namespace folder that
 * `pkg.py` wins over now and that the new package would swallow. Either way it is for the user
 * to merge or move first. null: no such folder.
 */
export function packageBeside(pkgDir: string, file: string, exists: (path: string) => boolean): string | null {
  if (!exists(pkgDir)) return null;
  return exists(`${pkgDir}/__init__.py`)
    ? `${pkgDir}/ already exists beside ${file}, and Python imports that package, not ${file} (shadowed: its importers get ${pkgDir}/__init__.py); merge the two by hand first`
    : `${pkgDir}/ already exists beside ${file} (a folder without __init__.py); move or rename it first`;
}
