/**
 * Offsets are UTF-16 code unit offsets into the decoded file text (BOM removed) everywhere in
 * Remodel. Lines and columns are computed only when reporting, here.
 */
/** Line starts are collected here, then copied out at their exact count (grown for the longest file). */
let scratch = new Int32Array(1 << 14);
const pushStart = (k: number, at: number): void => {
  if (k === scratch.length) {
    const grown = new Int32Array(scratch.length * 2);
    grown.set(scratch);
    scratch = grown;
  }
  scratch[k] = at;
};

export class LineMap {
  private readonly starts: Int32Array;
  constructor(readonly text: string) {
    // One exactly sized buffer instead of an array grown line by line: the scanner builds one per
    // file, and that growth was a twentieth of what a cold scan allocated.
    let k = 1;
    scratch[0] = 0;
    if (text.indexOf("\r") < 0) {
      // The common case, found with indexOf (a native search) instead of a loop over every character.
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) pushStart(k++, i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) pushStart(k++, i + 1);
      }
    }
    this.starts = scratch.slice(0, k);
  }
  /** 1-based line of an offset. */
  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
  /** 1-based column of an offset on its (1-based) line: with `line()`, a position without an object. */
  column(offset: number, line: number): number {
    return offset - this.starts[line - 1] + 1;
  }
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const line = this.line(offset);
    return { line, column: offset - this.starts[line - 1] + 1 };
  }
  lineStart(line: number): number {
    return this.starts[line - 1] ?? this.text.length;
  }
  get lineCount(): number {
    return this.starts.length;
  }
}

/** The line ending a text mostly uses, so generated lines match the file. */
export function detectEol(text: string): "\n" | "\r\n" {
  const crlf = text.indexOf("\r\n");
  if (crlf < 0) return "\n";
  const lf = text.indexOf("\n");
  return lf === crlf + 1 ? "\r\n" : "\n";
}
