/** Tortoise ORM: `Model` subclasses with `fields.*Field` attributes. */
import type { OrmExtractor } from "../extractor.js";
import { extractTortoiseModel } from "./tortoise.js";

export const tortoise: OrmExtractor = {
  id: "tortoise",
  canDefineModels: /\bfields\.\w+Field|\bModel\)/,
  bases: [{ framework: "tortoise", qualified: /^tortoise(\.models)?\.Model$/ }],
  detect: (_ctx, _ref, fw) => fw === "tortoise",
  extract: (ctx, ref) => extractTortoiseModel(ctx, ref),
};
