/**
 * Every check, in the order of their codes. Add one: a file in checks/ exporting a `Check`
 * (check-contract.ts), one line here, then `npm run docs:checks` to refresh the docs tables.
 */
import type { Check } from "./check-contract.js";
import { alembicHeads } from "./checks/alembic-heads.js";
import { unknownModuleAttribute } from "./checks/attributes.js";
import { importCycle } from "./checks/cycles.js";
import { undefinedAllEntry } from "./checks/dunder-all.js";
import { unknownImportSymbol, unresolvedImport } from "./checks/imports.js";
import { modelDiscovery } from "./checks/model-discovery.js";
import { readWarning } from "./checks/read-warnings.js";
import { schemaChanged } from "./checks/schema-unchanged.js";
import { shadowedModule } from "./checks/shadowed-module.js";
import { brokenStringReference } from "./checks/string-refs.js";

export const checks: readonly Check[] = [
  unresolvedImport,
  unknownImportSymbol,
  unknownModuleAttribute,
  undefinedAllEntry,
  brokenStringReference,
  importCycle,
  alembicHeads,
  modelDiscovery,
  schemaChanged,
  shadowedModule,
  readWarning,
];
