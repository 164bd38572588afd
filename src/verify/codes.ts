/** Every problem code Remodel reports, with its name: read from the check registry. */
import { checks } from "./registry.js";

export const CODES: Readonly<Record<string, string>> = Object.fromEntries(checks.map((c) => [c.code, c.name]));
