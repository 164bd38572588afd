"""The GitHub Action's step (action.yml): install Remodel, run it, annotate, write a job summary.

Reads INPUT_VERSION, INPUT_ARGS and INPUT_SRC; writes the summary to $GITHUB_STEP_SUMMARY and the
outputs `problems` and `exit-code` to $GITHUB_OUTPUT; exits with Remodel's exit code, so problems
fail the step. Runs with any Python >= 3.8 on the runner and no package of its own.
"""

import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

NAME = "remodel"
# A requirement naming remodel, as a pyproject dependency or a requirements line: `remodel==0.1.0`,
# `remodel >=0.1,<0.2`, `remodel[x]~=0.1`; not `remodel-extras`.
REQ = re.compile(r"^\s*remodel\s*(?:\[[^\]]*\])?\s*([=!<>~][^;#\"']*)", re.I)
# The summary lists this many problems; the count above it is always the full one.
MAX_ROWS = 500


def _toml(path):
    try:
        import tomllib  # Python 3.11+
    except ImportError:
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _from_specs(specs):
    for spec in specs:
        if isinstance(spec, str):
            m = REQ.match(spec)
            if m and m.group(1):
                return re.sub(r"\s+", "", m.group(1))
    return None


def _pyproject(path):
    data = _toml(path)
    if data is None:
        # No tomllib: the quoted dependency strings, wherever they are.
        return _from_specs(re.findall(r"[\"']([^\"']+)[\"']", path.read_text(encoding="utf-8")))
    project = data.get("project", {})
    specs = list(project.get("dependencies", []))
    for group in project.get("optional-dependencies", {}).values():
        specs += group
    for group in data.get("dependency-groups", {}).values():
        specs += [s for s in group if isinstance(s, str)]
    specs += data.get("tool", {}).get("uv", {}).get("dev-dependencies", [])
    found = _from_specs(specs)
    if found:
        return found
    poetry = data.get("tool", {}).get("poetry", {})
    tables = [poetry.get("dependencies", {}), poetry.get("dev-dependencies", {})]
    tables += [g.get("dependencies", {}) for g in poetry.get("group", {}).values()]
    for table in tables:
        value = table.get(NAME)
        value = value.get("version") if isinstance(value, dict) else value
        if isinstance(value, str) and value not in ("*", ""):
            # Poetry's bare 0.1.0 means ==0.1.0; ^ and ~ have no pip spelling: take the floor.
            return "==" + value if value[0].isdigit() else ">=" + value.lstrip("^~") if value[0] in "^~" else value
    return None


def _lock(path):
    # uv.lock and poetry.lock: a [[package]] table with name = "remodel" and its version.
    text = path.read_text(encoding="utf-8")
    m = re.search(r'\[\[package\]\]\s*\nname\s*=\s*"remodel"\s*\nversion\s*=\s*"([^"]+)"', text)
    return "==" + m.group(1) if m else None


def _requirements(path):
    for line in path.read_text(encoding="utf-8").splitlines():
        m = REQ.match(line)
        if m and m.group(1):
            return re.sub(r"\s+", "", m.group(1))
    return None


def _package_lock(path):
    try:
        packages = json.loads(path.read_text(encoding="utf-8")).get("packages", {})
    except (OSError, ValueError):
        return None
    version = packages.get("node_modules/remodel", {}).get("version")
    return "==" + version if version else None


def resolve_version(root):
    """The specifier the project pins Remodel to (`==0.1.0`, `>=0.1`) and the file saying so."""
    readers = [("pyproject.toml", _pyproject), ("uv.lock", _lock), ("poetry.lock", _lock)]
    readers += [(p.name, _requirements) for p in sorted(root.glob("requirements*.txt"))]
    readers += [("package-lock.json", _package_lock)]
    for name, read in readers:
        path = root / name
        if path.is_file():
            found = read(path)
            if found:
                return found, name
    return None, None


