/**
 * What the SQL argument of a call is, as far as it can be known without running the code: a
 * literal (also implicit and `+` concatenation of literals and of names bound once to literals),
 * or text built at run time, with its static parts and the part that is not static.
 */
import type { SyntaxNode } from "../python/parser.js";

export interface Injection {
  /** Offset of the expression that puts a value into the SQL. */
  offset: number;
  how: "f-string" | "%-formatting" | ".format()" | "concatenation";
  /** The Python expression that is interpolated. */
  expr: string;
}

export interface SqlText {
  /** The whole text, when every part is known. */
  text?: string;
  /** Static parts in order, with `{expr}` where a part is only known at run time. */
  parts: string;
  /** Why the text is not static: which part is built at run time. */
  dynamic?: string;
  /**
   * Each text it can be when it is one of several known texts (`"VACUUM FULL" if full else
   * "VACUUM"`): the statement is chosen at run time, but every choice can be judged.
   */
  alternatives?: string[];
  injections: Injection[];
}

/**
 * Assignments visible at a point: the last binding of a name before the call, in its scope. With
 * `returned`, also what a call of a function of the same file returns (its one `return` value, and
 * the lookup of that function's own scope), so `q = notes_query()` is as known as the function's text.
 */
export type Lookup = ((name: string, before: number) => SyntaxNode | "rebound" | undefined) & {
  returned?: (call: SyntaxNode) => { value: SyntaxNode; lookup: Lookup } | undefined;
  /** The lookup of a function of the same file's own scope, where its `return` values are read. */
  within?: (def: SyntaxNode) => Lookup;
};

export function evaluateSql(node: SyntaxNode, lookup: Lookup, depth = 0): SqlText {
  switch (node.type) {
    case "string":
      return evalString(node, lookup, depth);
    case "concatenated_string":
      return join(node.namedChildren.map((c) => evaluateSql(c, lookup, depth)));
    case "parenthesized_expression":
      return node.namedChildren[0]
        ? evaluateSql(node.namedChildren[0], lookup, depth)
        : unknown(node, "empty expression");
    case "binary_operator": {
      const [left, op, right] = [node.child(0)!, node.child(1)!, node.child(2)!];
      if (op.type === "+") {
        const parts = [evaluateSql(left, lookup, depth), evaluateSql(right, lookup, depth)];
        const r = join(parts);
        // A value concatenated into SQL is an injection risk only when it is not itself static text.
        for (const [side, ev] of [
          [left, parts[0]],
          [right, parts[1]],
        ] as const) {
          if (
            ev.text === undefined &&
            side.type !== "binary_operator" &&
            side.type !== "string" &&
            side.type !== "concatenated_string"
          ) {
            r.injections.push({ offset: side.startIndex, how: "concatenation", expr: side.text });
          }
        }
        return r;
      }
      if (op.type === "%" && isStringy(left)) {
        const l = evaluateSql(left, lookup, depth);
        return {
          parts: `${l.parts}{% ${right.text}}`,
          dynamic: `%-formatting with ${right.text}`,
          injections: [...l.injections, { offset: right.startIndex, how: "%-formatting", expr: right.text }],
        };
      }
      return unknown(node, `expression ${node.text}`);
    }
    case "call": {
      const fn = node.childForFieldName("function");
      if (
        fn?.type === "attribute" &&
        fn.childForFieldName("attribute")?.text === "format" &&
        isStringy(fn.childForFieldName("object")!)
      ) {
        const l = evaluateSql(fn.childForFieldName("object")!, lookup, depth);
        const args = node.childForFieldName("arguments")!;
        return {
          parts: l.parts,
          dynamic: `.format(${args.text.slice(1, -1)})`,
          injections: [...l.injections, { offset: args.startIndex, how: ".format()", expr: args.text.slice(1, -1) }],
        };
      }
      // `"""...""".strip()`, `textwrap.dedent("""...""")`: the same SQL with other white space.
      const method = fn?.type === "attribute" ? fn.childForFieldName("attribute")?.text : undefined;
      const noArgs = !node.childForFieldName("arguments")?.namedChildren.length;
      if (method && /^[lr]?strip$/.test(method) && noArgs) {
        const l = evaluateSql(fn!.childForFieldName("object")!, lookup, depth);
        if (l.text !== undefined) return { ...l, text: STRIP[method](l.text) };
        return l;
      }
      if (fn && /^(?:textwrap\.)?dedent$/.test(fn.text)) {
        const a = node.childForFieldName("arguments")?.namedChildren[0];
        if (a && a.type !== "keyword_argument") {
          const l = evaluateSql(a, lookup, depth);
          return l.text !== undefined ? { ...l, text: dedent(l.text) } : l;
        }
      }
      // text("...") inside execute(): the SQL is its argument.
      if (fn && /(^|\.)text$/.test(fn.text)) {
        const a = node.childForFieldName("arguments")?.namedChildren[0];
        if (a) return evaluateSql(a, lookup, depth);
      }
      const callee = depth < 8 ? lookup.returned?.(node) : undefined;
      if (callee) {
        const r = evaluateSql(callee.value, callee.lookup, depth + 1);
        if (r.text !== undefined) return r;
        return { ...r, dynamic: `the result of ${short(node.text, 60)}: ${r.dynamic}` };
      }
      return unknown(node, `the result of ${node.text.length > 60 ? node.text.slice(0, 57) + "..." : node.text}`);
    }
    case "identifier": {
      if (depth > 8) return unknown(node, `\`${node.text}\``);
      const bound = lookup(node.text, node.startIndex);
      if (bound === "rebound") return unknown(node, `\`${node.text}\`, extended with += at run time`);
      if (!bound) return unknown(node, `\`${node.text}\`, not bound to text in this function or module`);
      const r = evaluateSql(bound, lookup, depth + 1);
      return r;
    }
    case "conditional_expression": {
      // `a if cond else b` of two known texts is not static, yet each branch can be judged.
      const r = unknownNode(node);
      const branches = [node.namedChildren[0], node.namedChildren[2]].map((b) =>
        b ? evaluateSql(b, lookup, depth + 1) : undefined,
      );
      const texts = branches.map((b) => b?.text);
      if (texts.every((t) => t !== undefined)) r.alternatives = texts as string[];
      return r;
    }
    default:
      return unknownNode(node);
  }
}

