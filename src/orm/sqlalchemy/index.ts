/** SQLAlchemy (declarative, imperative and Flask-SQLAlchemy): tables, columns, keys, relationships. */
import type { OrmExtractor } from "../extractor.js";
import { mergeRedeclaredTables } from "./redeclared.js";
import { extractDeclarative, extractModuleCalls, extractTables, isMapped } from "./sqlalchemy.js";

export const sqlalchemy: OrmExtractor = {
  id: "sqlalchemy",
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
