import type { ClassRef, ExtractContext } from "./context.js";
export function extractDjangoModel(_ctx: ExtractContext, _ref: ClassRef): void {}
