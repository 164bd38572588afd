import { readFileSync } from "node:fs";
import { closest } from "./did-you-mean.js";

/**
 * Validates configuration and plan files against the JSON Schemas shipped in schema/ (the same
 * files editors and SchemaStore read), so the schema is the one statement of what is allowed.
 * Only the keywords those schemas use are read: type, properties, additionalProperties, items,
 * required, enum, minimum. The tests check that Ajv agrees on valid and invalid documents.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  enum?: unknown[];
  minimum?: number;
}

const cache = new Map<string, JsonSchema>();

/** A schema of schema/ by file name, e.g. `remodel-config.schema.json`. */
export function shippedSchema(name: string): JsonSchema {
  let s = cache.get(name);
  if (!s)
    cache.set(
      name,
      (s = JSON.parse(readFileSync(new URL(`../../../schema/${name}`, import.meta.url), "utf8")) as JsonSchema),
    );
  return s;
}

/** The first problem of `value` against `schema`, as one line naming the key, or undefined when valid. */
export function schemaError(value: unknown, schema: JsonSchema, where: string): string | undefined {
  return check(value, schema, where);
}

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (v instanceof Date) return "datetime";
  return typeof v === "object" ? "object" : typeof v;
}

const matches = (actual: string, expected: string) =>
  actual === expected || (expected === "number" && actual === "integer");

function check(v: unknown, s: JsonSchema, where: string): string | undefined {
  const actual = typeOf(v);
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => matches(actual, t)))
      return `${where}: expected ${types.map(article).join(" or ")}, got ${article(actual)}`;
  }
  if (s.enum && !s.enum.includes(v))
    return `${where}: expected ${s.enum.map((e) => JSON.stringify(e)).join(" or ")}, got ${JSON.stringify(v)}`;
  if (s.minimum !== undefined && typeof v === "number" && v < s.minimum)
    return `${where}: must be at least ${s.minimum}, got ${v}`;
  if (actual === "array" && s.items) {
    const list = v as unknown[];
    for (let i = 0; i < list.length; i++) {
      const e = check(list[i], s.items, `${where}[${i}]`);
      if (e) return e;
    }
  }
  if (actual === "object") {
    const obj = v as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in obj)) return `${where}.${key}: missing`;
    for (const [key, child] of Object.entries(obj)) {
      const sub =
        s.properties?.[key] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
      if (sub) {
        const e = check(child, sub, `${where}.${key}`);
        if (e) return e;
      } else if (s.additionalProperties === false) {
        const known = Object.keys(s.properties ?? {});
        const tip = closest(key, known);
        return `${where}.${key}: unknown key${tip ? ` (did you mean '${tip}'?)` : ""}; known keys: ${known.join(", ")}`;
      }
    }
  }
  return undefined;
}

const article = (t: string) =>
  t === "array" || t === "object" || t === "integer" ? `an ${t}` : t === "null" ? "null" : `a ${t}`;
