import type { ClassRef, ExtractContext } from "./context.js";
export function extractTortoiseModel(_ctx: ExtractContext, _ref: ClassRef): void {}
