/**
 * `importlib.import_module("pkg.local_config")` inside `try:` whose handler catches ImportError or
 * ModuleNotFoundError loads an optional module (a user's config file the project does not ship):
 * its absence is handled, not a broken reference. Read by indentation from the call's line, like
 * CPython's blocks, on the file's text (the facts of a call carry no block context).
 */
const IMPORT_ERRORS = /^except\s*(?::|.*\b(?:ImportError|ModuleNotFoundError|Exception|BaseException)\b)/;

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)![0].length;
}

function isCode(line: string): boolean {
  const t = line.trim();
  return t !== "" && !t.startsWith("#");
}

/** Does a `try:` enclosing line `line` (1-based) of `text` have a handler for a failed import? */
export function insideTryImportError(text: string, line: number): boolean {
  const lines = text.split("\n");
  let indent = indentOf(lines[line - 1] ?? "");
  for (let i = line - 2; i >= 0 && indent > 0; i--) {
    const l = lines[i];
    if (!isCode(l) || indentOf(l) >= indent) continue;
    indent = indentOf(l);
    const head = l.trim();
    if (/^(?:async\s+)?(?:def|class)\s/.test(head)) return false;
    if (head !== "try:") continue;
    for (let k = line; k < lines.length; k++) {
      const h = lines[k];
      if (!isCode(h) || indentOf(h) > indent) continue;
      if (indentOf(h) < indent || !/^(?:except|else|finally)\b/.test(h.trim())) break;
      if (IMPORT_ERRORS.test(h.trim())) return true;
    }
  }
  return false;
}
