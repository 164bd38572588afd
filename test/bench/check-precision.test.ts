import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";

import { absolute, declaredPython, moduleOfAccess, writtenRelatively } from "../../bench/check-precision/pyright.js";
import { notCounted } from "../../bench/check-precision/not-counted.js";
import { loadProject } from "../../src/project/load.js";
import { fixtures } from "../support/tree.js";

const project = join(fixtures("bench"), "check-precision", "project");

test("a relative name that climbs above the top-level package stays relative (the project's error, not a third-party module)", () => {
  assert.equal(absolute("....celeryconf", "shop.channel.tasks.job", false), "....celeryconf");
  assert.equal(absolute("...models", "shop.channel.tasks.job", false), "shop.models");
  assert.equal(absolute("..", "shop.channel.tasks", true), "shop.channel");
  assert.equal(absolute(".x", "toplevel", false), ".x");
});

test("the module of an attribute pyright names relatively is the head of the accessed chain, as the file imports it", async () => {
  const index = await loadProject(project, { noCache: true, exactRoot: true });
  assert.equal(moduleOfAccess(index, "shop/api/__init__.py", 6, "elements"), "sqlalchemy");
  assert.equal(moduleOfAccess(index, "shop/api/__init__.py", 6, "_mapper_registry"), "sqlalchemy.orm.mapperlib");
  assert.equal(moduleOfAccess(index, "shop/api/__init__.py", 5, "elements"), undefined);
});

test("pyright runs as the lowest Python the project declares", () => {
  assert.equal(declaredPython(join(project, "shop")), "3.12");
});

test("a module missing under a package that extends __path__ is not counted; one under a plain package is", async () => {
  const index = await loadProject(project, { noCache: true, exactRoot: true });
  const kind = notCounted.find((k) => k.name === "portion of an extended package")!;
  const d = (module: string) => ({
    path: "x.py",
    line: 1,
    subject: module,
    module,
    message: `Import "${module}" could not be resolved`,
  });
  const run = { index, lines: new Map() };
  assert.equal(kind.applies(d("shop.v2.outputs"), run), true);
  assert.equal(kind.applies(d("shop.api.gone"), run), false);
});

test("a relative module name pyright prints is first-party only when a file of the project writes it", async () => {
  const index = await loadProject(project, { noCache: true, exactRoot: true });
  assert.equal(writtenRelatively(index, ".api"), true);
  // `from . import api` writes `.api` too; nothing writes `.query` (a third-party package's own import).
  assert.equal(writtenRelatively(index, ".query"), false);
  assert.equal(writtenRelatively(index, "..api"), false);
});

test("an attribute pyright reports inside a string annotation is not counted; the same attribute read in code is", async () => {
  const applies = await judge("string annotation", "shop/orders.py");
  assert.equal(applies(5, "Missing"), true);
  assert.equal(applies(5, "Gone"), true);
  assert.equal(applies(6, "Gone"), false);
});

test("an unknown module attribute that a plain assignment sets is not counted; one read or augmented is", async () => {
  const applies = await judge("assignment to a module attribute", "shop/reset.py");
  assert.equal(applies(5, "_CACHE"), true);
  assert.equal(applies(6, "COUNT"), false);
  assert.equal(applies(7, "MODE"), false);
});

/** Whether the not-counted kind `name` takes pyright's "not a known attribute of shop.api" at a line of `path`. */
async function judge(name: string, path: string) {
  const index = await loadProject(project, { noCache: true, exactRoot: true });
  const kind = notCounted.find((k) => k.name === name)!;
  const run = { index, lines: new Map() };
  return (line: number, subject: string) =>
    kind.applies(
      {
        path,
        line,
        subject,
        module: "shop.api",
        message: `"${subject}" is not a known attribute of module "shop.api"`,
      },
      run,
    );
}
