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
 */
import { createHash } from "node:crypto";

/** `error`: the file is not a valid index; `unsupported`: valid, but in a form not read here. */
export type TrackedRead = { paths: string[] } | { error: string } | { unsupported: string };

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

/**
 * The tracked paths of the index bytes `buf` that start with `prefix` and end with one of
 * `suffixes`, with the prefix removed; each once, in index order. Only those names are decoded
 * (a big repository tracks several times more other files). `hashSize` is 20 (SHA-1) or 32 (SHA-256).
 */
export function trackedPaths(buf: Buffer, hashSize: number, prefix: string, suffixes: string[]): TrackedRead {
  if (buf.length < 12 + hashSize || buf.toString("latin1", 0, 4) !== "DIRC") return { error: "not an index file" };
  const version = buf.readUInt32BE(4);
  if (version < 2 || version > 4) return { error: `index version ${version}` };
  const end = buf.length - hashSize;
  const sum = buf.subarray(end);
  if (
    sum.some((b) => b !== 0) &&
    !createHash(hashSize === 32 ? "sha256" : "sha1")
      .update(buf.subarray(0, end))
      .digest()
      .equals(sum)
  )
    return { error: "bad checksum" };
  const count = buf.readUInt32BE(8);
  const pre = Buffer.from(prefix, "utf8");
  const sufs = suffixes.map((x) => Buffer.from(x, "utf8"));
  const paths: string[] = [];
  // Version 4 names are the previous name minus N bytes plus a suffix: the name is kept as bytes.
  // The loop compares bytes by hand: a native call per entry (indexOf, compare, copy) costs more
  // than the few bytes it looks at (Backend.AI's 8,474 entries: 3.0 ms -> 0.7 ms, BENCHMARKS.md).
  let name = Buffer.alloc(4096);
  let nameLen = 0;
  let last = "";
  let at = 12;
  for (let n = 0; n < count; n++) {
    const start = at;
    if (at + 42 + hashSize > end) return { error: "truncated" };
    const mode = buf.readUInt32BE(at + 24);
    at += 40 + hashSize;
    const flags = buf.readUInt16BE(at);
    at += 2;
    if (flags & 0x4000) {
      if (version < 3) return { error: "extended flags in a version 2 index" };
      at += 2;
    }
    // The name's length is in the flags unless it is 0xfff or more; the NUL after it is checked.
    const short = flags & 0xfff;
    let from: number;
    let to: number;
    if (version === 4) {
      const strip = varint(buf, at, end);
      if (!strip || strip.value > nameLen) return { error: "bad name" };
      at = strip.next;
      const keep = nameLen - strip.value;
      const nul = short < 0xfff ? at + short - keep : buf.indexOf(0, at);
      if (nul < at || nul >= end || buf[nul] !== 0) return { error: "bad name" };
      const len = keep + nul - at;
      if (len > name.length) {
        const bigger = Buffer.alloc(len * 2);
        name.copy(bigger, 0, 0, keep);
        name = bigger;
      }
      for (let i = at, j = keep; i < nul; ) name[j++] = buf[i++];
      nameLen = len;
      at = nul + 1;
      from = 0;
      to = nameLen;
    } else {
      const nul = short < 0xfff ? at + short : buf.indexOf(0, at);
      if (nul < at || nul >= end || buf[nul] !== 0) return { error: "bad name" };
      from = at;
      to = nul;
      // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes from their start.
      at = start + ((at - start + (nul - at) + 8) & ~7);
    }
    const type = mode & S_IFMT;
    if (type !== S_IFREG && type !== S_IFLNK) continue;
    const src = version === 4 ? name : buf;
    if (to - from <= pre.length || !bytesAt(src, from, pre)) continue;
    let wanted = false;
    for (const x of sufs) if (to - from >= x.length && bytesAt(src, to - x.length, x)) wanted = true;
    if (!wanted) continue;
    const rel = src.toString("utf8", from + pre.length, to);
    // A conflicted path has one entry per stage, one after another.
    if (rel !== last) paths.push(rel);
    last = rel;
  }
  if (at > end) return { error: "truncated" };
  // Extensions follow the entries: only the split index's changes what is tracked.
  while (at + 8 <= end) {
    if (buf.toString("latin1", at, at + 4) === "link") return { unsupported: "split index" };
    at += 8 + buf.readUInt32BE(at + 4);
  }
  return { paths };
}

/** `bytes` are at `at` in `buf`. */
function bytesAt(buf: Buffer, at: number, bytes: Buffer): boolean {
  for (let i = 0; i < bytes.length; i++) if (buf[at + i] !== bytes[i]) return false;
  return true;
}

/** git's offset varint (varint.c): 7 bits a byte, high bit set on all but the last, plus one per continuation. */
function varint(buf: Buffer, at: number, end: number): { value: number; next: number } | null {
  if (at >= end) return null;
  let c = buf[at++];
  let value = c & 127;
  while (c & 128) {
    if (at >= end || value > 2 ** 40) return null;
    value += 1;
    c = buf[at++];
    value = value * 128 + (c & 127);
  }
  return { value, next: at };
}
