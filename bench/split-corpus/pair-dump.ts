/**
 * The split corpus as pair data, for auditing the planner's pair signals against the teams'
 * layouts: per case, each model the domain cut groups (name, bases, table, lines, which other
 * models it reads, the importer modules that import it, its team module) and the weight each
 * signal gives each pair of them. Writes one JSON file to the path given (default stdout).
 *   node dist/bench/split-corpus/pair-dump.js [OUT.json]   (REMODEL_SPLIT_CORPUS: the checkouts)
 */
import { existsSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { isFailure } from "../../src/core/outcome.js";
import { loadProject } from "../../src/project/load.js";
import { Resolver } from "../../src/project/resolver.js";
import { splitPairFeatures } from "../../src/refactor/split/plan-split.js";
import { splitInput } from "../../src/refactor/split/propose.js";
import { checkoutOf, loadCases } from "../split-corpus.js";

const corpus = resolve(process.env.REMODEL_SPLIT_CORPUS ?? "/tmp/real/split");
const out: unknown[] = [];
for (const c of loadCases()) {
  const dir = checkoutOf(corpus, c);
  if (!existsSync(join(dir, c.root, c.file))) continue;
  const resolver = new Resolver(await loadProject(join(dir, c.root), { noCache: true, exactRoot: true }));
  const input = splitInput(resolver, c.file);
  if (isFailure(input)) continue;
  const m = input.model;
  const { nodes, pairs } = splitPairFeatures(m, input.opts);
  const at = new Map(nodes.map((x, i) => [x, i]));
  const importers = new Map<number, Set<string>>();
  for (const imp of input.opts.importers ?? [])
    for (const n of imp.names) {
      const x = m.definer.get(n);
      if (x !== undefined && at.has(x)) (importers.get(x) ?? importers.set(x, new Set()).get(x)!).add(imp.module);
    }
  out.push({
    id: c.id,
    repo: c.repo,
    heldOut: !!c.heldOut,
    models: nodes.map((x) => {
      const s = m.statements[x];
      return {
        label: s.label,
        name: s.cls?.name ?? s.label,
        bases: s.cls?.bases ?? [],
        table: s.cls?.tablename ?? s.table,
        role: m.roles[x],
        schema: m.pydantic.has(s.cls?.name ?? ""),
        lines: m.parsed.text.slice(s.start, s.end).split("\n").length,
        reads: [...new Set(s.uses.map((u) => m.definer.get(u.name)))].flatMap((d) =>
          d !== undefined && d !== x && at.has(d) ? [at.get(d)] : [],
        ),
        importers: [...(importers.get(x) ?? [])],
        team: c.layout[s.label] ?? null,
      };
    }),
    pairs: pairs.map((p) => ({ a: at.get(p.a), b: at.get(p.b), s: p.signals })),
  });
}
const json = JSON.stringify(out);
if (process.argv[2]) writeFileSync(process.argv[2], json);
else process.stdout.write(json);
