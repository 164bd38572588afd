/**
 * How a failure travels, in one place. There are three kinds and each has one idiom:
 *
 * - **Expected failures of a step** (a plan that places a class twice, a relative import beyond
 *   the top-level package, a file that is not a git index, bytes that are not valid UTF-8) are
 *   values: the step returns `Outcome<T>`, which is its result or a `Failure`, and the caller tests
 *   it with `isFailure`. A failure may carry where it happened (`line`, `offset`) as extra fields.
 * - **A refactoring's verdict** is its `RefactorResult` (`planned | skipped | failed`): a
 *   refactoring turns the `Failure` of a step into `failed` with the same text.
 * - **At the command boundary**, a problem with the user's input, configuration or machine is a
 *   thrown `RemodelError` (one line, exit 2), and anything else thrown is a bug, reported as
 *   `remodel: internal error` with exit 2.
 *
 * Not a thrown error below the command boundary because a failure is often not fatal to the caller
 * (a check skips an import it cannot resolve, a walk falls back to the ignore rules), and not a bare
 * `string | T` because a string is also a valid result of many steps.
 */
export interface Failure {
  /** One line, said to the user as it is: no trailing period, no stack. */
  readonly error: string;
}

/** The result of a step that can fail in an expected way. */
export type Outcome<T extends object> = T | Failure;

export function failure(error: string): Failure {
  return { error };
}

export function isFailure<T extends object>(o: Outcome<T>): o is Failure {
  return typeof (o as Partial<Failure>).error === "string";
}
