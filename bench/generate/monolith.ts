import { renderImporter, renderTest, TEST_SUPPORT } from "./monolith-importers.js";
import { renderModels } from "./monolith-models.js";
import { planMonolith } from "./monolith-plan.js";
import { Random } from "./random.js";
import { TreeWriter, countLines, type TreeStats } from "./write.js";

export interface MonolithOptions {
  classes: number;
  /** Lines of models.py to aim for (met within a few percent). */
  lines: number;
  /** Modules that import models.py, tests included. */
  importers: number;
  seed?: number;
}

export interface MonolithStats extends TreeStats {
  modelLines: number;
  importers: number;
}

/** Folders the importers are spread over, with how many dots reach `mono` from them. */
const FOLDERS: { path: string; dotted: string; share: number }[] = [
  { path: "src/mono/services", dotted: "mono.services", share: 0.3 },
  { path: "src/mono/api/v1", dotted: "mono.api.v1", share: 0.25 },
  { path: "src/mono/jobs", dotted: "mono.jobs", share: 0.25 },
];

/**
 * Writes a project whose `src/mono/models.py` holds `classes` SQLAlchemy models (foreign keys,
 * relationships by class and by string, mixins, enums, association tables, `__table_args__`,
 * event listeners, attributes attached after the classes) in about `lines` lines, plus
 * `importers` modules (services, API, jobs and unittest tests) that use it in every import style.
 * Issue 4's benchmark input. Deterministic per seed.
 */
export function generateMonolith(dir: string, opts: MonolithOptions): MonolithStats {
  const rand = new Random(opts.seed ?? 1);
  const plan = planMonolith(rand.fork(1), opts.classes);
  const out = new TreeWriter(dir);
  out.write(
    "pyproject.toml",
    '[project]\nname = "mono"\nversion = "0.0.0"\n\n[tool.setuptools.packages.find]\nwhere = ["src"]\n',
  );
  out.write("src/mono/__init__.py", '"""A monolithic backend (generated for Remodel\'s benchmarks)."""\n');
  out.write("src/mono/types.py", MONEY);
  const models = renderModels(rand.fork(2), plan, opts.lines);
  out.write("src/mono/models.py", models);
  for (const path of ["src/mono/services", "src/mono/api", "src/mono/api/v1", "src/mono/jobs"])
    out.write(`${path}/__init__.py`, "");
  out.write("tests/__init__.py", "");
  out.write("tests/support.py", TEST_SUPPORT);
  const gen = rand.fork(3);
  let written = 0;
  for (const f of FOLDERS) {
    const count = Math.round(opts.importers * f.share);
    for (let i = 0; i < count; i++, written++) {
      const name = `${f.dotted.split(".").pop()}_${String(i).padStart(3, "0")}`;
      out.write(`${f.path}/${name}.py`, renderImporter(gen, plan, f.dotted, written));
    }
  }
  for (let i = 0; written < opts.importers; i++, written++) {
    out.write(`tests/test_models_${String(i).padStart(3, "0")}.py`, renderTest(gen, plan, i));
  }
  return { ...out.stats, modelLines: countLines(models), importers: written };
}

const MONEY = `"""Column types shared by the models."""

import decimal

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator


class Money(TypeDecorator):
    """A decimal amount with two places, stored as NUMERIC(12, 2)."""

    impl = sa.Numeric(12, 2)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        return decimal.Decimal(value).quantize(decimal.Decimal("0.01"))
`;
