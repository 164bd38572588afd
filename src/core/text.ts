/**
 * Offsets are UTF-16 code unit offsets into the decoded file text (BOM removed) everywhere in
 * Remodel. Lines and columns are computed only when reporting, here.
 */
export class LineMap {
  private readonly starts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf("\r") < 0) {
      // The common case, found with indexOf (a native search) instead of a loop over every character.
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
    }
    this.starts = starts;
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
