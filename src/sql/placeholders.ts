/**
 * DB-API parameter styles, rewritten to one style (`:name`) before parsing: node-sql-parser's
 * SQLite grammar rejects `?` in LIMIT/OFFSET and no grammar of it reads `%s`, while `:name` is
 * accepted everywhere. Quotes and comments are skipped, so `'what?'` stays text.
 */
export type ParamStyle = "qmark" | "format" | "pyformat" | "numeric" | "named" | "none";

export interface NormalizedSql {
  /** The SQL with every placeholder written `:pN` (positional, N from 1) or `:name`. */
  text: string;
  style: ParamStyle;
  /** The placeholders in order of appearance: `pN` names for positional styles, the name otherwise. */
  params: string[];
}

export function normalizePlaceholders(
  sql: string,
  render: (name: string, index: number) => string = (n) => `:${n}`,
): NormalizedSql {
  let out = "";
  let style: ParamStyle = "none";
  const params: string[] = [];
  let positional = 0;
  const take = (s: ParamStyle, name: string) => {
    style = style === "none" ? s : style;
    params.push(name);
    out += render(name, params.length);
  };
  for (let i = 0; i < sql.length; ) {
    const c = sql[i];
    if (c === "'" || c === '"' || c === "`") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === c && sql[j + 1] !== c)) j += sql[j] === c ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if (c === "-" && sql[i + 1] === "-") {
      const j = sql.indexOf("\n", i);
      const end = j < 0 ? sql.length : j;
      out += sql.slice(i, end);
      i = end;
    } else if (c === "/" && sql[i + 1] === "*") {
      const j = sql.indexOf("*/", i + 2);
      const end = j < 0 ? sql.length : j + 2;
      out += sql.slice(i, end);
      i = end;
    } else if (c === "?") {
      take("qmark", `p${++positional}`);
      i++;
    } else if (c === "%" && sql[i + 1] === "s") {
      take("format", `p${++positional}`);
      i += 2;
    } else if (c === "%" && sql[i + 1] === "(") {
      const m = /^%\((\w+)\)s/.exec(sql.slice(i));
      if (!m) {
        out += c;
        i++;
        continue;
      }
      take("pyformat", m[1]);
      i += m[0].length;
    } else if (c === "%" && sql[i + 1] === "%") {
      out += "%";
      i += 2;
    } else if (c === "$" && /[0-9]/.test(sql[i + 1] ?? "")) {
      const m = /^\$(\d+)/.exec(sql.slice(i))!;
      take("numeric", `p${m[1]}`);
      i += m[0].length;
    } else if (c === ":" && sql[i + 1] !== ":" && sql[i - 1] !== ":" && /[A-Za-z_]/.test(sql[i + 1] ?? "")) {
      const m = /^:(\w+)/.exec(sql.slice(i))!;
      take("named", m[1]);
      i += m[0].length;
    } else {
      out += c;
      i++;
    }
  }
  // With DB-API `%s` parameters the driver reads `%%` as `%` inside quoted text too.
  if ((style as ParamStyle) === "format" || (style as ParamStyle) === "pyformat") out = out.replace(/%%/g, "%");
  return { text: out, style, params };
}
