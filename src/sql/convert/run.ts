/**
 * `remodel sql convert`: facts (inventory) → rewritten functions → proof (old and new run by the
 * project's Python on scratch databases) → write only what was proven.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { RemodelError } from "../../core/errors.js";
import { loadPythonFiles } from "../../orm/loader.js";
import { parsePython, type SyntaxNode } from "../../python/parser.js";
import { inventory, type SqlFile, type SqlSite } from "../inventory.js";
import type { Dialect, ParsedSql } from "../sql-parse.js";
import type { RawSite } from "../sites.js";
import { generateArgs, generateRows } from "./generate.js";
import { renderModule, renderTest, type ConvertedFunction, type TestSpec } from "./render.js";
import { rewriteFunction } from "./rewrite-function.js";
import { scratchDdl, scratchTypes } from "./scratch-ddl.js";
import { Refusal } from "./translate.js";
import { servePglite } from "./pglite-bridge.js";
import { checkOutPackage, underOut } from "./out-package.js";
import { dialectSpec } from "../../db/dialect.js";

/** Where the conversion reports: the part of the CLI's Io it needs (sql/ sits below cli/). */
interface ConvertIo {
  out(text: string): void;
  cwd: string;
}

export interface ConvertArgs {
  target: string;
  out: string;
  python?: string;
  url?: string;
  style: "core" | "orm";
  root?: string;
  dialect?: Dialect;
  json: boolean;
  io: ConvertIo;
}

const RUNTIME = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..", "src", "sql", "runtime");

interface Left {
  function: string;
  line: number;
  reason: string;
}

export async function runConvert(a: ConvertArgs): Promise<number> {
  const [fileArg, only] = a.target.split("::");
  const file = resolve(a.io.cwd, fileArg);
  if (!existsSync(file) || !statSync(file).isFile()) throw new RemodelError(`${fileArg}: no such file`);
  const outDir = resolve(a.io.cwd, a.out);
  checkOutPackage(file, outDir, a.out);
  const python = a.python ?? "python3";
  checkPython(python);
  const url = a.url && sqlalchemyUrl(a.url);
  if (url) checkUrl(python, url);
  const root = resolve(a.io.cwd, a.root ?? ".");
  const projectRoot = file.startsWith(root + sep) ? root : dirname(file);
  const rel = relative(projectRoot, file).split(sep).join("/");
  // What an earlier run wrote to --out is neither the project's raw SQL nor its models.
  const written = underOut(projectRoot, outDir);
  const files = (loadPythonFiles(projectRoot, { includeTests: true }) as SqlFile[]).filter((f) => !written(f.path));
  const inv = await inventory(files, { dialect: a.dialect, fullSchema: true });
  const text = readFileSync(file, "utf8");
  const tree = parsePython(text);
  const mine = inv.sites.filter(
    (s) => s.path === rel && (!only || s.function === only || s.function.endsWith(`.${only}`)),
  );
  if (only && !mine.length) throw new RemodelError(`${fileArg}: no SQL call site in a function '${only}'`);
  const left: Left[] = [];
  const candidates: ConvertedFunction[] = [];
  for (const [qual, sites] of groupBy(mine, (s) => s.function)) {
    const line = sites[0].line;
    if (!qual) {
      left.push(
        ...sites.map((s) => ({ function: "<module>", line: s.line, reason: "SQL at module level is not converted" })),
      );
      continue;
    }
    const blocking = sites.find((s) => s.verdict !== "convertible");
    if (blocking) {
      left.push({ function: qual, line, reason: `line ${blocking.line}: ${blocking.verdict}: ${blocking.reason}` });
      continue;
    }
    try {
      candidates.push(
        convertOne(
          qual,
          sites.map((s) => ({ site: inv.raw.get(s)!.site, parsed: inv.raw.get(s)!.parsed!, info: s })),
          tree,
          inv,
          a.style === "orm",
        ),
      );
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      left.push({ function: qual, line, reason: e.message });
    }
  }
  const modName = basename(file).replace(/\.py$/, "");
  const imports = tree.rootNode.namedChildren.filter((n) => /import/.test(n.type)).map((n) => n.text);
  const tables = [...new Set(candidates.flatMap((c) => c.tables))];
  const known = [...tables].flatMap((t) => closure(t, inv.schema));
  const rows = generateRows(inv.schema, [...new Set(known)]);
  const dialect = mine.find((s) => s.verdict === "convertible")?.dialect ?? "sqlite";
  // Parents first (the order rows are generated in): a foreign key names a table that exists.
  const ddlTables = Object.keys(rows).map((t) => inv.schema.get(t)!);
  const spec: TestSpec = {
    types: scratchTypes(ddlTables, dialect),
    tables: ddlTables.map((t) => ({ name: t.name, ddl: scratchDdl(t, dialect) })),
    rows,
    functions: candidates.map((c) => ({
      qualname: c.qualname,
      cls: c.cls,
      name: c.name,
      ordered: c.ordered,
      clock: c.clock,
      cases: generateArgs(c.params, inv.schema, c.tables, rows),
    })),
  };
  // The new module is imported as PACKAGE.module: the old module keeps its own name beside it.
  const newModule = `${basename(outDir)}.${modName}`;
  const proofs = candidates.length
    ? await proveOn(
        dialect,
        url,
        python,
        dirname(file),
        modName,
        newModule,
        renderModule(rel, imports, candidates, inv.schema, a.style),
        spec,
      )
    : {};
  const proven = candidates.filter((c) => proofs[c.qualname] === null);
  for (const c of candidates)
    if (proofs[c.qualname] !== null)
      left.push({
        function: c.qualname,
        line: c.line,
        reason: `not proven: ${proofs[c.qualname] ?? "no result from the proof run"}`,
      });
  const modulePath = join(outDir, `${modName}.py`);
  const testPath = join(outDir, `test_${modName}_differential.py`);
  if (proven.length) {
    mkdirSync(outDir, { recursive: true });
    if (!existsSync(join(outDir, "__init__.py"))) writeFileSync(join(outDir, "__init__.py"), "");
    writeFileSync(modulePath, renderModule(rel, imports, proven, inv.schema, a.style));
    const provenSpec = {
      ...spec,
      functions: spec.functions.filter((f) => proven.some((p) => p.qualname === f.qualname)),
    };
    writeFileSync(
      testPath,
      renderTest(
        readFileSync(join(RUNTIME, "differential.py"), "utf8"),
        relative(outDir, dirname(file)) || ".",
        modName,
        newModule,
        provenSpec,
        dialect,
      ),
    );
  }
  left.sort((x, y) => x.line - y.line);
  const shown = (p: string) => relative(a.io.cwd, p) || p;
  const result = {
    module: proven.length ? shown(modulePath) : null,
    test: proven.length ? shown(testPath) : null,
    converted: proven.map((c) => ({ function: c.qualname, line: c.line, proven: true })),
    left,
  };
  if (a.json) a.io.out(JSON.stringify(result, null, 2) + "\n");
  else {
    for (const c of result.converted) a.io.out(`${rel}:${c.line}: converted and proven: ${c.function}\n`);
    for (const l of left) a.io.out(`${rel}:${l.line}: left: ${l.function}: ${l.reason}\n`);
    a.io.out(
      `${result.converted.length} converted and proven${result.module ? ` (${result.module}, ${result.test})` : ""}, ${left.length} left\n`,
    );
  }
  return left.length ? 1 : 0;
}

