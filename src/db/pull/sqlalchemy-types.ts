import { dialectSpec } from "../dialect.js";
import type { ColumnType } from "../../schema/model.js";
import type { Imports } from "./imports.js";
import type { PullPlan } from "./plan.js";

export type SaVersion = "2.0" | "1.4";

/** A column type as SQLAlchemy source, with the Python type for `Mapped[...]`. */
export function saType(t: ColumnType, plan: PullPlan, version: SaVersion, im: Imports): { expr: string; py: string } {
  const sa = (name: string) => (im.add("sqlalchemy", name), name);
  const pg = (name: string) => (im.add("sqlalchemy.dialects.postgresql", name), name);
  const mod = (m: string) => (im.add(m), m);
  const len = t.length ? `(${t.length})` : "";
  switch (t.normalized) {
    case "integer":
      return { expr: sa("Integer"), py: "int" };
    case "bigint":
      return { expr: sa("BigInteger"), py: "int" };
    case "smallint":
      return { expr: sa("SmallInteger"), py: "int" };
    case "float":
      return { expr: t.precision ? `${sa("Float")}(${t.precision})` : sa("Float"), py: "float" };
    case "double":
      return { expr: `${sa("Float")}(53)`, py: "float" };
    case "numeric":
      return {
        expr: t.precision != null ? `${sa("Numeric")}(${t.precision}, ${t.scale ?? 0})` : sa("Numeric"),
        py: `${mod("decimal")}.Decimal`,
      };
    case "string":
      return {
        expr: /^(n?char|character|bpchar)\b(?!\s+varying)/i.test(t.written)
          ? `${sa("CHAR")}${len}`
          : `${sa("String")}${len}`,
        py: "str",
      };
    case "text":
      return { expr: sa("Text"), py: "str" };
    case "boolean":
      return { expr: sa("Boolean"), py: "bool" };
    case "date":
      return { expr: sa("Date"), py: `${mod("datetime")}.date` };
    case "time":
      return { expr: t.timezone ? `${sa("Time")}(timezone=True)` : sa("Time"), py: `${mod("datetime")}.time` };
    case "datetime":
      return {
        expr: t.timezone ? `${sa("DateTime")}(timezone=True)` : sa("DateTime"),
        py: `${mod("datetime")}.datetime`,
      };
    case "interval":
      return { expr: sa("Interval"), py: `${mod("datetime")}.timedelta` };
    case "uuid":
      if (dialectSpec(plan.dialect).native.includes("uuid"))
        return { expr: `${pg("UUID")}(as_uuid=True)`, py: `${mod("uuid")}.UUID` };
      return version === "2.0"
        ? { expr: sa("Uuid"), py: `${mod("uuid")}.UUID` }
        : { expr: `${sa("CHAR")}(32)`, py: "str" };
    case "json":
      return { expr: sa("JSON"), py: "Any" };
    case "jsonb":
      return { expr: dialectSpec(plan.dialect).native.includes("jsonb") ? pg("JSONB") : sa("JSON"), py: "Any" };
    case "binary":
      return { expr: t.length ? `${sa("LargeBinary")}(${t.length})` : sa("LargeBinary"), py: "bytes" };
    case "inet":
      return { expr: pg("INET"), py: "str" };
    case "cidr":
      return { expr: pg("CIDR"), py: "str" };
    case "array": {
      const item = t.item ? saType(t.item, plan, version, im) : { expr: sa("Text"), py: "Any" };
      return { expr: `${pg("ARRAY")}(${item.expr})`, py: `List[${item.py}]` };
    }
    case "enum": {
      const e = t.enum ? plan.enums.get(t.enum) : undefined;
      if (!e) return { expr: sa("Text"), py: "str" };
      im.add(".enums", e.name);
      const args = [e.name];
      if (e.dbName) args.push(`name=${JSON.stringify(e.dbName)}`);
      if (e.byValue) args.push("values_callable=lambda e: [m.value for m in e]");
      return { expr: `${sa("Enum")}(${args.join(", ")})`, py: e.name };
    }
    default:
      // A type we have no SQLAlchemy spelling for: keep the database's name visible.
      return { expr: `${sa("Text")}  # database type: ${t.written}`.replace(/ {2}# .*/, ""), py: "Any" };
  }
}
