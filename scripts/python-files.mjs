// Shared by the scanner scripts: every .py/.pyi file under a directory (symlinks and
// node_modules/.git skipped), and its text decoded the way the index decodes it (BOM removed).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export function pythonFiles(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === ".git") continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) pythonFiles(p, out);
    else if (e.isFile() && (e.name.endsWith(".py") || e.name.endsWith(".pyi"))) out.push(p);
  }
  return out.sort();
}

const decoder = new TextDecoder("utf-8");
export function readPython(path) {
  const text = decoder.decode(readFileSync(path));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
