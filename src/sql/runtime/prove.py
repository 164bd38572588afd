"""Remodel's proof run: reads a spec (JSON) on stdin, prints {function: null | difference} as JSON."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
try:
    import sqlalchemy  # noqa: F401
except ImportError:
    print(json.dumps({"error": "no SQLAlchemy in this Python"}))
    sys.exit(3)

import differential  # noqa: E402

spec = json.load(sys.stdin)
sys.stdout = sys.stderr  # the old code's prints must not reach the JSON on the real stdout
results = differential.check(spec)
sys.stdout = sys.__stdout__
print(json.dumps({"results": results}))
