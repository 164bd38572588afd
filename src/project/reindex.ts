/**
 * The index of a project after a planned change, built in memory: untouched files keep their
 * facts, touched files are scanned from their new text. This is what verification runs on before
 * anything is written.
 */
import { createHash } from "node:crypto";
import type { Overlay } from "../core/overlay.js";
import { encodeSource } from "../core/source-codec.js";
import { scanModule } from "../python/scan.js";
import { updateIndex, type FileEntry } from "./build.js";
import type { LoadedProject } from "./load.js";

/** What the writer will put on disk for this text (its hash is what the next step's write checks). */
function bytesOnDisk(text: string, bom: boolean): Buffer {
  try {
    return encodeSource(text, bom);
  } catch {
    return Buffer.from(text, "utf8");
  }
}

export function reindex(project: LoadedProject, overlay: Overlay): LoadedProject {
  const added: FileEntry[] = [];
  const boms = new Map<string, boolean>();
  for (const [from, to] of overlay.moves) boms.set(to, project.files.get(from)?.bom ?? false);
  for (const [path, text] of overlay.texts) {
    if (!path.endsWith(".py") && !path.endsWith(".pyi")) continue;
    const bom = boms.get(path) ?? project.files.get(path)?.bom ?? false;
    added.push({
      path,
      hash: createHash("sha1").update(bytesOnDisk(text, bom)).digest("hex"),
      bom,
      facts: scanModule(text),
    });
  }
  const readText = (path: string) => overlay.texts.get(path) ?? project.readText(path);
  const index = updateIndex(project, project.sourceRoots, overlay.removed, added, readText);
  const readWarnings = project.readWarnings.filter((w) => !overlay.removed.has(w.path) && !overlay.texts.has(w.path));
  return { ...project, ...index, readWarnings };
}
