/**
 * A module defining a declarative `Base` and a mixin with one column: a model importing both is
 * read fully only when the import is followed to this file (else the mixin's column is missing).
 */
export function baseWithMixin(mixin: string, column: string): string {
  return [
    "import sqlalchemy as sa",
    "from sqlalchemy.orm import declarative_base",
    "",
    "Base = declarative_base()",
    "",
    "",
    `class ${mixin}:`,
    `    ${column}`,
    "",
  ].join("\n");
}
