/**
 * The all-or-nothing promise under SIGKILL: `apply` of a multi-step plan is killed after every
 * file operation of its transaction in turn (the REMODEL_TEST_FAULT hook) and at random moments,
 * then some other Remodel command runs; the tree (every file's hash, and the staged index) must
 * be exactly the tree before or the tree after, with no journal left.
 */
// REMODEL_TIER_FAULTS: minutes of real processes killed and re-run; `npm test` and CI run it, `test:unit` does not.
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { modelsProject, runBin, treeState } from "./project.js";

const FOLLOW_UPS = [["recover"], ["status", "plan.toml"], ["scan"], ["check"], ["schema"]];
const MIN_POINTS = 100;

test("apply killed at every operation of its transaction and at random moments leaves the tree before or after", {
  timeout: 900_000,
}, async () => {
  const work = mkdtempSync(join(tmpdir(), "remodel-crash-"));
  try {
    const template = join(work, "template");
    modelsProject(template, 10);
    const planned = await runBin(["plan", "package", "p.models", "--out", "plan.toml"], template);
    assert.equal(planned.code, 0, planned.err);
    const before = treeState(template);
    let copies = 0;
    const copy = () => {
      const dir = join(work, `run${copies++}`);
      cpSync(template, dir, { recursive: true });
      return dir;
    };

    const traced = copy();
    const t0 = Date.now();
    const full = await runBin(["apply", "plan.toml"], traced, { REMODEL_TEST_FAULT: "trace" });
    const duration = Date.now() - t0;
    assert.equal(full.code, 0, full.out + full.err);
    const after = treeState(traced);
    assert.notEqual(after, before);
    const operations = full.err.split("\n").filter((l) => l.startsWith("remodel-op ")).length;
    assert.ok(operations > 40, `only ${operations} operations`);

    const points: { env: Record<string, string>; killAfterMs?: number; name: string }[] = [];
    for (let n = 1; n <= operations; n++)
      points.push({ env: { REMODEL_TEST_FAULT: `kill:${n}` }, name: `after operation ${n}` });
    const random = Math.max(MIN_POINTS - operations, 0) + 20;
    for (let i = 0; i < random; i++) {
      const ms = Math.floor(Math.random() * duration * 1.2);
      points.push({ env: {}, killAfterMs: ms, name: `after ${ms} ms` });
    }
    assert.ok(points.length >= MIN_POINTS);

    const seen = { before: 0, after: 0 };
    const failures: string[] = [];
    const runPoint = async (i: number) => {
      const p = points[i];
      const dir = copy();
      const killed = await runBin(["apply", "plan.toml"], dir, p.env, p.killAfterMs);
      if (p.killAfterMs === undefined && killed.signal !== "SIGKILL")
        failures.push(`${p.name}: not killed (${killed.code}) ${killed.err}`);
      const followUp = FOLLOW_UPS[i % FOLLOW_UPS.length];
      const next = await runBin(followUp, dir);
      if (next.code !== 0)
        failures.push(`${p.name}: \`remodel ${followUp.join(" ")}\` exited ${next.code}: ${next.err}`);
      const state = treeState(dir);
      if (state === before) seen.before++;
      else if (state === after) seen.after++;
      else
        failures.push(
          `${p.name}, then \`remodel ${followUp.join(" ")}\`: the tree is neither before nor after\n${state}`,
        );
      if (existsSync(join(dir, ".remodel_cache", "transaction"))) failures.push(`${p.name}: a journal is left`);
      rmSync(dir, { recursive: true, force: true });
    };
    // Two at a time: the machine's cores, not more.
    for (let i = 0; i < points.length; i += 2)
      await Promise.all([runPoint(i), ...(i + 1 < points.length ? [runPoint(i + 1)] : [])]);
    assert.deepEqual(failures, []);
    assert.ok(seen.before > 0 && seen.after > 0, `before ${seen.before}, after ${seen.after}`);
    assert.equal(seen.before + seen.after, points.length);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
