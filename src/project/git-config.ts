/**
 * The few git config values the walk needs, read from the files git reads (git-config(1),
 * "FILES"), without running git: system, global ($XDG_CONFIG_HOME/git/config, then ~/.gitconfig),
 * the repository's config, then its config.worktree; a later file wins. `include.path` is
 * followed; `includeIf` is not (its conditions need the repository state git evaluates), so a
 * value set only under an `includeIf` is not seen.
 */
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** Where the user's git files live, from the environment as git reads it. */
export interface GitHome {
  home: string;
  /** $XDG_CONFIG_HOME, or ~/.config when unset or empty. */
  xdg: string;
}

export function gitHome(env: NodeJS.ProcessEnv = process.env): GitHome {
  const home = env.HOME || homedir();
  return { home, xdg: env.XDG_CONFIG_HOME || join(home, ".config") };
}

/**
 * The environment variables that decide which files git reads for the walk, as text, and the
 * current folder when GIT_DIR, GIT_WORK_TREE or GIT_COMMON_DIR is set (they are relative to it, and
 * it is the top when only GIT_DIR is).
 */
export function gitEnvironment(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string[] {
  const names = ["HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_SYSTEM", "GIT_CONFIG_GLOBAL"];
  names.push("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE");
  // Unset and empty differ for GIT_INDEX_FILE (empty: no index).
  const text = names.map((k) => (env[k] === undefined ? `${k}` : `${k}=${env[k]}`));
  if (env.GIT_DIR || env.GIT_WORK_TREE || env.GIT_COMMON_DIR) text.push(`cwd=${cwd}`);
  return text;
}

/**
 * The user's and the system's config files git reads, lowest precedence first; the repository's
 * own (its common git folder's `config`, then its git folder's `config.worktree`) come after them.
 */
export function userConfigFiles(h: GitHome, env: NodeJS.ProcessEnv = process.env): string[] {
  const files: string[] = [];
  if (!env.GIT_CONFIG_NOSYSTEM) files.push(env.GIT_CONFIG_SYSTEM || "/etc/gitconfig");
  if (env.GIT_CONFIG_GLOBAL !== undefined) files.push(env.GIT_CONFIG_GLOBAL);
  else files.push(join(h.xdg, "git/config"), join(h.home, ".gitconfig"));
  return files;
}

/**
 * The last value of each wanted key (lower case `section.key`) over `files`, and every file read or
 * looked for (present or not): what decides the values, for a cache to re-check. `bare` holds the
 * keys whose last line had no `=`: "" as a string, as `git config --get` prints it, but true as a
 * boolean, where `key =` is false (`configBool`).
 */
export function readConfig(
  files: string[],
  wanted: string[],
  h: GitHome,
): { values: Map<string, string>; bare: Set<string>; consulted: string[] } {
  const values = new Map<string, string>();
  const bare = new Set<string>();
  const consulted: string[] = [];
  const read = (file: string, depth: number): void => {
    consulted.push(file);
    const text = readOrNull(file);
    if (text === null) return;
    for (const [key, value, noEquals] of entries(text)) {
      // git stops at 10 nested includes; a loop is then an error, here the rest is left out.
      if (key === "include.path" && depth < 10) read(resolve(dirname(file), expandHome(value, h)), depth + 1);
      else if (wanted.includes(key)) {
        values.set(key, value);
        if (noEquals) bare.add(key);
        else bare.delete(key);
      }
    }
  };
  for (const f of files) read(f, 0);
  return { values, bare, consulted };
}

/**
 * A boolean as git reads it (config.c git_parse_maybe_bool): a key without `=` is true; true, yes,
 * on or a non-zero number, any case, are true; an empty value (`key =`, `key = ""`) is false, as are
 * false, no, off and 0. Unset is false; a value git would reject as no boolean is false here too.
 */
export function configBool(config: { values: Map<string, string>; bare: Set<string> }, key: string): boolean {
  if (config.bare.has(key)) return true;
  const value = config.values.get(key);
  if (value === undefined) return false;
  const v = value.trim().toLowerCase();
  return v === "true" || v === "yes" || v === "on" || (/^-?\d+$/.test(v) && Number(v) !== 0);
}

/** A file's text, or null when it cannot be read (absent, a folder, no permission). */
export function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** `~/x` is under the home folder, as git expands a pathname value. */
export function expandHome(path: string, h: GitHome): string {
  return path === "~" || path.startsWith("~/") ? join(h.home, path.slice(1)) : path;
}

/**
 * `core.excludesFile` as git resolves it: the configured path (`~/` expanded, a relative one from
 * the work tree's top), else `$XDG_CONFIG_HOME/git/ignore` (`~/.config/git/ignore`).
 */
export function excludesFilePath(value: string | undefined, h: GitHome, top: string): string | null {
  if (value === undefined) return join(h.xdg, "git/ignore");
  if (value === "") return null;
  const p = expandHome(value, h);
  return isAbsolute(p) ? p : resolve(top, p);
}

/**
 * `[section "sub"] key = value` lines as (`section.sub.key` lower-cased but for the subsection,
 * value, whether the line had no `=`) triples, with git's quoting, escapes, comments and
 * continuation lines. A key without `=` has the empty value. A line git would reject is skipped.
 */
export function entries(text: string): [string, string, boolean][] {
  const out: [string, string, boolean][] = [];
  let section = "";
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^\s+/, "");
    if (line === "" || line[0] === "#" || line[0] === ";") continue;
    if (line[0] === "[") {
      const m = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\]|\\.)*)")?\s*\](.*)$/.exec(line);
      if (!m) {
        section = "";
        continue;
      }
      // `[a.B]` (old syntax) lower-cases the whole name; `[a "B"]` keeps the subsection's case.
      section = m[1].toLowerCase() + (m[2] !== undefined ? `.${m[2].replace(/\\(.)/g, "$1")}` : "");
      line = m[3].replace(/^\s+/, "");
      if (line === "" || line[0] === "#" || line[0] === ";") continue;
    }
    const km = /^([A-Za-z][A-Za-z0-9-]*)\s*(=?)/.exec(line);
    if (!km || !section) continue;
    const key = `${section}.${km[1].toLowerCase()}`;
    if (!km[2]) {
      // A key without `=` is a boolean true; `git config --get` prints it as empty, which for a
      // path is no file.
      out.push([key, "", true]);
      continue;
    }
    let rest = line.slice(km[0].length);
    let value = "";
    let quoted = false;
    let pendingSpace = "";
    for (let j = 0; j < rest.length; j++) {
      const c = rest[j];
      if (c === "\\") {
        // A trailing backslash continues the value on the next line.
        if (j + 1 >= rest.length) {
          if (i + 1 >= lines.length) break;
          rest = lines[++i];
          j = -1;
          continue;
        }
        const e = rest[++j];
        value += pendingSpace + (e === "n" ? "\n" : e === "t" ? "\t" : e === "b" ? "\b" : e);
        pendingSpace = "";
      } else if (c === '"') {
        quoted = !quoted;
        value += pendingSpace;
        pendingSpace = "";
      } else if (!quoted && (c === "#" || c === ";")) {
        break;
      } else if (!quoted && (c === " " || c === "\t")) {
        // Unquoted whitespace inside a value is kept, each character as a space; at its ends it is dropped.
        if (value !== "") pendingSpace += " ";
      } else {
        value += pendingSpace + c;
        pendingSpace = "";
      }
    }
    out.push([key, value, false]);
  }
  return out;
}