function convertOne(
  qual: string,
  sites: { site: RawSite; parsed: ParsedSql; info: SqlSite }[],
  tree: { rootNode: SyntaxNode },
  inv: Awaited<ReturnType<typeof inventory>>,
  orm: boolean,
): ConvertedFunction {
  const fn = functionNode(sites[0].site.callNode);
  const dialect = sites[0].info.dialect;
  const r = rewriteFunction(
    fn,
    sites.map((s) => ({ site: s.site, parsed: s.parsed })),
    inv.schema,
    dialect,
    orm,
  );
  const cls = qual.includes(".") ? qual.split(".")[0] : undefined;
  const start = fn.startIndex;
  const lineStart = tree.rootNode.text.lastIndexOf("\n", start - 1) + 1;
  const params = (fn.childForFieldName("parameters")?.namedChildren ?? [])
    .map((p) => ({
      name: p.type === "identifier" ? p.text : (p.childForFieldName("name")?.text ?? p.namedChildren[0]?.text ?? ""),
      hint: p.childForFieldName("type")?.text ?? "",
    }))
    .filter((p) => p.name && !(cls && p.name === "self") && !p.name.startsWith("*"));
  return {
    qualname: qual,
    cls,
    name: fn.childForFieldName("name")!.text,
    line: sites[0].info.line,
    text: r.text,
    indent: tree.rootNode.text.slice(lineStart, start),
    imports: [...r.imports, ...r.statements.flatMap((s) => s.imports)],
    tables: [...new Set(r.statements.flatMap((s) => s.tables))],
    ordered: sites.some((s) => Array.isArray(s.parsed.ast?.orderby) && s.parsed.ast.orderby.length > 0),
    clock: [...new Set(r.statements.flatMap((s) => s.clockColumns).concat(clockDefaults(inv.schema)))],
    params,
    helpers: r.statements.flatMap((s) => s.helpers),
  };
}

/** Columns the database fills from its clock: compared as "set or not", never by value. */
function clockDefaults(schema: Awaited<ReturnType<typeof inventory>>["schema"]): string[] {
  return [...schema.values()].flatMap((t) =>
    t.columns.filter((c) => /CURRENT_|NOW|DATETIME/i.test(c.default ?? "")).map((c) => `${t.name}.${c.name}`),
  );
}

function functionNode(n: SyntaxNode): SyntaxNode {
  for (let p = n.parent; p; p = p.parent) if (p.type === "function_definition") return p;
  throw new Refusal("not in a function");
}

