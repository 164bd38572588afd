import { NOUNS, RESERVED, camel } from "./names.js";
import type { Random } from "./random.js";

/** One mapped class of the generated monolith. */
export interface ModelClass {
  index: number;
  name: string;
  snake: string;
  table: string;
  mixins: string[];
  /** Foreign keys to earlier classes; each has a relationship on both sides. */
  parents: { target: ModelClass; byClass: boolean }[];
  children: ModelClass[];
  selfRef: boolean;
  /** Many-to-many links (association tables) this class takes part in. */
  links: Link[];
  listener: boolean;
  tableArgs: boolean;
}

export interface Link {
  table: string;
  a: ModelClass;
  b: ModelClass;
  /** `secondary=` given as the Table variable, or as its name in a string. */
  byName: boolean;
}

export interface EnumDef {
  name: string;
  members: string[];
}

export interface MonolithPlan {
  classes: ModelClass[];
  links: Link[];
  enums: EnumDef[];
}

const MIXINS = ["TimestampMixin", "SoftDeleteMixin", "OwnedMixin", "NamedMixin"];
const ENUM_KINDS = ["Status", "Kind", "Level", "Channel", "Visibility"];
const ENUM_MEMBERS = ["DRAFT", "ACTIVE", "PAUSED", "ARCHIVED", "PENDING", "FAILED", "LOW", "HIGH", "PUBLIC", "PRIVATE"];

/** Decides classes, foreign keys, links and enums before anything is rendered. */
export function planMonolith(rand: Random, count: number): MonolithPlan {
  const classes: ModelClass[] = [];
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const snake = i === 0 ? "user" : uniqueSnake(rand, names);
    names.add(snake);
    const cls: ModelClass = {
      index: i,
      name: camel(snake),
      snake,
      table: `${snake}s`,
      mixins: i === 0 ? ["TimestampMixin"] : MIXINS.filter(() => rand.chance(0.3)),
      parents: [],
      children: [],
      selfRef: i > 0 && rand.chance(0.04),
      links: [],
      listener: rand.chance(0.1),
      tableArgs: rand.chance(0.2),
    };
    const fkCount = i === 0 ? 0 : rand.pick([0, 1, 1, 2, 2, 3]);
    for (let k = 0; k < fkCount; k++) {
      const j = rand.chance(0.5) ? Math.max(0, i - rand.int(1, 20)) : rand.int(0, i - 1);
      const target = classes[j];
      if (cls.parents.some((p) => p.target === target)) continue;
      cls.parents.push({ target, byClass: rand.chance(0.5) });
      target.children.push(cls);
    }
    // Two foreign keys to users (owner_id and user_id) would make the relationships ambiguous.
    if (cls.parents.some((p) => p.target.index === 0 || p.target.snake === "owner"))
      cls.mixins = cls.mixins.filter((m) => m !== "OwnedMixin");
    classes.push(cls);
  }
  const links: Link[] = [];
  for (let k = 0; k < Math.max(1, Math.round(count / 20)); k++) {
    const [x, y] = [rand.int(0, count - 1), rand.int(0, count - 1)];
    if (x === y) continue;
    const [a, b] = x < y ? [classes[x], classes[y]] : [classes[y], classes[x]];
    if (a.links.some((l) => l.a === b || l.b === b)) continue;
    const link = { table: `${a.snake}_${b.snake}_links`, a, b, byName: rand.chance(0.5) };
    links.push(link);
    a.links.push(link);
    b.links.push(link);
  }
  const enums: EnumDef[] = [];
  const enumNames = new Set<string>();
  for (let k = 0; k < Math.max(2, Math.round(count / 15)); k++) {
    const name = `${camel(rand.pick(NOUNS))}${rand.pick(ENUM_KINDS)}`;
    if (enumNames.has(name) || names.has(name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase())) continue;
    enumNames.add(name);
    enums.push({ name, members: ENUM_MEMBERS.filter(() => rand.chance(0.5)).concat("OTHER") });
  }
  return { classes, links, enums };
}

function uniqueSnake(rand: Random, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const [first, second] = [rand.pick(NOUNS), rand.pick(NOUNS)];
    const base = (attempt < 4 && rand.chance(0.5)) || first === second ? first : `${first}_${second}`;
    const name = attempt < 20 ? base : `${base}_${attempt}`;
    if (!taken.has(name) && !RESERVED.has(name)) return name;
  }
}
