import type { BuiltCase } from "../../test/conformance/cases.js";

/** One rope refactoring (bench/conformance/rope_move.py does them), or the package a user creates first. */
export type RopeStep =
  | { kind: "rename"; path: string; name: string }
  | { kind: "move"; path: string; dest: string }
  | { kind: "mkpkg"; path: string; init: boolean };

/** The file rope cannot parse (PEP 810 `lazy` imports): rope's run does not read it, and figures are given with and without it. */
export const LAZY_FILE = "app/services/lazy_users.py";
export const LAZY_MODULE = "app.services.lazy_users";

/**
 * The closest rope refactorings for a case's move, or undefined where rope has none. rope has
 * Rename (of a module or package, in place) and MoveModule (into an existing package), and no
 * facade: a module-to-package move is Rename to the submodule's name, a package created by hand
 * under the old name, then MoveModule into it, so importers name the submodule.
 */
export function ropeSteps(c: BuiltCase): RopeStep[] | undefined {
  const p = (rel: string) => (c.srcRoot === "" ? rel : `${c.srcRoot}/${rel}`);
  const toPackage = (name: string): RopeStep[] => [
    { kind: "rename", path: p(`app/models/${name}.py`), name: "row" },
    { kind: "mkpkg", path: p(`app/models/${name}`), init: true },
    { kind: "move", path: p("app/models/row.py"), dest: p(`app/models/${name}`) },
  ];
  switch (c.spec.op) {
    case "package":
      return toPackage("user");
    case "batch":
      return [...toPackage("user"), ...toPackage("order")];
    case "rename":
      return [{ kind: "rename", path: p("app/models/user.py"), name: "account" }];
    case "other-package":
      return [{ kind: "move", path: p("app/models/user.py"), dest: p("app/accounts") }];
    case "new-package":
      // Remodel creates app/people/__init__.py in both namespace modes: the rope tree gets the same.
      return [
        { kind: "mkpkg", path: p("app/people"), init: true },
        { kind: "move", path: p("app/models/user.py"), dest: p("app/people") },
      ];
    case "folder":
      return [{ kind: "rename", path: p("app/models"), name: "db" }];
    case "dotted":
      return [
        { kind: "move", path: p("app/models/user.py"), dest: p("app/core") },
        { kind: "rename", path: p("app/core/user.py"), name: "users" },
      ];
    default:
      return undefined;
  }
}
