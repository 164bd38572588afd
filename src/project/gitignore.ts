/**
 * One .gitignore file, matched the way git matches it (gitignore(5), git's dir.c and wildmatch.c).
 * The walk asks each .gitignore from the deepest to the root's, and the first that has a matching
 * line decides: a nested file's `!keep.py` re-includes what the root's `*.py` excludes. Within one
 * file the last matching line wins. A line matches the path itself, never a parent folder: the walk
 * stops at an excluded folder, which is why nothing under one can be re-included.
 */

interface Line {
  negative: boolean;
  /** A trailing `/`: the line matches folders only. */
  dirOnly: boolean;
  /** No `/` in the line: it matches the last segment of the path, at any depth. */
  basename: boolean;
  /** Null when git's wildmatch can never match the line (an unclosed `[`, a trailing `\`). */
  re: RegExp | null;
}

export class GitignoreFile {
  private readonly lines: Line[];

  constructor(text: string) {
    this.lines = parseLines(text)
      .map(compileLine)
      .filter((l): l is Line => l !== null);
  }

  /**
   * The verdict of this file on `path` (relative to the file's folder, no trailing slash): true
   * excluded, false re-included by a `!` line, undefined when no line matches.
   */
  match(path: string, dir: boolean): boolean | undefined {
    const base = path.slice(path.lastIndexOf("/") + 1);
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const l = this.lines[i];
      if ((l.dirOnly && !dir) || !l.re) continue;
      if (l.re.test(l.basename ? base : path)) return !l.negative;
    }
    return undefined;
  }
}

/** The pattern lines of a .gitignore's text, as git reads them: comments and blank lines dropped, trailing spaces trimmed unless escaped. */
export function parseLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, "").split("\n")) {
    const line = trimTrailingSpaces(raw.endsWith("\r") ? raw.slice(0, -1) : raw);
    if (line === "" || line.startsWith("#")) continue;
    out.push(line);
  }
  return out;
}

/** git's trim_trailing_spaces: spaces at the end go, unless the last of them is escaped (`\ `). */
function trimTrailingSpaces(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === " ") end--;
  if (end === s.length) return s;
  let slashes = 0;
  for (let i = end - 1; i >= 0 && s[i] === "\\"; i--) slashes++;
  // An odd run of backslashes escapes the first trailing space, which stays.
  return slashes % 2 === 1 ? s.slice(0, end + 1) : s.slice(0, end);
}

function compileLine(raw: string): Line | null {
  let p = raw;
  const negative = p.startsWith("!");
  if (negative) p = p.slice(1);
  const dirOnly = p.endsWith("/");
  if (dirOnly) p = p.slice(0, -1);
  if (p === "") return null;
  const basename = !p.includes("/");
  if (!basename && p.startsWith("/")) p = p.slice(1);
  const body = wildmatchSource(p);
  return { negative, dirOnly, basename, re: body === null ? null : new RegExp(`^${body}$`, "s") };
}

const CLASSES: Record<string, string> = {
  alnum: "a-zA-Z0-9",
  alpha: "a-zA-Z",
  blank: " \\t",
  cntrl: "\\x00-\\x1f\\x7f",
  digit: "0-9",
  graph: "\\x21-\\x7e",
  lower: "a-z",
  print: "\\x20-\\x7e",
  punct: "!-\\/:-@\\[-`{-~",
  space: " \\t\\n\\r\\f\\v",
  upper: "A-Z",
  xdigit: "0-9a-fA-F",
};

/**
 * A regular expression source for a wildmatch pattern with WM_PATHNAME: `*` and `?` and brackets
 * never match `/`; `**` is any number of folders only as a whole segment (`**\/x`, `a/**\/b`,
 * `a/**`), elsewhere it is `*`. Null when the pattern can never match.
 */
function wildmatchSource(p: string): string | null {
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      if (i + 1 >= p.length) return null;
      out += escapeRe(p[++i]);
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "*") {
      let j = i;
      while (p[j + 1] === "*") j++;
      const whole = j > i && (i === 0 || p[i - 1] === "/") && (j + 1 === p.length || p[j + 1] === "/");
      if (!whole) out += "[^/]*";
      else if (j + 1 === p.length) out += ".*";
      else {
        out += "(?:.*/)?";
        j++; // the `/` after `**` is part of "any folders"
      }
      i = j;
    } else if (c === "[") {
      const cls = bracket(p, i);
      if (!cls) return null;
      out += cls.source;
      i = cls.end;
    } else {
      out += escapeRe(c);
    }
  }
  return out;
}

/** A `[...]` at `start`: its source (never matching `/`) and the index of its `]`; null if unclosed or of an unknown class. */
function bracket(p: string, start: number): { source: string; end: number } | null {
  let i = start + 1;
  const negated = p[i] === "!" || p[i] === "^";
  if (negated) i++;
  let set = "";
  let first = true;
  for (; i < p.length; i++, first = false) {
    let c = p[i];
    if (c === "]" && !first) return { source: negated ? `[^/${set}]` : set ? `(?!/)[${set}]` : "(?!)", end: i };
    if (c === "[" && p[i + 1] === ":") {
      // wildmatch: up to the next `]`; a class when `:` comes just before it, else `[` is itself.
      const close = p.indexOf("]", i + 2);
      if (close < 0) return null;
      if (close - 1 >= i + 2 && p[close - 1] === ":") {
        const cls = CLASSES[p.slice(i + 2, close - 1)];
        if (cls === undefined) return null;
        set += cls;
        i = close;
        continue;
      }
    }
    if (c === "\\") {
      if (++i >= p.length) return null;
      c = p[i];
    }
    if (p[i + 1] === "-" && i + 2 < p.length && p[i + 2] !== "]") {
      let hi = p[i + 2];
      let skip = 2;
      if (hi === "\\") {
        if (i + 3 >= p.length) return null;
        hi = p[i + 3];
        skip = 3;
      }
      // A reversed range (`[z-a]`) matches nothing in git; JavaScript would reject it.
      if (c <= hi) set += `${escapeClass(c)}-${escapeClass(hi)}`;
      i += skip;
      continue;
    }
    set += escapeClass(c);
  }
  return null;
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

function escapeClass(c: string): string {
  return /[\\\]^[-]/.test(c) ? `\\${c}` : c;
}
