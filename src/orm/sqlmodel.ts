import type { ClassRef, ExtractContext } from "./context.js";
export function extractSqlModel(_ctx: ExtractContext, _ref: ClassRef): void {}
