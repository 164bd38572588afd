/**
 * `split pkg/models.py` when a folder `pkg/models/` already stands beside it: refused, exit 2,
 * nothing written, with why. With an `__init__.py` there Python imports that package and never
 * models.py (its importers already get the package), which the message says; a folder without one
 * is named as such.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { capture, project } from "./support.js";

const MODELS = `from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=40)


class Book(models.Model):
    author = models.ForeignKey(Author, on_delete=models.CASCADE)


class Invoice(models.Model):
    number = models.CharField(max_length=20)


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE)
`;

async function splitWith(beside: Record<string, string>): Promise<{ code: number; err: string; dir: string }> {
  const dir = project({ "app/__init__.py": "", "app/models.py": MODELS, ...beside });
  const io = capture(dir);
  const code = await main(["split", "app/models.py", "--root", dir, "--no-cache"], io);
  return { code, err: io.stderr(), dir };
}

test("a package beside the module: refused, saying Python imports the package and models.py is shadowed", async () => {
  const { code, err, dir } = await splitWith({ "app/models/__init__.py": "", "app/models/base.py": "" });
  assert.equal(code, 2);
  assert.match(
    err,
    /app\/models\/ already exists beside app\/models\.py, and Python imports that package, not app\/models\.py \(shadowed/,
  );
  assert.equal(err.trim().split("\n").length, 1, "one line");
  assert.ok(existsSync(join(dir, "app/models.py")), "nothing written");
});

test("a folder without __init__.py beside the module: refused, named as such", async () => {
  const { code, err } = await splitWith({ "app/models/notes.py": "" });
  assert.equal(code, 2);
  assert.match(
    err,
    /app\/models\/ already exists beside app\/models\.py \(a folder without __init__\.py\); move or rename it first/,
  );
});
