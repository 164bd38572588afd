"""Oracle for the synthetic generators: import every module under the given roots with CPython,
then check that every import statement anywhere in them (module level, function-local, under
`if TYPE_CHECKING:`) names a module that exists and a name it really binds. Prints JSON.

usage: check_imports.py PATH_ENTRY[:SUBDIR] ...   (each PATH_ENTRY goes on sys.path; only
SUBDIR below it is scanned when given)"""

import ast
import importlib
import importlib.util
import json
import os
import sys

files = []  # (path, module name)
for arg in sys.argv[1:]:
    entry, _, subdir = arg.partition(":")
    sys.path.insert(0, entry)
    for dirpath, _, names in os.walk(os.path.join(entry, subdir)):
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, entry)[:-3].split(os.sep)
                files.append((path, ".".join(rel[:-1] if rel[-1] == "__init__" else rel)))
files.sort()

failures = []
for path, name in files:
    try:
        importlib.import_module(name)
    except Exception as exc:  # report every failure, not just the first
        failures.append(f"import {name}: {type(exc).__name__}: {exc}")

counts = {"import": 0, "from": 0, "relative": 0, "star": 0, "aliased": 0, "function": 0, "type_checking": 0}


def check_from(node, package):
    spec = "." * node.level + (node.module or "")
    base = importlib.util.resolve_name(spec, package) if node.level else node.module
    mod = importlib.import_module(base)
    for alias in node.names:
        if alias.name == "*" or hasattr(mod, alias.name):
            continue
        try:
            importlib.import_module(f"{base}.{alias.name}")
        except ImportError:
            failures.append(f"{base} has no {alias.name}")


def context_of(node, parents):
    up = parents.get(node)
    while up is not None and not isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef, ast.If)):
        up = parents.get(up)
    if isinstance(up, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "function"
    return "type_checking" if isinstance(up, ast.If) else None


for path, name in files:
    package = name if path.endswith("__init__.py") else name.rpartition(".")[0]
    tree = ast.parse(open(path, encoding="utf-8").read())
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue
        context = context_of(node, parents)
        if context:
            counts[context] += 1
        counts["aliased"] += sum(1 for a in node.names if a.asname)
        try:
            if isinstance(node, ast.Import):
                counts["import"] += 1
                for alias in node.names:
                    importlib.import_module(alias.name)
            else:
                counts["from"] += 1
                counts["relative"] += node.level > 0
                counts["star"] += any(a.name == "*" for a in node.names)
                check_from(node, package)
        except Exception as exc:
            failures.append(f"{path}:{node.lineno}: {type(exc).__name__}: {exc}")

print(json.dumps({"files": len(files), "failures": failures[:20], "failureCount": len(failures), "counts": counts}))
