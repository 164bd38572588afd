import { parse as parseToml } from "smol-toml";

/**
 * The few configparser rules alembic.ini needs: `[section]`, `key = value` or `key: value`,
 * indented continuation lines, `#`/`;` comment lines, `%(here)s` and `%%` interpolation.
 * Returns each section that sets `script_location`.
 */
export interface AlembicIniSection {
  section: string;
  scriptLocation: string;
  /** Raw `version_locations` (split by `versionLocations`). */
  versionLocations?: string;
  versionPathSeparator?: string;
}

export function parseAlembicIni(text: string, here: string): AlembicIniSection[] {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  let lastKey: string | undefined;
  for (const line of text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/)) {
    if (/^\s*([#;].*)?$/.test(line)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      current = sections.get(header[1]) ?? new Map();
      sections.set(header[1], current);
      lastKey = undefined;
      continue;
    }
    if (/^\s/.test(line) && current && lastKey) {
      current.set(lastKey, `${current.get(lastKey)}\n${line.trim()}`);
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (kv && current) {
      lastKey = kv[1].toLowerCase();
      current.set(lastKey, kv[2].trim());
    }
  }
  const out: AlembicIniSection[] = [];
  for (const [section, values] of sections) {
    const loc = values.get("script_location");
    if (!loc) continue;
    const interp = (v: string | undefined) => v?.replace(/%\(here\)s/g, here).replace(/%%/g, "%");
    out.push({
      section,
      scriptLocation: interp(loc)!,
      versionLocations: interp(values.get("version_locations")),
      versionPathSeparator: values.get("version_path_separator"),
    });
  }
  return out;
}

/**
 * Alembic 1.16+ also reads `[tool.alembic]` from pyproject.toml: `script_location` a string,
 * `version_locations` a list (joined with newlines here, split again by splitVersionLocations).
 */
export function parsePyprojectAlembic(text: string, here: string): AlembicIniSection[] {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return []; // a broken pyproject.toml is the project checker's finding, not ours
  }
  const tool = (doc.tool as Record<string, unknown> | undefined)?.alembic as Record<string, unknown> | undefined;
  if (!tool || typeof tool.script_location !== "string") return [];
  const interp = (v: string) => v.replace(/%\(here\)s/g, here).replace(/%%/g, "%");
  const versions = Array.isArray(tool.version_locations)
    ? tool.version_locations.filter((v): v is string => typeof v === "string")
    : [];
  return [
    {
      section: "tool.alembic",
      scriptLocation: interp(tool.script_location),
      versionLocations: versions.length > 0 ? versions.map(interp).join("\n") : undefined,
      versionPathSeparator: versions.length > 0 ? "newline" : undefined,
    },
  ];
}

/** Alembic's split of version_locations: by the configured separator, else by spaces and commas. */
export function splitVersionLocations(raw: string, separator: string | undefined, osSep: string): string[] {
  const chars: Record<string, string> = { space: " ", os: osSep, ":": ":", ";": ";", newline: "\n" };
  const parts = separator && chars[separator] ? raw.split(chars[separator]) : raw.split(/, *| +|\n/);
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}
