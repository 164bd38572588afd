/**
 * ModuleFacts: everything the index needs to know about one Python file, as plain immutable data
 * (it is cached as JSON by content hash). Offsets are UTF-16 offsets into the decoded text.
 */

/** Where an import statement sits, which decides whether it runs when the module is imported. */
export interface ImportContext {
  /** Inside a def/async def (lazy: runs when the function is called). */
  function: boolean;
  /** Inside a class body (runs at import time, binds a class attribute). */
  class: boolean;
  /** Inside `if TYPE_CHECKING:` (never runs; type checkers only). */
  typeChecking: boolean;
  /** Inside a `try:` whose handlers catch ImportError/ModuleNotFoundError (optional import). */
  tryImportError: boolean;
  /** Inside another conditional block (if/else/for/while/with/match/try). */
  conditional: boolean;
}

export type ImportContextName = "module" | "type-checking" | "function" | "try-import-error" | "conditional" | "class";
export type EdgeKind = "eager" | "type-only" | "lazy";

export function contextName(c: ImportContext): ImportContextName {
  if (c.typeChecking) return "type-checking";
  if (c.function) return "function";
  if (c.tryImportError) return "try-import-error";
  if (c.class) return "class";
  if (c.conditional) return "conditional";
  return "module";
}

export function edgeKind(c: ImportContext, lazy = false): EdgeKind {
  if (c.typeChecking) return "type-only";
  if (c.function || lazy) return "lazy";
  return "eager";
}

export interface ImportedName {
  /** For `from m import a as b`: `a`. For `import a.b.c as d`: `a.b.c`. */
  name: string;
  alias: string | null;
  /** Range of `a as b` (or `a.b.c`) in the text. */
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface ImportFact {
  kind: "import" | "from";
  /** Number of leading dots; 0 for absolute imports. Always 0 for `import x`. */
  level: number;
  /** For `from`: the dotted module after the dots ("" for `from . import x`). For `import`: "". */
  module: string;
  /** Range of the dots plus module text of a `from` import (e.g. `..models.user`). */
  moduleStart: number;
  moduleEnd: number;
  names: ImportedName[];
  star: boolean;
  /** The whole statement. */
  start: number;
  end: number;
  line: number;
  column: number;
  context: ImportContext;
  /** True for an import inside a comment (`# from .x import y`), kept so moves can re-base it. */
  commented: boolean;
  /**
   * PEP 810 `lazy import a` / `lazy from m import x` (Python 3.15): bound at once, loaded on first
   * use. Checked like any import (a missing name fails at first use); never an eager edge.
   * The statement range starts at `lazy`.
   */
  lazy: boolean;
}

export type BindingKind = "class" | "def" | "assign" | "annassign" | "type" | "import" | "for" | "with" | "other";

/** A name bound at module level. */
export interface Binding {
  name: string;
  kind: BindingKind;
  line: number;
  column: number;
  start: number;
  end: number;
  /** Bound under if/try/for/while/with at module level rather than unconditionally. */
  conditional: boolean;
  /** For kind "import": index into ModuleFacts.imports. */
  importIndex?: number;
  /** Bound only under `if TYPE_CHECKING:`: visible to type checkers, absent at runtime. */
  typeOnly?: boolean;
}

export interface ClassFact {
  name: string;
  /** Base class expressions as written (whitespace removed), e.g. `Base`, `db.Model`, `SQLModel`. */
  bases: string[];
  /** Keyword arguments of the class statement, e.g. `table=True`. */
  keywords: Record<string, string>;
  line: number;
  column: number;
  start: number;
  end: number;
}

export interface AllFact {
  /** Literal names in `__all__`, in order. */
  names: string[];
  /** `*mod.__all__` spreads: the expression before `.__all__`, e.g. `user` or `pkg.user`. */
  spreads: string[];
  /** True when some part of `__all__` could not be read statically. */
  dynamic: boolean;
  line: number;
  column: number;
  /** Each literal entry's position, for reporting undefined names. */
  entries: { name: string; line: number; column: number }[];
}

export type StringRefKind =
  | "patch"
  | "patch.object"
  | "setattr"
  | "import_module"
  | "__import__"
  | "relationship"
  /** A string SQLAlchemy evaluates as an expression: `relationship(..., primaryjoin="...")` and kin. */
  | "relationship_expr"
  | "foreign_key"
  | "django_model"
  | "tortoise_model"
  /** A module in a Tortoise module list (`Tortoise.init(modules=...)`, a `TORTOISE_ORM` dict). */
  | "tortoise_module";

/** A string literal that names Python code (or a table column) and must follow it when it moves. */
export interface StringRef {
  kind: StringRefKind;
  /** The string's value. */
  value: string;
  /** Range of the literal including quotes and prefix. */
  start: number;
  end: number;
  line: number;
  column: number;
  /** The callee as written, e.g. `mock.patch`, `relationship`. */
  callee: string;
  /** For `patch.object(obj, "attr")` and `setattr(obj, "attr", v)`: the object expression when it is a dotted name. */
  object?: string;
  /** For Django's `apps.get_model("app_label", "Model")`: the app label (the first literal). */
  app?: string;
}

/** `root.attr.attr` read on a name that the module binds by an import. */
export interface AttributeRef {
  /** The dotted chain, e.g. `models.User` or `pkg.models.user.UserRow`. */
  chain: string;
  line: number;
  column: number;
  start: number;
  end: number;
}

export interface ModuleFacts {
  imports: ImportFact[];
  bindings: Binding[];
  classes: ClassFact[];
  all: AllFact | null;
  /** A module-level `def __getattr__` exists (PEP 562). */
  hasGetattr: boolean;
  stringRefs: StringRef[];
  attributeRefs: AttributeRef[];
  /** Syntax problems found while scanning; the rest of the file is still indexed. */
  warnings: { line: number; column: number; message: string }[];
}
