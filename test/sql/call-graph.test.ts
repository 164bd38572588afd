import assert from "node:assert/strict";
import { test } from "node:test";
import { calledNames, functionsOf } from "../../src/sql/call-graph.js";

test("call graph: the names before '(' are those of the name-then-paren pattern, in order", () => {
  const text = [
    "def f(x):",
    "    return g  (x) + h\t(1)(2) + 9ab(3) + 12(4) + _p9(5) + été(6) + a.b.c(7) + (8)",
    "x = [y(z) for z in w()]\nq (\n)",
  ].join("\n");
  const expected = [...text.matchAll(/([A-Za-z_]\w*)[ \t]*\(/g)].map((m) => m[1]);
  assert.deepEqual([...calledNames(text)], expected);
  assert.deepEqual([...calledNames(text)], ["f", "g", "h", "ab", "_p9", "c", "y", "w", "q"]);
});

test("call graph: functions are segmented by indentation, strings and comments do not call", () => {
  const text = [
    "@app.route('/users', methods=['GET', 'POST'])",
    "def users():",
    "    rows = load(  # fetch(them)",
    "        'x(y)',",
    "    )",
    "    return render(rows)",
    "",
    "class Repo:",
    "    def get(self):",
    '        """call(me)"""',
    "        return self.db.execute(q())",
  ].join("\n");
  const fns = functionsOf("app.py", text);
  assert.deepEqual(
    fns.map((f) => ({ q: f.qualname, line: f.line, entries: f.entries, calls: [...f.calls] })),
    [
      { q: "users", line: 2, entries: ["GET|POST /users"], calls: ["load", "render"] },
      { q: "Repo.get", line: 9, entries: [], calls: ["execute", "q"] },
    ],
  );
});
