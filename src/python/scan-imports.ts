/** Reads one `import ...` or `from ... import ...` statement from tokens. */
import type { LineMap } from "../core/text.js";
import type { ImportContext, ImportFact, ImportedName } from "./facts.js";
import { Tok } from "./tokenizer.js";
import type { Cursor } from "./scan.js";

/**
 * Parses tokens [a, b) as an import statement; null when they are not one (for commented-out
 * lines, where the whole comment must be a valid import). `lines` is null for a sub-tokenized
 * comment, whose positions the caller shifts.
 */
export function parseImport(
  cur: Cursor,
  a: number,
  b: number,
  context: ImportContext,
  lines: LineMap | null,
  commented: boolean,
): ImportFact | null {
  const ts = cur.ts;
  // PEP 810: `lazy` is a soft keyword only directly before `import` / `from` at a statement's start.
  const first = a;
  const lazy = a + 1 < b && cur.isName(a, "lazy") && (cur.isName(a + 1, "import") || cur.isName(a + 1, "from"));
  if (lazy) a++;
  // One object literal per fact, in one key order (no spreads: this runs for every import of every file).
  const fact = (
    kind: "import" | "from",
    level: number,
    module: string,
    moduleStart: number,
    moduleEnd: number,
    names: ImportedName[],
    star: boolean,
  ): ImportFact => {
    const line = lines ? lines.line(ts.start[first]) : 0;
    return {
      kind,
      level,
      module,
      moduleStart,
      moduleEnd,
      names,
      star,
      start: ts.start[first],
      end: ts.end[b - 1],
      line,
      column: lines ? lines.column(ts.start[first], line) : 0,
      context: { ...context },
      commented,
      lazy,
    };
  };
  if (cur.isName(a, "import")) {
    const names = dottedList(cur, a + 1, b, lines);
    if (!names) return null;
    return fact("import", 0, "", ts.start[a], ts.start[a], names, false);
  }
  let i = a + 1;
  let level = 0;
  const moduleStart = ts.start[i] ?? ts.end[a];
  while (i < b && (cur.isOp(i, ".") || cur.isOp(i, "..."))) {
    level += ts.end[i] - ts.start[i];
    i++;
  }
  const parts: string[] = [];
  while (i < b && cur.isName(i) && !cur.is(i, "import")) {
    parts.push(cur.text(i));
    i++;
    if (cur.isOp(i, ".") && cur.isName(i + 1)) i++;
    else break;
  }
  if (level === 0 && parts.length === 0) return null;
  const moduleEnd = ts.end[i - 1];
  if (!cur.isName(i, "import")) return null;
  i++;
  const module = parts.join(".");
  if (cur.isOp(i, "*") && i + 1 === b) return fact("from", level, module, moduleStart, moduleEnd, [], true);
  let end = b;
  if (cur.isOp(i, "(")) {
    if (!cur.isOp(b - 1, ")")) return null;
    i++;
    end = b - 1;
  }
  const names = nameList(cur, i, end, lines);
  return names ? fact("from", level, module, moduleStart, moduleEnd, names, false) : null;
}

function importedName(
  name: string,
  alias: string | null,
  start: number,
  end: number,
  lines: LineMap | null,
): ImportedName {
  const line = lines ? lines.line(start) : 0;
  return { name, alias, start, end, line, column: lines ? lines.column(start, line) : 0 };
}

/** `a.b.c as d, e` */
function dottedList(cur: Cursor, i: number, b: number, lines: LineMap | null): ImportedName[] | null {
  const ts = cur.ts;
  const out: ImportedName[] = [];
  while (i < b) {
    const s = i;
    const parts: string[] = [];
    while (cur.isName(i) && i < b) {
      parts.push(cur.text(i));
      i++;
      if (cur.isOp(i, ".") && i + 1 < b) i++;
      else break;
    }
    if (parts.length === 0) return null;
    let alias: string | null = null;
    if (cur.isName(i, "as") && ts.kind[i + 1] === Tok.Name && i + 1 < b) {
      alias = cur.text(i + 1);
      i += 2;
    }
    out.push(importedName(parts.join("."), alias, ts.start[s], ts.end[i - 1], lines));
    if (i < b && !cur.isOp(i, ",")) return null;
    i++;
  }
  return out.length ? out : null;
}

/** `a as b, c` (with an optional trailing comma inside parentheses) */
function nameList(cur: Cursor, i: number, b: number, lines: LineMap | null): ImportedName[] | null {
  const ts = cur.ts;
  const out: ImportedName[] = [];
  while (i < b) {
    if (!cur.isName(i)) return null;
    const s = i;
    const name = cur.text(i);
    i++;
    let alias: string | null = null;
    if (cur.isName(i, "as") && i + 1 < b && cur.isName(i + 1)) {
      alias = cur.text(i + 1);
      i += 2;
    }
    out.push(importedName(name, alias, ts.start[s], ts.end[i - 1], lines));
    if (i < b && !cur.isOp(i, ",")) return null;
    i++;
  }
  return out.length ? out : null;
}