/** An expression that is not read for its text, said by its kind. */
function unknownNode(node: SyntaxNode): SqlText {
  return unknown(
    node,
    `${node.type.replace(/_/g, " ")} ${node.text.length > 40 ? node.text.slice(0, 37) + "..." : node.text}`,
  );
}

function isStringy(n: SyntaxNode): boolean {
  return (
    n.type === "string" ||
    n.type === "concatenated_string" ||
    (n.type === "parenthesized_expression" && !!n.namedChildren[0] && isStringy(n.namedChildren[0]))
  );
}

function evalString(node: SyntaxNode, lookup: Lookup, depth: number): SqlText {
  const start = node.children[0]?.text ?? "";
  const raw = /r/i.test(start.replace(/['"]/g, ""));
  let parts = "";
  let text = "";
  const injections: Injection[] = [];
  const dyn: string[] = [];
  for (const c of node.children) {
    if (c.type === "string_content") {
      const s = raw ? c.text : unescape(c.text);
      parts += s;
      text += s;
    } else if (c.type === "interpolation") {
      const inner = c.namedChildren[0];
      // {TABLE} where TABLE is bound once to literal text is static text, not an injection.
      const folded = inner?.type === "identifier" && depth < 8 ? evaluateSql(inner, lookup, depth + 1) : undefined;
      if (folded?.text !== undefined && c.namedChildren.length === 1) {
        parts += folded.text;
        text += folded.text;
        continue;
      }
      const expr = inner?.text ?? c.text.slice(1, -1);
      parts += `{${expr}}`;
      dyn.push(expr);
      injections.push({ offset: c.startIndex, how: "f-string", expr });
    }
  }
  if (/b/i.test(start.replace(/['"]/g, "")) && !dyn.length) return { text, parts, injections };
  return dyn.length
    ? { parts, dynamic: `f-string part {${dyn.join("}, {")}}`, injections }
    : { text, parts, injections };
}

function unescape(s: string): string {
  return s.replace(/\\(\r?\n|[\\'"abfnrtv0]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/g, (_m, e: string) => {
    if (e.startsWith("\n") || e.startsWith("\r")) return "";
    if (e[0] === "x" || e[0] === "u") return String.fromCharCode(parseInt(e.slice(1), 16));
    return (
      ({ n: "\n", t: "\t", r: "\r", a: "\x07", b: "\b", f: "\f", v: "\v", "0": "\0" } as Record<string, string>)[e] ?? e
    );
  });
}

function join(list: SqlText[]): SqlText {
  const known = list.every((p) => p.text !== undefined);
  return {
    text: known ? list.map((p) => p.text).join("") : undefined,
    parts: list.map((p) => p.parts).join(""),
    dynamic: list.find((p) => p.dynamic)?.dynamic,
    injections: list.flatMap((p) => p.injections),
  };
}

const STRIP: Record<string, (s: string) => string> = {
  strip: (s) => s.trim(),
  lstrip: (s) => s.trimStart(),
  rstrip: (s) => s.trimEnd(),
};

/** Python's textwrap.dedent: the white space that every non-blank line starts with is removed. */
function dedent(s: string): string {
  const lines = s.split("\n");
  const margins = lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0]);
  let common = margins[0] ?? "";
  for (const m of margins) while (!m.startsWith(common)) common = common.slice(0, -1);
  return lines.map((l) => (l.trim() ? l.slice(common.length) : l.replace(/^[ \t]+$/, ""))).join("\n");
}

function short(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 3)}...` : s;
}

function unknown(node: SyntaxNode, what: string): SqlText {
  return {
    parts: `{${node.text.length > 40 ? node.text.slice(0, 37) + "..." : node.text}}`,
    dynamic: what,
    injections: [],
  };
}
