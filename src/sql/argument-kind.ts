/**
 * Whether the SQL argument of `execute()` is text (raw SQL: a site) or a SQLAlchemy statement
 * object (`sa.select(...)`, `t.update().values(...)`, a name bound to one, a parameter typed as
 * one, what a helper of the file returns), which is not raw SQL. The argument is read through
 * names, conditionals and helpers of the file; what still cannot be told (a call of an imported
 * function, a parameter with no annotation, an attribute) is taken as `assume` says: text where
 * only text can be passed (a DB-API cursor, a file that uses a DB-API driver or none), a statement
 * in SQLAlchemy code, where reporting every `conn.execute(build(...))` would bury the raw SQL.
 */
import type { SyntaxNode } from "../python/parser.js";
import { calleeOf, returnValues } from "./returns.js";
import type { Lookup } from "./sql-text.js";

export type ArgumentKind = "text" | "statement" | "other";

/** Functions and methods that build a statement: `select(...)`, `sa.update(t)`, `t.insert()`, `pg_insert(t)`. */
export const CONSTRUCTOR =
  /^(?:select|insert|update|delete|union|union_all|except_|except_all|intersect|intersect_all|exists|lambda_stmt|(?:pg|psql|postgresql|mysql|sqlite)_(?:insert|update|delete|select))$/;

/** Methods of a statement that return a statement. */
const BUILDER = new Set([
  "where",
  "filter",
  "filter_by",
  "values",
  "order_by",
  "group_by",
  "having",
  "limit",
  "offset",
  "returning",
  "join",
  "outerjoin",
  "join_from",
  "outerjoin_from",
  "select_from",
  "with_only_columns",
  "add_columns",
  "options",
  "execution_options",
  "on_conflict_do_update",
  "on_conflict_do_nothing",
  "on_duplicate_key_update",
  "distinct",
  "correlate",
  "with_for_update",
  "prefix_with",
  "suffix_with",
  "params",
  "from_select",
  "inline",
  "ordered_values",
  "return_defaults",
  "set_label_style",
  "apply_labels",
]);

/** Annotations of a statement object, and of text. */
const STATEMENT_TYPE =
  /\b(?:Select|Insert|Update|Delete|Executable|ClauseElement|TextClause|UpdateBase|ValuesBase|CompoundSelect|Selectable|ReturnsRows|TypedReturnsRows|StatementLambdaElement|Query)\b/;
const TEXT_TYPE = /\b(?:str|LiteralString)\b/;

/** Values that are no SQL at all: `execute(None)`, `executor.execute([...])`. */
const NOT_SQL = new Set([
  "none",
  "true",
  "false",
  "integer",
  "float",
  "dictionary",
  "set",
  "lambda",
  "list_splat",
  "dictionary_splat",
  "list_comprehension",
  "dictionary_comprehension",
  "generator_expression",
]);

export function argumentKind(node: SyntaxNode, lookup: Lookup, assume: ArgumentKind, depth = 0): ArgumentKind {
  if (depth > 8) return assume;
  const again = (n: SyntaxNode, l = lookup) => argumentKind(n, l, assume, depth + 1);
  switch (node.type) {
    case "parenthesized_expression":
      return node.namedChildren.length === 1 ? again(node.namedChildren[0]) : assume;
    case "string":
    case "concatenated_string":
    case "binary_operator":
      return "text";
    case "conditional_expression": {
      // `a if cond else b`: text when either branch is; a statement when both are.
      const kinds = [node.namedChildren[0], node.namedChildren[2]].map((b) => (b ? again(b) : assume));
      if (kinds.includes("text")) return "text";
      return kinds.every((k) => k === "statement") ? "statement" : assume;
    }
    case "identifier": {
      const bound = lookup(node.text, node.startIndex);
      if (bound === "rebound") return "text";
      if (bound) return again(bound);
      return annotated(annotationOf(node, node.text), assume, (t) => t);
    }
    case "call":
      return callKind(node, lookup, assume, depth);
    case "list":
    case "tuple": {
      // A project's own execute() may join a list of parts; a list of other values is no SQL.
      const head = node.namedChildren[0];
      return head && again(head) === "text" && head.type !== "identifier" ? "text" : "other";
    }
    default:
      return NOT_SQL.has(node.type) ? "other" : assume;
  }
}

function callKind(call: SyntaxNode, lookup: Lookup, assume: ArgumentKind, depth: number): ArgumentKind {
  const fn = call.childForFieldName("function");
  if (!fn) return assume;
  const method = fn.type === "attribute" ? fn.childForFieldName("attribute")!.text : undefined;
  const object = fn.type === "attribute" ? fn.childForFieldName("object")! : undefined;
  // A string method (`" ".join(parts)`, `SQL.format(t)`, `q.strip()`) gives text.
  if (method === "format") return "text";
  // text() is a site of its own, and a statement object where it is passed.
  if (/(^|\.)text$/.test(fn.text)) return "statement";
  const def = calleeOf(call);
  if (def) {
    // Every return is read in the helper's own scope: a caller's local of the same name is not it.
    const own = lookup.within?.(def) ?? lookup;
    const kinds = returnValues(def).map((v) => argumentKind(v, own, assume, depth + 1));
    if (kinds.includes("text")) return "text";
    return kinds.length && kinds.every((k) => k === "statement") ? "statement" : assume;
  }
  if (fn.type === "identifier") {
    if (CONSTRUCTOR.test(fn.text)) return "statement";
    // A callable parameter (`make: Callable[[], sa.sql.Update]`) returns what its annotation says.
    if (lookup(fn.text, fn.startIndex) === undefined)
      return annotated(annotationOf(fn, fn.text), assume, (t) => t.replace(/^.*Callable\[/, ""));
    return assume;
  }
  if (!object || !method) return assume;
  if (object.type === "string" || object.type === "concatenated_string") return "text";
  // `t.update()`, `sa.select(...)`, `Model.__table__.insert()`: whatever `t` is, no text has them.
  if (CONSTRUCTOR.test(method)) return "statement";
  // A builder method gives what its object is (`" ".join(parts)` is text, `query.where(...)` not);
  // another method of text is text (`sql.strip()`).
  const objectKind = argumentKind(object, lookup, assume, depth + 1);
  if (BUILDER.has(method) || objectKind === "text") return objectKind;
  return assume;
}

function annotated(annotation: string | undefined, assume: ArgumentKind, pick: (t: string) => string): ArgumentKind {
  if (!annotation) return assume;
  const t = pick(annotation);
  const statement = STATEMENT_TYPE.test(t);
  const text = TEXT_TYPE.test(t);
  if (statement && !text) return "statement";
  if (text && !statement) return "text";
  return assume;
}

/**
 * The annotation of the parameter `name` of the nearest enclosing function that has one of that
 * name ("" when it has no annotation); undefined when no enclosing function takes it.
 */
function annotationOf(at: SyntaxNode, name: string): string | undefined {
  for (let p = at.parent; p; p = p.parent) {
    if (p.type !== "function_definition") continue;
    for (const param of p.childForFieldName("parameters")?.namedChildren ?? []) {
      const id =
        param.type === "identifier"
          ? param
          : param.type === "typed_parameter"
            ? param.namedChildren.find((c) => c.type === "identifier")
            : param.childForFieldName("name");
      if (id?.text !== name) continue;
      return param.childForFieldName("type")?.text ?? "";
    }
  }
  return undefined;
}
