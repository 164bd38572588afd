/** A small git project with a package of models, and what a crash test compares: every file's hash and the staged index. */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "../../support/tree.js";
import { writeProject } from "../../support/write-project.js";

export const bin = join(repoRoot, "bin", "remodel.js");

export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], {
    cwd,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/** The shared project writer, with the folder first as these tests call it. */
export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  writeProject(files, dir);
}

/** `modules` model modules under p.models, each imported by p.use, committed. */
export function modelsProject(dir: string, modules: number): void {
  const names = Array.from({ length: modules }, (_, i) => `m${i}`);
  const files: Record<string, string> = {
    "pyproject.toml": '[project]\nname = "p"\n',
    "src/p/__init__.py": "",
    "src/p/models/__init__.py":
      names.map((n) => `from .${n} import ${n.toUpperCase()}\n`).join("") +
      `\n__all__ = [${names.map((n) => `"${n.toUpperCase()}"`).join(", ")}]\n`,
    "src/p/use.py": names.map((n) => `from p.models.${n} import ${n.toUpperCase()}\n`).join(""),
  };
  for (const n of names) files[`src/p/models/${n}.py`] = `class ${n.toUpperCase()}:\n    pass\n`;
  writeFiles(dir, files);
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "init");
}

const SKIP = new Set([".git", ".remodel_cache", "__pycache__"]);

/** Every file of the work tree with its sha1, and the staged index (`git ls-files -s`). */
export function treeState(dir: string): string {
  const lines: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      if (SKIP.has(name)) continue;
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        lines.push(`dir ${relative(dir, p)}`);
        walk(p);
      } else lines.push(`${createHash("sha1").update(readFileSync(p)).digest("hex")} ${relative(dir, p)}`);
    }
  };
  walk(dir);
  return lines.join("\n") + "\n--- index\n" + git(dir, "ls-files", "-s");
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs the CLI in a child process; `killAfterMs` sends SIGKILL after that delay. */
export function runBin(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
  killAfterMs?: number,
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = killAfterMs === undefined ? null : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}
