import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export const sha1 = (bytes: Buffer) => createHash("sha1").update(bytes).digest("hex");

/** sha1 of a file's bytes, or null when there is no such file. */
export function hashOf(abs: string): string | null {
  try {
    return sha1(readFileSync(abs));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    throw e;
  }
}
