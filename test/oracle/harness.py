"""CPython as the oracle for Remodel's import resolver.

Reads a JSON list of generated projects on stdin. For each project: imports every library module
on its own in a fresh state (all must succeed), then runs every probe line on its own, in a fresh
state, inside its probe module's namespace (so relative imports see the right package), and
records whether it raised. Prints one JSON object per project on stdout.

A fresh state means every module the project loaded is dropped from sys.modules, so a result never
depends on what an earlier line happened to import (pitfall 9).
"""
import ast
import importlib
import importlib.util
import json
import os
import sys


def run_project(project, baseline):
    def reset():
        for name in list(sys.modules):
            if name not in baseline:
                del sys.modules[name]

    sys.path[:0] = project["sysPath"]
    importlib.invalidate_caches()
    out = {"library": {}, "probes": {}}
    try:
        # Deepest-ranked first, all in one state: the probes import them fresh again many times.
        reset()
        for module in reversed(project["library"]):
            try:
                importlib.import_module(module)
                out["library"][module] = None
            except Exception as e:  # a generator bug: reported by the test
                out["library"][module] = f"{type(e).__name__}: {e}"
        for probe in project["probes"]:
            out["probes"][probe["path"]] = run_probe(probe, reset, baseline)
    finally:
        reset()
        del sys.path[: len(project["sysPath"])]
        sys.path_importer_cache.clear()
    return out


def run_probe(probe, reset, baseline):
    with open(probe["abspath"], encoding="utf-8") as f:
        source = f.read()
    by_line = {}
    for stmt in ast.parse(source).body:
        by_line.setdefault(stmt.lineno, []).append(stmt)
    results = {}
    name = probe["module"]
    parent = name.rpartition(".")[0]
    reset()
    try:
        if parent:
            importlib.import_module(parent)
    except Exception as e:
        return {line: f"UNEXPECTED parent {type(e).__name__}: {e}" for line in by_line}
    state = snapshot(baseline)
    for line, stmts in by_line.items():
        restore(state, baseline)
        try:
            locations = [os.path.dirname(probe["abspath"])] if probe["isPackage"] else None
            spec = importlib.util.spec_from_file_location(name, probe["abspath"], submodule_search_locations=locations)
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            code = compile(ast.Module(body=stmts, type_ignores=[]), probe["abspath"], "exec")
            exec(code, module.__dict__)
            results[line] = None
        except (ImportError, AttributeError) as e:
            results[line] = f"{type(e).__name__}: {e}"
        except Exception as e:
            results[line] = f"UNEXPECTED {type(e).__name__}: {e}"
    return results


def snapshot(baseline):
    """The project's modules and a copy of each namespace: restoring it equals importing afresh."""
    return {name: (m, dict(m.__dict__)) for name, m in sys.modules.items() if name not in baseline}


def restore(state, baseline):
    for name in list(sys.modules):
        if name not in baseline and name not in state:
            del sys.modules[name]
    for name, (module, namespace) in state.items():
        sys.modules[name] = module
        module.__dict__.clear()
        module.__dict__.update(namespace)


def main():
    projects = json.load(sys.stdin)
    baseline = set(sys.modules)
    for project in projects:
        print(json.dumps(run_project(project, baseline)), flush=True)


main()
