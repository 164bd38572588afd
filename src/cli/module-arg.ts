/** SRC/DEST arguments: file paths (like `git mv`) or dotted module names. */
import { relative, resolve } from "node:path";
import type { ProjectIndex } from "../project/types.js";
import { UsageError } from "./command.js";

const toPosix = (p: string) => p.split("\\").join("/");

/** A project-relative path for an argument that is a path or a dotted module name. */
export function pathArg(index: ProjectIndex, cwd: string, arg: string, mustExist: boolean): string {
  const looksLikePath = arg.includes("/") || arg.endsWith(".py") || arg.endsWith(".pyi");
  if (looksLikePath) {
    const rel = toPosix(relative(index.root, resolve(cwd, arg)));
    if (rel.startsWith("..")) throw new UsageError(`${arg} is outside the project ${index.root}`);
    return rel;
  }
  const info = index.modules.get(arg);
  if (info?.file) return info.file.path;
  if (mustExist) throw new UsageError(`no module named ${arg} in the project`);
  // A new module: place it under the source root of its longest existing parent.
  const parts = arg.split(".");
  for (let i = parts.length - 1; i > 0; i--) {
    const parent = index.modules.get(parts.slice(0, i).join("."))?.file;
    if (parent) {
      const dir = parent.isPackage ? parent.path.replace(/\/__init__\.pyi?$/, "") : parent.path.replace(/\.pyi?$/, "");
      return `${dir}/${parts.slice(i).join("/")}.py`;
    }
  }
  return `${parts.join("/")}.py`;
}
