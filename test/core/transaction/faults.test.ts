/**
 * The write transaction's fault windows, one test each: a journal that no longer applies, a
 * hostile journal, a corrupted one, the clean-up window, signals, the lock, a file edited between
 * planning and writing, an injected full disk (a real one: disk-full.test.ts).
 */
// REMODEL_TIER_FAULTS: minutes of real processes killed and re-run; `npm test` and CI run it, `test:unit` does not.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { emptyPlan, replacement } from "../../../src/core/edits.js";
import { loadProject } from "../../../src/project/load.js";
import { executePlan } from "../../../src/run/execute.js";
import { bin, git, modelsProject, runBin, treeState, writeFiles } from "./project.js";

const JOURNAL = ".remodel_cache/transaction/journal.json";

function scratch(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "remodel-faults-"));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

async function plannedProject(dir: string, modules = 3) {
  modelsProject(dir, modules);
  const planned = await runBin(["plan", "package", "p.models", "--out", "plan.toml"], dir);
  assert.equal(planned.code, 0, planned.err);
  git(dir, "add", "plan.toml");
  git(dir, "commit", "-qm", "plan");
  return treeState(dir);
}

/** Operation numbers by name, from a traced run on a copy. */
async function operations(dir: string, args = ["apply", "plan.toml"]): Promise<string[]> {
  const copy = `${dir}-traced`;
  spawnSync("cp", ["-a", dir, copy]);
  const r = await runBin(args, copy, { REMODEL_TEST_FAULT: "trace" });
  rmSync(copy, { recursive: true, force: true });
  assert.equal(r.code, 0, r.err);
  return r.err
    .split("\n")
    .filter((l) => l.startsWith("remodel-op "))
    .map((l) => l.replace(/^remodel-op \d+ /, ""));
}

test("a journal left by a kill is not replayed onto a tree that moved on: refused, named, discarded on request", async () => {
  const { dir, done } = scratch();
  try {
    await plannedProject(dir);
    const ops = await operations(dir);
    const mid = ops.findIndex((o) => o.startsWith("rename ")) + 1;
    const killed = await runBin(["apply", "plan.toml"], dir, { REMODEL_TEST_FAULT: `kill:${mid + 1}` });
    assert.equal(killed.signal, "SIGKILL");
    assert.ok(existsSync(join(dir, JOURNAL)));
    // The user cleans up by hand (the cache folder is ignored, so the journal survives) and commits later work.
    git(dir, "reset", "-q", "--hard");
    git(dir, "clean", "-qfd");
    writeFileSync(join(dir, "src/p/models/m0.py"), "class M0:\n    x = 1\n");
    git(dir, "commit", "-qam", "later work");
    const later = treeState(dir);
    for (const cmd of [
      ["check"],
      ["move", "src/p/models/m1.py", "src/p/models/m1/row.py"],
      ["apply", "plan.toml"],
      ["scan"],
    ]) {
      const r = await runBin(cmd, dir);
      assert.equal(r.code, 2, `${cmd.join(" ")}: ${r.out}${r.err}`);
      assert.match(r.err, /journal\.json.*moved on.*m0\.py has changed.*remodel recover --discard/);
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
      assert.equal(treeState(dir), later, `${cmd.join(" ")} changed the tree`);
    }
    const discarded = await runBin(["recover", "--discard"], dir);
    assert.equal(discarded.code, 0, discarded.err);
    assert.equal(treeState(dir), later);
    assert.equal((await runBin(["check"], dir)).code, 0);
  } finally {
    done();
  }
});

test("a journal naming paths outside the project (../, absolute, through a symlink) is refused before anything is written", async () => {
  const { dir, done } = scratch();
  try {
    const project = join(dir, "project");
    const victim = join(dir, "victim");
    writeFiles(victim, { "keep.py": "precious = 1\n" });
    await plannedProject(project);
    symlinkSync(victim, join(project, "src/p/out"));
    git(project, "add", "-A");
    git(project, "commit", "-qm", "link");
    const before = treeState(project);
    for (const path of ["../victim/keep.py", join(victim, "keep.py"), "src/p/out/keep.py"]) {
      const journal = {
        version: 2,
        state: "pending",
        temps: [],
        dirs: [],
        files: [{ path, before: null, after: null, between: [], backup: null }],
        git: null,
      };
      writeFiles(project, { [JOURNAL]: JSON.stringify(journal) });
      const r = await runBin(["move", "src/p/models/m1.py", "src/p/models/m1/row.py"], project);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, /outside the project/);
      assert.equal(readFileSync(join(victim, "keep.py"), "utf8"), "precious = 1\n", path);
      assert.equal(treeState(project), before, path);
    }
  } finally {
    done();
  }
});

