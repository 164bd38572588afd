/**
 * Bytes → text, the way CPython reads source: UTF-8 with an optional BOM, or the encoding named
 * by a PEP 263 coding cookie. Anything else is read with replacement characters and a warning, so
 * the rest of the file is still indexed.
 */
import { isUtf8 } from "node:buffer";

export interface DecodedSource {
  text: string;
  bom: boolean;
  warning: string | null;
}

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

export function decodeSource(bytes: Buffer): DecodedSource {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (isUtf8(body)) return { text: body.toString("utf8"), bom, warning: null };
  const encoding = cookie(body);
  if (encoding && !/^utf-?8/i.test(encoding)) {
    try {
      return { text: new TextDecoder(whatwgLabel(encoding)).decode(body), bom, warning: null };
    } catch {
      return { text: body.toString("utf8"), bom, warning: `unknown source encoding '${encoding}'; read as UTF-8 with replacement characters` };
    }
  }
  const at = firstInvalidByte(body);
  return { text: body.toString("utf8"), bom, warning: `not valid UTF-8 (byte offset ${at}); read with replacement characters` };
}

/**
 * Python codec names → WHATWG encoding labels (TextDecoder's): `latin-1`, `latin_1`, `iso8859_15`,
 * `cp1252`, `shift_jis`. Python treats `-` and `_` alike and ignores case.
 */
function whatwgLabel(encoding: string): string {
  const e = encoding.toLowerCase().replace(/_/g, "-");
  if (e === "latin-1" || e === "latin1" || e === "l1" || e === "iso8859-1" || e === "8859") return "iso-8859-1";
  const iso = /^iso-?8859-(\d+)$/.exec(e);
  if (iso) return `iso-8859-${iso[1]}`;
  return e === "shift-jis" ? "shift_jis" : e;
}

function cookie(body: Buffer): string | null {
  const head = body.subarray(0, 400).toString("latin1").split(/\r?\n/).slice(0, 2);
  for (const line of head) {
    const m = COOKIE.exec(line);
    if (m) return m[1];
  }
  return null;
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence (error path only). */
function firstInvalidByte(body: Buffer): number {
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
