import type { EnumDef, Link, ModelClass, MonolithPlan } from "./monolith-plan.js";
import type { Random } from "./random.js";

const COLUMNS: [string, string][] = [
  ["title", 'sa.String(200), nullable=False, default=""'],
  ["code", "sa.String(40), index=True"],
  ["amount", "Money()"],
  ["quantity", "sa.Integer, nullable=False, default=0"],
  ["is_enabled", "sa.Boolean, nullable=False, default=True"],
  ["notes", "sa.Text"],
  ["starts_at", "sa.DateTime"],
  ["ends_at", "sa.DateTime"],
  ["weight", "sa.Float, default=1.0"],
  ["priority", "sa.SmallInteger, nullable=False, default=0"],
  ["external_ref", "sa.String(64), unique=True"],
  ["contact_email", "sa.String(254)"],
  ["phone", "sa.String(32)"],
  ["country_code", "sa.String(2)"],
  ["currency", 'sa.String(3), nullable=False, default="EUR"'],
  ["rating", "sa.Numeric(3, 2)"],
  ["summary", "sa.String(500)"],
  ["sort_order", "sa.Integer, nullable=False, default=0"],
  ["legacy_id", "sa.BigInteger"],
  ["checksum", "sa.String(64)"],
  ["payload", "sa.JSON"],
  ["valid_until", "sa.Date"],
];

/** Renders models.py: header, enums, mixins, helpers, association tables, classes, listeners. */
export function renderModels(rand: Random, plan: MonolithPlan, targetLines: number): string {
  const out: string[] = [
    ...header(),
    ...plan.enums.flatMap(renderEnum),
    ...mixins(),
    ...plan.links.flatMap(renderLink),
  ];
  let remaining = targetLines - out.length - 40;
  plan.classes.forEach((cls, i) => {
    const budget = Math.floor(remaining / (plan.classes.length - i));
    const lines = renderClass(rand, cls, plan.enums, budget);
    remaining -= lines.length;
    out.push(...lines);
  });
  out.push(...attached(rand, plan));
  return out.join("\n") + "\n";
}

function header(): string[] {
  return [
    '"""All of the application\'s models in one module (generated for Remodel\'s benchmarks)."""',
    "",
    "import enum",
    "import re",
    "from datetime import datetime",
    "",
    "import sqlalchemy as sa",
    "from sqlalchemy import event",
    "from sqlalchemy.orm import declarative_base, declared_attr, relationship, validates",
    "",
    "from mono.types import Money",
    "",
    "Base = declarative_base()",
    "",
    "",
    "def utcnow():",
    "    return datetime.utcnow()",
    "",
    "",
    "def slugify(text):",
    '    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")',
    "",
  ];
}

function renderEnum(e: EnumDef): string[] {
  return ["", `class ${e.name}(enum.Enum):`, ...e.members.map((m) => `    ${m} = "${m.toLowerCase()}"`), ""];
}

function mixins(): string[] {
  return [
    "",
    "class TimestampMixin:",
    "    created_at = sa.Column(sa.DateTime, nullable=False, default=utcnow)",
    "    updated_at = sa.Column(sa.DateTime, nullable=False, default=utcnow, onupdate=utcnow)",
    "",
    "",
    "class SoftDeleteMixin:",
    "    deleted_at = sa.Column(sa.DateTime)",
    "",
    "    @property",
    "    def is_deleted(self):",
    "        return self.deleted_at is not None",
    "",
    "",
    "class OwnedMixin:",
    "    @declared_attr",
    "    def owner_id(cls):",
    '        return sa.Column(sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL"))',
    "",
    "    @declared_attr",
    "    def owner(cls):",
    '        return relationship("User")',
    "",
    "",
    "class NamedMixin:",
    "    name = sa.Column(sa.String(120), nullable=False)",
    "    slug = sa.Column(sa.String(120), index=True)",
    "",
  ];
}

function renderLink(l: Link): string[] {
  return [
    "",
    `${l.table} = sa.Table(`,
    `    "${l.table}",`,
    "    Base.metadata,",
    `    sa.Column("${l.a.snake}_id", sa.Integer, sa.ForeignKey("${l.a.table}.id", ondelete="CASCADE"), primary_key=True),`,
    `    sa.Column("${l.b.snake}_id", sa.Integer, sa.ForeignKey("${l.b.table}.id", ondelete="CASCADE"), primary_key=True),`,
    ")",
  ];
}

