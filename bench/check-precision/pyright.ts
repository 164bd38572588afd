import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import type { ProjectIndex } from "../../src/project/types.js";

/** One pyright diagnostic that is an import problem, with the module it names made absolute. */
export interface ImportDiagnostic {
  /** Relative to the project root, forward slashes. */
  path: string;
  /** 1-based, as Remodel reports lines. */
  line: number;
  /** The first quoted name of the message: the module, symbol, attribute or `__all__` entry. */
  subject: string;
  /** The absolute module the problem is about (the importing file's own module for `__all__`). */
  module: string;
  message: string;
}

interface PyrightOutput {
  generalDiagnostics: { file: string; message: string; rule?: string; range: { start: { line: number } } }[];
}

/**
 * Runs pyright over the project with only the import rules on, and returns its diagnostics
 * that are import problems. `REMODEL_PYRIGHT` is the command (default `npx -y pyright@1.1.414`).
 * The config lives outside the tree so the project's own pyright settings do not apply; the
 * source roots Remodel found are pyright's extraPaths, so both resolve against the same roots.
 * pyright takes its installed packages from `REMODEL_PRECISION_PYTHON` (default /usr/bin/python3,
 * the interpreter CPython's verdicts come from): the `python3` first on PATH may be another one
 * without them, and then an installed package that a first-party namespace folder shadows only
 * for pyright (`alembic/` beside `alembic.ini`) reads as first-party.
 */
export interface PyrightResult {
  diagnostics: ImportDiagnostic[];
  /** Lines (1-based) of every import diagnostic, including those with no module worked out, by file. */
  lines: Map<string, Set<number>>;
}

export function pyrightImportDiagnostics(index: ProjectIndex): PyrightResult {
  const dir = mkdtempSync(join(tmpdir(), "remodel-pyright-"));
  try {
    const config = join(dir, "pyrightconfig.json");
    writeFileSync(
      config,
      JSON.stringify({
        // pyright ignores absolute paths in "include": every path is relative to the config.
        include: [relative(dir, index.root)],
        exclude: ["**/node_modules", "**/.*", "**/__pycache__"],
        // The config sits outside the tree, so the project root is a search path like every source root.
        extraPaths: index.sourceRoots.map((r) => relative(dir, join(index.root, r))),
        // The Python the project declares: pyright otherwise takes the interpreter's (3.11 here), and
        // then a module-level `if sys.version_info < (3, 12): raise ...` makes the rest of the module
        // unreachable, so every name it binds below is "unknown import symbol" (netbox's settings).
        ...(declaredPython(index.root) ? { pythonVersion: declaredPython(index.root) } : {}),
        typeCheckingMode: "off",
        // A project's `# type: ignore[...]` on an import it knows is broken (letta's tests:
        // `from letta import RESTClient  # type: ignore[attr-defined]`) silences pyright, not
        // CPython: the referee reports what the code does, whatever the project chose to hide.
        enableTypeIgnoreComments: false,
        reportMissingImports: "error",
        reportAttributeAccessIssue: "error",
        reportUnsupportedDunderAll: "error",
        reportMissingModuleSource: "none",
      }),
    );
    const [cmd, ...args] = (process.env.REMODEL_PYRIGHT ?? "npx -y pyright@1.1.414").split(" ");
    let out: string;
    try {
      const python = process.env.REMODEL_PRECISION_PYTHON ?? "/usr/bin/python3";
      out = execFileSync(cmd, [...args, "--outputjson", "--pythonpath", python, "-p", config], {
        encoding: "utf8",
        maxBuffer: 1 << 30,
      });
    } catch (e) {
      // pyright exits 1 when it reports errors: its JSON is still on stdout.
      out = (e as { stdout?: string }).stdout ?? "";
      if (!out.trim().startsWith("{")) throw e;
    }
    const parsed = JSON.parse(out) as PyrightOutput;
    const found: ImportDiagnostic[] = [];
    const lines = new Map<string, Set<number>>();
    for (const d of parsed.generalDiagnostics) {
      const path = relative(index.root, d.file).split("\\").join("/");
      const line = d.range.start.line + 1;
      if (
        d.rule === "reportMissingImports" ||
        d.rule === "reportAttributeAccessIssue" ||
        d.rule === "reportMissingModuleSource"
      ) {
        if (!lines.has(path)) lines.set(path, new Set());
        lines.get(path)?.add(line);
      }
      const subject = /"([^"]*)"/.exec(d.message)?.[1];
      if (subject === undefined) continue;
      const fileModule = index.files.get(path)?.module ?? moduleOfPath(path, index.sourceRoots);
      const isPackage = /(^|\/)__init__\.pyi?$/.test(path);
      let module: string | undefined;
      if (d.rule === "reportMissingImports" || d.rule === "reportMissingModuleSource") {
        module = absolute(subject, fileModule, isPackage);
      } else if (d.rule === "reportAttributeAccessIssue") {
        const ofModule = /is not a known attribute of module "([^"]*)"/.exec(d.message);
        // pyright names a module reached through a package's relative import as written there
        // (`".sql"` for `sa.sql`): the module is the head of the accessed chain, as the file imports it.
        // When no import of the file binds the head (a local variable annotated with a module,
        // dispatch's `query: orm.query`), the relative name is first-party only if some
        // first-party file writes it: otherwise it is a third-party package's own relative import.
        if (ofModule)
          module = ofModule[1].startsWith(".")
            ? (moduleOfAccess(index, path, line, subject) ??
              (writtenRelatively(index, ofModule[1]) ? ofModule[1] : undefined))
            : ofModule[1];
        else if (/is unknown import symbol/.test(d.message)) {
          const from = fromModuleAbove(index.readText(path), line);
          if (from !== undefined) module = absolute(from, fileModule, isPackage);
        }
      } else if (d.rule === "reportUnsupportedDunderAll" && /is specified in __all__/.test(d.message)) {
        module = fileModule;
      }
      if (module === undefined) continue;
      found.push({ path, line, subject, module, message: d.message });
    }
    return { diagnostics: found, lines };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lowest Python `requires-python` allows, from the nearest pyproject.toml at or above `root`. */
