import type { ProjectIndex } from "../../src/project/types.js";
import type { ImportDiagnostic } from "./pyright.js";

/**
 * pyright diagnostics about first-party modules that are not first-party import errors, each
 * kind with the reason it is not counted (issue 13's classification of pyright-only findings).
 * A kind is decided from pyright's own output and the files as written, never from what
 * Remodel reports, so the harness does not grade Remodel against itself.
 */
export interface NotCounted {
  name: string;
  /** Why such a diagnostic is not a first-party import error. */
  reason: string;
  applies(d: ImportDiagnostic, context: PyrightRun): boolean;
}

export interface PyrightRun {
  index: ProjectIndex;
  /** Lines (1-based) of every import diagnostic pyright gave, third-party ones included, by file. */
  lines: ReadonlyMap<string, ReadonlySet<number>>;
}

export const notCounted: readonly NotCounted[] = [
  {
    name: "file under a dot-folder",
    reason:
      "a file under a folder whose name starts with a dot (`.semgrep/` rule examples, `.github/` scripts) is no module of the project: no import can reach it, and Remodel does not walk it; pyright checks it even with `**/.*` excluded",
    applies: (d) => /(^|\/)\.[^/]/.test(d.path),
  },
  {
    name: "submodule loaded elsewhere",
    reason:
      "`import pkg` then `pkg.sub.x` where `pkg.sub` exists and another module loaded it: pyright judges the file alone, at run time the attribute is bound",
    applies: (d, { index }) =>
      /is not a known attribute of module/.test(d.message) && index.modules.has(`${d.module}.${d.subject}`),
  },
  {
    name: "bound by an unresolved import",
    reason:
      "the name is bound in the first-party module by an import pyright could not follow (a third-party package not installed, or a first-party import it reports there): pyright repeats that one problem at every importer; the problem itself is reported, and counted if first-party, at the binding import",
    applies: (d, run) =>
      /is unknown import symbol/.test(d.message) && boundByUnresolvedImport(run, d.module, d.subject),
  },
  {
    name: "__all__ names a submodule",
    reason:
      "`__all__` lists a submodule the package does not import: `from pkg import *` imports it (CPython's import of a star fromlist loads every submodule `__all__` names), pyright reports it absent",
    applies: (d, { index }) =>
      /is specified in __all__/.test(d.message) && index.modules.has(`${d.module}.${d.subject}`),
  },
  {
    name: "portion of an extended package",
    reason:
      "a module under a package whose `__init__` assigns `__path__` (`extend_path`): CPython looks for it in every folder of that name on sys.path, so another distribution provides it (polar's server and its declared polar-sdk share `polar`); the tree alone cannot say it is missing",
    applies: (d, { index }) =>
      /could not be resolved|is unknown import symbol|is not a known attribute/.test(d.message) &&
      underExtendedPackage(index, d.module),
  },
  {
    name: "portion of a top-level namespace package",
    reason:
      "a module missing under a top-level folder without `__init__.py` (`opentelemetry/`): a PEP 420 namespace package, to which every distribution on sys.path may add portions (opentelemetry-python-contrib's `opentelemetry.instrumentation.flask`, imported by the docs' examples); the tree alone cannot say it is missing",
    applies: (d, { index }) => /could not be resolved/.test(d.message) && underTopNamespace(index, d.module),
  },
  {
    name: "a name several source roots give",
    reason:
      "the importing file's own source root gives the module (each sub-project's `tests/__init__.py`) and binds the name there: CPython puts that root first on sys.path (the script's folder, pytest's rootdir of a test package), pyright resolves the name through its extraPaths in order and finds another root's module first",
    applies: (d, { index }) => /is unknown import symbol/.test(d.message) && boundInOwnRoot(index, d),
  },
  {
    name: "string annotation",
    reason:
      'the dotted name is inside a string annotation (`Iterable["pkg.mod.Name"]`): nothing reads it when the module is imported or the function called; CPython evaluates it only if `typing.get_type_hints` is asked (then it raises AttributeError). A latent error of the project, but no import and no attribute read, so not one RM001-RM004 can confirm (opentelemetry-python\'s measurement_consumer.py names `opentelemetry.sdk.metrics.MetricReader`, which lives in `.export`)',
    applies: (d, { index }) => /is not a known attribute of module/.test(d.message) && inStringAnnotation(index, d),
  },
  {
    name: "assignment to a module attribute",
    reason:
      "the attribute is the target of a plain assignment (`metrics._METER_PROVIDER = None` in a test resetting a global): setting an attribute on a module creates it, CPython's module `__setattr__` never fails, so nothing is read and nothing can raise; pyright reports it as an unknown attribute (opentelemetry-python's test_meter_provider.py)",
    applies: (d, { index }) => /is not a known attribute of module/.test(d.message) && assignedOnLine(index, d),
  },
  {
    name: "optional import",
    reason:
      "an import inside `try:` whose handler catches ImportError/ModuleNotFoundError (a local settings override, an optional backend): CPython runs the handler, pyright reports the import anyway",
    applies: (d, { index }) =>
      index.files
        .get(d.path)
        ?.facts.imports.some((f) => f.context.tryImportError && spans(index.readText(d.path), f, d.line)) ?? false,
  },
];

