"""Oracle for Remodel's static Alembic reader: real Alembic's ScriptDirectory over each directory.

Usage: alembic_oracle.py [--stub-imports] SCRIPT_DIR...  ->  JSON {dir: {heads, bases, revisions, history, labelHeads}}

Alembic imports every revision file. --stub-imports lets files whose application imports are not
installed load anyway: a module that cannot be found is replaced by a permissive stub, and the
stubbed names are reported (only for manual runs on real projects; the fixture test never uses it).
"""
import json
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


def main(argv):
    if argv and argv[0] == "--stub-imports":
        argv = argv[1:]
        sys.meta_path.append(_StubFinder())
    out = {}
    for script_dir in argv:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sd = ScriptDirectory(script_dir)
            revs = list(sd.walk_revisions())
        label_heads = {}
        for rev in revs:
            for label in rev._orig_branch_labels:
                label_heads[label] = sorted(r.revision for r in sd.revision_map.get_revisions(label + "@heads"))
        history = []
        for sc in sd.walk_revisions(base="base", head="heads"):
            sc.branch_labels = sorted(sc.branch_labels)  # a set: sort so lines compare exactly
            history.append(sc.cmd_format(verbose=False, include_branches=True, include_doc=True, include_parents=True))
        out[script_dir] = {
            "heads": list(sd.get_heads()),
            "bases": list(sd.get_bases()),
            "revisions": len(revs),
            "history": history,
            "labelHeads": label_heads,
        }
    out["_stubbed"] = sorted(stubbed)
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
