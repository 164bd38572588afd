import type { ClassRef } from "./context.js";
import type { Expr } from "./expr.js";

/** One class-level attribute as a mapper sees it: an assignment or a `declared_attr` method. */
export interface ClassAttr {
  name: string;
  value?: Expr;
  annotation?: Expr;
  owner: ClassRef;
  /** Defined by a `@declared_attr` method: `value` is what the method returns. */
  declared: boolean;
  line: number;
}

const DECLARED = /(^|\.)(declared_attr|directive|cascading)$/;

/**
 * The attributes visible on a class, looking through `refs` in order (the class first, then its
 * mixins and bases): the first definition of a name wins, as in Python's MRO.
 */
export function classAttributes(refs: ClassRef[]): ClassAttr[] {
  const out: ClassAttr[] = [];
  const seen = new Set<string>();
  for (const owner of refs) {
    for (const s of owner.cls.body) {
      if (s.kind === "assign") {
        for (const name of s.targets) {
          if (seen.has(name)) continue;
          seen.add(name);
          out.push({ name, value: s.value, annotation: s.annotation, owner, declared: false, line: s.line });
        }
      } else if (s.kind === "def" && !seen.has(s.name)) {
        seen.add(s.name); // a method shadows inherited attributes of the same name
        const declared = s.decorators.some((d) => DECLARED.test((d.k === "call" ? d.fn : d).text));
        if (declared) out.push({ name: s.name, value: s.returns, owner, declared: true, line: s.line });
      }
    }
  }
  return out;
}

/** Evaluates the usual `__tablename__` declared_attr bodies: `cls.__name__`, `.lower()`, literals. */
export function evalTableName(e: Expr | undefined, clsName: string): string | null {
  if (!e) return null;
  if (e.k === "str") return e.v;
  if (e.k === "attr" && e.attr === "__name__") return clsName;
  if (e.k === "call" && e.fn.k === "attr" && e.args.length === 0) {
    const inner = evalTableName(e.fn.obj, clsName);
    if (inner === null) return null;
    if (e.fn.attr === "lower") return inner.toLowerCase();
    if (e.fn.attr === "upper") return inner.toUpperCase();
  }
  if (e.k === "binop" && e.op === "+") {
    const l = evalTableName(e.left, clsName);
    const r = evalTableName(e.right, clsName);
    return l !== null && r !== null ? l + r : null;
  }
  return null;
}

/** Flask-SQLAlchemy 3's default table name: `UserProfile` → `user_profile`, `HTTPLog` → `http_log`. */
export function camelToSnake(name: string): string {
  return name
    .replace(/((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))/g, "_$1")
    .toLowerCase()
    .replace(/^_+/, "");
}
