/**
 * RM009: a refactoring must leave the ORM schema as it was. The static schema (src/orm) of the
 * project before and after the change is diffed; only run when the change touches a file that
 * can define models, since extraction parses those files with tree-sitter.
 */
import type { Problem } from "../../core/diagnostics.js";
import type { Overlay } from "../../core/overlay.js";
import { schemaFromProject } from "../../orm/index.js";
import { canDefineModels } from "../../orm/registry.js";
import type { ProjectIndex } from "../../project/types.js";
import { diffSchemas } from "../../schema/diff.js";
import type { Schema } from "../../schema/model.js";
import type { Check } from "../check-contract.js";

export function checkSchemaUnchanged(
  before: ProjectIndex,
  after: ProjectIndex,
  overlay: Overlay,
  beforeSchema?: () => Schema,
  afterSchema?: () => Schema,
): Problem[] {
  if (!touchesModels(overlay)) return [];
  const diff = diffSchemas(
    beforeSchema ? beforeSchema() : schemaFromProject(before),
    afterSchema ? afterSchema() : schemaFromProject(after),
  );
  return diff.changes.slice(0, 50).map((c) => ({
    code: "RM009",
    path: "",
    line: 1,
    column: 1,
    message: `schema changed: ${c.kind} ${c.element} ${c.table ? `${c.table}.` : ""}${c.name}${c.fields ? ` (${c.fields.map((f) => f.field).join(", ")})` : ""}`,
    data: { change: c },
  }));
}

/** Only a change that touches a file that can define models can change the schema. */
export function touchesModels(overlay: Overlay): boolean {
  return [...overlay.texts.values()].some(canDefineModels);
}

export const schemaChanged: Check = {
  code: "RM009",
  name: "schema-changed",
  scope: "change",
  summary: "(refactorings) the static ORM schema differs before and after the change",
  example:
    "a change that turns `name = sa.Column(sa.String(50))` of table `items` into `sa.String(80)` → `RM009 schema changed: changed column items.name (type)`; only run when the change touches a file that can define models",
  run: (ctx) =>
    ctx.change
      ? checkSchemaUnchanged(
          ctx.change.before,
          ctx.index,
          ctx.change.overlay,
          ctx.change.beforeSchema,
          ctx.change.afterSchema,
        )
      : [],
};
