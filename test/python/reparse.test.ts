/**
 * A split's schema thread parses each new module's draft while its imports are sorted, then
 * reparses the sorted text incrementally (parser.ts `reparsePython`). The schema read from that
 * tree must be the one a fresh parse gives: every node, with its field, offsets and positions.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { parsePython, reparsePython, type Tree } from "../../src/python/parser.js";

/** Every node in document order: type, field, offsets, start and end positions. */
function nodes(tree: Tree): string[] {
  const out: string[] = [];
  const c = tree.walk();
  try {
    for (;;) {
      const n = c.currentNode;
      out.push(
        `${n.type} ${c.currentFieldName} ${n.startIndex}-${n.endIndex} ${n.startPosition.row}:${n.startPosition.column}-${n.endPosition.row}:${n.endPosition.column}`,
      );
      if (c.gotoFirstChild()) continue;
      while (!c.gotoNextSibling()) if (!c.gotoParent()) return out;
    }
  } finally {
    c.delete();
  }
}

const MODULE = (imports: string) =>
  `${imports}\n\nclass Note(Base):\n    __tablename__ = "notes"\n    title = sa.Column(sa.String(80))  # 'é€😀'\n`;

const CASES: [string, string, string][] = [
  [
    "sections separated, blank lines after the block",
    MODULE("import sqlalchemy as sa\nfrom mono.types import Money\nfrom .base import Base\n"),
    MODULE("import sqlalchemy as sa\n\nfrom mono.types import Money\n\nfrom .base import Base"),
  ],
  ["lines reordered", MODULE("from .b import B\nfrom .a import A\n"), MODULE("from .a import A\nfrom .b import B\n")],
  [
    "an edit after text of several code units a character",
    "s = '😀é'\nimport b\nimport a\n",
    "s = '😀é'\nimport a\nimport b\n",
  ],
  ["a line inserted at the very start", "x = 1\n", "\nx = 1\n"],
  ["CRLF line ends", "a = 1\r\nb = 2\r\n", "a = 1\r\n\r\nb = 2\r\n"],
  ["a syntax error mended", "def f(:\n    pass\n", "def f():\n    pass\n"],
  ["the same text", "x = 1\n", "x = 1\n"],
];

for (const [name, before, after] of CASES) {
  it(`an incremental reparse gives the tree of a fresh parse: ${name}`, () => {
    const fresh = parsePython(after);
    const reparsed = reparsePython(parsePython(before), before, after);
    assert.deepEqual(nodes(reparsed), nodes(fresh));
  });
}
