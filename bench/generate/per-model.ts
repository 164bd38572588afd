import { Random } from "./random.js";
import { TreeWriter } from "./write.js";

/**
 * A models.py of `classes` long SQLAlchemy models, each named apart (no two share a stem), each
 * with a foreign key to one earlier model: the planner gives each model its own module,
 * the worst case of `--modules N` (hundreds of modules merged two at a time). Deterministic per seed.
 */
export function generatePerModel(dir: string, opts: { classes: number; seed: number }): { classes: number } {
  const rand = new Random(opts.seed);
  const syllables = ["ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze", "bo", "da"];
  const names: string[] = [];
  const taken = new Set<string>();
  while (names.length < opts.classes) {
    const word = Array.from({ length: 3 }, () => syllables[rand.int(0, syllables.length - 1)]).join("");
    const name = word[0].toUpperCase() + word.slice(1);
    if (!taken.has(name)) names.push(name), taken.add(name);
  }
  const lines = [
    "from sqlalchemy import Column, ForeignKey, Integer, String",
    "from sqlalchemy.orm import declarative_base, relationship",
    "",
    "Base = declarative_base()",
  ];
  names.forEach((name, i) => {
    lines.push("", "", `class ${name}(Base):`, `    __tablename__ = "${name.toLowerCase()}"`, "");
    lines.push("    id = Column(Integer, primary_key=True)");
    for (let f = 0; f < 60; f++) lines.push(`    field_${f} = Column(String(${20 + f}))`);
    const targets = i === 0 ? [] : [rand.int(0, i - 1)];
    for (const t of targets) {
      const other = names[t];
      lines.push(`    ${other.toLowerCase()}_id = Column(Integer, ForeignKey("${other.toLowerCase()}.id"))`);
    }
  });
  const out = new TreeWriter(dir);
  out.write("pyproject.toml", '[project]\nname = "per"\nversion = "0.0.0"\n');
  out.write("per/__init__.py", "");
  out.write("per/models.py", `${lines.join("\n")}\n`);
  return { classes: opts.classes };
}
