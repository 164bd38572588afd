import { extractors } from "../orm/registry.js";
import type { Framework } from "./model.js";

/**
 * What a model of each framework can say about its database, and what the framework does to the
 * database on its own. `db diff` and `db pull` ask these instead of testing framework names: a
 * model cannot be held to what its framework cannot declare, and a framework's own additions (a
 * Django `_like` index) are no drift. Each extractor declares its frameworks' traits
 * (`OrmExtractor.frameworks`, src/orm/<id>/index.ts); this module only gathers them.
 */
export interface FrameworkTraits {
  /** The model declares server defaults (Django before 5.0 and Tortoise cannot). */
  serverDefaults: boolean;
  /** The model declares column comments (Django 3.2 cannot; Tortoise's `description` may or may not be one). */
  comments: boolean;
  /** The model declares generated columns (`Computed(...)`): otherwise only one it declares is compared. */
  generatedColumns: boolean;
  /**
   * Only the model decides the database's identity columns: SQLAlchemy makes a SERIAL where the
   * model says no `Identity()`, while Django 4.1+ makes an identity for every AutoField itself.
   */
  identityFromModel: boolean;
  /** The database's CHECK constraints are all the model's (Django and Tortoise add their own for field types). */
  ownsCheckConstraints: boolean;
  /** Foreign keys carry the model's ON DELETE/ON UPDATE (Django emulates on_delete in Python: NO ACTION). */
  foreignKeyActions: boolean;
  /** On PostgreSQL, an indexed or unique text column gets a `*_pattern_ops` twin index (Django's `_like`). */
  patternOpsTwins: boolean;
  /** JSON is jsonb and a datetime has a time zone on PostgreSQL, whatever the field says (Django, Tortoise). */
  fixedPostgresTypes: boolean;
  /** A table without a primary key can be mapped (SQLAlchemy as a `Table`); otherwise it needs a stand-in key. */
  keylessTables: boolean;
  /** A foreign key's field is the relation, its column `<field>_id` (Django, Tortoise). */
  relationFields: boolean;
  /** The core has an array field (Django's contrib.postgres ArrayField). */
  arrayField: boolean;
  /**
   * A string reference by bare class name (`relationship("User")`) resolves in one registry every
   * model of a base shares, so two modules' classes of one name clash. Django resolves
   * `ForeignKey("User")` within the model's own app (`"app.User"` across apps), Tortoise always
   * names the app: two apps' `User` are no clash.
   */
  sharedClassNames: boolean;
}

let gathered: Readonly<Record<Framework, FrameworkTraits>> | undefined;

/**
 * Every extractor's frameworks with their traits, in registry order, and the database's own.
 * Gathered on the first ask, not at load: a module that imports this one (a dialect, `db diff`)
 * must not need the extractor registry to have finished loading, whatever the import order.
 */
export function frameworks(): Readonly<Record<Framework, FrameworkTraits>> {
  if (!gathered) {
    const named = Object.fromEntries(extractors.flatMap((e) => Object.entries(e.frameworks)));
    // A schema read from a database says everything it has, as SQLAlchemy's models can.
    gathered = { ...named, database: named.sqlalchemy } as Record<Framework, FrameworkTraits>;
  }
  return gathered;
}

/** The traits of a table's framework; an unknown name (a hand-written schema file) is taken as SQLAlchemy. */
export function frameworkTraits(framework: string | null | undefined): FrameworkTraits {
  const all = frameworks();
  return all[framework as Framework] ?? all.sqlalchemy;
}

/**
 * The schema file's text with its `framework` enum written from `frameworks()`, or null when the
 * text has no such enum. `npm run docs:schema` writes it; a unit test fails when it drifts.
 */
export function withFrameworkEnum(schemaText: string): string | null {
  const at = /("framework": \{ "enum": )\[[^\]]*\]/;
  if (!at.test(schemaText)) return null;
  return schemaText.replace(
    at,
    (_, head: string) => head + JSON.stringify(Object.keys(frameworks())).replaceAll(",", ", "),
  );
}
