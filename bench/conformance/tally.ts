import { LAZY_MODULE } from "./rope.js";

/** What each conformance probe proves (test/conformance/cases.ts), by function name. */
const PROBES: Record<string, string> = {
  probe_module_level: "module-level import",
  probe_try_except: "try/except ImportError import",
  probe_class_body: "class-body import",
  probe_function_local: "function-local import",
  probe_lazy: "lazy import",
  probe_star: "star import (__all__)",
  probe_mappers: 'SQLAlchemy "app.models.user.User" path',
  probe_django_strings: 'Django "app.Model" / apps.get_model',
  test_mock_patch: "mock.patch string",
  test_patch_object: "mock.patch.object(module, ...)",
  test_monkeypatch_string: "monkeypatch.setattr string",
  test_monkeypatch_object: "monkeypatch.setattr(module, ...)",
  test_mocker_patch: "mocker.patch string",
  test_import_module: "importlib.import_module string",
  test_tortoise_modules: "Tortoise module list",
};

/**
 * The kind of one CPython judge error (conformance.py's `import M: ...`, `M.probe: ...` and
 * `M: commented-out ...` lines): the string kind or import context it proves.
 */
export function probeKind(error: string): string {
  const imp = /^import (\S+): /.exec(error);
  if (imp) {
    if (imp[1] === LAZY_MODULE) return "lazy import";
    // The importers keep their names in every case; any other module is the moved one or the package it left.
    return /^(app\.services|tests)\b/.test(imp[1])
      ? `import of ${imp[1]}`
      : "import of the moved modules or their package";
  }
  if (/^\S+: commented-out /.test(error)) return "commented-out import";
  const probe = /^\S+\.(\w+): /.exec(error);
  if (probe) return PROBES[probe[1]] ?? probe[1];
  return error;
}

/** The kind of one added pyright diagnostic (`path: message`): the file it is in. */
export function pyrightKind(diagnostic: string): string {
  return `pyright in ${diagnostic.split(": ")[0].replace(/^src\//, "")}`;
}

/** Cases by kind of failure, most frequent first: each kind counted once per case. */
export function tally(
  outcomes: readonly { failed: string | null; cpython: readonly string[]; pyright: readonly string[] }[],
): [string, number][] {
  const counts = new Map<string, number>();
  for (const o of outcomes) {
    const kinds = new Set(
      o.failed !== null
        ? [`move failed: ${o.failed.slice(0, 80)}`]
        : [...o.cpython.map(probeKind), ...o.pyright.map(pyrightKind)],
    );
    for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
