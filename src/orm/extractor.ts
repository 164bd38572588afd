/**
 * What an ORM extractor is: a folder src/orm/<id>/ whose index.ts exports an `OrmExtractor`, one
 * line in src/orm/registry.ts. The extraction driver (index.ts) asks each extractor in turn. The
 * framework names of its `frameworks` make the `Framework` union (src/schema/model.ts), their
 * traits `frameworks()` (src/schema/frameworks.ts) and the JSON Schema's enum (`npm run docs:schema`).
 */
import type { FrameworkTraits } from "../schema/frameworks.js";
import type { Framework, Table } from "../schema/model.js";
import type { ClassRef, ExtractContext } from "./context.js";
import type { PyModule } from "./pymodule.js";

/** `F`: the names of the frameworks it reads (an extractor declares it: `OrmExtractor<"django">`). */
export interface OrmExtractor<F extends string = Framework> {
  id: string;
  /**
   * What the models of each framework it reads can declare (src/schema/frameworks.ts). Partial only
   * so that one extractor is an `OrmExtractor` of every framework; test/schema/frameworks.test.ts
   * holds every framework its bases name to traits here.
   */
  frameworks: { readonly [K in F]?: FrameworkTraits };
  /**
   * A cheap text test: can a file with this text define this ORM's models? Run before any parsing;
   * "can this file define models" anywhere in Remodel is the union of every extractor's test.
   */
  canDefineModels: RegExp;
  /**
   * The qualified names of the library classes whose subclasses are this ORM's models, each with
   * the framework it means (`django.db.models.Model` → django); classify.ts asks every extractor
   * in registry order.
   */
  bases: readonly { framework: F; qualified: RegExp }[];
  /**
   * Library classes whose subclasses belong to the ORM without being models, so have no table
   * (Django managers and querysets), and the class methods that make such a class from another
   * (`Manager.from_queryset(QS)`): a check looking for every model's table does not look for theirs.
   */
  helpers?: { qualified: RegExp; factories: RegExp };
  /** Whether this extractor reads the class, given the framework its bases name (classify.ts). */
  detect(ctx: ExtractContext, ref: ClassRef, framework: Framework): boolean;
  /** Adds the class's table (or tables, columns, relationships) to the context. */
  extract(ctx: ExtractContext, ref: ClassRef, framework: F, done: Map<object, Table | null>): void;
  /** Module-level passes: tables before classes (`Table(...)`), calls after them (`map_imperatively`). */
  extractModule?(ctx: ExtractContext, mod: PyModule, pass: "before-classes" | "after-classes"): void;
  /** Once every module's passes are done, before foreign keys and relationships are resolved. */
  finish?(ctx: ExtractContext): void;
}
