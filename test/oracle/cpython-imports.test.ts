/**
 * CPython is the oracle for import resolution: hundreds of generated package trees, every probe
 * import run by python3 and checked by `remodel check` (RM001/RM002/RM003); the verdicts must
 * agree on every line, apart from the documented leniencies in ./oracle.ts. Library modules must
 * import under CPython and draw no finding from Remodel.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { generateProject, type GenProject } from "./generate-project.js";
import {
  compare,
  isDisagreement,
  libraryFindings,
  runPython,
  type RemodelResult,
  runRemodel,
  writeProject,
  type Verdict,
  SCRATCH,
} from "./oracle.js";
import { renderFixture, shrink } from "./shrink.js";

const PROJECTS = Number(process.env.REMODEL_ORACLE_PROJECTS ?? 500);
const FIRST_SEED = Number(process.env.REMODEL_ORACLE_SEED ?? 1);
const BATCHES = 2;

test(`CPython and the resolver agree on ${PROJECTS} generated projects`, async () => {
  const root = mkdtempSync(join(SCRATCH, "remodel-oracle-"));
  try {
    const all: { dir: string; project: GenProject }[] = [];
    for (let i = 0; i < PROJECTS; i++) {
      const project = generateProject(FIRST_SEED + i);
      const dir = join(root, `p${i}`);
      writeProject(dir, project);
      all.push({ dir, project });
    }
    // Two python3 processes (one per core) while Remodel indexes the projects.
    const size = Math.ceil(all.length / BATCHES);
    const python = Promise.all(
      Array.from({ length: BATCHES }, (_, b) => runPython(all.slice(b * size, (b + 1) * size))),
    );
    const remodel: RemodelResult[] = [];
    for (const { dir } of all) remodel.push(await runRemodel(dir));
    const pyResults = (await python).flat();

    const verdicts: Verdict[] = [];
    const generatorBugs: string[] = [];
    const libraryProblems: string[] = [];
    all.forEach(({ project }, i) => {
      for (const [m, err] of Object.entries(pyResults[i].library))
        if (err) generatorBugs.push(`seed ${project.seed}: ${m}: ${err}`);
      for (const p of libraryFindings(project, remodel[i])) libraryProblems.push(`seed ${project.seed}: ${p}`);
      verdicts.push(...compare(project, remodel[i], pyResults[i]));
    });
    assert.deepEqual(generatorBugs, [], "every generated library module imports under CPython");
    const unexpected = verdicts.filter((v) => v.python?.startsWith("UNEXPECTED"));
    assert.deepEqual(
      unexpected.map((v) => `${v.project.seed} ${v.text}: ${v.python}`),
      [],
      "probes fail only with ImportError/AttributeError",
    );
    assert.deepEqual(
      libraryProblems,
      [],
      "Remodel reports nothing in modules CPython imports cleanly, and every broken __all__",
    );

    const failing = verdicts.filter((v) => v.python !== null).length;
    const lenient = new Map<string, number>();
    for (const v of verdicts) if (v.leniency) lenient.set(v.leniency, (lenient.get(v.leniency) ?? 0) + 1);
    const disagreements = verdicts.filter(isDisagreement);
    const byCode = new Map<string, number>();
    for (const v of verdicts)
      for (const c of new Set(v.remodel.map((p) => p.code))) byCode.set(c, (byCode.get(c) ?? 0) + 1);
    console.log(
      `oracle: ${PROJECTS} projects, ${verdicts.length} probe lines (${failing} fail under CPython), ` +
        `${disagreements.length} disagreements, lenient: ${JSON.stringify(Object.fromEntries(lenient))}, ` +
        `lines with findings by code: ${JSON.stringify(Object.fromEntries([...byCode].sort()))}`,
    );
    // The oracle is not vacuous: plenty of probes on both sides.
    assert.ok(verdicts.length >= PROJECTS * 10, "enough probes");
    assert.ok(failing > verdicts.length / 5 && failing < (verdicts.length * 4) / 5, "both outcomes well represented");
    for (const code of ["RM001", "RM002", "RM003", "RM004"])
      assert.ok((byCode.get(code) ?? 0) >= PROJECTS / 50, `${code} exercised`);
    if (disagreements.length) {
      const shown = [];
      for (const v of disagreements.slice(0, 3))
        shown.push(await describe(v, all.find((a) => a.project === v.project)!.dir));
      assert.fail(`${disagreements.length} disagreements with CPython; first ones shrunk:\n\n${shown.join("\n\n")}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

async function describe(v: Verdict, dir: string): Promise<string> {
  const remodel = v.remodel.length ? v.remodel.map((p) => `${p.code} ${p.message}`).join("; ") : "no problem";
  const head = `seed ${v.project.seed}, ${v.path}:${v.line}: ${v.text}\n  CPython: ${v.python ?? "ok"}\n  Remodel: ${remodel}`;
  try {
    return `${head}\n${renderFixture(await shrink(v, dir))}`;
  } catch (e) {
    return `${head}\n(not shrunk: ${(e as Error).message})\n${renderFixture(v.project.files)}`;
  }
}
