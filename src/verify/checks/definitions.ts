/** Name → modules that define it (class, def, assignment), for "did you mean" suggestions. */
import type { ProjectIndex } from "../../project/types.js";

export class DefinitionIndex {
  private map: Map<string, string[]> | null = null;
  constructor(private readonly index: ProjectIndex) {}

  modulesDefining(name: string): string[] {
    if (!this.map) {
      this.map = new Map();
      for (const f of this.index.files.values()) {
        if (!f.module || this.index.modules.get(f.module)?.file !== f) continue;
        for (const b of f.facts.bindings) {
          if (b.kind === "import") continue;
          const list = this.map.get(b.name);
          if (!list) this.map.set(b.name, [f.module]);
          else if (!list.includes(f.module)) list.push(f.module);
        }
      }
    }
    return this.map.get(name) ?? [];
  }
}
