import { existsSync } from "node:fs";
import { warningText } from "../../core/warning.js";
import { basename, dirname, join, relative, resolve } from "node:path";
import { RemodelError } from "../../core/errors.js";
import { outsidePackages } from "../../project/roots.js";
import { NoPythonFiles, projectScope } from "../../schema/load.js";
import { docsContext } from "../../docs/context.js";
import { renderers } from "../../docs/renderers.js";
import { docsSchema } from "../../docs/schema-input.js";
import { writeFolder } from "../../docs/write-folder.js";
import { commonOptions, UsageError, type Command } from "../command.js";
import type { ReadWarning } from "../../orm/loader.js";
import { reportReadWarnings } from "./schema.js";

const command: Command = {
  name: "docs",
  summary: "Write schema documentation: Markdown, Mermaid diagrams, and an offline HTML page",
  usage: `usage: remodel docs [PATH] [--only PATH] [--out DIR] [--html] [--schema FILE.json] [--title TEXT] [--json]

  Reads the models of the project holding PATH (default: .; its root is found as every command
  finds it) and replaces DIR (default: docs/schema under the project root, never inside a Python
  package) with an index, one page per table, one per domain, enums.md and Mermaid diagrams.
  --only PATH       document the tables defined under PATH; names still resolve across the project
  --html            also write index.html: one self-contained page that works offline
  --format IDS      renderers to run, comma-separated: ${Object.values(renderers)
    .map((r) => `${r.id} (${r.summary})`)
    .join("; ")}
  --schema FILE     document a neutral schema JSON (e.g. from a live database) instead of ROOT
  --title TEXT      title of the index and the HTML page
  --json            print the files written as JSON
  --no-cache        neither read nor write the project's .remodel_cache`,
  // What is known of each file's content is kept in the project's .remodel_cache (see schemaOfScope).
  options: {
    "no-cache": { type: "boolean" },
    ...commonOptions,
    out: { type: "string" },
    html: { type: "boolean" },
    schema: { type: "string" },
    title: { type: "string" },
    only: { type: "string" },
    format: { type: "string" },
  },
  async run({ positionals, values, io }) {
    if (positionals.length > 1) throw new UsageError("expected at most one ROOT");
    const file = values.schema as string | undefined;
    const only = typeof values.only === "string" ? resolve(io.cwd, values.only) : null;
    const scope = file
      ? { root: resolve(io.cwd, positionals[0] ?? "."), only: "" }
      : projectScope(resolve(io.cwd, positionals[0] ?? "."), only);
    const root = scope.root;
    const out = resolve(io.cwd, (values.out as string | undefined) ?? resolve(outsidePackages(root), "docs/schema"));
    const pkg = enclosingPackage(out, root);
    if (pkg)
      throw new RemodelError(
        `${displayPath(io.cwd, out)}: inside the Python package ${displayPath(io.cwd, pkg)}; write the docs outside it (--out DIR)`,
      );
    let schema;
    const warnings: ReadWarning[] = [];
    try {
      schema = docsSchema(
        scope,
        file ? resolve(io.cwd, file) : null,
        (w) => warnings.push(w),
        values["no-cache"] !== true,
      );
    } catch (e) {
      if (!(e instanceof NoPythonFiles)) throw e;
      io.err(`remodel docs: warning: ${e.message}\n`);
      return 2;
    }
    const title =
      (values.title as string | undefined) ?? defaultTitle(basename(file ? file.replace(/\.json$/i, "") : root));
    const ctx = docsContext(schema, {
      title,
      sourceRoot: file ? null : relative(out, root).split("\\").join("/") || ".",
    });
    const formats =
      typeof values.format === "string"
        ? values.format
            .split(",")
            .map((f) => f.trim())
            .filter(Boolean)
        : ["markdown"];
    if (values.html && !formats.includes("html")) formats.push("html");
    const unknown = formats.filter((f) => !Object.hasOwn(renderers, f));
    if (unknown.length)
      throw new UsageError(`unknown format ${unknown.join(", ")} (formats: ${Object.keys(renderers).join(", ")})`);
    const files = new Map(formats.flatMap((f) => [...renderers[f].render(ctx)]));
    for (const w of writeFolder(out, files)) io.err(`remodel docs: ${warningText(w)}\n`);
    if (schema.tables.length === 0)
      io.err(`remodel docs: warning: no tables found${file ? ` in ${file}` : ` under ${displayPath(io.cwd, root)}`}\n`);
    const shown = (p: string) => displayPath(io.cwd, p);
    const written = [...files.keys()].sort().map((p) => shown(resolve(out, p)));
    if (values.json) {
      io.out(JSON.stringify({ out: shown(out), tables: schema.tables.length, files: written }, null, 2) + "\n");
    } else {
      io.out(summary(shown(out), [...files.keys()], schema.tables.length));
    }
    return reportReadWarnings(io, warnings);
  },
};

/** The outermost folder with an `__init__.py` at or above `dir` (up to the project root), or null. */
function enclosingPackage(dir: string, root: string): string | null {
  let found: string | null = null;
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "__init__.py"))) found = d;
    if (d === root || dirname(d) === d || relative(root, d).startsWith("..")) break;
  }
  return found;
}

/** A path relative to the working directory when it lies below it, else absolute. */
function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return (rel.startsWith("..") ? path : rel || ".").split("\\").join("/");
}

/** `shop` → "shop schema"; a file named schema.json → "Database schema". */
function defaultTitle(base: string): string {
  if (base.toLowerCase() === "schema") return "Database schema";
  return /schema$/i.test(base) ? base : `${base} schema`;
}

/** One line per top-level file and one per folder with its file count. */
function summary(out: string, paths: string[], tables: number): string {
  const top = paths.filter((p) => !p.includes("/")).sort();
  const folders = new Map<string, number>();
  for (const p of paths) if (p.includes("/")) folders.set(p.split("/")[0], (folders.get(p.split("/")[0]) ?? 0) + 1);
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
  const lines = [`wrote ${out}/ (${n(tables, "table")}, ${n(paths.length, "file")})`];
  for (const p of top) lines.push(`  ${out}/${p}`);
  for (const [f, k] of [...folders].sort()) lines.push(`  ${out}/${f}/ (${n(k, "file")})`);
  return lines.join("\n") + "\n";
}

export default command;
