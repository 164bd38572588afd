// Rewrites the framework enum of schema/remodel-schema.json from the ORM extractors' frameworks
// (run `npm run docs:schema` after adding an extractor or a framework to one).
import { readFileSync, writeFileSync } from "node:fs";
import { withFrameworkEnum } from "../dist/src/schema/frameworks.js";

const path = "schema/remodel-schema.json";
const text = readFileSync(path, "utf8");
const next = withFrameworkEnum(text);
if (next === null) throw new Error(`${path}: no "framework": { "enum": [...] } property`);
if (next !== text) writeFileSync(path, next);
