/**
 * Fixture tests for `remodel check`: one folder per case under test/fixtures/check/<case>/ with
 * - project/          the project (ROOT), written by hand for this case;
 * - args.json         optional CLI arguments after `check` (default ["project"]); `--no-cache` is
 *                     always added so that no cache is written into the fixture;
 * - setup.json        optional: what git cannot hold, applied to a temporary copy of the case:
 *                     {"files": {path: text | {"base64": ...}}, "chmod": {path: "000"},
 *                      "symlinks": {path: target}, "rename": {from: to}};
 * - expected.txt      stdout, then `--- stderr` and stderr if any, then `exit: N`; the copy's
 *                     path is written `<case>`. A case that makes a file unreadable runs as user
 *                     nobody when the tests run as root (root reads everything), or, when nobody
 *                     cannot run the CLI here, is compared with `expected.root.txt`;
 * - expected.json     optional: the same run with `--json`, compared as data;
 * - expected-files/   optional: files the run must have written, compared byte for byte.
 * REMODEL_UPDATE_FIXTURES=1 rewrites the expected files from the actual output (review the diff!).
 */
import assert from "node:assert/strict";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { fixtures, readTree, repoRoot } from "../support/tree.js";
import { writeProject } from "../support/write-project.js";

interface Setup {
  files?: Record<string, string | { base64: string }>;
  chmod?: Record<string, string>;
  symlinks?: Record<string, string>;
  rename?: Record<string, string>;
}

const UPDATE = process.env.REMODEL_UPDATE_FIXTURES === "1";
const root = fixtures("check");
const isRoot = process.getuid?.() === 0;

function prepare(caseDir: string): { dir: string; restricted: boolean } {
  const dir = mkdtempSync(join(tmpdir(), "remodel-check-"));
  cpSync(caseDir, dir, { recursive: true, verbatimSymlinks: true });
  const setupPath = join(caseDir, "setup.json");
  const setup: Setup = existsSync(setupPath) ? JSON.parse(readFileSync(setupPath, "utf8")) : {};
  for (const [from, to] of Object.entries(setup.rename ?? {})) renameSync(join(dir, from), join(dir, to));
  writeProject(
    Object.fromEntries(
      Object.entries(setup.files ?? {}).map(([path, c]) => [
        path,
        typeof c === "string" ? c : Buffer.from(c.base64, "base64"),
      ]),
    ),
    dir,
  );
  for (const [path, target] of Object.entries(setup.symlinks ?? {})) symlinkSync(target, join(dir, path));
  for (const [path, mode] of Object.entries(setup.chmod ?? {})) chmodSync(join(dir, path), parseInt(mode, 8));
  return { dir, restricted: Object.keys(setup.chmod ?? {}).length > 0 };
}

function render(r: { code: number; out: string; err: string }, dir: string): string {
  const norm = (s: string) => s.split(dir).join("<case>");
  return norm(r.out) + (r.err ? `--- stderr\n${norm(r.err)}` : "") + `exit: ${r.code}\n`;
}

function check(actual: string, path: string): void {
  if (UPDATE) writeFileSync(path, actual);
  else assert.equal(actual, readFileSync(path, "utf8"), path);
}

const cases = existsSync(root)
  ? readdirSync(root)
      .filter((c) => existsSync(join(root, c, "expected.txt")))
      .sort()
  : [];

test("check fixtures exist", () => assert.ok(cases.length >= 40, `${cases.length} cases`));

for (const name of cases) {
  test(`check fixture: ${name}`, async () => {
    const caseDir = join(root, name);
    const { dir, restricted } = prepare(caseDir);
    try {
      const argsPath = join(caseDir, "args.json");
      const args: string[] = existsSync(argsPath) ? JSON.parse(readFileSync(argsPath, "utf8")) : ["project"];
      // Root reads every file: an unreadable-file case runs as nobody when it can, else it is
      // compared with what root sees (expected.root.txt).
      const asNobody = restricted && isRoot && hasSetpriv;
      const run = (extra: string[]) =>
        asNobody ? runAsNobody(["check", ...args, ...extra], dir) : runCli(["check", ...args, ...extra], dir);
      const text = await run(["--no-cache"]);
      const rootExpected = join(caseDir, "expected.root.txt");
      check(render(text, dir), restricted && isRoot && !asNobody ? rootExpected : join(caseDir, "expected.txt"));
      if (existsSync(join(caseDir, "expected-files"))) {
        for (const path of readTree(join(caseDir, "expected-files")).keys()) {
          check(readFileSync(join(dir, path), "latin1"), join(caseDir, "expected-files", path));
        }
      }
      if (existsSync(join(caseDir, "expected.json"))) {
        const json = await run(["--no-cache", "--json"]);
        assert.equal(json.code, text.code, "same exit code with --json");
        const actual = JSON.parse(json.out);
        if (UPDATE) writeFileSync(join(caseDir, "expected.json"), JSON.stringify(actual, null, 2) + "\n");
        else assert.deepEqual(actual, JSON.parse(readFileSync(join(caseDir, "expected.json"), "utf8")));
      }
    } finally {
      if (restricted) chmodAll(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

const NOBODY = ["--reuid=65534", "--regid=65534", "--clear-groups"];
const bin = join(repoRoot, "bin", "remodel.js");
/** Can user nobody run the CLI here (setpriv installed, the checkout readable by others)? */
const hasSetpriv = isRoot && spawnSync("setpriv", [...NOBODY, process.execPath, bin, "--version"]).status === 0;

/** Runs the CLI as user nobody (uid 65534) in a child process. */
async function runAsNobody(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  chmodSync(cwd, 0o755);
  const r = spawnSync("setpriv", [...NOBODY, process.execPath, bin, ...args], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

/** Gives the owner access back to everything so the copy can be removed. */
function chmodAll(dir: string): void {
  chmodSync(dir, 0o755);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    chmodSync(p, e.isDirectory() ? 0o755 : 0o644);
    if (e.isDirectory()) chmodAll(p);
  }
}
