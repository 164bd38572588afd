/** `sql inventory` reads the models through the project's content cache, as `remodel schema` does. */
import assert from "node:assert/strict";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli } from "../support/run-cli.js";
import { copyToTemp, fixtures } from "../support/tree.js";

test("inventory answers the same from the cache it keeps, and --no-cache neither reads nor writes one", async () => {
  const app = copyToTemp(join(fixtures("sql"), "flask-models"));
  const fresh = await runCli(["sql", "inventory", ".", "--json", "--no-cache"], app);
  assert.ok(JSON.parse(fresh.out).sites.length > 0, fresh.err);
  assert.equal(existsSync(join(app, ".remodel_cache")), false, "--no-cache wrote a cache folder");
  const first = await runCli(["sql", "inventory", ".", "--json"], app);
  assert.ok(existsSync(join(app, ".remodel_cache")), "the default run keeps what it learnt");
  const second = await runCli(["sql", "inventory", ".", "--json"], app);
  assert.equal(first.out, fresh.out);
  assert.equal(second.out, fresh.out);
  assert.equal(second.code, fresh.code);
  rmSync(app, { recursive: true, force: true });
});
