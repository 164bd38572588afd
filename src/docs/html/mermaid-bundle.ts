import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { RemodelError } from "../../core/errors.js";

let cached: string | null = null;

/**
 * Mermaid's self-contained browser bundle (the npm package's dist/mermaid.min.js), made safe to
 * inline in a <script> element. Read once per process.
 */
export function mermaidBundle(): string {
  if (cached !== null) return cached;
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve("mermaid/dist/mermaid.min.js");
  } catch {
    throw new RemodelError("the npm package 'mermaid' is missing; reinstall remodel (npm install)");
  }
  cached = inlineScript(readFileSync(path, "utf8"));
  return cached;
}

/**
 * Text that can sit inside <script>…</script>: the only sequence that ends a classic script
 * element early is `</script`, which we break as `<\/script` (the same string to JavaScript).
 * `<!--` followed by `<script` would also change how HTML parses the element; refuse that.
 */
export function inlineScript(js: string): string {
  if (/<!--[\s\S]*<script/i.test(js)) throw new Error("script text contains <!-- … <script and cannot be inlined");
  return js.replace(/<\/(script)/gi, "<\\/$1");
}
