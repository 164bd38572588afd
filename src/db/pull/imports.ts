/** Collects `from module import name` lines for one generated Python file. */
import { fromImport, plainImport } from "../../python/import-text.js";

export class Imports {
  private readonly froms = new Map<string, Set<string>>();
  private readonly plain = new Set<string>();
  add(module: string, name?: string): this {
    if (!name) this.plain.add(module);
    else this.froms.set(module, (this.froms.get(module) ?? new Set()).add(name));
    return this;
  }
  /** stdlib first, then third party, then relative imports, each sorted (isort's order). */
  render(): string {
    const stdlib = /^(__future__|typing|datetime|decimal|uuid|enum)$/;
    const line = (m: string) => fromImport(m, [...this.froms.get(m)!].sort());
    const mods = [...this.froms.keys()].sort();
    const fut = mods.filter((m) => m === "__future__").map(line);
    const std = [
      ...[...this.plain]
        .filter((m) => stdlib.test(m))
        .map((m) => plainImport(m))
        .sort(),
      ...mods.filter((m) => m !== "__future__" && stdlib.test(m)).map(line),
    ];
    const third = [
      ...[...this.plain]
        .filter((m) => !stdlib.test(m))
        .map((m) => plainImport(m))
        .sort(),
      ...mods.filter((m) => !stdlib.test(m) && !m.startsWith(".")).map(line),
    ];
    const rel = mods.filter((m) => m.startsWith(".")).map(line);
    return [fut, std, third, rel]
      .filter((g) => g.length)
      .map((g) => g.join("\n"))
      .join("\n\n");
  }
}
