/**
 * Disk full for real: the project lives on a 2 MB tmpfs filled to the brim, so the journal's saved
 * copies hit ENOSPC from the kernel, not from the test hook. Mounting needs root, so this file is
 * its own test tier (`mount` in scripts/test.mjs): where it cannot mount, the run names it as not
 * run, and with CI=true that is a failure. There is no fallback here that would pass unmounted.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { git, modelsProject, runBin, treeState } from "./project.js";

test("disk full while the journal is written (a full tmpfs): refused, exit 2, tree untouched, and the next run works", async () => {
  const dir = mkdtempSync(join(tmpdir(), "remodel-disk-full-"));
  const mnt = join(dir, "small");
  mkdirSync(mnt);
  const mount = spawnSync("mount", ["-t", "tmpfs", "-o", "size=2m", "tmpfs", mnt], { encoding: "utf8" });
  assert.equal(mount.status, 0, `cannot mount a tmpfs: ${mount.stderr}`);
  try {
    const project = join(mnt, "p");
    modelsProject(project, 3);
    const planned = await runBin(["plan", "package", "p.models", "--out", "plan.toml"], project);
    assert.equal(planned.code, 0, planned.err);
    git(project, "add", "plan.toml");
    git(project, "commit", "-qm", "plan");
    const before = treeState(project);
    // Fill the file system, then free a little: enough for git, less than the saved copies need.
    writeFileSync(join(mnt, "spacer"), Buffer.alloc(12 * 1024, 120));
    assert.throws(() => writeFileSync(join(mnt, "filler"), Buffer.alloc(4 * 1024 * 1024, 120)), /ENOSPC/);
    rmSync(join(mnt, "spacer"));
    const r = await runBin(["apply", "plan.toml", "--no-cache"], project);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /ENOSPC|no space|out of diskspace/i);
    assert.doesNotMatch(r.err, /\n\s+at /);
    assert.equal(treeState(project), before);
    rmSync(join(mnt, "filler"), { force: true });
    const again = await runBin(["apply", "plan.toml"], project);
    assert.equal(again.code, 0, again.out + again.err);
    assert.match((await runBin(["status", "plan.toml"], project)).out, /3\/3 done/);
  } finally {
    spawnSync("umount", [mnt]);
    rmSync(dir, { recursive: true, force: true });
  }
});
