"""Oracle for Remodel's static Alembic reader: real Alembic's ScriptDirectory over each directory.

Usage: alembic_oracle.py [--stub-imports] SCRIPT_DIR...  ->  JSON {dir: {heads, bases, revisions, history, labelHeads}}

Alembic imports every revision file. --stub-imports (manual runs on real projects only; the
fixture test never uses it) lets files whose application imports are not installed load anyway:
a module that cannot be found is replaced by a permissive stub, and a file that still fails to
execute (module-level ORM classes built from stubbed columns, say) is read with CPython's own
`ast` parser and `ast.literal_eval` instead. Both are reported: `_stubbed` names the stubbed
top-level packages, `_ast_fallback` the files that were not executed.
"""
import ast
import json
import os
import sys
import types
import warnings
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec

sys.dont_write_bytecode = True  # never leave __pycache__ in fixture directories

from alembic.script import ScriptDirectory  # noqa: E402
from alembic.script.base import Script  # noqa: E402

# Load order = sorted file names, the order Remodel documents (os.listdir order depends on the
# file system), so `alembic history` output is comparable line by line.
_orig_list = Script._list_py_dir.__func__
Script._list_py_dir = classmethod(lambda cls, sd, path: sorted(_orig_list(cls, sd, path)))

stubbed = set()


class _Anything(types.ModuleType):
    __path__ = []

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything(f"{self.__name__}.{name}")

    def __call__(self, *a, **k):
        return _Anything(self.__name__ + "()")

    def __mro_entries__(self, bases):
        return (object,)

    # Revision files use imported names in expressions at module level (`t.Null | t.String`,
    # `x in registry`); the stub answers every operator with another stub or an empty value.
    def _same(self, *a, **k):
        return _Anything(self.__name__)

    __or__ = __ror__ = __and__ = __rand__ = __add__ = __radd__ = __sub__ = __mul__ = _same
    __getitem__ = __truediv__ = __mod__ = _same

    def __iter__(self):
        return iter(())

    def __contains__(self, item):
        return False

    def __len__(self):
        return 0


class _StubFinder(MetaPathFinder, Loader):
    def find_spec(self, name, path, target=None):
        for finder in sys.meta_path:
            if finder is self:
                continue
            try:
                if finder.find_spec(name, path, target) is not None:
                    return None
            except Exception:
                pass
        stubbed.add(name.split(".")[0])
        return ModuleSpec(name, self, is_package=True)

    def create_module(self, spec):
        return _Anything(spec.name)

    def exec_module(self, module):
        pass


ast_fallback = []
_NAMES = ("revision", "down_revision", "branch_labels", "depends_on")


def _module_from_ast(module_id, path):
    """The revision identifiers of a file that cannot be executed, by CPython's parser."""
    with open(path, "rb") as f:
        tree = ast.parse(f.read(), path)
    module = types.ModuleType(module_id)
    module.__doc__ = ast.get_docstring(tree, clean=False)
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) and node.value else []
        for target in targets:
            if isinstance(target, ast.Name) and target.id in _NAMES:
                setattr(module, target.id, ast.literal_eval(node.value))
    return module


def _install_fallback():
    from alembic import util as alembic_util
    from alembic.util import pyfiles

    original = pyfiles.load_python_file

    def load_python_file(dir_, filename):
        try:
            return original(dir_, filename)
        except Exception as e:  # noqa: BLE001 - any import-time failure of the application
            import os

            ast_fallback.append(f"{filename}: {type(e).__name__}: {e}"[:200])
            return _module_from_ast(filename, os.path.join(dir_, filename))

    alembic_util.load_python_file = load_python_file


def main(argv):
    if argv and argv[0] == "--stub-imports":
        argv = argv[1:]
        sys.meta_path.append(_StubFinder())
        _install_fallback()
    out = {}
    for script_dir in argv:
        try:
            out[script_dir] = _read(script_dir)
        except Exception as e:  # noqa: BLE001 - the oracle reports Alembic's refusal as data
            out[script_dir] = {"error": f"{type(e).__name__}: {e}"[:300]}
    out["_stubbed"] = sorted(stubbed)
    out["_ast_fallback"] = ast_fallback
    print(json.dumps(out))


def _read(script_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # a directory without versions/ is itself the versions directory (Flask-Alembic layouts)
        has_versions = os.path.isdir(os.path.join(script_dir, "versions"))
        sd = ScriptDirectory(script_dir) if has_versions else ScriptDirectory(script_dir, version_locations=[script_dir])
        revs = list(sd.walk_revisions())
    label_heads = {}
    for rev in revs:
        for label in rev._orig_branch_labels:
            label_heads[label] = sorted(r.revision for r in sd.revision_map.get_revisions(label + "@heads"))
    for rev in revs:
        rev.branch_labels = sorted(rev.branch_labels)  # a set: sort so printed lines compare exactly
    # `alembic heads`: command.heads() prints exactly these lines
    heads_lines = [rev.cmd_format(False, include_branches=True, tree_indicators=False) for rev in sd.get_revisions(sd.get_heads())]
    history = []
    for sc in sd.walk_revisions(base="base", head="heads"):
        history.append(sc.cmd_format(verbose=False, include_branches=True, include_doc=True, include_parents=True))
    return {
        "heads": list(sd.get_heads()),
        "bases": list(sd.get_bases()),
        "revisions": len(revs),
        "history": history,
        "headsLines": heads_lines,
        "labelHeads": label_heads,
    }


if __name__ == "__main__":
    main(sys.argv[1:])