/** The nearest existing package above `module` (or `module` itself when absent) assigns `__path__`. */
function underExtendedPackage(index: ProjectIndex, module: string): boolean {
  const parts = module.split(".");
  for (let n = parts.length; n > 0; n--) {
    const info = index.modules.get(parts.slice(0, n).join("."));
    if (!info) continue;
    if (n === parts.length) return false;
    return info.file?.isPackage === true && info.file.facts.bindings.some((b) => b.name === "__path__");
  }
  return false;
}

/** The nearest existing module above `module` is a top-level namespace package (a folder without `__init__`). */
function underTopNamespace(index: ProjectIndex, module: string): boolean {
  const parts = module.split(".");
  for (let n = parts.length; n > 0; n--) {
    const info = index.modules.get(parts.slice(0, n).join("."));
    if (info) return n === 1 && n < parts.length && info.file === null;
  }
  return false;
}

/**
 * Another source root gives the same top-level name as the importing file's root, and the file of
 * `d.module` in the importing file's own root binds `d.subject` at module level (read from that
 * file's facts, not from what the index's module map picked).
 */
function boundInOwnRoot(index: ProjectIndex, d: ImportDiagnostic): boolean {
  const importer = index.files.get(d.path);
  if (!importer) return false;
  const top = d.module.split(".")[0];
  const roots = new Set<string>();
  for (const f of index.files.values()) if (f.module === top && !f.isStub) roots.add(f.sourceRoot);
  if (roots.size < 2 || !roots.has(importer.sourceRoot)) return false;
  const base = (importer.sourceRoot ? `${importer.sourceRoot}/` : "") + d.module.split(".").join("/");
  const own = index.files.get(`${base}/__init__.py`) ?? index.files.get(`${base}.py`);
  return own?.facts.bindings.some((b) => b.name === d.subject) ?? false;
}

/** On the diagnostic's line, `subject` ends a dotted chain written inside a quoted annotation (after `:`, `->` or `[`). */
function inStringAnnotation(index: ProjectIndex, d: ImportDiagnostic): boolean {
  const text = index.readText(d.path).split("\n")[d.line - 1] ?? "";
  return new RegExp(`(:|->|\\[|,)\\s*["'][\\w.]*\\.${d.subject}\\b[\\w.\\[\\], ]*["']`).test(text);
}

/** On the diagnostic's line, a dotted chain ending in `subject` is assigned with `=` (not `+=`, not `==`). */
function assignedOnLine(index: ProjectIndex, d: ImportDiagnostic): boolean {
  const text = index.readText(d.path).split("\n")[d.line - 1] ?? "";
  return new RegExp(`(^|[^\\w.])[A-Za-z_][\\w.]*\\.${d.subject}\\s*(:[^=]*)?=(?!=)`).test(text);
}

/** The statement `fact` covers `line` (1-based). */
function spans(text: string, fact: { line: number; start: number; end: number }, line: number): boolean {
  return line >= fact.line && line <= fact.line + countNewlines(text, fact.start, fact.end);
}

/** `module` binds `name` with an import statement on which pyright reports an import problem. */
function boundByUnresolvedImport({ index, lines }: PyrightRun, module: string, name: string): boolean {
  const file = index.modules.get(module)?.file;
  if (!file) return false;
  const reported = lines.get(file.path);
  if (!reported) return false;
  const text = index.readText(file.path);
  for (const fact of file.facts.imports) {
    const binds =
      fact.star ||
      fact.names.some((n) => (n.alias ?? (fact.kind === "import" ? n.name.split(".")[0] : n.name)) === name);
    if (!binds) continue;
    for (const l of reported) if (spans(text, fact, l)) return true;
  }
  return false;
}

function countNewlines(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