test("a corrupted or empty journal and a corrupted walk cache give one line and exit 2 (journal) or are ignored (cache)", async () => {
  const { dir, done } = scratch();
  try {
    await plannedProject(dir);
    for (const bad of [
      "",
      '{"version": 2, "state": "pending"',
      "[1,2]",
      JSON.stringify({ version: 2, state: "pending", temps: [1], dirs: [], files: [], git: null }),
    ]) {
      writeFiles(dir, { [JOURNAL]: bad });
      const r = await runBin(["check"], dir);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(
        r.err,
        /^remodel check: \.remodel_cache\/transaction\/journal\.json is not a usable journal .*remodel recover --discard/,
      );
      assert.doesNotMatch(r.err, /\n\s+at /);
    }
    assert.equal((await runBin(["recover", "--discard"], dir)).code, 0);
    for (const bad of [
      "{",
      "null",
      JSON.stringify({
        excludes: [],
        written: 0,
        dirs: [[null, "x"]],
        ignores: [],
        walk: { files: [1], warnings: 3, dirs: [], ignoreFiles: [] },
      }),
    ]) {
      writeFiles(dir, { ".remodel_cache/walk-v3.json": bad });
      const r = await runBin(["check"], dir);
      assert.equal(r.code, 0, bad + r.out + r.err);
    }
  } finally {
    done();
  }
});

test("a kill or an error while the journal of a completed write is removed keeps the write", async () => {
  const { dir, done } = scratch();
  try {
    await plannedProject(dir);
    const ops = await operations(dir);
    const removal = ops.indexOf("remove journal") + 1;
    assert.ok(removal > 0);
    for (const fault of [`kill:${removal}`, `kill:${removal + 1}`, `fail:${removal}`, `fail:${removal + 1}`]) {
      const copy = `${dir}-${fault.replace(":", "")}`;
      spawnSync("cp", ["-a", dir, copy]);
      const r = await runBin(["apply", "plan.toml"], copy, { REMODEL_TEST_FAULT: fault });
      if (fault.startsWith("fail")) {
        assert.equal(r.code, 0, r.out + r.err);
        assert.match(r.out, /verified.*\n(.*\n)*warning: the change is complete, but its journal could not be removed/);
      } else assert.equal(r.signal, "SIGKILL");
      assert.equal((await runBin(["status", "plan.toml"], copy)).code, 0);
      assert.ok(!existsSync(join(copy, ".remodel_cache/transaction")), fault);
      const status = await runBin(["status", "plan.toml"], copy);
      assert.match(status.out, /3\/3 done/, fault);
      rmSync(copy, { recursive: true, force: true });
    }
  } finally {
    done();
  }
});

test("an I/O error at any operation before the commit point rolls back exactly, exit 2, one line", async () => {
  const { dir, done } = scratch();
  try {
    const before = await plannedProject(dir, 2);
    const ops = await operations(dir);
    const commitPoint = ops.indexOf("commit: rename journal into place") + 1;
    for (let n = 1; n <= commitPoint; n++) {
      const r = await runBin(["apply", "plan.toml"], dir, { REMODEL_TEST_FAULT: `fail:${n}` });
      assert.equal(r.code, 2, `${n} ${ops[n - 1]}: ${r.out}${r.err}`);
      assert.match(r.err, /writing failed and was rolled back: injected fault/);
      assert.equal(treeState(dir), before, `${n} ${ops[n - 1]}`);
      assert.ok(!existsSync(join(dir, ".remodel_cache/transaction")), `${n}`);
    }
  } finally {
    done();
  }
});

const SIGNALS = [
  ["SIGINT", 130],
  ["SIGTERM", 143],
] as const;

