/**
 * One function of the old module, rewritten on SQLAlchemy: the connection comes from the
 * module's engine, each `execute(SQL, params)` becomes `conn.execute(stmt)` with `stmt` built
 * just before the statement, and everything else (fetchone/fetchall, rowcount, lastrowid,
 * commit, the code around) is kept as written: SQLAlchemy's Result answers those the same way.
 */
import type { SyntaxNode } from "../../python/parser.js";
import type { KnownSchema } from "../known-schema.js";
import type { ParsedSql, Dialect } from "../sql-parse.js";
import type { RawSite } from "../sites.js";
import { dialectSpec } from "../../db/dialect.js";
import { Refusal, translate, type Translated } from "./translate.js";

export interface RewrittenFunction {
  text: string;
  statements: Translated[];
  mappingRows: boolean;
  /** Imports the rewritten code needs beyond its statements'. */
  imports: string[];
}

const CONNECT = /^(sqlite3|psycopg2|psycopg|pymysql|MySQLdb)\.connect$/;
const MAPPING_CURSOR = /RealDictCursor|DictCursor|dict_row|sqlite3\.Row/;

interface Edit {
  start: number;
  end: number;
  text: string;
}

export function rewriteFunction(
  fn: SyntaxNode,
  sites: { site: RawSite; parsed: ParsedSql }[],
  schema: KnownSchema,
  dialect: Dialect,
  orm = false,
): RewrittenFunction {
  const edits: Edit[] = [];
  const base = fn.startIndex;
  const src = fn.text;
  const params = new Set(parameterNames(fn));
  const cursors = new Map<string, string>();
  let mappingRows = false;
  let connected = false;
  const imports = new Set<string>();
  walk(fn, (n) => {
    if (n.type === "call" && CONNECT.test(n.childForFieldName("function")?.text ?? "")) {
      const inWith = n.parent?.type === "as_pattern" || n.parent?.type === "with_item";
      // ORM style: a Session stands where the connection was (it has execute, commit, rollback, close).
      const opened = orm
        ? inWith
          ? "_session()"
          : "Session(engine, future=True)"
        : inWith
          ? "_connect()"
          : "engine.connect()";
      edits.push({ start: n.startIndex, end: n.endIndex, text: opened });
      connected = true;
    }
    if (n.type === "expression_statement" && n.namedChildren[0]?.type === "assignment") {
      const a = n.namedChildren[0];
      const left = a.childForFieldName("left")?.text ?? "";
      const right = a.childForFieldName("right");
      if (/\.row_factory$/.test(left)) {
        if (!/sqlite3\.Row/.test(right?.text ?? ""))
          throw new Refusal(`row_factory ${right?.text}: only sqlite3.Row rows are converted`);
        mappingRows = true;
        edits.push(deleteLine(src, base, n));
      } else if (right?.type === "call" && /\.cursor$/.test(right.childForFieldName("function")?.text ?? "")) {
        if (MAPPING_CURSOR.test(right.childForFieldName("arguments")?.text ?? "")) mappingRows = true;
        cursors.set(left, right.childForFieldName("function")!.text.replace(/\.cursor$/, ""));
        edits.push(deleteLine(src, base, n));
      }
    }
    if (n.type === "with_item" && /\.cursor\(/.test(n.text)) {
      // `with conn.cursor() as cur:` only closes the cursor at the end: the block stays, over a
      // context that does nothing, and each `cur.execute(...)` becomes `cur = conn.execute(stmt)`.
      const m = /^([A-Za-z_][\w.]*)\.cursor\(([^]*)\)\s+as\s+([A-Za-z_]\w*)$/.exec(n.text);
      if (!m) throw new Refusal(`\`with ${n.text}\`: only \`with CONN.cursor(...) as NAME:\` is converted`);
      if (MAPPING_CURSOR.test(m[2])) mappingRows = true;
      cursors.set(m[3], m[1]);
      edits.push({ start: n.startIndex, end: n.endIndex, text: `nullcontext() as ${m[3]}` });
      imports.add("from contextlib import nullcontext");
    }
  });
  if (!connected) {
    const receivers = sites.map(({ site }) => receiverOf(site));
    const owner = receivers.map((r) => cursors.get(r) ?? r).find((r) => !params.has(r.split(".")[0]));
    if (owner)
      throw new Refusal(`the connection comes from \`${owner}\`, not from the driver's connect() or a parameter`);
  }
  const statements: Translated[] = [];
  const byStatement = new Map<number, SyntaxNode>();
  for (const { site, parsed } of sites) {
    if (site.call !== "execute" && site.call !== "executemany")
      throw new Refusal(`${site.call}() is not converted (execute() and executemany() are)`);
    const many = site.call === "executemany";
    if (!parsed.ast) throw new Refusal(dialectSpec(dialect).sql.noAstRefusal);
    // executemany: each placeholder is a bound parameter, filled from each item of the sequence.
    const value = many ? (name: string) => `sa.bindparam(${JSON.stringify(name)})` : paramValues(site, parsed);
    const receiver = receiverOf(site);
    const conn = cursors.get(receiver) ?? receiver;
    // Instances need a Session: one this function opens, not a connection its caller passes.
    const ormObjects = orm && connected && !many && !params.has(conn.split(".")[0]);
    const t = translate(parsed.ast, { schema, dialect, value, mappingRows, orm, ormObjects });
    if (many && t.returnsRows) throw new Refusal("executemany() of a statement that returns rows is not converted");
    statements.push(t);
    const stmtNode = enclosingStatement(site.callNode);
    if (byStatement.has(stmtNode.startIndex)) throw new Refusal("two SQL calls in one statement");
    byStatement.set(stmtNode.startIndex, stmtNode);
    const indent = lineIndent(src, stmtNode.startIndex - base);
    const lines = t.ormCall === "add" ? [...t.lines, `${conn}.add(new_row)`] : t.lines;
    edits.push({
      start: stmtNode.startIndex,
      end: stmtNode.startIndex,
      text: lines.join(`\n${indent}`) + `\n${indent}`,
    });
    const bare = site.callNode.parent?.type === "expression_statement" && cursors.has(receiver);
    if (many) {
      // The driver runs nothing for an empty sequence; SQLAlchemy would run the statement once without values.
      if (site.callNode.parent?.type !== "expression_statement")
        throw new Refusal("the result of executemany() is used: not converted");
      const items = manyParams(site, parsed);
      edits.push({ start: stmtNode.startIndex, end: stmtNode.startIndex, text: `_params = ${items}\n${indent}` });
      edits.push({
        start: site.callNode.startIndex,
        end: site.callNode.endIndex,
        text: `if _params:\n${indent}    ${bare ? `${receiver} = ` : ""}${conn}.execute(stmt, _params)`,
      });
      continue;
    }
    const call =
      t.ormCall === "scalars"
        ? `_Rows(${conn}.scalars(stmt), mapping=${mappingRows ? "True" : "False"})`
        : t.ormCall === "add"
          ? `_inserted(${conn}, new_row)`
          : `${conn}.execute(stmt)${t.returnsRows && mappingRows ? ".mappings()" : ""}`;
    edits.push({
      start: site.callNode.startIndex,
      end: site.callNode.endIndex,
      text: bare ? `${receiver} = ${call}` : call,
    });
  }
  return { text: applyEdits(src, base, edits), statements, mappingRows, imports: [...imports] };
}

function receiverOf(site: RawSite): string {
  return site.callNode.childForFieldName("function")!.childForFieldName("object")!.text;
}

/** Python expression of each placeholder's value, from the call's second argument. */
function paramValues(site: RawSite, parsed: ParsedSql): (name: string) => string {
  const p = site.paramsNode;
  if (!parsed.params.length)
    return () => {
      throw new Refusal("a placeholder without parameters");
    };
  if (!p) throw new Refusal("the SQL has placeholders but the call passes no parameters");
  const positional = parsed.style === "qmark" || parsed.style === "format" || parsed.style === "numeric";
  if (positional) {
    const items =
      p.type === "tuple" || p.type === "list" ? p.namedChildren.filter((c) => c.type !== "comment") : undefined;
    if (items && items.some((i) => i.type === "list_splat")) throw new Refusal("parameters with *unpacking");
    return (name) => {
      const i = Number(name.slice(1)) - 1;
      if (items) {
        if (!items[i]) throw new Refusal(`placeholder ${i + 1} has no parameter`);
        return paren(items[i]);
      }
      return `${p.text}[${i}]`;
    };
  }
  const pairs =
    p.type === "dictionary"
      ? new Map(
          p.namedChildren
            .filter((c) => c.type === "pair")
            .map((c) => [stringKey(c.childForFieldName("key")!), paren(c.childForFieldName("value")!)]),
        )
      : undefined;
  return (name) => {
    if (pairs) {
      const v = pairs.get(name);
      if (v === undefined) throw new Refusal(`parameter '${name}' is not in the dict`);
      return v;
    }
    return `${p.text}[${JSON.stringify(name)}]`;
  };
}

/** executemany's sequence as a list of dicts keyed by the placeholders' bound parameter names. */
function manyParams(site: RawSite, parsed: ParsedSql): string {
  const p = site.paramsNode;
  if (!p) throw new Refusal("executemany() without a sequence of parameters");
  const positional = parsed.style === "qmark" || parsed.style === "format" || parsed.style === "numeric";
  const one = positional
    ? `{${parsed.params.map((n, i) => `${JSON.stringify(n)}: _row[${i}]`).join(", ")}}`
    : `{${parsed.params.map((n) => `${JSON.stringify(n)}: _row[${JSON.stringify(n)}]`).join(", ")}}`;
  return `[${one} for _row in ${paren(p)}]`;
}

/** An argument as an operand: parenthesized unless it is a name, attribute, subscript, call or literal. */
function paren(n: SyntaxNode): string {
  return /^(identifier|attribute|subscript|call|string|integer|float|true|false|none)$/.test(n.type)
    ? n.text
    : `(${n.text})`;
}

function stringKey(n: SyntaxNode): string {
  return n.type === "string" ? n.text.slice(1, -1) : `\0${n.text}`;
}

function parameterNames(fn: SyntaxNode): string[] {
  const ps = fn.childForFieldName("parameters");
  return (ps?.namedChildren ?? [])
    .map((p) =>
      p.type === "identifier" ? p.text : (p.childForFieldName("name")?.text ?? p.namedChildren[0]?.text ?? ""),
    )
    .filter(Boolean);
}

function enclosingStatement(n: SyntaxNode): SyntaxNode {
  let s = n;
  while (s.parent && s.parent.type !== "block" && s.parent.type !== "module") s = s.parent;
  return s;
}

function lineIndent(src: string, offset: number): string {
  const start = src.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(src.slice(start))![0];
}

function deleteLine(src: string, base: number, n: SyntaxNode): Edit {
  const rel = n.startIndex - base;
  const start = src.lastIndexOf("\n", rel - 1) + 1;
  let end = src.indexOf("\n", n.endIndex - base);
  end = end < 0 ? src.length : end + 1;
  return { start: base + start, end: base + end, text: "" };
}

function applyEdits(src: string, base: number, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = src;
  for (const e of sorted) out = out.slice(0, e.start - base) + e.text + out.slice(e.end - base);
  return out;
}

function walk(n: SyntaxNode, visit: (n: SyntaxNode) => void): void {
  visit(n);
  for (const c of n.namedChildren) walk(c, visit);
}
