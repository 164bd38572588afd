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
  // A cookie spells "coding" within the bytes `declaredEncoding` reads: without them (nearly every
  // file) there is no first-line text to cut out and match.
  const head = body.subarray(0, 800);
  const declared = head.indexOf("coding") < 0 ? null : declaredEncoding(head.toString("latin1"));
  const encoding = declared ?? "utf-8";
  const codec = codecFor(encoding);
  if (!codec)
    return {
      text: body.toString("utf8"),
      bom,
      encoding,
      warning: `unknown source encoding '${encoding}'; read as UTF-8 with replacement characters`,
    };
  const text = codec.decode(body);
  if (text !== null) return { text, bom, encoding, warning: null };
  if (codec.name === "utf-8")
    return {
      text: body.toString("utf8"),
      bom,
      encoding,
      warning: `not valid UTF-8 (byte offset ${firstInvalidUtf8Byte(body)}); read with replacement characters`,
    };
  return {
    text: new TextDecoder(codec.label).decode(body),
    bom,
    encoding,
    warning: `not valid ${encoding}; read with replacement characters`,
  };
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
    throw new Error(
      `U+${cp} at line ${line}, column ${col} cannot be written in the declared source encoding '${encoding}'`,
    );
  }
  return bom ? Buffer.concat([BOM, bytes]) : bytes;
}

/**
 * The first non-ASCII character of `text` that the declared encoding's codec cannot be trusted to
 * write as CPython reads it: with an inexact codec, one that `known` (text decoded from a file whose
 * bytes survived decoding and encoding again, so each of its characters has its file's bytes) does
 * not hold. Null when every character is safe.
 */
export function unverifiedCharacter(text: string, known: string): { message: string } | null {
  const encoding = declaredEncoding(text) ?? "utf-8";
  const codec = codecFor(encoding);
  if (!codec || codec.exact) return null;
  let seen: Set<string> | null = null;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) continue;
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    seen ??= new Set(known);
    if (!seen.has(ch)) {
      const at = text.slice(0, i);
      const cp = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
      return {
        message: `U+${cp} at line ${at.split("\n").length}, column ${i - at.lastIndexOf("\n")} cannot be written in the declared source encoding '${encoding}' with certainty that CPython reads it back (only characters the files already hold in it are written)`,
      };
    }
    if (ch.length === 2) i++;
  }
  return null;
}

interface Codec {
  name: string;
  /**
   * Whether every character this codec writes is written as CPython's codec of that name writes
   * it. The CJK codecs come from WHATWG tables, which are not CPython's (Shift_JIS there is
   * cp932, EUC-JP has the NEC/IBM rows, EUC-KR is cp949, ...): they only write back characters
   * whose bytes a file already shows (see unverifiedCharacter).
   */
  exact: boolean;
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
    return {
      name: "utf-8",
      label: "utf-8",
      exact: true,
      decode: (b) => (isUtf8(b) ? b.toString("utf8") : null),
      encode: (t) => lonelySurrogate(t) ?? Buffer.from(t, "utf8"),
    };
  }
  // WHATWG's "iso-8859-1" is windows-1252; Python's latin-1 maps every byte to the same code point.
  if (["latin-1", "latin1", "l1", "iso-8859-1", "iso8859-1", "8859", "cp819", "iso-ir-100"].includes(e)) {
    return {
      name: "latin-1",
      label: "iso-8859-1",
      exact: true,
      decode: (b) => b.toString("latin1"),
      encode: (t) => firstAbove(t, 0xff) ?? Buffer.from(t, "latin1"),
    };
  }
  if (e === "cp1252" || e === "windows-1252") return cp1252();
  if (e === "ascii" || e === "us-ascii" || e === "646") {
    return {
      name: "ascii",
      label: "ascii",
      exact: true,
      decode: (b) => (b.every((x) => x < 0x80) ? b.toString("latin1") : null),
      encode: (t) => firstAbove(t, 0x7f) ?? Buffer.from(t, "latin1"),
    };
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
  if (/^(windows-125\d|iso-8859-\d+|koi8-[ru])$/.test(label)) return singleByte(e, label, decode);
  let table: Map<number, Buffer> | null = null;
  const encode = (t: string): Buffer | number => {
    table ??= reverseTable(decode);
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
  return { name: e, label, exact: false, decode, encode };
}

/**
 * A single-byte codec as CPython has it, by a 256-entry table from the WHATWG decoder with two
 * corrections: in ISO 8859 every byte 0x80-0x9F is its C1 control (WHATWG reads iso-8859-9 as
 * windows-1254), and the windows-125x bytes WHATWG maps to C1 controls are undefined in CPython.
 */
function singleByte(name: string, label: string, decodeAll: (b: Buffer) => string | null): Codec {
  const iso = label.startsWith("iso-8859-");
  const forward: (number | null)[] = [];
  for (let b = 0; b < 256; b++) {
    const t = b < 0x80 ? String.fromCharCode(b) : decodeAll(Buffer.from([b]));
    const cp = t === null || t.length !== 1 ? null : t.charCodeAt(0);
    forward.push(b >= 0x80 && b < 0xa0 ? (iso ? b : cp !== null && cp >= 0x80 && cp < 0xa0 ? null : cp) : cp);
  }
  const back = new Map<number, number>();
  forward.forEach((cp, b) => cp !== null && !back.has(cp) && back.set(cp, b));
  const decode = (b: Buffer): string | null => {
    let out = "";
    for (const x of b) {
      const cp = forward[x];
      if (cp === null) return null;
      out += String.fromCharCode(cp);
    }
    return out;
  };
  const encode = (t: string): Buffer | number => {
    const out = Buffer.alloc(t.length);
    for (let i = 0; i < t.length; i++) {
      const b = back.get(t.charCodeAt(i));
      if (b === undefined) return i;
      out[i] = b;
    }
    return out;
  };
  return { name, label, exact: true, decode, encode };
}

/**
 * Python's cp1252, by table: Node's TextDecoder reads windows-1252 as latin-1 (0x80 is U+0080, not
 * "€"), and CPython leaves five bytes undefined that WHATWG maps to C1 controls.
 */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
  0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

function cp1252(): Codec {
  const back = new Map<number, number>(
    CP1252_HIGH.map((cp, i): [number, number] => [cp, 0x80 + i]).filter(([cp]) => cp !== 0),
  );
  const decode = (b: Buffer): string | null => {
    let out = "";
    for (const x of b) {
      const cp = x >= 0x80 && x < 0xa0 ? CP1252_HIGH[x - 0x80] : x;
      if (cp === 0) return null;
      out += String.fromCharCode(cp);
    }
    return out;
  };
  const encode = (t: string): Buffer | number => {
    const out = Buffer.alloc(t.length);
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      const b = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : back.get(c);
      if (b === undefined) return i;
      out[i] = b;
    }
    return out;
  };
  return { name: "cp1252", label: "windows-1252", exact: true, decode, encode };
}

