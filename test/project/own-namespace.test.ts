import assert from "node:assert/strict";
import { test } from "node:test";
import { writesOwnNamespace } from "../../src/project/own-namespace.js";

test("writing into globals() counts, reading it does not", () => {
  const writes = [
    'globals()["Widget"] = type("Widget", (), {})',
    "for k in KINDS:\n    globals()[f'KIND_{k}'] = k",
    "globals()[name] += 1",
    "globals()[names[i]] = value",
    "globals().update(result)",
    "globals().setdefault('X', 1)",
    '_builder.BuildTopDescriptorsAndMessages(DESCRIPTOR, "codes_pb2", globals())',
    "_globals = globals()",
    "_globals = globals()  # protobuf",
    "exec(code, globals())",
    "exec f in globals()",
    "inject(globals(), names)",
    "setattr(sys.modules[__name__], 'X', 1)",
    "sys.modules[__name__] = Module()",
    // the module object under another name for sys, or sys.modules imported by name
    "import sys as _sys\nsetattr(_sys.modules[__name__], 'X', 1)",
    "from sys import modules\nsetattr(modules[__name__], 'X', 1)",
    "setattr(sys.modules.get(__name__), 'X', 1)",
    // at module level vars() and locals() are globals()
    "vars().update(result)",
    "locals().update(result)",
    "locals().setdefault('X', 1)",
    // globals() handed on in a container, or returned (the caller writes through it)
    "_spaces = {'module': globals()}",
    "_spaces = [globals()]",
    "def _namespace():\n    return globals()",
    // exec without a namespace of its own runs in the module's (at module level)
    "exec(open(LOCAL_SETTINGS).read())",
    'for f in FILES:\n    exec(compile(open(f).read(), f, "exec"))',
    // an item assigned over several lines
    'globals()[\n    "X"\n] = 1',
  ];
  for (const text of writes) assert.equal(writesOwnNamespace(text), true, text);
  const reads = [
    'HERE = os.path.dirname(globals()["__file__"])',
    "cls = globals()[self.job_type]",
    "inspect.getmro(globals()[kinds[0]])",
    "return globals().get(name, default)",
    "if name in globals():\n    pass",
    "if globals()[name] == 1:\n    pass",
    "names = sorted(globals().keys())",
    "import sys\nmodules = sys.modules",
    "if g == globals():\n    pass",
    "def label(self):\n    return '{name}'.format(**locals())",
    "def kind(name):\n    return globals()[name]",
    "import sys\nHERE = sys.modules[__package__]",
    "result = session.exec(select(User))",
    "exec(code, namespace)",
    "# a tool runs its code with exec()",
  ];
  for (const text of reads) assert.equal(writesOwnNamespace(text), false, text);
});
