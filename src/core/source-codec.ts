/**
 * Python source bytes ↔ text, the way CPython reads them: UTF-8 with an optional BOM, or the
 * encoding a PEP 263 coding cookie names on line 1 or 2. Reading never fails (the rest of a bad
 * file is still worth indexing), but it says whether the text is exact; writing encodes in the
 * encoding the new text declares and fails rather than write a character the encoding lacks.
 */
import { isUtf8 } from "node:buffer";

export interface DecodedSource {
  text: string;
  bom: boolean;
  /** The Python name of the encoding the bytes were read in ("utf-8" without a cookie). */
  encoding: string;
  /** Why the text is not exactly what CPython would read (replacement characters), or null. */
  warning: string | null;
}

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(#.*)?$/;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The encoding a coding cookie declares in the first two lines of `head`, or null. */
export function declaredEncoding(head: string): string | null {
  const [first = "", second = ""] = head.slice(0, 800).split(/\r\n|\r|\n/, 2);
  const m = COOKIE.exec(first) ?? (BLANK_OR_COMMENT.test(first) ? COOKIE.exec(second) : null);
  return m ? m[1] : null;
}

export function decodeSource(bytes: Buffer): DecodedSource {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const declared = declaredEncoding(body.subarray(0, 800).toString("latin1"));
  const encoding = declared ?? "utf-8";
  const codec = codecFor(encoding);
  if (!codec) return { text: body.toString("utf8"), bom, encoding, warning: `unknown source encoding '${encoding}'; read as UTF-8 with replacement characters` };
  const text = codec.decode(body);
  if (text !== null) return { text, bom, encoding, warning: null };
  if (codec.name === "utf-8") return { text: body.toString("utf8"), bom, encoding, warning: `not valid UTF-8 (byte offset ${firstInvalidUtf8Byte(body)}); read with replacement characters` };
  return { text: new TextDecoder(codec.label).decode(body), bom, encoding, warning: `not valid ${encoding}; read with replacement characters` };
}

/**
 * The bytes to write for `text`: in the encoding its own coding cookie declares (what CPython will
 * read it as), with a BOM if the file had one. Throws a one-line reason when that cannot be done.
 */
export function encodeSource(text: string, bom: boolean): Buffer {
  const encoding = declaredEncoding(text) ?? "utf-8";
  const codec = codecFor(encoding);
  if (!codec) throw new Error(`no encoder for the declared source encoding '${encoding}'`);
  const bytes = codec.encode(text);
  if (typeof bytes === "number") {
    const at = text.slice(0, bytes);
    const line = at.split("\n").length;
    const col = bytes - at.lastIndexOf("\n");
    const cp = text.codePointAt(bytes)!.toString(16).toUpperCase().padStart(4, "0");
    throw new Error(`U+${cp} at line ${line}, column ${col} cannot be written in the declared source encoding '${encoding}'`);
  }
  return bom ? Buffer.concat([BOM, bytes]) : bytes;
}

interface Codec {
  name: string;
  /** The WHATWG label, for the decoder. */
  label: string;
  /** The exact text, or null when the bytes are not valid in this encoding. */
  decode(bytes: Buffer): string | null;
  /** The bytes, or the UTF-16 offset of the first character this encoding cannot hold. */
  encode(text: string): Buffer | number;
}

const codecs = new Map<string, Codec | null>();

/** A codec for a Python encoding name, or null when Remodel cannot both read and write it. */
export function codecFor(pythonName: string): Codec | null {
  const key = pythonName.toLowerCase().replace(/_/g, "-");
  if (!codecs.has(key)) codecs.set(key, makeCodec(key));
  return codecs.get(key)!;
}

function makeCodec(e: string): Codec | null {
  if (/^utf-?8$/.test(e) || e === "utf-8-sig" || e === "u8" || e === "utf") {
    return { name: "utf-8", label: "utf-8", decode: (b) => (isUtf8(b) ? b.toString("utf8") : null), encode: (t) => lonelySurrogate(t) ?? Buffer.from(t, "utf8") };
  }
  // WHATWG's "iso-8859-1" is windows-1252; Python's latin-1 maps every byte to the same code point.
  if (["latin-1", "latin1", "l1", "iso-8859-1", "iso8859-1", "8859", "cp819", "iso-ir-100"].includes(e)) {
    return { name: "latin-1", label: "iso-8859-1", decode: (b) => b.toString("latin1"), encode: (t) => firstAbove(t, 0xff) ?? Buffer.from(t, "latin1") };
  }
  if (e === "ascii" || e === "us-ascii" || e === "646") {
    return { name: "ascii", label: "ascii", decode: (b) => (b.every((x) => x < 0x80) ? b.toString("latin1") : null), encode: (t) => firstAbove(t, 0x7f) ?? Buffer.from(t, "latin1") };
  }
  const label = whatwgLabel(e);
  if (!label) return null;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return null;
  }
  const decode = (b: Buffer): string | null => {
    try {
      return decoder.decode(b);
    } catch {
      return null;
    }
  };
  let table: Map<number, Buffer> | null = null;
  const multiByte = !/^(windows-125\d|iso-8859-\d+|koi8-[ru])$/.test(label);
  const encode = (t: string): Buffer | number => {
    table ??= reverseTable(decode, multiByte);
    const parts: Buffer[] = [];
    for (let i = 0; i < t.length; ) {
      const cp = t.codePointAt(i)!;
      const bytes = cp < 0x80 ? Buffer.from([cp]) : table.get(cp);
      if (!bytes) return i;
      parts.push(bytes);
      i += cp > 0xffff ? 2 : 1;
    }
    const out = Buffer.concat(parts);
    // A table built from the decoder could still pair bytes into another character: never write what does not read back.
    return decode(out) === t ? out : 0;
  };
  return { name: e, label, decode, encode };
}

