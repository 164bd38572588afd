/**
 * `split --no-facade` run from inside one service of a monorepo whose only marker is the git work
 * tree (test/fixtures/split-monorepo): the project is the folder that holds the top-level package
 * `app` (services/api), so `from app.models import User` is an importer it rewrites; importers it
 * cannot rewrite (another service's) stop it instead of a "verified" split that breaks them.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { capture, sameTree } from "./support.js";

const fixture = join(new URL("../../..", import.meta.url).pathname, "test/fixtures/split-monorepo");

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "user.email=t@t", "-c", "user.name=t", ...args], { cwd, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

/** The fixture's before/ tree as a committed git repository, plus `extra` files. */
function repository(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "remodel-split-monorepo-"));
  cpSync(join(fixture, "before"), dir, { recursive: true });
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "before");
  return dir;
}

for (const [from, file] of [
  ["services/api/app", "models.py"],
  ["services/api", "app/models.py"],
]) {
  test(`split --no-facade from ${from} rewrites the service's importers of app.models`, async () => {
    const dir = repository();
    try {
      const io = capture(join(dir, from));
      const code = await main(["split", file, "--no-facade", "--no-cache"], io);
      assert.equal(code, 0, io.stdout() + io.stderr());
      assert.match(io.stdout(), /rewrote 3 import statements/);
      sameTree(join(fixture, "after"), dir);
      // CPython agrees: every importer of the service still imports (Debian's SQLAlchemy).
      const r = spawnSync("/usr/bin/python3", ["-c", "import main, app.routers.billing, app.routers.users"], {
        cwd: join(dir, "services/api"),
        encoding: "utf8",
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      });
      assert.equal(r.status, 0, r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("split --no-facade refuses when another service imports the module it cannot rewrite", async () => {
  const dir = repository({ "services/worker/jobs.py": "from app.models import User\n\nprint(User)\n" });
  try {
    const io = capture(join(dir, "services/api"));
    const code = await main(["split", "app/models.py", "--no-facade", "--no-cache"], io);
    assert.equal(code, 2, io.stdout() + io.stderr());
    assert.match(
      io.stderr(),
      /app\.models is also named outside this project[^]*\.\.\/worker\/jobs\.py[^]*nothing written/,
    );
    assert.doesNotMatch(io.stdout(), /verified/);
    assert.equal(
      git(dir, "status", "--porcelain", "--untracked-files=all")
        .split("\n")
        .filter((l) => l && !l.includes(".remodel_cache"))
        .join("\n"),
      "",
    );
    // With the facade kept, the other service's import still works: nothing to refuse.
    const kept = capture(join(dir, "services/api"));
    assert.equal(await main(["split", "app/models.py", "--dry-run", "--no-cache"], kept), 0, kept.stderr());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
