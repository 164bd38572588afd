/** Every ORM extractor. Add one: a folder src/orm/<id>/ with an index.ts exporting an `OrmExtractor`, one line here. */
import { django } from "./django/index.js";
import type { OrmExtractor } from "./extractor.js";
import { sqlalchemy } from "./sqlalchemy/index.js";
import { sqlmodel } from "./sqlmodel/index.js";
import { tortoise } from "./tortoise/index.js";

const all = [django, tortoise, sqlmodel, sqlalchemy] as const;

/** The frameworks the extractors read: with "database", the `Framework` union of src/schema/model.ts. */
export type ExtractedFramework = FrameworksOf<(typeof all)[number]>;
type FrameworksOf<E> = E extends OrmExtractor<infer F> ? F : never;

export const extractors: readonly OrmExtractor[] = all;

/** The union of the extractors' own tests: can a file with this text define models of any ORM? */
export const CAN_DEFINE_MODELS = new RegExp(extractors.map((e) => e.canDefineModels.source).join("|"));

export function canDefineModels(text: string): boolean {
  return CAN_DEFINE_MODELS.test(text);
}