/** Python codec names → WHATWG labels, for the encodings whose every character Remodel can write back. */
function whatwgLabel(e: string): string | null {
  const cp = /^(?:cp|windows-)(125\d)$/.exec(e);
  if (cp) return `windows-${cp[1]}`;
  const iso = /^iso-?8859-(\d+)$/.exec(e);
  if (iso) return `iso-8859-${iso[1]}`;
  const latin = /^latin-?(\d+)$/.exec(e);
  const part = latin ? ({ 2: 2, 3: 3, 4: 4, 5: 9, 6: 10, 7: 13, 8: 14, 9: 15, 10: 16 } as Record<string, number>)[latin[1]] : undefined;
  if (part) return `iso-8859-${part}`;
  if (["shift-jis", "shiftjis", "sjis", "s-jis", "cp932", "ms932", "mskanji", "ms-kanji"].includes(e)) return "shift_jis";
  if (["euc-jp", "eucjp", "ujis", "u-jis"].includes(e)) return "euc-jp";
  if (["euc-kr", "euckr", "cp949"].includes(e)) return "euc-kr";
  if (["gbk", "cp936", "ms936", "gb2312", "euc-cn", "euccn"].includes(e)) return "gbk";
  if (["big5", "big5-tw", "cp950"].includes(e)) return "big5";
  if (e === "koi8-r" || e === "koi8-u") return e;
  return null;
}

/** Character → shortest bytes, from the decoder itself: every single byte, then (multi-byte encodings) every pair and EUC-JP's three-byte JIS X 0212 row. */
function reverseTable(decode: (b: Buffer) => string | null, multiByte: boolean): Map<number, Buffer> {
  const table = new Map<number, Buffer>();
  const add = (bytes: number[]) => {
    const t = decode(Buffer.from(bytes));
    if (t === null || t.length === 0) return;
    const cp = t.codePointAt(0)!;
    if (t.length !== (cp > 0xffff ? 2 : 1) || cp === 0xfffd || table.has(cp)) return;
    table.set(cp, Buffer.from(bytes));
  };
  for (let b = 0x80; b <= 0xff; b++) add([b]);
  if (multiByte) {
    for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) add([lead, trail]);
    for (let a = 0xa1; a <= 0xfe; a++) for (let b = 0xa1; b <= 0xfe; b++) add([0x8f, a, b]);
  }
  return table;
}

function firstAbove(text: string, max: number): number | null {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > max) return i;
  return null;
}

function lonelySurrogate(text: string): number | null {
  const m = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.exec(text);
  return m ? m.index : null;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (error path only). */
function firstInvalidUtf8Byte(body: Buffer): number {
  let i = 0;
  while (i < body.length) {
    const b = body[i];
    const need = b < 0x80 ? 0 : (b & 0xe0) === 0xc0 ? 1 : (b & 0xf0) === 0xe0 ? 2 : (b & 0xf8) === 0xf0 ? 3 : -1;
    if (need < 0) return i;
    if (need > 0 && !isUtf8(body.subarray(i, i + need + 1))) return i;
    i += need + 1;
  }
  return i;
}
