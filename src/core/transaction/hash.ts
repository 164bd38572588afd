import * as crypto from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * Hex sha1 of bytes. A cold `check` hashes every file: the one-shot `crypto.hash` (Node 20.12+)
 * skips the Hash object `createHash` builds for each, which older Node 20 releases still use.
 */
export const sha1: (bytes: Buffer) => string =
  typeof crypto.hash === "function"
    ? (bytes) => crypto.hash("sha1", bytes, "hex")
    : (bytes) => crypto.createHash("sha1").update(bytes).digest("hex");

/** sha1 of a file's bytes, or null when there is no such file. */
export function hashOf(abs: string): string | null {
  try {
    return sha1(readFileSync(abs));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    throw e;
  }
}
