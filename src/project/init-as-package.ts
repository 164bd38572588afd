/**
 * `pkg.__init__` of a regular package is that package's `__init__.py` loaded a second time under
 * that name (CPython finds the submodule `__init__` in the package's folder), so it provides what
 * the package binds: `from letta.__init__ import __version__` resolves, and after `import
 * pkg.__init__` so does `pkg.__init__.__version__`. Asked by the import and attribute checks.
 */
import type { Resolver } from "./resolver.js";

/** The package `name` stands for when it is `pkg.__init__` of a regular package; `name` otherwise. */
export function initAsPackage(resolver: Resolver, name: string): string {
  if (!name.endsWith(".__init__")) return name;
  const pkg = name.slice(0, -".__init__".length);
  const file = resolver.module(pkg)?.file;
  return file?.isPackage && !file.isStub ? pkg : name;
}
