/** Helpers for the scanner's unit tests: inline dedented sources and compact fact summaries. */
import assert from "node:assert/strict";
import { contextName, type ImportFact, type ModuleFacts } from "../../src/python/facts.js";
import { scanModule } from "../../src/python/scan.js";

/** Removes the common leading indentation and the first newline (LibCST-style inline sources). */
export function dedent(s: string): string {
  const lines = s.replace(/^\n/, "").split("\n");
  const indents = lines.filter((l) => l.trim()).map((l) => /^[ ]*/.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines
    .map((l) => l.slice(cut))
    .join("\n")
    .replace(/[ ]+$/, "");
}

/** `from ..m import a as b, c` / `import a.b as c` / `from . import *`, then `@ context`. */
export function showImport(imp: ImportFact): string {
  const names = imp.star ? "*" : imp.names.map((n) => (n.alias ? `${n.name} as ${n.alias}` : n.name)).join(", ");
  const stmt = imp.kind === "import" ? `import ${names}` : `from ${".".repeat(imp.level)}${imp.module} import ${names}`;
  return `${imp.commented ? "# " : ""}${imp.lazy ? "lazy " : ""}${stmt} @ ${contextName(imp.context)}`;
}

/**
 * Scans `text` and checks the invariants every import must satisfy whatever the test: its range
 * is the statement, each name's range is `name [as alias]`, the module range is the dots and module.
 */
export function scan(text: string): ModuleFacts {
  const facts = scanModule(text);
  for (const imp of facts.imports) {
    const stmt = text.slice(imp.start, imp.end);
    const squash = (s: string) => s.replace(/\\\r?\n|\s+/g, "");
    assert.match(
      stmt,
      imp.kind === "import" ? /^(lazy\s+)?import\b/ : /^(lazy\s+)?from\b/,
      `statement range: ${JSON.stringify(stmt)}`,
    );
    assert.equal(imp.lazy, /^lazy\b/.test(stmt), `lazy flag of ${JSON.stringify(stmt)}`);
    if (imp.kind === "from")
      assert.equal(squash(text.slice(imp.moduleStart, imp.moduleEnd)), ".".repeat(imp.level) + imp.module);
    for (const n of imp.names) {
      const written = squash(text.slice(n.start, n.end));
      assert.equal(
        written,
        n.alias ? `${n.name}as${n.alias}` : n.name.replace(/\s+/g, ""),
        `name range in ${JSON.stringify(stmt)}`,
      );
    }
    assert.ok(
      !imp.commented || text.lastIndexOf("#", imp.start) > text.lastIndexOf("\n", imp.start),
      "commented import is in a comment",
    );
  }
  return facts;
}

export const imports = (text: string): string[] => scan(text).imports.map(showImport);

/** `name:kind` with `?` when conditional and `!tc` when bound only for type checkers. */
export const bindings = (text: string): string[] =>
  scan(text).bindings.map((b) => `${b.name}:${b.kind}${b.conditional ? "?" : ""}${b.typeOnly ? "!tc" : ""}`);
