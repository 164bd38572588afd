import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";

/** A tree pyright judges: its folder (under the run's base folder) and its source root ("" or "src"). */
export interface PyrightTree {
  root: string;
  srcRoot: string;
}

interface PyrightOutput {
  generalDiagnostics: { file: string; message: string; rule?: string }[];
}

/**
 * The first-party import diagnostics the pyright referee counts (an unknown import symbol, an attribute
 * a module lacks, an unresolved module of the package `prefix` or a relative one), as
 * `path\0message` keys counted per tree. One pyright process judges every tree: the config in
 * `base` gives each tree its own execution environment, so each resolves against its own roots.
 */
export function pyrightImportDiagnostics(
  base: string,
  trees: readonly PyrightTree[],
  prefix: string,
): Map<string, Map<string, number>> {
  writeFileSync(join(base, "pyrightconfig.json"), JSON.stringify(pyrightConfig(base, trees)));
  const [cmd, ...args] = (process.env.REMODEL_PYRIGHT ?? "npx -y pyright@1.1.414").split(" ");
  let out: string;
  try {
    out = execFileSync(
      cmd,
      [...args, "--outputjson", "--pythonpath", "/usr/bin/python3", "-p", join(base, "pyrightconfig.json")],
      { encoding: "utf8", maxBuffer: 1 << 30 },
    );
  } catch (e) {
    // pyright exits 1 when it reports errors: its JSON is still on stdout.
    out = (e as { stdout?: string }).stdout ?? "";
    if (!out.trim().startsWith("{")) throw e;
  }
  return byTree(JSON.parse(out) as PyrightOutput, trees, prefix);
}

export function pyrightConfig(base: string, trees: readonly PyrightTree[]): object {
  return {
    include: trees.map((t) => relative(base, t.root)),
    exclude: ["**/__pycache__", "**/.*"],
    typeCheckingMode: "off",
    reportMissingImports: "error",
    reportAttributeAccessIssue: "error",
    reportMissingModuleSource: "none",
    executionEnvironments: trees.map((t) => ({
      root: relative(base, t.root),
      extraPaths: t.srcRoot === "" ? [] : [relative(base, join(t.root, t.srcRoot))],
    })),
  };
}

export function byTree(
  out: PyrightOutput,
  trees: readonly PyrightTree[],
  prefix: string,
): Map<string, Map<string, number>> {
  const found = new Map<string, Map<string, number>>(trees.map((t) => [t.root, new Map()]));
  for (const d of out.generalDiagnostics) {
    const tree = trees.find((t) => d.file.startsWith(`${t.root}/`));
    const msg = d.message.split("\n")[0];
    if (!tree || !isFirstPartyImport(d.rule, msg, prefix)) continue;
    const key = `${relative(tree.root, d.file)}\0${msg}`;
    const counts = found.get(tree.root) as Map<string, number>;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return found;
}

export function isFirstPartyImport(rule: string | undefined, msg: string, prefix: string): boolean {
  return (
    msg.includes("is unknown import symbol") ||
    msg.includes("is not a known attribute of module") ||
    (rule === "reportMissingImports" && (msg.includes(`"${prefix}`) || msg.includes('Import ".')))
  );
}

/** What `after` has that `before` has not (counted), as `path: message` lines. */
export function added(before: ReadonlyMap<string, number>, after: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of after) for (let i = before.get(k) ?? 0; i < n; i++) out.push(k.replace("\0", ": "));
  return out.sort();
}
