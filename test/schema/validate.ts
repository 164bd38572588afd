import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

/** Validates a value against schema/remodel-schema.json with ajv; returns the error messages. */
const require = createRequire(import.meta.url);
// ajv ships CommonJS; its 2020-12 build validates the draft our schema declares.
const Ajv2020 = require("ajv/dist/2020").default as new (
  o: object,
) => {
  compile(s: object): ((v: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
};
const schema = JSON.parse(readFileSync(join(process.cwd(), "schema/remodel-schema.json"), "utf8")) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

export function validateSchema(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).slice(0, 20).map((e) => `${e.instancePath} ${e.message ?? ""}`);
}
