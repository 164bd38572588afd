import assert from "node:assert/strict";
import { test } from "node:test";
import { marked } from "marked";
import { renderHtml } from "../../src/docs/html/html.js";
import { renderMarkdown } from "../../src/docs/markdown/markdown.js";
import type { Schema } from "../../src/schema/model.js";

// `docs --title` is user text: whatever it holds, a GFM renderer (marked, the one Mermaid ships
// with) shows it as the page's one heading, character for character, with no markup of its own;
// the HTML page shows it as text.

const TITLES = [
  "Shop | *bold* <b>x</b> [link](http://e) _x_ ###",
  "R&amp;D &copy; ~~gone~~ ~x~ ==mark==",
  "`code` \\* back\\slash and a trailing \\",
  "<script>alert(1)</script> <!-- c --> <img src=x onerror=alert(1)>",
  "![image](x.png) [ref][1] <http://e.com> http://e.com www.e.com a@b.co",
  "1. not a list",
  "- not a list",
  "> not a quote",
  "Title #",
  "# two # hashes",
  "__init__ **x** *y* _z_",
  "snake_case_name and 2 * 3 * 4",
  "a\nb",
];

const empty: Schema = { version: 1, tables: [], enums: [] } as unknown as Schema;

/** The text of an HTML fragment: tags dropped, the entities marked writes decoded. */
function text(fragment: string): string {
  const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };
  return fragment.replace(/<[^>]*>/g, "").replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => entities[e]);
}

for (const title of TITLES) {
  test(`docs --title ${JSON.stringify(title)}: the Markdown heading and the HTML page show it as text`, () => {
    const readme = renderMarkdown(empty, { title }).get("README.md")!;
    const heading = readme.split("\n")[0];
    const rendered = marked.parse(heading, { gfm: true, async: false });
    // One heading, nothing around it, no element inside it.
    const m = /^<h1>(.*)<\/h1>\n?$/s.exec(rendered);
    assert.ok(m, rendered);
    assert.doesNotMatch(m[1], /<[a-z!/]/i, rendered);
    assert.equal(text(m[1]), title.replace(/\n/g, " "));
    const page = renderHtml(empty, { title });
    for (const tag of ["title", "h1"]) {
      const inner = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(page);
      assert.ok(inner, tag);
      assert.equal(text(inner[1]), title, tag);
    }
  });
}
