/**
 * Decodes a Python source file the way CPython does: a UTF-8 BOM, else a PEP 263 coding line in
 * the first two lines, else strict UTF-8. Alembic imports revision files, so a file CPython could
 * not decode would stop it too: we report it instead of guessing.
 */
import type { Failure } from "../core/outcome.js";

/** The text, or why not with the 1-based line of the first bad byte. */
export type Decoded = { text: string } | (Failure & { line: number });

const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

// Python's names for encodings (normalized as CPython does: lower case, `-` and spaces to `_`)
// that the WHATWG labels TextDecoder knows spell differently.
const ALIASES: Record<string, string> = {
  utf: "utf-8",
  u8: "utf-8",
  utf8: "utf-8",
  utf_8: "utf-8",
  utf_8_sig: "utf-8",
  cp65001: "utf-8",
  latin_1: "latin1",
  latin1: "latin1",
  l1: "latin1",
  iso_latin_1: "latin1",
  iso8859_1: "latin1",
  iso_8859_1: "latin1",
  "8859": "latin1",
  cp819: "latin1",
  cp949: "euc-kr",
  uhc: "euc-kr",
  ks_c_5601_1987: "euc-kr",
  cp932: "shift_jis",
  ms932: "shift_jis",
  mskanji: "shift_jis",
  ms_kanji: "shift_jis",
};

export function decodePython(bytes: Uint8Array): Decoded {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return strict(bytes.subarray(3), "utf-8");
  const declared = codingLine(bytes);
  return strict(bytes, declared ?? "utf-8");
}

/** The encoding named on line 1, or on line 2 when line 1 is a comment or blank (PEP 263). */
function codingLine(bytes: Uint8Array): string | undefined {
  let start = 0;
  for (let lineNo = 0; lineNo < 2 && start < bytes.length; lineNo++) {
    let end = start;
    while (end < bytes.length && end - start < 200 && bytes[end] !== 10 && bytes[end] !== 13) end++;
    // Latin-1 keeps one char per byte, enough to match an ASCII coding comment.
    const line = String.fromCharCode(...bytes.subarray(start, end));
    const m = CODING.exec(line);
    if (m) {
      const name = m[1].toLowerCase().replace(/[- ]/g, "_");
      return ALIASES[name] ?? name.replace(/_/g, "-");
    }
    if (!/^[ \t\f]*(#.*)?$/.test(line)) return undefined;
    start = end + (bytes[end] === 13 && bytes[end + 1] === 10 ? 2 : 1);
  }
  return undefined;
}

const decoders = new Map<string, TextDecoder>();

function strict(bytes: Uint8Array, encoding: string): Decoded {
  let decoder = decoders.get(encoding);
  if (!decoder) {
    try {
      decoder = new TextDecoder(encoding, { fatal: true });
    } catch {
      return { error: `unknown source encoding '${encoding}'`, line: 1 };
    }
    decoders.set(encoding, decoder);
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { error: `not valid ${encoding}`, line: firstBadLine(bytes) };
  }
}

/** 1-based line of the first byte sequence that is not UTF-8, so the warning points somewhere useful. */
function firstBadLine(bytes: Uint8Array): number {
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 10) {
      try {
        new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return 1;
}
