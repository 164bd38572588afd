/**
 * Touched import blocks are sorted the way the project's own Ruff configuration sorts them, with
 * Ruff's own engine (its WebAssembly build): I001's fix is applied to a block only when the plan
 * changed a line of it, so untouched code stays byte-identical.
 */
import { createRequire } from "node:module";
import { setFlagsFromString } from "node:v8";
import { LineMap } from "../../core/text.js";
import type { Overlay } from "../../core/overlay.js";

interface RuffFix { edits: { content: string | null; location: { row: number; column: number }; end_location: { row: number; column: number } }[] }
interface RuffDiagnostic { code: string | null; start_location: { row: number }; end_location: { row: number }; fix: RuffFix | null }
interface RuffWorkspace { check(contents: string): RuffDiagnostic[] }

let workspaceCtor: { new (options: unknown, encoding: number): RuffWorkspace } | null = null;

function ruffWorkspace(options: Record<string, unknown>): RuffWorkspace {
  if (!workspaceCtor) {
    // Baseline (Liftoff) code only: Ruff runs on a handful of files, and V8's optimizing tier
    // would recompile its 10 MB module on background threads, taking a core from the checks
    // that follow (they ran 2-3x slower on two cores) and holding the process at exit.
    setFlagsFromString("--liftoff-only");
    const ruff = createRequire(import.meta.url)("@astral-sh/ruff-wasm-nodejs");
    workspaceCtor = ruff.Workspace;
  }
  return new workspaceCtor!(options, 1 /* UTF-16 offsets, like ours */);
}

/** Ruff options from the project's [tool.ruff], restricted to import sorting, with our first-party list. */
export function ruffOptions(projectRuff: Record<string, unknown> | null, firstParty: string[]): Record<string, unknown> {
  const r = projectRuff ?? {};
  const lint = (r.lint as Record<string, unknown> | undefined) ?? {};
  const isort = { ...((r.isort as object) ?? {}), ...((lint.isort as object) ?? {}) } as Record<string, unknown>;
  const known = new Set([...((isort["known-first-party"] as string[]) ?? []), ...firstParty]);
  const opts: Record<string, unknown> = {
    lint: { select: ["I001"], isort: { ...isort, "known-first-party": [...known].sort() } },
  };
  if (typeof r["line-length"] === "number") opts["line-length"] = r["line-length"];
  if (typeof r["target-version"] === "string") opts["target-version"] = r["target-version"];
  return opts;
}

/**
 * Sorts, in place, the import blocks of each overlay text that contain a changed line.
 * `changedLines` gives, per path, the 1-based lines of the new text the plan wrote.
 */
export function sortTouchedImports(overlay: Overlay, changedLines: Map<string, Set<number>>, options: Record<string, unknown>): string[] {
  const sorted: string[] = [];
  let ws: RuffWorkspace | null = null;
  for (const [path, lines] of changedLines) {
    const text = overlay.texts.get(path);
    if (text === undefined || !path.endsWith(".py") || lines.size === 0) continue;
    ws ??= ruffWorkspace(options);
    let diagnostics: RuffDiagnostic[];
    try {
      diagnostics = ws.check(text);
    } catch {
      continue; // Ruff could not parse it; verification will say why
    }
    const map = new LineMap(text);
    const edits: { start: number; end: number; text: string }[] = [];
    for (const d of diagnostics) {
      if (d.code !== "I001" || !d.fix) continue;
      let touched = false;
      for (let l = d.start_location.row; l <= d.end_location.row && !touched; l++) touched = lines.has(l);
      if (!touched) continue;
      for (const e of d.fix.edits) {
        edits.push({
          start: map.lineStart(e.location.row) + e.location.column - 1,
          end: map.lineStart(e.end_location.row) + e.end_location.column - 1,
          text: e.content ?? "",
        });
      }
    }
    if (!edits.length) continue;
    edits.sort((a, b) => b.start - a.start);
    let out = text;
    for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    overlay.texts.set(path, out);
    sorted.push(path);
  }
  return sorted;
}
