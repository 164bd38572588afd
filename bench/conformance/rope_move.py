"""Does a conformance case's move with rope (Debian's python3-rope), as a reference for the bench.

Reads a JSON list of {"root", "steps", "ignored"} on stdin; each step is one rope refactoring on the
tree at "root", in order: {"kind": "rename", "path", "name"} (rope's Rename of a module or package),
{"kind": "move", "path", "dest"} (rope's MoveModule into the package folder "dest"), or
{"kind": "mkpkg", "path", "init"} (the package a user creates by hand before moving into it).
"ignored" are file patterns rope must not read (it cannot parse PEP 810 `lazy` imports).
Prints one JSON object per tree: {"root", "error"} with error null when every step was done.
rope keeps no project data in the tree (ropefolder=None), so the diff shows only its edits.
"""
import json
import os
import sys

from rope.base.project import Project
from rope.refactor.move import MoveModule
from rope.refactor.rename import Rename


def run(job):
    project = Project(job["root"], ropefolder=None, ignored_resources=["*.pyc", "__pycache__", *job["ignored"]])
    try:
        for step in job["steps"]:
            if step["kind"] == "mkpkg":
                path = os.path.join(job["root"], step["path"])
                os.makedirs(path, exist_ok=True)
                if step["init"]:
                    open(os.path.join(path, "__init__.py"), "a").close()
                project.validate()
                continue
            resource = project.get_resource(step["path"])
            if step["kind"] == "rename":
                changes = Rename(project, resource).get_changes(step["name"])
            else:
                changes = MoveModule(project, resource).get_changes(project.get_resource(step["dest"]))
            project.do(changes)
        return None
    except Exception as e:  # rope's RefactoringError, or a file it cannot parse
        return f"{type(e).__name__}: {e}"
    finally:
        project.close()


def main():
    for job in json.load(sys.stdin):
        print(json.dumps({"root": job["root"], "error": run(job)}), flush=True)


main()