def requirement(version, root):
    """What to pip-install, and where that choice came from."""
    version = version.strip()
    if version and (version.endswith(".whl") or os.path.sep in version):
        return str(Path(version).resolve()), "the version input (a wheel)"
    if version == "latest":
        return NAME, "the version input"
    if version:
        return NAME + (version if version[0] in "=!<>~" else "==" + version), "the version input"
    spec, source = resolve_version(root)
    if spec:
        return NAME + spec, source
    return NAME, "no pin found: the latest"


def unescape(s):
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


ANNOTATION = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def problems_of(output):
    """The annotations in Remodel's github output: level, code, file, line, column, message."""
    found = []
    for line in output.splitlines():
        m = ANNOTATION.match(line)
        if not m:
            continue
        props = {}
        for part in (m.group(2) or "").split(","):
            key, _, value = part.partition("=")
            if key:
                props[key] = unescape(value)
        code = re.search(r"\(([A-Z]+\d+)\)", props.get("title", ""))
        message = unescape(m.group(3))
        # The message repeats `path:line:col: CODE ` before the text: the table has columns for them.
        message = re.sub(r"^\S*:\d+:\d+: [A-Z]+\d+ ", "", message)
        found.append({
            "level": m.group(1),
            "code": code.group(1) if code else "",
            "file": props.get("file", ""),
            "line": props.get("line", ""),
            "col": props.get("col", ""),
            "message": message,
        })
    return found


def cell(s):
    return s.replace("|", "\\|").replace("\n", " ")


def summary(command, code, problems, installed):
    lines = ["## Remodel", ""]
    lines.append(f"`{' '.join(shlex.quote(c) for c in command)}` ({installed})")
    lines.append("")
    if code == 0:
        lines.append("No problems found.")
    elif problems:
        lines.append(f"**{len(problems)} problem{'s' if len(problems) != 1 else ''}** (exit code {code}):")
        lines += ["", "| file | line | column | code | message |", "|---|---|---|---|---|"]
        for p in problems[:MAX_ROWS]:
            lines.append(f"| `{cell(p['file'])}` | {p['line']} | {p['col']} | {p['code']} | {cell(p['message'])} |")
        if len(problems) > MAX_ROWS:
            lines += ["", f"... and {len(problems) - MAX_ROWS} more (all of them are annotations on the run)."]
    else:
        lines.append(f"Remodel exited with code {code} and reported no problem: see the step's log for its error.")
    return "\n".join(lines) + "\n"


def _append(env, text):
    path = os.environ.get(env)
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(text)


def main():
    workspace = Path(os.environ.get("GITHUB_WORKSPACE", os.getcwd()))
    req, source = requirement(os.environ.get("INPUT_VERSION", ""), workspace)
    venv = Path(os.environ.get("RUNNER_TEMP") or tempfile.mkdtemp()) / "remodel-venv"
    print(f"::group::Installing {req} ({source})", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", req], check=True)
    installed = subprocess.run([str(bindir / NAME), "--version"], stdout=subprocess.PIPE, text=True).stdout.strip()
    print("::endgroup::", flush=True)

    args = shlex.split(os.environ.get("INPUT_ARGS", "check") or "check")
    src = shlex.split(os.environ.get("INPUT_SRC", ".") or ".")
    command = [NAME, *args, "--output-format", "github", *src]
    # Annotations must reach the log (GitHub reads them from stdout), and the summary is built from
    # the same text: one run of Remodel.
    proc = subprocess.run([str(bindir / NAME), *command[1:]], stdout=subprocess.PIPE, text=True)
    sys.stdout.write(proc.stdout)
    sys.stdout.flush()
    problems = problems_of(proc.stdout)
    _append("GITHUB_STEP_SUMMARY", summary(command, proc.returncode, problems, installed or req))
    _append("GITHUB_OUTPUT", f"problems={len(problems)}\nexit-code={proc.returncode}\n")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