function renderClass(rand: Random, cls: ModelClass, enums: EnumDef[], budget: number): string[] {
  const taken = new Set([
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "owner_id",
    "owner",
    "name",
    "slug",
    "parent",
    "parent_id",
    "children",
  ]);
  const body: string[] = [`    __tablename__ = "${cls.table}"`, "", "    id = sa.Column(sa.Integer, primary_key=True)"];
  const rels: string[] = [];
  for (const p of cls.parents) {
    taken.add(p.target.snake).add(`${p.target.snake}_id`);
    body.push(`    ${p.target.snake}_id = sa.Column(sa.Integer, sa.ForeignKey("${p.target.table}.id"), index=True)`);
    const target = p.byClass ? p.target.name : `"${p.target.name}"`;
    rels.push(`    ${p.target.snake} = relationship(${target}, back_populates="${cls.snake}_set")`);
  }
  if (cls.selfRef) {
    body.push(`    parent_id = sa.Column(sa.Integer, sa.ForeignKey("${cls.table}.id"))`);
    rels.push(`    parent = relationship("${cls.name}", remote_side="${cls.name}.id", back_populates="children")`);
    rels.push(`    children = relationship("${cls.name}", back_populates="parent")`);
  }
  for (const child of cls.children) {
    rels.push(`    ${child.snake}_set = relationship("${child.name}", back_populates="${cls.snake}", lazy="dynamic")`);
  }
  for (const l of cls.links) {
    const other = l.a === cls ? l.b : l.a;
    const ref = other.index < cls.index ? other.name : `"${other.name}"`;
    const secondary = l.byName ? `"${l.table}"` : l.table;
    rels.push(
      `    ${other.snake}_links = relationship(${ref}, secondary=${secondary}, back_populates="${cls.snake}_links")`,
    );
  }
  const enumCol = rand.chance(0.6) ? rand.pick(enums) : undefined;
  if (enumCol)
    body.push(
      `    state = sa.Column(sa.Enum(${enumCol.name}), nullable=False, default=${enumCol.name}.${enumCol.members[0]})`,
    );
  const columns = COLUMNS.filter(([n]) => !taken.has(n));
  const head = cls.mixins.length > 0 ? `${cls.mixins.join(", ")}, Base` : "Base";
  const fixed = 6 + rels.length + (cls.tableArgs ? 4 : 0) + (cls.listener ? 7 : 0) + 6;
  let i = 0;
  for (; i < columns.length && body.length + fixed < budget * 0.7; i++)
    body.push(`    ${columns[i][0]} = sa.Column(${columns[i][1]})`);
  const used = columns.slice(0, i).map(([n]) => n);
  if (rels.length > 0) body.push("", ...rels);
  if (cls.tableArgs && used.length >= 2) body.splice(1, 0, ...tableArgs(cls, used));
  body.push(...methods(cls, used, budget - body.length - fixed));
  const out = ["", "", `class ${cls.name}(${head}):`, ...body];
  if (cls.listener) out.push(...listener(cls));
  return out;
}

function tableArgs(cls: ModelClass, cols: string[]): string[] {
  const lines = [
    "    __table_args__ = (",
    `        sa.UniqueConstraint("${cols[0]}", "${cols[1]}"),`,
    `        sa.Index("ix_${cls.table}_${cols[1]}_id", "${cols[1]}", "id"),`,
  ];
  if (cols.includes("quantity"))
    lines.push(`        sa.CheckConstraint("quantity >= 0", name="ck_${cls.table}_quantity"),`);
  return [...lines, "    )"];
}

function methods(cls: ModelClass, cols: string[], room: number): string[] {
  const out = ["", "    def __repr__(self):", `        return f"<${cls.name} {self.id}>"`];
  out.push(
    "",
    "    def to_dict(self):",
    `        return {${["id", ...cols.slice(0, 4)].map((c) => `"${c}": self.${c}`).join(", ")}}`,
  );
  if (cols.includes("contact_email")) {
    out.push(
      "",
      '    @validates("contact_email")',
      "    def _check_email(self, key, value):",
      '        if value and "@" not in value:',
      '            raise ValueError("bad email")',
      "        return value",
    );
  }
  for (let k = 0; out.length < room - 3; k++) {
    out.push(
      "",
      "    @classmethod",
      `    def by_${k === 0 ? "id" : `page_${k}`}(cls, session, value):`,
      `        return session.query(cls).filter(cls.id == value).offset(${k * 10}).first()`,
    );
  }
  return out;
}

function listener(cls: ModelClass): string[] {
  return [
    "",
    "",
    `@event.listens_for(${cls.name}, "before_insert")`,
    `def _${cls.snake}_before_insert(mapper, connection, target):`,
    `    target.checksum = slugify(repr(target))`,
  ];
}

/** Relationships attached after both classes exist, and module-level indexes over class attributes. */
function attached(rand: Random, plan: MonolithPlan): string[] {
  const out: string[] = [];
  const withChildren = plan.classes.filter((c) => c.children.length > 0);
  for (let k = 0; k < 5 && withChildren.length > 0; k++) {
    const parent = rand.pick(withChildren);
    const child = rand.pick(parent.children);
    const attr = `recent_${child.snake}_items_${k}`;
    out.push(
      "",
      `${parent.name}.${attr} = relationship(`,
      `    "${child.name}", viewonly=True, order_by="${child.name}.id.desc()"`,
      ")",
    );
  }
  for (let k = 0; k < 3; k++) {
    const cls = plan.classes[rand.int(0, plan.classes.length - 1)];
    out.push("", `sa.Index("ix_extra_${k}_${cls.table}", ${cls.name}.id)`);
  }
  return out;
}