test("SIGINT or SIGTERM at any operation before the commit point: rolled back to the before tree (index included), then exit 130/143", async () => {
  const { dir, done } = scratch();
  try {
    const before = await plannedProject(dir);
    const ops = await operations(dir);
    const commitPoint = ops.indexOf("commit: write journal") + 1;
    assert.ok(commitPoint > 1);
    for (let n = 1; n < commitPoint; n++) {
      const [sig, code] = SIGNALS[n % 2];
      const r = await runBin(["apply", "plan.toml"], dir, { REMODEL_TEST_FAULT: `signal-${sig}:${n}` });
      assert.equal(r.code, code, `${sig} after ${n} ${ops[n - 1]}: ${r.out}${r.err}`);
      assert.match(r.err, new RegExp(`interrupted \\(${sig}\\); the write in progress was rolled back`));
      assert.equal(treeState(dir), before, `${sig} after ${n} ${ops[n - 1]}`);
      assert.ok(!existsSync(join(dir, ".remodel_cache/transaction")), `${n}`);
      assert.ok(!existsSync(join(dir, ".remodel_cache/lock")), `${n}`);
    }
  } finally {
    done();
  }
});

test("a signal sent from outside while apply is paused mid-write (a rename done, the index swapped): rolled back, exit 130/143", async () => {
  const { dir, done } = scratch();
  try {
    const before = await plannedProject(dir);
    const ops = await operations(dir);
    const points = [
      ops.findIndex((o) => o.startsWith("rename ")) + 1,
      ops.indexOf("index: rename index.lock to index") + 1,
    ];
    assert.ok(points.every((n) => n > 0));
    for (const n of points) {
      for (const [sig, code] of SIGNALS) {
        const r = await pausedAndSignalled(dir, ["apply", "plan.toml"], `pause:${n}`, sig);
        assert.equal(r.code, code, `${sig} at ${n} ${ops[n - 1]}: ${r.out}${r.err}`);
        assert.match(r.err, /the write in progress was rolled back/);
        assert.equal(treeState(dir), before, `${sig} at ${n} ${ops[n - 1]}`);
        assert.ok(!existsSync(join(dir, ".remodel_cache/transaction")));
      }
    }
  } finally {
    done();
  }
});

test("a signal after the commit point (the journal being cleaned up): the clean-up finishes, the change stands, exit 130/143", async () => {
  const { dir, done } = scratch();
  try {
    await plannedProject(dir);
    const ops = await operations(dir);
    const commit = ops.indexOf("commit: write journal") + 1;
    for (const n of [commit, commit + 1, ops.indexOf("remove journal") + 1]) {
      for (const [sig, code] of SIGNALS) {
        const copy = `${dir}-${sig}-${n}`;
        spawnSync("cp", ["-a", dir, copy]);
        const r = await runBin(["apply", "plan.toml"], copy, { REMODEL_TEST_FAULT: `signal-${sig}:${n}` });
        assert.equal(r.code, code, r.out + r.err);
        assert.match(r.err, /interrupted/);
        assert.doesNotMatch(r.err, /rolled back/);
        assert.ok(!existsSync(join(copy, ".remodel_cache/transaction")));
        assert.match((await runBin(["status", "plan.toml"], copy)).out, /3\/3 done/);
        rmSync(copy, { recursive: true, force: true });
      }
    }
  } finally {
    done();
  }
});

test("move and split paused mid-write and sent SIGINT or SIGTERM: rolled back, exit 130/143", async () => {
  const { dir, done } = scratch();
  try {
    await plannedProject(dir);
    const table = (name: string) =>
      `\n\nclass ${name}(Base):\n    __tablename__ = "${name.toLowerCase()}s"\n    id: Mapped[int] = mapped_column(primary_key=True)\n`;
    writeFiles(dir, {
      "src/p/big.py": `from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\n\nclass Base(DeclarativeBase):\n    pass\n${table("User")}${table("Order")}`,
    });
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "big");
    const before = treeState(dir);
    for (const args of [
      ["move", "src/p/models/m1.py", "src/p/models/m1/row.py"],
      ["split", "src/p/big.py"],
    ]) {
      const ops = await operations(dir, args);
      const n = ops.findIndex((o) => o.startsWith("rename ")) + 1;
      assert.ok(n > 0, ops.join("\n"));
      for (const [sig, code] of SIGNALS) {
        const r = await pausedAndSignalled(dir, args, `pause:${n}`, sig);
        assert.equal(r.code, code, `${args[0]} ${sig}: ${r.out}${r.err}`);
        assert.match(r.err, /the write in progress was rolled back/);
        assert.equal(treeState(dir), before, `${args[0]} ${sig}`);
      }
    }
  } finally {
    done();
  }
});

