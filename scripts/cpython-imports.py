"""Third oracle for the scanner: CPython's own parser (run with Python >= 3.12 for PEP 695/701).

Reads file paths on stdin, prints one JSON line per file: its imports as CPython's ast sees them
(1-based line, column in UTF-16 code units, kind, level, module, names, context flags) or the
SyntaxError. Used by scripts/cpython-differential.mjs; not part of the test suite, because the
suite must not depend on the host's Python version.
"""
import ast
import json
import re
import sys

CATCHES = re.compile(r"\b(ImportError|ModuleNotFoundError|Exception|BaseException)\b")


def utf16_col(line_text: bytes, byte_col: int) -> int:
    return len(line_text[:byte_col].decode("utf-8").encode("utf-16-le")) // 2 + 1


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and isinstance(test.value, ast.Name) and test.attr == "TYPE_CHECKING"
    )


def catches_import_error(node: ast.Try, source: str) -> bool:
    for h in node.handlers:
        if h.type is None or CATCHES.search(ast.get_source_segment(source, h.type) or ""):
            return True
    return False


def walk(node, ctx, out, lines, source):
    for field, value in ast.iter_fields(node):
        children = value if isinstance(value, list) else [value]
        for child in children:
            if not isinstance(child, ast.AST):
                continue
            c = dict(ctx)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and field == "body":
                c["function"] = True
            elif isinstance(node, ast.ClassDef) and field == "body":
                c["class"] = True
            elif isinstance(node, ast.If) and field in ("body", "orelse"):
                if field == "body" and is_type_checking(node.test):
                    c["typeChecking"] = True
                else:
                    c["conditional"] = True
            elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))) and field in ("body", "handlers", "orelse", "finalbody"):
                c["conditional"] = True
                if field == "body" and catches_import_error(node, source):
                    c["tryImportError"] = True
            elif isinstance(node, (ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Match)) and field in ("body", "orelse", "cases"):
                c["conditional"] = True
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                out.append(imported(child, c, lines))
            walk(child, c, out, lines, source)


def imported(node, ctx, lines):
    col = utf16_col(lines[node.lineno - 1], node.col_offset)
    names = [[a.name, a.asname] for a in node.names]
    if isinstance(node, ast.Import):
        return {"line": node.lineno, "column": col, "kind": "import", "level": 0, "module": "", "names": names, "context": ctx}
    star = names == [["*", None]]
    return {"line": node.lineno, "column": col, "kind": "from", "level": node.level, "module": node.module or "",
            "names": [] if star else names, "star": star, "context": ctx}


def main():
    for path in sys.stdin.read().splitlines():
        raw = open(path, "rb").read()
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            source = raw.decode("utf-8")
            tree = ast.parse(source)
        except (SyntaxError, UnicodeDecodeError, ValueError) as e:
            print(json.dumps({"path": path, "error": str(e), "line": getattr(e, "lineno", None)}))
            continue
        lines = raw.splitlines(keepends=True) or [b""]
        # ast counts lines like Python's universal newlines; bytes.splitlines also splits on
        # \x0b, \x0c, \x1c.. so rebuild from \r\n, \r and \n only.
        lines = re.split(rb"\r\n|\r|\n", raw)
        ctx = {"function": False, "class": False, "typeChecking": False, "tryImportError": False, "conditional": False}
        out = []
        walk(tree, ctx, out, lines, source)
        print(json.dumps({"path": path, "imports": out}))


main()
