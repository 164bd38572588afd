/** SQLModel: `class X(SQLModel, table=True)` on top of SQLAlchemy's column reading. */
import type { OrmExtractor } from "../extractor.js";
import { SQLALCHEMY_TRAITS } from "../sqlalchemy/index.js";
import { isMapped } from "../sqlalchemy/sqlalchemy.js";
import { extractSqlModel } from "./sqlmodel.js";

export const sqlmodel: OrmExtractor<"sqlmodel"> = {
  id: "sqlmodel",
  frameworks: { sqlmodel: SQLALCHEMY_TRAITS },
  canDefineModels: /\btable\s*=\s*True\b|SQLModel/,
  bases: [{ framework: "sqlmodel", qualified: /^sqlmodel(\.main)?\.SQLModel$/ }],
  detect: (ctx, ref, fw) => fw === "sqlmodel" && isMapped(ctx, ref),
  extract: (ctx, ref) => extractSqlModel(ctx, ref),
};
