/** RM100: what the reader and the scanner could not read cleanly; the rest of the file is still indexed. */
import type { Check } from "../check-contract.js";

export const readWarning: Check = {
  code: "RM100",
  name: "syntax-or-read-warning",
  scope: "project",
  summary: "a file that could not be read cleanly: syntax error, not UTF-8, unreadable",
  example:
    "`pkg/broken.py:3:6: RM100 '(' was never closed` (the rest of the file is still indexed and checked); `RM100 not valid UTF-8 (byte offset 8); read with replacement characters`; `RM100 cannot read file (EACCES); skipped`. A PEP 263 coding cookie (`# -*- coding: latin-1 -*-`) is honoured; a UTF-8 BOM, CRLF line endings and tabs are read as Python reads them",
  run: (ctx) =>
    ctx.index.warnings.map((w) => ({
      code: "RM100",
      path: w.path,
      line: w.line,
      column: w.column,
      message: w.message,
    })),
};