export function declaredPython(root: string): string | undefined {
  for (let dir = root, i = 0; i < 3; dir = dirname(dir), i++) {
    const file = join(dir, "pyproject.toml");
    if (!existsSync(file)) continue;
    return /^requires-python\s*=\s*["'][^"']*?>=\s*(3\.\d+)/m.exec(readFileSync(file, "utf8"))?.[1];
  }
  return undefined;
}

/**
 * pyright names relative imports as written (`..models`): the absolute name from the importing
 * module. One that climbs above the top-level package stays as written: it names no module, and
 * it is the project's own error (CPython: "attempted relative import beyond top-level package").
 */
export function absolute(name: string, fileModule: string, isPackage: boolean): string {
  const dots = /^\.*/.exec(name)?.[0].length ?? 0;
  if (dots === 0) return name;
  const parts = fileModule.split(".");
  if ((isPackage ? dots - 1 : dots) >= parts.length) return name;
  const base = parts.slice(0, parts.length - (isPackage ? dots - 1 : dots));
  const rest = name.slice(dots);
  return [...base, ...(rest ? [rest] : [])].join(".");
}

/** The module the head of the dotted chain ending in `.subject` on `line` is bound to by the file's imports. */
export function moduleOfAccess(index: ProjectIndex, path: string, line: number, subject: string): string | undefined {
  const file = index.files.get(path);
  const text = index.readText(path).split("\n")[line - 1] ?? "";
  const chain = new RegExp(`([A-Za-z_]\\w*)(?:\\s*\\.\\s*[A-Za-z_]\\w*)*\\s*\\.\\s*${subject}\\b`).exec(text);
  if (!file || !chain) return undefined;
  const head = chain[1];
  for (const fact of file.facts.imports) {
    for (const n of fact.names) {
      if (fact.kind === "import" && (n.alias ?? n.name.split(".")[0]) === head) return n.alias ? n.name : head;
      if (fact.kind === "from" && (n.alias ?? n.name) === head) {
        const from = absolute(`${".".repeat(fact.level)}${fact.module}`, file.module, file.isPackage);
        return from.endsWith(".") ? `${from}${n.name}` : `${from}.${n.name}`;
      }
    }
  }
  return undefined;
}

/** Some file of the project imports the relative name `written` (`.query`) as written: `from .query import x` or `from . import query`. */
export function writtenRelatively(index: ProjectIndex, written: string): boolean {
  const level = /^\.*/.exec(written)?.[0].length ?? 0;
  const rest = written.slice(level);
  for (const file of index.files.values())
    for (const f of file.facts.imports) {
      if (f.kind !== "from" || f.level !== level) continue;
      if (f.module === rest || (f.module === "" && f.names.some((n) => n.name === rest))) return true;
    }
  return false;
}

/** The module of the `from X import` statement that spans `line` (1-based): the nearest one above. */
export function fromModuleAbove(text: string, line: number): string | undefined {
  const lines = text.split("\n");
  for (let i = line - 1; i >= 0 && i >= line - 200; i--) {
    const m = /^\s*from\s+(\S+)\s+import\b/.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}

function moduleOfPath(path: string, roots: readonly string[]): string {
  const root = roots.find((r) => r !== "" && path.startsWith(`${r}/`));
  const rel = root ? path.slice(root.length + 1) : path;
  return rel
    .replace(/\.pyi?$/, "")
    .replace(/\/__init__$/, "")
    .split("/")
    .join(".");
}
