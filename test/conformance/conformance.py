"""CPython as the judge of a conformance case (Debian's python3: SQLAlchemy 1.4, Django 3.2).

Reads a JSON list of {"root", "srcRoot", "django"} on stdin. For each project: imports every
module (a file with PEP 810 `lazy` imports, which this interpreter cannot parse, is run with the
`lazy` keyword taken off, so its rewritten import lines are still executed), then calls every
`probe_*` and `test_*` function the project defines, handing `monkeypatch` and `mocker` to the
tests that ask for them. Prints one JSON object per project: {"root", "errors": [...]}.

Between projects every module a project loaded is dropped, and Django's registry of the one app
label the cases use is emptied, so one process judges every case.
"""
import importlib
import importlib.util
import inspect
import json
import os
import re
import sys
import traceback
import types
from unittest import mock

COMMENTED = re.compile(r"^# ((?:from|import) .*?)  # kept for the old loader$", re.M)
LAZY = re.compile(r"^(\s*)lazy\s+(?=import\b|from\b)", re.M)


class MonkeyPatch:
    """pytest's monkeypatch.setattr in both forms, and undo (pytest is not a dependency)."""

    def __init__(self):
        self.undo_list = []

    def setattr(self, target, name, value=None):
        if isinstance(target, str):
            # "pkg.mod.attr": import the longest importable prefix, then walk attributes (as pytest does).
            value = name
            parts = target.split(".")
            name = parts.pop()
            obj = None
            for i in range(len(parts), 0, -1):
                try:
                    obj = importlib.import_module(".".join(parts[:i]))
                except ImportError:
                    continue
                for attr in parts[i:]:
                    obj = getattr(obj, attr)
                break
            if obj is None:
                raise ImportError(f"cannot import any prefix of {target!r}")
            target = obj
        old = getattr(target, name)  # raises like pytest's raising=True
        self.undo_list.append((target, name, old))
        setattr(target, name, value)

    def undo(self):
        for target, name, old in reversed(self.undo_list):
            setattr(target, name, old)


class Mocker:
    """pytest-mock's mocker.patch: a started patcher, stopped after the test."""

    def __init__(self):
        self.started = []

    def patch(self, *args, **kwargs):
        p = mock.patch(*args, **kwargs)
        self.started.append(p)
        return p.start()

    def stopall(self):
        for p in reversed(self.started):
            p.stop()


def module_files(project):
    root = project["root"]
    base = os.path.join(root, project["srcRoot"]) if project["srcRoot"] else root
    out = []
    tops = [(base, base)] + ([(os.path.join(root, "tests"), root)] if base != root else [])
    for top, path_entry in tops:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d not in ("__pycache__", ".remodel_cache"))
            for f in sorted(filenames):
                if not f.endswith(".py"):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, f), path_entry)[:-3].split(os.sep)
                if rel[-1] == "__init__":
                    rel.pop()
                if rel:
                    out.append((".".join(rel), os.path.join(dirpath, f)))
    return base, out


def load(name, path):
    if name in sys.modules:
        return sys.modules[name]
    text = open(path, encoding="utf-8").read()
    if not LAZY.search(text):
        return importlib.import_module(name)
    if "." in name:
        load_parent = name.rsplit(".", 1)[0]
        importlib.import_module(load_parent)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    exec(compile(LAZY.sub(r"\1", text), path, "exec"), module.__dict__)
    return module


def run_project(project, baseline, django_apps):
    errors = []
    base, modules = module_files(project)
    sys.path[:0] = [base, project["root"]]
    importlib.invalidate_caches()
    try:
        loaded = []
        for name, path in modules:
            try:
                loaded.append(load(name, path))
            except Exception:
                errors.append(f"import {name}: {traceback.format_exc(limit=3).strip().splitlines()[-1]}")
        for module in loaded:
            # A commented-out import is kept for someone to bring back: uncommented, it must still import.
            for stmt in COMMENTED.findall(open(module.__file__, encoding="utf-8").read()):
                try:
                    exec(stmt, dict(vars(module)))
                except Exception as e:
                    errors.append(f"{module.__name__}: commented-out {stmt!r}: {type(e).__name__}: {e}")
            for fname, fn in sorted(vars(module).items()):
                if not (fname.startswith("probe_") or fname.startswith("test_")) or not inspect.isfunction(fn) or fn.__module__ != module.__name__:
                    continue
                mp, mk = MonkeyPatch(), Mocker()
                kwargs = {p: {"monkeypatch": mp, "mocker": mk}[p] for p in inspect.signature(fn).parameters}
                try:
                    fn(**kwargs)
                except Exception as e:
                    errors.append(f"{module.__name__}.{fname}: {type(e).__name__}: {e}")
                finally:
                    mk.stopall()
                    mp.undo()
    finally:
        del sys.path[:2]
        for name in list(sys.modules):
            if name not in baseline:
                del sys.modules[name]
        if django_apps is not None:
            django_apps.all_models["app"].clear()
            django_apps.clear_cache()
    return {"root": project["root"], "errors": errors}


def django_registry():
    """One app config with the label the cases' models declare, its models registered as imported."""
    import django
    from django.apps import AppConfig
    from django.conf import settings

    holder = types.ModuleType("conformance_label")

    class LabelConfig(AppConfig):
        name = "conformance_label"
        label = "app"
        path = os.path.dirname(os.path.abspath(__file__))

    holder.LabelConfig = LabelConfig
    sys.modules["conformance_label"] = holder
    settings.configure(
        INSTALLED_APPS=["conformance_label.LabelConfig"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        USE_TZ=True,
    )
    django.setup()
    from django.apps import apps

    return apps


def main():
    projects = json.load(sys.stdin)
    apps = django_registry() if any(p.get("django") for p in projects) else None
    baseline = set(sys.modules)
    for project in projects:
        print(json.dumps(run_project(project, baseline, apps)), flush=True)


main()
