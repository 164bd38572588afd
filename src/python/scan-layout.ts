/**
 * Python's block layout rules over logical lines, to report what CPython rejects before it
 * parses an expression: a compound header without its colon, and indentation errors. Cheap
 * integer work per logical line; the scanner reads the rest of the file as usual.
 */
export class LayoutChecker {
  private readonly levels: number[] = [0];
  private expectIndent = false;
  private headerOffset = 0;

  constructor(private readonly warn: (offset: number, message: string) => void) {}

  /**
   * One logical line at `indent` whose first token starts at `offset`; `opensBlock` when it is a
   * compound header ending with its colon, so the next line must be indented deeper.
   */
  line(indent: number, offset: number, opensBlock: boolean): void {
    const levels = this.levels;
    let top = levels[levels.length - 1];
    if (indent > top) {
      if (!this.expectIndent) this.warn(offset, "unexpected indent");
      levels.push(indent);
    } else {
      if (this.expectIndent) this.warn(offset, "expected an indented block");
      while (indent < top) {
        levels.pop();
        top = levels[levels.length - 1];
      }
      if (indent !== top) {
        this.warn(offset, "unindent does not match any outer indentation level");
        levels.push(indent);
      }
    }
    this.expectIndent = opensBlock;
    this.headerOffset = offset;
  }

  /** The end of the file: a header on the last line still needs its block (reported on the header, as CPython does). */
  end(): void {
    if (this.expectIndent) this.warn(this.headerOffset, "expected an indented block");
  }
}
