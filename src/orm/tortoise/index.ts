/** Tortoise ORM: `Model` subclasses with `fields.*Field` attributes. */
import { DJANGO_TRAITS } from "../django/index.js";
import type { OrmExtractor } from "../extractor.js";
import { extractTortoiseModel } from "./tortoise.js";

export const tortoise: OrmExtractor<"tortoise"> = {
  id: "tortoise",
  frameworks: { tortoise: { ...DJANGO_TRAITS, foreignKeyActions: true, patternOpsTwins: false, arrayField: false } },
  canDefineModels: /\bfields\.\w+Field|\bModel\)/,
  bases: [{ framework: "tortoise", qualified: /^tortoise(\.models)?\.Model$/ }],
  detect: (_ctx, _ref, fw) => fw === "tortoise",
  extract: (ctx, ref) => extractTortoiseModel(ctx, ref),
};
