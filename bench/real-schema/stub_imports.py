"""Run a runtime schema dumper with the project's unrelated third-party imports stubbed.

usage: python3 stub_imports.py [--stub NAME,NAME] PROJECT_PYTHON_PATH DUMPER.py DUMPER_ARGS...

Real projects import web frameworks, clients and SDKs that Debian's python3 does not have
(graphene, aiohttp, trafaret, ...). Their model packages only need those names to exist, so a
top-level module that cannot be found, and that is not part of the project (no such folder or
file under PROJECT_PYTHON_PATH), is replaced by a permissive stub: any attribute, call, subscript
or base class works. The stubbed names are printed on stderr as `stubbed: a, b, c` so that a
report says what was not real. `--stub` also stubs installed modules whose version the project
cannot use (pydantic 2 code on Debian's pydantic 1). The ORM itself (SQLAlchemy, Django, SQLModel) is always real.
"""
import abc
import importlib.abc
import importlib.machinery
import importlib.util
import os
import re
import runpy
import sys
import types

REAL = {"sqlalchemy", "django", "sqlmodel", "alembic", "enum", "typing"}
forced = set()
stubbed = set()


class _StubMeta(abc.ABCMeta):  # ABCMeta: stubs are mixed with ABC in real class hierarchies
    def __getattr__(cls, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _stub_class(name)

    def __getitem__(cls, item):
        return cls

    def __or__(cls, other):
        return cls

    def __ror__(cls, other):
        return cls

    def __call__(cls, *args, **kwargs):
        # A stub used as a bare decorator gives back what it decorates.
        if len(args) == 1 and not kwargs and (isinstance(args[0], types.FunctionType) or isinstance(args[0], type)) and cls.__dict__.get("_root"):
            return args[0]
        return super().__call__(*args, **kwargs)

    def __iter__(cls):
        return iter(())

    def __setitem__(cls, key, value):
        pass

    def __mro_entries__(cls, bases):
        return (cls,)


class Stub(metaclass=_StubMeta):
    _root = True

    def __init__(self, *args, **kwargs):
        pass

    def __init_subclass__(cls, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return Stub()

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and callable(args[0]):
            return args[0]
        # Of the same stub class: SQLAlchemy calls a type object it is given (`to_instance`), and
        # `Column(UUIDType())` must still report UUIDType, not a nameless stub.
        return type(self)()

    def __getitem__(self, item):
        return Stub()

    def __setitem__(self, key, value):
        pass

    def __iter__(self):
        return iter(())

    def __or__(self, other):
        return self

    __ror__ = __or__

    def __bool__(self):
        return False


# Stub objects absorb every operator (trafaret's `t.Key("a") >> "b"`, `t.Int | t.Null`, ...).
for _op in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift", "rshift", "and", "xor", "or", "matmul"):
    setattr(Stub, f"__{_op}__", lambda self, other: self)
    setattr(Stub, f"__r{_op}__", lambda self, other: self)
    setattr(_StubMeta, f"__{_op}__", lambda cls, other: cls)
    setattr(_StubMeta, f"__r{_op}__", lambda cls, other: cls)
Stub.__neg__ = Stub.__invert__ = lambda self: self


def _stub_class(name):
    if str(name).endswith("Meta"):  # a metaclass others derive theirs from (trafaret's TrafaretMeta)
        return type(str(name), (_StubMeta,), {})
    return _StubMeta(str(name), (Stub,), {"_root": True, "__module__": "stub"})


class _StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        value = _stub_class(name)
        setattr(self, name, value)
        return value


class _Loader(importlib.abc.Loader):
    def create_module(self, spec):
        m = _StubModule(spec.name)
        m.__path__ = []
        return m

    def exec_module(self, module):
        pass


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self, root):
        self.root = root

    def find_spec(self, fullname, path=None, target=None):
        top = fullname.split(".")[0]
        if top in REAL or top in sys.stdlib_module_names:
            return None
        if top in forced:
            stubbed.add(top)
            return importlib.machinery.ModuleSpec(fullname, _Loader(), is_package=True)
        if top not in stubbed:
            if os.path.exists(os.path.join(self.root, top)) or os.path.exists(os.path.join(self.root, top + ".py")):
                return None
            # Only names no real finder knows reach this finder (it is last on sys.meta_path).
        stubbed.add(top)
        return importlib.machinery.ModuleSpec(fullname, _Loader(), is_package=True)


# Python 3.12 syntax that Debian's 3.11 cannot compile, rewritten to its 3.11 equivalent in the
# project's own files: `type X = ...` aliases and `def f[T](...)` / `class C[T]` type parameters.
_TYPE_ALIAS = re.compile(r"^(\s*)type (\w+)(?:\[[^\]\n]*\])? =", re.M)
_TYPE_PARAMS = re.compile(r"^(\s*)(def|class) (\w+)\[([^\]\n]*)\]", re.M)


# An alias's value is evaluated lazily in 3.12 (it may name itself): never evaluated here.
_ALIAS_311 = r"\1\2 = __import__('typing').Any if True else "


def _typevars(m):
    names = [p.split(":")[0].strip().lstrip("*") for p in m.group(4).split(",") if p.strip()]
    decl = "".join(f"{m.group(1)}{n} = __import__('typing').TypeVar('{n}')\n" for n in names)
    return f"{decl}{m.group(1)}{m.group(2)} {m.group(3)}"


class _Py311Loader(importlib.machinery.SourceFileLoader):
    def source_to_code(self, data, path, *, _optimize=-1):
        text = importlib.util.decode_source(data)
        text = _TYPE_PARAMS.sub(_typevars, _TYPE_ALIAS.sub(_ALIAS_311, text))
        return compile(text, path, "exec", dont_inherit=True, optimize=_optimize)


def _refuse(path):
    raise ImportError(path)


def _project_finder(root):
    loaders = [(_Py311Loader, importlib.machinery.SOURCE_SUFFIXES)]
    return lambda path: importlib.machinery.FileFinder(path, *loaders) if os.path.abspath(path).startswith(root) else None


class _Forced(importlib.abc.MetaPathFinder):
    def __init__(self, finder):
        self.finder = finder

    def find_spec(self, fullname, path=None, target=None):
        return self.finder.find_spec(fullname, path, target) if fullname.split(".")[0] in forced else None


def _py312_names():
    """Names Python 3.12 and 3.13 added to the standard library that model packages import."""
    import typing
    if not hasattr(typing, "override"):
        typing.override = lambda f: f
    try:
        import typing_extensions
        for name in ("TypeAliasType", "Self", "override", "deprecated"):
            if not hasattr(typing, name) and hasattr(typing_extensions, name):
                setattr(typing, name, getattr(typing_extensions, name))
    except ImportError:
        pass
    import warnings
    if not hasattr(warnings, "deprecated"):  # 3.13
        warnings.deprecated = lambda *a, **k: (lambda f: f)
    import itertools
    if not hasattr(itertools, "batched"):
        def batched(iterable, n):
            it = iter(iterable)
            while chunk := tuple(itertools.islice(it, n)):
                yield chunk
        itertools.batched = batched


def _offline_engines():
    """Model packages often create their engine at import time from settings that are stubs here;
    the schema does not need a connection, so an engine that cannot be made is an in-memory SQLite one."""
    import sqlalchemy
    import sqlalchemy.ext.asyncio as sa_async

    def offline(make):
        def create(url, *args, **kwargs):
            try:
                return make(url, *args, **kwargs)
            except Exception:
                return make("sqlite://")
        return create
    sqlalchemy.create_engine = offline(sqlalchemy.create_engine)
    sa_async.create_async_engine = offline(sa_async.create_async_engine)


def _stub_types():
    """A stub used as a column type (geoalchemy2's `Geometry(...)`) becomes a real SQLAlchemy type of
    the same name: SQLAlchemy asks a column's type for its comparator, affinity and hashability when it
    analyses a relationship's join, which a permissive stub cannot answer. The dump still names it
    `custom:Geometry`, as before."""
    import sqlalchemy.sql.schema as sa_schema
    import sqlalchemy.sql.sqltypes as sa_sqltypes
    import sqlalchemy.sql.type_api as type_api
    from sqlalchemy.types import UserDefinedType

    made = {}
    original = type_api.to_instance

    def to_instance(typeobj, *args, **kwargs):
        cls = typeobj if isinstance(typeobj, _StubMeta) else type(typeobj) if isinstance(typeobj, Stub) else None
        if cls is None:
            return original(typeobj, *args, **kwargs)
        name = cls.__name__
        if name not in made:
            made[name] = type(name, (UserDefinedType,), {"cache_ok": True, "__module__": "stub", "get_col_spec": lambda self, **kw: name.upper()})
        return made[name]()

    for module in (type_api, sa_schema, sa_sqltypes):
        module.to_instance = to_instance


def _plain_mixins():
    """A stubbed mixin beside a base with its own metaclass (`class User(db.Model, UserMixin)` with
    flask_security stubbed) is a metaclass conflict: such a class is built again with each stub
    base replaced by a plain class of the same name, which any metaclass accepts."""
    import builtins

    original = builtins.__build_class__
    plain = {}

    def build_class(func, name, *bases, **kwargs):
        try:
            return original(func, name, *bases, **kwargs)
        except TypeError as e:
            if "metaclass conflict" not in str(e) or not any(isinstance(b, _StubMeta) for b in bases):
                raise
        mixins = tuple(plain.setdefault(b, type(b.__name__, (), {"__module__": "stub"})) if isinstance(b, _StubMeta) else b for b in bases)
        return original(func, name, *mixins, **kwargs)

    builtins.__build_class__ = build_class


def main():
    _py312_names()
    _offline_engines()
    _stub_types()
    _plain_mixins()
    argv = sys.argv[1:]
    if argv[0] == "--stub":
        forced.update(n for n in argv[1].split(",") if n)
        argv = argv[2:]
    root, script, args = argv[0], argv[1], argv[2:]
    root = os.path.abspath(root)
    sys.path_hooks.insert(0, lambda path: _project_finder(root)(path) or _refuse(path))
    sys.path_importer_cache.clear()
    sys.dont_write_bytecode = True
    finder = _Finder(root)
    sys.meta_path.append(finder)
    if forced:  # before the real finders, so that the installed version is never imported
        sys.meta_path.insert(0, _Forced(finder))
    sys.argv = [script, root, *args]
    try:
        runpy.run_path(script, run_name="__main__")
    finally:
        print("stubbed: " + ", ".join(sorted(stubbed)), file=sys.stderr)


if __name__ == "__main__":
    main()