/** Runs a command with a pausing fault, and sends `sig` once it says it is paused. */
function pausedAndSignalled(
  cwd: string,
  args: string[],
  fault: string,
  sig: NodeJS.Signals,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, REMODEL_TEST_FAULT: fault } });
    let out = "";
    let err = "";
    let sent = false;
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => {
      err += d;
      if (!sent && /remodel-paused /.test(err)) {
        sent = true;
        child.kill(sig);
      }
    });
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

test("a run holding the lock is named and waited for by refusing; a lock left by a dead process is taken over", async () => {
  const { dir, done } = scratch();
  try {
    const before = await plannedProject(dir);
    const sleeper = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const dead = Number(sleeper.stdout);
    writeFiles(dir, {
      ".remodel_cache/lock": JSON.stringify({ pid: process.pid, host: (await import("node:os")).hostname() }),
    });
    const held = await runBin(["apply", "plan.toml"], dir);
    assert.equal(held.code, 2, held.out + held.err);
    assert.match(held.err, new RegExp(`another remodel run \\(pid ${process.pid}\\)`));
    assert.equal(treeState(dir), before);
    writeFiles(dir, {
      ".remodel_cache/lock": JSON.stringify({ pid: dead, host: (await import("node:os")).hostname() }),
    });
    const stale = await runBin(["apply", "plan.toml"], dir);
    assert.equal(stale.code, 0, stale.out + stale.err);
    assert.ok(!existsSync(join(dir, ".remodel_cache/lock")));
  } finally {
    done();
  }
});

test("two applies at once: one writes, the other refuses or finds the work done; the tree is the after tree", async () => {
  const { dir, done } = scratch();
  try {
    await plannedProject(dir, 4);
    const [a, b] = await Promise.all([runBin(["apply", "plan.toml"], dir), runBin(["apply", "plan.toml"], dir)]);
    const codes = [a.code, b.code].sort();
    assert.ok(
      codes[0] === 0 && (codes[1] === 0 || codes[1] === 2),
      `${a.code} ${a.out}${a.err} / ${b.code} ${b.out}${b.err}`,
    );
    for (const r of [a, b])
      if (r.code === 2) assert.match(r.err, /another remodel run|changed after it was read|already|exists/);
    assert.match((await runBin(["status", "plan.toml"], dir)).out, /4\/4 done/);
    assert.ok(!existsSync(join(dir, ".remodel_cache/transaction")));
  } finally {
    done();
  }
});

test("a file edited between planning and writing is detected by its hash and not overwritten", async () => {
  const { dir, done } = scratch();
  try {
    const path = "src/p/models/m0.py";
    modelsProject(dir, 1);
    const loaded = await loadProject(dir, { exactRoot: true, noCache: true });
    const text = readFileSync(join(dir, path), "utf8");
    const plan = emptyPlan();
    plan.edits.set(path, [replacement(text.indexOf("pass"), text.indexOf("pass") + 4, "x = 1")]);
    writeFileSync(join(dir, path), "class M0:\n    edited = True\n");
    await assert.rejects(
      executePlan(loaded, plan, { allowDirty: true }),
      /m0\.py was changed after it was read; nothing was written/,
    );
    assert.equal(readFileSync(join(dir, path), "utf8"), "class M0:\n    edited = True\n");
  } finally {
    done();
  }
});

test("an injected ENOSPC while the journal is written: refused, exit 2, tree untouched, and the next run works (a real full disk: disk-full.test.ts)", async () => {
  const { dir, done } = scratch();
  try {
    const before = await plannedProject(dir, 3);
    const r = await runBin(["apply", "plan.toml", "--no-cache"], dir, { REMODEL_TEST_FAULT: "enospc:3" });
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /ENOSPC|no space/i);
    assert.doesNotMatch(r.err, /\n\s+at /);
    assert.equal(treeState(dir), before);
    const again = await runBin(["apply", "plan.toml"], dir);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match((await runBin(["status", "plan.toml"], dir)).out, /3\/3 done/);
  } finally {
    done();
  }
});
