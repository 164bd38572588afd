/** The re-exporting `__init__.py` of a module turned into a package. */
import { fromImport, reExportLines } from "../../python/import-text.js";

/**
 * `from .row import (...)` and a literal `__all__` listing the same names, so that pyright, mypy
 * and ruff see explicit re-exports and `*pkg.__all__` spreads keep working. With no name to
 * export, the submodule is still imported: its import may register models (pitfall 11).
 */
export function renderInit(submodule: string, names: string[], eol = "\n"): string {
  if (names.length === 0) return `${fromImport(".", [submodule])}  # noqa: F401  (imported for its side effects)${eol}`;
  return reExportLines(`.${submodule}`, names).join(eol);
}
