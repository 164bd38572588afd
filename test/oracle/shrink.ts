/**
 * Shrinks a disagreement between Remodel and CPython to a minimal fixture: the one probe line,
 * then greedily drops files and top-level statements while the same disagreement persists.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { GenProject } from "./generate-project.js";
import { compare, isDisagreement, runPython, runRemodel, writeProject, type Verdict, SCRATCH } from "./oracle.js";

/** Top-level statements of a generated file (a line without indentation starts one). */
function chunks(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (/^\s/.test(line) && out.length) out[out.length - 1] += "\n" + line;
    else out.push(line);
  }
  return out;
}

const join2 = (parts: string[]) => (parts.length ? parts.join("\n") + "\n" : "");

async function stillDisagrees(
  files: Map<string, string>,
  base: GenProject,
  probePath: string,
  want: Verdict,
  wantDir: string,
): Promise<boolean> {
  const dir = mkdtempSync(join(SCRATCH, "remodel-shrink-"));
  try {
    const project: GenProject = {
      ...base,
      files,
      library: [],
      probes: base.probes.filter((p) => p.path === probePath),
    };
    writeProject(dir, project);
    const [py] = await runPython([{ dir, project }]);
    const v = compare(project, await runRemodel(dir), py).find((x) => x.line === 1);
    // The same failure, not just any disagreement: CPython's message (paths aside) must not change.
    const same = (a: string | null, d: string) => a?.replaceAll(d, "<root>") ?? null;
    return !!v && isDisagreement(v) && same(v.python, dir) === same(want.python, wantDir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A minimal fixture (path → text) on which Remodel and CPython still disagree like `v`. */
export async function shrink(v: Verdict, wantDir: string): Promise<Map<string, string>> {
  const files = new Map(v.project.files);
  for (const p of v.project.probes) if (p.path !== v.path) files.delete(p.path);
  files.set(v.path, v.text + "\n");
  if (!(await stillDisagrees(files, v.project, v.path, v, wantDir))) return files;
  for (const path of [...files.keys()]) {
    if (path === v.path) continue;
    const without = new Map(files);
    without.delete(path);
    if (await stillDisagrees(without, v.project, v.path, v, wantDir)) files.delete(path);
  }
  for (const path of [...files.keys()]) {
    if (path === v.path) continue;
    let parts = chunks(files.get(path)!);
    for (let i = parts.length - 1; i >= 0; i--) {
      const fewer = [...parts.slice(0, i), ...parts.slice(i + 1)];
      const trial = new Map(files).set(path, join2(fewer));
      if (await stillDisagrees(trial, v.project, v.path, v, wantDir)) {
        parts = fewer;
        files.set(path, join2(parts));
      }
    }
  }
  return files;
}

export function renderFixture(files: Map<string, string>): string {
  return [...files]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, t]) => `--- ${p}\n${t || "(empty)\n"}`)
    .join("");
}
