import type { ModelClass, MonolithPlan } from "./monolith-plan.js";
import { pickSome } from "./project-imports.js";
import type { Random } from "./random.js";

/** How an importer reaches the models; every style appears once in each run of this many modules. */
const STYLES = [
  "from",
  "relative",
  "package",
  "dotted",
  "alias",
  "star",
  "aliased",
  "local",
  "typing",
  "borrowed",
  "importlib",
] as const;
type Style = (typeof STYLES)[number];

interface Form {
  head: string[];
  /** The expression naming class `c` in function bodies. */
  ref(c: ModelClass): string;
  /** Lines opening each function body (function-local imports). */
  local(c: ModelClass): string[];
  /** Whether module-level code may use the classes (false when they are type-only or local). */
  eager: boolean;
}

function form(style: Style, pkg: string, used: ModelClass[]): Form {
  const names = used
    .map((c) => c.name)
    .sort()
    .join(", ");
  const plain = (head: string[]): Form => ({ head, ref: (c) => c.name, local: () => [], eager: true });
  const viaModule = (head: string[], prefix: string): Form => ({
    head,
    ref: (c) => `${prefix}.${c.name}`,
    local: () => [],
    eager: true,
  });
  switch (style) {
    case "from":
      return plain([`from mono.models import ${names}`]);
    case "relative":
      return plain([`from ${".".repeat(pkg.split(".").length)}models import ${names}`]);
    case "package":
      return viaModule(["from mono import models"], "models");
    case "dotted":
      return { ...viaModule(["import mono.models"], "mono.models"), eager: false };
    case "alias":
      return viaModule(["import mono.models as m"], "m");
    case "star":
      return plain(["from mono.models import *  # noqa: F403"]);
    case "aliased":
      return {
        head: used.map((c) => `from mono.models import ${c.name} as ${c.name}Model`).sort(),
        ref: (c) => `${c.name}Model`,
        local: () => [],
        eager: true,
      };
    case "local":
      return {
        head: [],
        ref: (c) => c.name,
        local: (c) => [`    from mono.models import ${c.name}`, ""],
        eager: false,
      };
    case "typing":
      return {
        head: [
          "from typing import TYPE_CHECKING",
          "",
          "from mono import models",
          "",
          "if TYPE_CHECKING:",
          `    from mono.models import ${names}`,
        ],
        ref: (c) => `models.${c.name}`,
        local: () => [],
        eager: true,
      };
    case "borrowed":
      return plain([`from mono.models import Base, Money, ${names}`]);
    case "importlib":
      return viaModule(["import importlib", "", 'models = importlib.import_module("mono.models")'], "models");
  }
}

/** A service / API / job module using a handful of models in the style its index selects. */
export function renderImporter(rand: Random, plan: MonolithPlan, pkg: string, index: number): string {
  const used = pickSome(rand, rand.int(2, 5), () => rand.pick(plan.classes));
  const style = STYLES[index % STYLES.length];
  const f = form(style, pkg, used);
  const lines = [`"""${pkg} module ${index}: works with ${used.map((c) => c.name).join(", ")}."""`, ""];
  if (style === "typing") lines.push("from __future__ import annotations", "");
  if (f.head.length > 0) lines.push(...f.head, "");
  if (f.eager) lines.push("", `TABLES = (${used.map((c) => `${f.ref(c)}.__table__`).join(", ")},)`);
  if (style === "borrowed") lines.push(`METADATA = Base.metadata`, `PRICE_TYPE = Money()`);
  for (const c of used) {
    const annotation = style === "typing" ? `: ${c.name}` : "";
    lines.push("", "", `def list_${c.snake}(session, limit=50):`, ...f.local(c));
    lines.push(`    return session.query(${f.ref(c)}).order_by(${f.ref(c)}.id.desc()).limit(limit).all()`);
    lines.push(
      "",
      "",
      `def create_${c.snake}(session, **fields)${style === "typing" ? ` -> ${c.name}` : ""}:`,
      ...f.local(c),
    );
    lines.push(`    row = ${f.ref(c)}(**fields)`, "    session.add(row)", "    return row");
    lines.push("", "", `def refresh_${c.snake}(session, row${annotation}):`, ...f.local(c));
    lines.push(`    fresh = session.get(${f.ref(c)}, row.id)`, "    return fresh if fresh is not None else row");
  }
  return lines.join("\n").replace(/\n{4,}/g, "\n\n\n") + "\n";
}

/** A unittest module that patches model attributes by string and by object, and checks the patch took. */
export function renderTest(rand: Random, plan: MonolithPlan, index: number): string {
  const cls = rand.pick(plan.classes);
  const listener = plan.classes.filter((c) => c.listener);
  const lines = [
    `"""Tests for ${cls.name} (generated, #${index})."""`,
    "",
    "import unittest",
    "from unittest import mock",
    "",
    "import mono.models",
    "from mono import models",
    "from tests.support import StringPatch",
    "",
    "",
    `class ${cls.name}Test(unittest.TestCase):`,
    "    def test_to_dict_patched_by_string(self):",
    `        with mock.patch("mono.models.${cls.name}.to_dict", return_value={"id": -1}):`,
    `            self.assertEqual(models.${cls.name}().to_dict(), {"id": -1})`,
    "",
    "    def test_repr_patched_by_object(self):",
    `        with mock.patch.object(models.${cls.name}, "__repr__", return_value="<patched>"):`,
    `            self.assertEqual(repr(models.${cls.name}()), "<patched>")`,
    "",
    "    def test_clock_replaced_by_monkeypatch(self):",
    "        patch = StringPatch()",
    "        self.addCleanup(patch.undo)",
    '        patch.setattr("mono.models.utcnow", lambda: "frozen")',
    '        self.assertEqual(mono.models.utcnow(), "frozen")',
  ];
  if (listener.length > 0) {
    const l = rand.pick(listener);
    lines.push(
      "",
      "    def test_listener_reads_slugify_from_models(self):",
      '        with mock.patch("mono.models.slugify", return_value="fixed"):',
      `            row = models.${l.name}()`,
      `            models._${l.snake}_before_insert(None, None, row)`,
      '        self.assertEqual(row.checksum, "fixed")',
    );
  }
  lines.push("", "", 'if __name__ == "__main__":', "    unittest.main()");
  return lines.join("\n") + "\n";
}

/** tests/support.py: a `monkeypatch.setattr("pkg.mod.name", value)` look-alike for unittest. */
export const TEST_SUPPORT = `"""Helpers for the generated tests."""

import importlib


class StringPatch:
    """Sets \`module.attr\` given as one dotted string, like pytest's monkeypatch.setattr."""

    def __init__(self):
        self.saved = []

    def setattr(self, dotted, value):
        module_name, attr = dotted.rsplit(".", 1)
        module = importlib.import_module(module_name)
        self.saved.append((module, attr, getattr(module, attr)))
        setattr(module, attr, value)

    def undo(self):
        for module, attr, value in reversed(self.saved):
            setattr(module, attr, value)
        self.saved.clear()
`;
