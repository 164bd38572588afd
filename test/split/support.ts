/** Helpers for the split tests: a throwaway project, a capturing Io and whole-tree comparison. */
import { writeProject } from "../support/write-project.js";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Io } from "../../src/cli/command.js";

export function capture(cwd: string): Io & { stdout(): string; stderr(): string } {
  let out = "";
  let err = "";
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY: false,
    cwd,
    stdout: () => out,
    stderr: () => err,
  };
}

/** Every file under dir (relative, sorted), caches left out. */
export function treeFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    if (name === "__pycache__" || name === ".remodel_cache" || name === ".git") continue;
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...treeFiles(dir, rel));
    else out.push(rel);
  }
  return out;
}

/** The two trees hold the same files with the same bytes. */
export function sameTree(expected: string, actual: string): void {
  const a = treeFiles(expected);
  const b = treeFiles(actual);
  assert.deepEqual(b, a, "same files");
  for (const f of a)
    assert.equal(readFileSync(join(actual, f), "utf8"), readFileSync(join(expected, f), "utf8"), `${f} differs`);
}

/** A project in a new temporary directory holding these files (and a pyproject.toml). */
export function project(files: Record<string, string>): string {
  return writeProject({ "pyproject.toml": '[project]\nname = "x"\nversion = "0"\n', ...files });
}
