/**
 * The paths a git index file tracks, read from its binary format (gitformat-index(5)) without
 * running git: the walk must keep a committed file that a .gitignore matches, as git does, and a
 * git process per walk would cost more than the walk of a small project. Versions 2, 3 and 4
 * (prefix-compressed names), SHA-1 and SHA-256 repositories. The checksum is verified (unless git
 * wrote it as zeros, `index.skipHash`), so a corrupt or truncated file is reported, never half-read.
 *
 * Not read: a split index (`link` extension, `core.splitIndex`): its entries are the shared index's
 * minus and plus two bitmaps, and reading only one of the two files would keep files git no longer
 * tracks, so the caller falls back to the ignore rules alone. A sparse index needs nothing: its
 * directory entries stand for folders that are not checked out, so no file of theirs exists to walk.
 * Besides the files, the submodules (gitlinks) are read: git does not walk their folders.
 */
import { createHash } from "node:crypto";
import { type Failure, failure } from "../core/outcome.js";

/**
 * `gitlinks`: the folders (relative to the prefix, "a/b/") the index records as submodules, and ""
 * when the prefix itself is in one. `error`: the file is not a valid index; `unsupported`: valid,
 * but in a form not read here.
 */
export type TrackedRead = { paths: string[]; gitlinks: string[] } | Failure | { unsupported: string };

/**
 * The tracked paths of the index bytes `buf` that start with `prefix` and end with one of
 * `suffixes`, with the prefix removed; each once, in index order. Only those names are decoded
 * (a big repository tracks several times more other files). `hashSize` is 20 (SHA-1) or 32 (SHA-256).
 */
export function trackedPaths(buf: Buffer, hashSize: number, prefix: string, suffixes: string[]): TrackedRead {
  if (buf.length < 12 + hashSize || buf.toString("latin1", 0, 4) !== "DIRC") return failure("not an index file");
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return failure(`index version ${version}`);
  const end = buf.length - hashSize;
  const sum = buf.subarray(end);
  if (
    sum.some((b) => b !== 0) &&
    !createHash(hashSize === 32 ? "sha256" : "sha1")
      .update(buf.subarray(0, end))
      .digest()
      .equals(sum)
  )
    return failure("bad checksum");
  const count = buf.readUInt32BE(8);
  // The names are read from the whole file decoded once as latin1 (a byte is a character, so byte
  // offsets are string offsets) and only a wanted name with a non-ASCII byte is decoded as UTF-8:
  // the loop runs once per process, mostly before the JIT compiles it, where a Buffer call per
  // entry (toString, copy, compare) costs microseconds (Backend.AI, cold: 45 ms -> 27 ms, BENCHMARKS.md).
  const text = buf.toString("latin1", 0, end);
  const pre = Buffer.from(prefix, "utf8").toString("latin1");
  const sufs = suffixes.map((x) => Buffer.from(x, "utf8").toString("latin1"));
  // The last byte of a wanted name, for a first test that rejects most entries at once.
  const lastByte = new Uint8Array(256);
  for (const x of sufs) lastByte[x.charCodeAt(x.length - 1)] = 1;
  const paths: string[] = [];
  // Gitlink names as read (latin1, with the prefix): few, so filtered once at the end.
  const links: string[] = [];
  // Version 4 names are the previous name minus N bytes plus a suffix.
  let name = "";
  let last = "";
  let at = 12;
  const entryHead = 40 + hashSize;
  for (let n = 0; n < count; n++) {
    const start = at;
    if (at + entryHead + 2 > end) return failure("truncated");
    // The high nibble of the mode's third byte is the object type (S_IFMT): 0x8 file, 0xa symlink, 0xe gitlink
    // (a submodule: git lists the folder itself and never walks it, even with no .git in it).
    const type = buf[at + 26] & 0xf0;
    at += entryHead;
    const flags = (buf[at] << 8) | buf[at + 1];
    at += 2;
    if (flags & 0x4000) {
      if (version < 3) return failure("extended flags in a version 2 index");
      at += 2;
    }
    // The name's length is in the flags unless it is 0xfff or more; the NUL after it is checked.
    const short = flags & 0xfff;
    let full: string;
    if (version === 4) {
      let strip = 0;
      let c = 128;
      // git's offset varint (varint.c): 7 bits a byte, high bit on all but the last, plus one per continuation.
      for (let k = 0; c & 128; k++) {
        if (at >= end || k > 5) return failure("bad name");
        c = buf[at++];
        strip = k === 0 ? c & 127 : (strip + 1) * 128 + (c & 127);
      }
      if (strip > name.length) return failure("bad name");
      const keep = name.length - strip;
      const nul = short < 0xfff ? at + short - keep : text.indexOf("\0", at);
      if (nul < at || nul >= end || buf[nul] !== 0) return failure("bad name");
      name = name.slice(0, keep) + text.slice(at, nul);
      at = nul + 1;
      if (type === 0xe0) links.push(name);
      if ((type !== 0x80 && type !== 0xa0) || lastByte[name.charCodeAt(name.length - 1)] !== 1) continue;
      full = name;
    } else {
      const nul = short < 0xfff ? at + short : text.indexOf("\0", at);
      if (nul < at || nul >= end || buf[nul] !== 0) return failure("bad name");
      const from = at;
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes from their start.
      at = start + ((nul - start + 8) & ~7);
      if (type === 0xe0) links.push(text.slice(from, nul));
      if ((type !== 0x80 && type !== 0xa0) || lastByte[buf[nul - 1]] !== 1) continue;
      full = text.slice(from, nul);
    }
    if (full.length <= pre.length || !full.startsWith(pre) || !sufs.some((x) => full.endsWith(x))) continue;
    // A conflicted path has one entry per stage, one after another.
    if (full === last) continue;
    last = full;
    const rel = full.slice(pre.length);
    paths.push(/[^\0-\x7f]/.test(rel) ? Buffer.from(rel, "latin1").toString("utf8") : rel);
  }
  if (at > end) return failure("truncated");
  // Extensions follow the entries: only the split index's changes what is tracked.
  while (at + 8 <= end) {
    if (buf.toString("latin1", at, at + 4) === "link") return { unsupported: "split index" };
    at += 8 + buf.readUInt32BE(at + 4);
  }
  const gitlinks: string[] = [];
  for (const l of links) {
    const folder = `${l}/`;
    const rel = pre.startsWith(folder) ? "" : folder.startsWith(pre) ? folder.slice(pre.length) : null;
    if (rel !== null) gitlinks.push(/[^\0-\x7f]/.test(rel) ? Buffer.from(rel, "latin1").toString("utf8") : rel);
  }
  return { paths, gitlinks };
}
