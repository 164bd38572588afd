/**
 * Something a person should look at, though the work it comes from stands: a refactoring's "check
 * this by hand", a write whose clean-up failed after the change was complete. One shape for all of
 * them, so that every reporter prints them the same way and `--json` lists them all.
 */
export interface Warning {
  message: string;
  /** Where, when the warning is about one place (project-relative path, 1-based line). */
  path?: string;
  line?: number;
}

/** A warning as the text reporters print it: `warning: path:line: message`. */
export function warningText(w: Warning): string {
  const at = w.path ? `${w.path}${w.line ? `:${w.line}` : ""}: ` : "";
  return `warning: ${at}${w.message}`;
}
