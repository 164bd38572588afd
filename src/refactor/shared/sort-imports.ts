/**
 * When the project asks for it (`[tool.remodel] sort-imports = true`, or `--sort-imports`), touched
 * import blocks are sorted the way the project's own settings sort them (Ruff, isort, Black's line
 * length), with Ruff's own engine (its WebAssembly build): I001's fix is applied to a block only
 * when the plan changed a line of it, so untouched code stays byte-identical. By default nothing
 * is re-sorted: a move rewrites only the import lines it changes.
 */
import { applyEdits, type Edit } from "../../core/edits.js";
import { LineMap } from "../../core/text.js";
import type { Overlay } from "../../core/overlay.js";
import { ruffCheck } from "./ruff-engine.js";

/** isort's option names (and section names) as Ruff's `lint.isort` spells them. */
const ISORT_TO_RUFF: Record<string, string> = {
  force_single_line: "force-single-line",
  force_sort_within_sections: "force-sort-within-sections",
  combine_as_imports: "combine-as-imports",
  known_first_party: "known-first-party",
  known_third_party: "known-third-party",
  known_local_folder: "known-local-folder",
  extra_standard_library: "extra-standard-library",
  lines_after_imports: "lines-after-imports",
  lines_between_types: "lines-between-types",
  order_by_type: "order-by-type",
  case_sensitive: "case-sensitive",
  force_wrap_aliases: "force-wrap-aliases",
  split_on_trailing_comma: "split-on-trailing-comma",
  no_lines_before: "no-lines-before",
  from_first: "from-first",
  force_to_top: "force-to-top",
  single_line_exclusions: "single-line-exclusions",
  length_sort: "length-sort",
  no_sections: "no-sections",
};
const SECTIONS: Record<string, string> = {
  FUTURE: "future",
  STDLIB: "standard-library",
  THIRDPARTY: "third-party",
  FIRSTPARTY: "first-party",
  LOCALFOLDER: "local-folder",
};
/** What isort's profiles set that Ruff can express. */
const PROFILES: Record<string, Record<string, unknown>> = {
  black: { "split-on-trailing-comma": true },
  google: {
    "force-single-line": true,
    "force-sort-within-sections": true,
    "single-line-exclusions": ["typing"],
    "order-by-type": false,
  },
  django: { "combine-as-imports": true },
};

const list = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.map(String)
    : typeof v === "string"
      ? v
          .split(",")
          .map((x) => x.trim())
          .filter(Boolean)
      : [];

/** Ruff's `lint.isort` options for an isort configuration (`[tool.isort]`, `.isort.cfg`, setup.cfg). */
export function ruffIsortFromIsort(isort: Record<string, unknown>): {
  isort: Record<string, unknown>;
  lineLength: number | null;
} {
  const out: Record<string, unknown> = { ...(PROFILES[String(isort.profile ?? "")] ?? {}) };
  for (const [key, value] of Object.entries(isort)) {
    const ruffKey = ISORT_TO_RUFF[key.replace(/-/g, "_")];
    if (!ruffKey) continue;
    if (ruffKey === "no-lines-before")
      out[ruffKey] = list(value).map((x) => SECTIONS[x.toUpperCase()] ?? x.toLowerCase());
    else if (/^(known|extra|single|force-to-top)/.test(ruffKey)) out[ruffKey] = list(value);
    else out[ruffKey] = value;
  }
  const len = Number(isort.line_length ?? isort["line-length"] ?? (isort.profile === "google" ? 80 : NaN));
  return { isort: out, lineLength: Number.isFinite(len) ? len : null };
}

/** The settings a project sorts its imports with, wherever it keeps them. */
export interface ImportStyleSources {
  ruff: Record<string, unknown> | null;
  isort: Record<string, unknown> | null;
  blackLineLength: number | null;
}

/**
 * Ruff options restricted to import sorting, from the project's own settings, with our
 * first-party list: `[tool.ruff]` (or ruff.toml) when it configures isort, else isort's own
 * configuration; line length from Ruff, else isort, else Black.
 */
export function ruffOptions(style: ImportStyleSources, firstParty: string[]): Record<string, unknown> {
  const r = style.ruff ?? {};
  const lint = (r.lint as Record<string, unknown> | undefined) ?? {};
  const ruffIsort = { ...((r.isort as object) ?? {}), ...((lint.isort as object) ?? {}) } as Record<string, unknown>;
  const fromIsort = style.isort && Object.keys(ruffIsort).length === 0 ? ruffIsortFromIsort(style.isort) : null;
  const isort = fromIsort?.isort ?? ruffIsort;
  const known = new Set([...list(isort["known-first-party"]), ...firstParty]);
  const opts: Record<string, unknown> = {
    lint: { select: ["I001"], isort: { ...isort, "known-first-party": [...known].sort() } },
  };
  const lineLength =
    typeof r["line-length"] === "number" ? r["line-length"] : (fromIsort?.lineLength ?? style.blackLineLength);
  if (typeof lineLength === "number") opts["line-length"] = lineLength;
  if (typeof r["target-version"] === "string") opts["target-version"] = r["target-version"];
  return opts;
}

/**
 * Sorts, in place, the import blocks of each overlay text that contain a changed line.
 * `changedLines` gives, per path, the 1-based lines of the new text the plan wrote.
 */
export function sortTouchedImports(
  overlay: Overlay,
  changedLines: Map<string, Set<number>>,
  options: Record<string, unknown>,
): string[] {
  const sorted: string[] = [];
  const paths = [...changedLines].filter(
    ([path, lines]) => path.endsWith(".py") && lines.size > 0 && overlay.texts.has(path),
  );
  // One batch: Ruff starts once for the whole plan.
  const reports = ruffCheck(
    options,
    paths.map(([path]) => overlay.texts.get(path)!),
  );
  for (const [i, [path, lines]] of paths.entries()) {
    const text = overlay.texts.get(path)!;
    const diagnostics = reports[i];
    if (!diagnostics) continue; // Ruff could not parse it; verification will say why
    const map = new LineMap(text);
    const edits: Edit[] = [];
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
    // Through applyEdits like every other edit: one pass, and two fixes that overlap are a bug.
    overlay.texts.set(path, applyEdits(text, edits));
    sorted.push(path);
  }
  return sorted;
}