function closure(
  table: string,
  schema: Awaited<ReturnType<typeof inventory>>["schema"],
  seen = new Set<string>(),
): string[] {
  if (seen.has(table) || !schema.has(table)) return [];
  seen.add(table);
  return [table, ...schema.get(table)!.foreignKeys.flatMap((f) => closure(f.table, schema, seen))];
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}

function checkPython(python: string): void {
  const r = spawnSync(python, ["-c", "import sqlalchemy, sys; sys.stdout.write(sqlalchemy.__version__)"], {
    encoding: "utf8",
  });
  if (r.error) throw new RemodelError(`--python ${python}: cannot run it (${r.error.message})`);
  if (r.status !== 0) throw new RemodelError(`--python ${python}: no SQLAlchemy in this Python`);
  if (!/^(1\.4|2\.)/.test(r.stdout))
    throw new RemodelError(
      `--python ${python}: SQLAlchemy ${r.stdout} is older than 1.4 (the 2.0-style API is needed)`,
    );
}

/** `mysql://` and `mariadb://` name no driver: the proof's old code is PyMySQL's, so the engine's is too. */
function sqlalchemyUrl(url: string): string {
  return url.replace(/^(mysql|mariadb):\/\//, "mysql+pymysql://");
}

function checkUrl(python: string, url: string): void {
  const code =
    "import sys, sqlalchemy as sa\ntry:\n    sa.create_engine(sys.argv[1], future=True).connect().close()\nexcept Exception as e:\n    sys.stderr.write(str(e).splitlines()[0] if str(e) else type(e).__name__); sys.exit(1)";
  const r = spawnSync(python, ["-c", code, url], { encoding: "utf8", timeout: 20000 });
  if (r.status !== 0)
    throw new RemodelError(`--url: cannot connect (${(r.stderr || "timeout").trim().split("\n").pop()})`);
}

/**
 * The scratch database of the proof: SQLite files in a temporary folder; for PostgreSQL, scratch
 * schemas on the --url server (created and dropped by the harness) or, without --url, PGlite; for
 * MySQL, scratch databases on the --url server (there is no in-memory MySQL to fall back on).
 */
async function proveOn(
  dialect: Dialect,
  url: string | undefined,
  python: string,
  oldDir: string,
  oldModule: string,
  newModule: string,
  source: string,
  spec: TestSpec,
): Promise<Record<string, string | null>> {
  const d = dialectSpec(dialect).sql;
  if (url && !d.serverUrl?.test(url))
    throw new RemodelError(`--url: the code is ${dialect} (by its driver), the URL is not a ${dialect} server`);
  if (d.proof.kind === "file") return prove(python, oldDir, oldModule, newModule, source, spec);
  if (!url && d.proof.withoutUrl !== "pglite") throw new RemodelError(d.proof.withoutUrl.refusal);
  if (url) return prove(python, oldDir, oldModule, newModule, source, { ...spec, url });
  const pglite = await servePglite();
  try {
    return await prove(python, oldDir, oldModule, newModule, source, { ...spec, url: pglite.url });
  } finally {
    await pglite.close();
  }
}

/** Runs the harness; asynchronously, so that PGlite, served from this process, can answer it. */
async function prove(
  python: string,
  oldDir: string,
  oldModule: string,
  newModule: string,
  source: string,
  spec: TestSpec & { url?: string },
): Promise<Record<string, string | null>> {
  const dir = mkdtempSync(join(tmpdir(), "remodel-sql-proof-"));
  try {
    const [pkg, mod] = newModule.split(".");
    mkdirSync(join(dir, pkg));
    writeFileSync(join(dir, pkg, "__init__.py"), "");
    writeFileSync(join(dir, pkg, `${mod}.py`), source);
    const input = JSON.stringify({
      ...spec,
      sys_path: oldDir,
      old_module: oldModule,
      new_module: newModule,
      new_dir: dir,
    });
    const r = await runAsync(python, [join(RUNTIME, "prove.py")], input, dir);
    const lastLine = r.stdout.trim().split("\n").pop() ?? "";
    let parsed: { results?: Record<string, string | null>; error?: string };
    try {
      parsed = JSON.parse(lastLine);
    } catch {
      throw new RemodelError(
        `the proof run failed: ${(r.stderr || r.stdout).trim().split("\n").slice(-1)[0] ?? `exit ${r.status}`}`,
      );
    }
    if (parsed.error) throw new RemodelError(`the proof run failed: ${parsed.error}`);
    return parsed.results ?? {};
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runAsync(
  cmd: string,
  args: string[],
  input: string,
  cwd: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const child = spawn(cmd, args, { cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 300000);
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    child.on("error", (e) => {
      clearTimeout(timer);
      ok({ status: null, stdout, stderr: stderr + e.message });
    });
    child.on("close", (status) => {
      clearTimeout(timer);
      ok({ status, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
