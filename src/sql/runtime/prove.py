"""Remodel's proof run: reads a spec (JSON) on stdin, prints {function: null | difference} as JSON."""
import importlib.util
import json
import os
import sys

try:
    import sqlalchemy  # noqa: F401
except ImportError:
    print(json.dumps({"error": "no SQLAlchemy in this Python"}))
    sys.exit(3)

# The harness beside this file, by its path (as the ORM dumpers load theirs): from any working
# directory, and under a name no module of the code under test has.
_spec = importlib.util.spec_from_file_location(
    "_remodel_differential", os.path.join(os.path.dirname(os.path.abspath(__file__)), "differential.py")
)
differential = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(differential)

spec = json.load(sys.stdin)
sys.stdout = sys.stderr  # the old code's prints must not reach the JSON on the real stdout
results = differential.check(spec)
sys.stdout = sys.__stdout__
print(json.dumps({"results": results}))