/** Python codec names → WHATWG labels, for the encodings whose every character Remodel can write back. */
function whatwgLabel(e: string): string | null {
  const cp = /^(?:cp|windows-)(125\d)$/.exec(e);
  if (cp) return `windows-${cp[1]}`;
  const iso = /^iso-?8859-(\d+)$/.exec(e);
  if (iso) return `iso-8859-${iso[1]}`;
  const latin = /^latin-?(\d+)$/.exec(e);
  const part = latin
    ? ({ 2: 2, 3: 3, 4: 4, 5: 9, 6: 10, 7: 13, 8: 14, 9: 15, 10: 16 } as Record<string, number>)[latin[1]]
    : undefined;
  if (part) return `iso-8859-${part}`;
  if (["shift-jis", "shiftjis", "sjis", "s-jis", "cp932", "ms932", "mskanji", "ms-kanji"].includes(e))
    return "shift_jis";
  if (["euc-jp", "eucjp", "ujis", "u-jis"].includes(e)) return "euc-jp";
  if (["euc-kr", "euckr", "cp949"].includes(e)) return "euc-kr";
  if (["gbk", "cp936", "ms936", "gb2312", "euc-cn", "euccn"].includes(e)) return "gbk";
  if (["big5", "big5-tw", "cp950"].includes(e)) return "big5";
  if (e === "koi8-r" || e === "koi8-u") return e;
  return null;
}

/** Character → shortest bytes, from the decoder itself: every single byte, then every pair and EUC-JP's three-byte JIS X 0212 row. */
function reverseTable(decode: (b: Buffer) => string | null): Map<number, Buffer> {
  const table = new Map<number, Buffer>();
  const add = (bytes: number[]) => {
    const t = decode(Buffer.from(bytes));
    if (t === null || t.length === 0) return;
    const cp = t.codePointAt(0)!;
    if (t.length !== (cp > 0xffff ? 2 : 1) || cp === 0xfffd || table.has(cp)) return;
    table.set(cp, Buffer.from(bytes));
  };
  for (let b = 0x80; b <= 0xff; b++) add([b]);
  for (let lead = 0x81; lead <= 0xfe; lead++) for (let trail = 0x40; trail <= 0xfe; trail++) add([lead, trail]);
  for (let a = 0xa1; a <= 0xfe; a++) for (let b = 0xa1; b <= 0xfe; b++) add([0x8f, a, b]);
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
