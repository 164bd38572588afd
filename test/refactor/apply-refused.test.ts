/**
 * `apply` with a step that is refused (a `patch.object` the step would silently break): exit 2,
 * nothing written, and the output names the refused step and why; it never says "nothing to do",
 * which reads as "the plan is already applied".
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { readTree } from "../support/tree.js";
import { writeProject } from "../support/write-project.js";

const files = {
  "pyproject.toml": `[project]\nname = "shop"\n`,
  "shop/__init__.py": "",
  "shop/models/__init__.py": "",
  "shop/models/mailer.py": `def send(to):\n    return f"sent to {to}"\n\n\ndef welcome(user):\n    return send(user)\n`,
  "tests/test_mailer.py": `from unittest import mock\n\nfrom shop.models import mailer\n\n\ndef test_welcome():\n    with mock.patch.object(mailer, "send", return_value="patched"):\n        assert mailer.welcome("ann") == "patched"\n`,
  "plan.toml": `[plan]\nkind = "package"\npackage = "shop.models"\nsubmodule = "core"\n\n[[step]]\nmodule = "shop.models.mailer"\nsrc = "shop/models/mailer.py"\ndest = "shop/models/mailer/core.py"\n`,
};

test("apply names a refused step instead of saying there is nothing to do", async () => {
  const work = writeProject(files);
  const before = readTree(work);
  const r = await runCli(["apply", "plan.toml"], work);
  assert.equal(r.code, 2, r.out + r.err);
  assert.doesNotMatch(r.out + r.err, /nothing to do/);
  assert.match(r.out, /not written: step shop\.models\.mailer refused/);
  assert.match(r.out, /tests\/test_mailer\.py:7: mock\.patch\.object\(mailer, "send"\)/);
  assert.deepEqual(readTree(work), before, "a refused plan wrote files");
});

test("apply --json reports a refused step as failed, not as nothing to do", async () => {
  const work = writeProject(files);
  const r = await runCli(["apply", "plan.toml", "--json"], work);
  assert.equal(r.code, 2, r.out + r.err);
  const out = JSON.parse(r.out) as {
    status: string;
    steps: { module: string; state: string; reason: string | null }[];
  };
  assert.equal(out.status, "failed");
  assert.equal(out.steps[0].state, "failed");
  assert.match(out.steps[0].reason ?? "", /refused/);
});
