/**
 * An import cycle between a domain and `enums` (an enum reading a model of the domain) joins the
 * enums into the domain's module, never the domain's models into a module named `enums`, however
 * many enums there are.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { proposeSplit } from "../../src/refactor/split/propose.js";
import { project } from "./support.js";

const plainEnum = (k: string, body = "") => `class ${k}(enum.Enum):\n    A = "a"\n    B = "b"\n${body}\n\n`;
const columns = (ks: string[]) => ks.map((k, i) => `    k${i} = Column(Enum(${k}))\n`).join("");
const all = ["Kind", "Kind2", "Kind3", "Kind4"];
/** `Kind2` reads `User` as it is defined, and `User` uses the other enums: the enums module and the users' import each other. */
const MODELS =
  "import enum\n\nfrom sqlalchemy import Column, Enum, ForeignKey, Integer\nfrom sqlalchemy.orm import declarative_base, relationship\n\nBase = declarative_base()\n\n\n" +
  plainEnum("Kind") +
  plainEnum("Kind3") +
  plainEnum("Kind4") +
  "# ---- accounts ----\n\n\n" +
  `class User(Base):\n    __tablename__ = "users"\n    id = Column(Integer, primary_key=True)\n${columns(["Kind", "Kind3", "Kind4"])}\n\n` +
  plainEnum("Kind2", "    TABLE = User.__tablename__\n") +
  `class UserGroup(Base):\n    __tablename__ = "user_groups"\n    id = Column(Integer, primary_key=True)\n    user_id = Column(ForeignKey("users.id"))\n    user = relationship("User")\n${columns(all)}\n\n` +
  "# ---- billing ----\n\n\n" +
  `class Invoice(Base):\n    __tablename__ = "invoices"\n    id = Column(Integer, primary_key=True)\n${columns(all)}\n\n` +
  `class InvoiceLine(Base):\n    __tablename__ = "invoice_lines"\n    id = Column(Integer, primary_key=True)\n    invoice_id = Column(ForeignKey("invoices.id"))\n    invoice = relationship("Invoice")\n${columns(all)}`;

test("a cycle between a domain and the enums joins the enums into the domain's module", async () => {
  const dir = project({ "app/__init__.py": "", "app/models.py": MODELS });
  const p = proposeSplit(new Resolver(await loadProject(dir, { noCache: true, exactRoot: true })), "app/models.py");
  assert.ok(!("error" in p));
  const user = p.modules.find((m) => m.statements.includes("User"));
  assert.ok(user, JSON.stringify(p.modules));
  assert.notEqual(user.name, "enums", JSON.stringify(p.modules));
  assert.notEqual(user.name, "base", JSON.stringify(p.modules));
});
