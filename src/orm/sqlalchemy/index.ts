/** SQLAlchemy (declarative, imperative and Flask-SQLAlchemy): tables, columns, keys, relationships. */
import type { FrameworkTraits } from "../../schema/frameworks.js";
import type { OrmExtractor } from "../extractor.js";
import { mergeRedeclaredTables } from "./redeclared.js";
import { extractDeclarative, extractModuleCalls, extractTables, isMapped } from "./sqlalchemy.js";

/** A SQLAlchemy model can declare everything its database has. */
export const SQLALCHEMY_TRAITS: FrameworkTraits = {
  serverDefaults: true,
  comments: true,
  generatedColumns: true,
  identityFromModel: true,
  ownsCheckConstraints: true,
  foreignKeyActions: true,
  patternOpsTwins: false,
  fixedPostgresTypes: false,
  keylessTables: true,
  relationFields: false,
  arrayField: true,
  sharedClassNames: true,
};

export const sqlalchemy: OrmExtractor<"sqlalchemy" | "flask-sqlalchemy"> = {
  id: "sqlalchemy",
  frameworks: { sqlalchemy: SQLALCHEMY_TRAITS, "flask-sqlalchemy": SQLALCHEMY_TRAITS },
  canDefineModels: /\bColumn\(|mapped_column|\bTable\(|Mapped\[|__tablename__|map_imperatively|relationship\(/,
  bases: [
    { framework: "flask-sqlalchemy", qualified: /SQLAlchemy\(\)\.Model$/ },
    { framework: "sqlalchemy", qualified: /^sqlalchemy\..*\.?(DeclarativeBase|DeclarativeBaseNoMeta)$/ },
  ],
  detect: (ctx, ref, fw) => (fw === "sqlalchemy" || fw === "flask-sqlalchemy") && isMapped(ctx, ref),
  extract: (ctx, ref, fw, done) => void extractDeclarative(ctx, ref, fw, done),
  extractModule: (ctx, mod, pass) =>
    pass === "before-classes" ? extractTables(ctx, mod) : extractModuleCalls(ctx, mod),
  finish: mergeRedeclaredTables,
};
