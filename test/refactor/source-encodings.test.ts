/**
 * A move rewrites files in the encoding they declare (PEP 263 cookie, UTF-8 BOM), so CPython reads
 * the same strings afterwards; a change the encoding cannot hold, or a file whose bytes are not
 * valid in its declared encoding, is refused with exit 2 and nothing written (never U+FFFD).
 * The oracle is CPython: the strings each module holds, before and after.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { codecFor, unverifiedCharacter } from "../../src/core/source-codec.js";
import { runCli } from "../support/run-cli.js";
import { git, treeState, writeFiles } from "../core/transaction/project.js";

interface Case {
  codec: string;
  /** The file header: a cookie, or "" with a BOM. */
  cookie: string;
  bom?: boolean;
  /** Text only this encoding (of the ones tested) holds beyond ASCII. */
  sample: string;
  /** CPython's name of the encoding, to write the fixture. */
  python: string;
}

const cases: Case[] = [
  { codec: "latin-1", cookie: "# -*- coding: latin-1 -*-\n", sample: "café ñandú ÿ ß ©", python: "latin-1" },
  { codec: "cp1252", cookie: "# vim: set fileencoding=cp1252 :\n", sample: "€ “curly” — œuvre ‰", python: "cp1252" },
  { codec: "shift_jis", cookie: "# coding: shift_jis\n", sample: "日本語の名前 ｶﾀｶﾅ", python: "shift_jis" },
  {
    codec: "euc-jp",
    cookie: "#!/usr/bin/env python\n# -*- coding: euc-jp -*-\n",
    sample: "名前と住所 〜 表示",
    python: "euc-jp",
  },
  { codec: "utf-8 with BOM", cookie: "", bom: true, sample: "Grüße ✓ 名前 😀", python: "utf-8-sig" },
];

/** A project whose moved module and its importer both carry `c`'s encoding and non-ASCII strings. */
function project(c: Case): string {
  const dir = mkdtempSync(join(tmpdir(), "remodel-enc-"));
  const enc = (text: string) =>
    execFileSync(
      "/usr/bin/python3",
      ["-c", `import sys; sys.stdout.buffer.write(sys.stdin.read().encode(${JSON.stringify(c.python)}))`],
      { input: text },
    );
  writeFiles(dir, {
    "pyproject.toml": '[project]\nname = "p"\n',
    "src/p/__init__.py": "",
    "src/p/models/__init__.py": "",
    "src/p/models/base.py": "class Base:\n    pass\n",
    // A relative import, so the moved file itself is rewritten, not only renamed.
    "src/p/models/m.py": enc(
      `${c.cookie}from .base import Base\n\nNAME = "${c.sample}"\n\n\nclass M(Base):\n    label = "${c.sample} (label)"\n`,
    ),
    "src/p/use.py": enc(
      `${c.cookie}# ${c.sample}\nfrom p.models.m import NAME, M\n\nVALUES = [NAME, M.label, "${c.sample} (use)"]\n`,
    ),
  });
  git(dir, "init", "-q");
  git(dir, "add", "-A");
  git(dir, "commit", "-qm", "init");
  return dir;
}

/** What CPython reads: the strings p.use holds, as JSON (ASCII-escaped, so no terminal encoding is involved). */
function values(dir: string): string {
  return execFileSync("/usr/bin/python3", ["-B", "-c", "import json, p.use; print(json.dumps(p.use.VALUES))"], {
    cwd: join(dir, "src"),
    encoding: "utf8",
  });
}

for (const c of cases) {
  test(`${c.codec}: a move rewrites both files in ${c.codec}, CPython reads the same strings`, async () => {
    const dir = project(c);
    try {
      const before = values(dir);
      assert.match(before, /\\u/); // non-ASCII really is there
      const originals = {
        m: readFileSync(join(dir, "src/p/models/m.py")),
        use: readFileSync(join(dir, "src/p/use.py")),
      };
      const r = await runCli(["move", "src/p/models/m.py", "src/p/models/sub/m.py"], dir);
      assert.equal(r.code, 0, r.out + r.err);
      const moved = readFileSync(join(dir, "src/p/models/sub/m.py"));
      const use = readFileSync(join(dir, "src/p/use.py"));
      assert.notDeepEqual(moved, originals.m, "the moved file was rewritten");
      assert.notDeepEqual(use, originals.use, "the importer was rewritten");
      // Same bytes but the rewritten import: the encoding (and BOM) was kept byte for byte.
      const latin = (b: Buffer) => b.toString("latin1");
      assert.equal(latin(moved), latin(originals.m).replace("from .base", "from ..base"));
      assert.equal(latin(use), latin(originals.use).replace("from p.models.m", "from p.models.sub.m"));
      assert.equal(moved[0] === 0xef, c.bom === true);
      assert.equal(values(dir), before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

for (const c of cases.filter((x) => !x.bom)) {
  test(`${c.codec}: a change the encoding cannot hold is refused, exit 2, nothing written`, async () => {
    const dir = project(c);
    try {
      const before = treeState(dir);
      // Thai letters are identifiers CPython imports, and in none of these encodings: the importer cannot spell the new module.
      const r = await runCli(["move", "src/p/models/m.py", "src/p/models/กข.py"], dir);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(
        r.err,
        /^remodel move: src\/p\/use\.py: U\+0E01 at line \d+, column \d+ cannot be written in the declared source encoding '[-\w]+'( with certainty[^;]*)?; nothing was written$/m,
      );
      assert.equal(r.err.trim().split("\n").length, 1, r.err);
      assert.equal(treeState(dir), before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("a file with bytes invalid in its declared encoding is never rewritten (no U+FFFD): exit 2, nothing written", async () => {
  for (const [cookie, bad] of [
    ["# coding: euc-jp\n", Buffer.from([0xff, 0xfe])],
    ["# coding: shift_jis\n", Buffer.from([0x81, 0x20])],
    ["", Buffer.from([0xc3, 0x28])], // UTF-8 by default
  ] as const) {
    const dir = project(cases[0]);
    try {
      writeFiles(dir, {
        "src/p/use.py": Buffer.concat([
          Buffer.from(`${cookie}from p.models.m import NAME\n\nX = "`),
          bad,
          Buffer.from('"\n'),
        ]),
      });
      git(dir, "commit", "-qam", "bad bytes");
      const before = treeState(dir);
      const r = await runCli(["move", "src/p/models/m.py", "src/p/models/sub/m.py", "--force"], dir);
      assert.equal(r.code, 2, r.out + r.err);
      assert.match(r.err, /src\/p\/use\.py: not valid .*refusing to rewrite it/);
      assert.equal(treeState(dir), before);
      assert.ok(!existsSync(join(dir, "src/p/models/sub")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});

test("utf-16: CPython does not read a UTF-16 source, and a file declaring it is not rewritten", async () => {
  const dir = project(cases[0]);
  try {
    writeFiles(dir, { "src/p/use.py": "# -*- coding: utf-16 -*-\nfrom p.models.m import NAME\n" });
    git(dir, "commit", "-qam", "utf-16 cookie");
    assert.throws(() =>
      execFileSync("/usr/bin/python3", ["-B", "-c", "import p.use"], { cwd: join(dir, "src"), stdio: "pipe" }),
    );
    const before = treeState(dir);
    const r = await runCli(["move", "src/p/models/m.py", "src/p/models/sub/m.py", "--force"], dir);
    assert.equal(r.code, 2, r.out + r.err);
    assert.match(r.err, /src\/p\/use\.py: unknown source encoding 'utf-16'.*refusing to rewrite it/);
    assert.equal(treeState(dir), before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

for (const c of cases.filter((x) => x.python === "shift_jis" || x.python === "euc-jp")) {
  test(`${c.codec}: a name only cp932 / NEC-IBM rows hold is refused; a name the files already hold is written and imports`, async () => {
    const dir = project(c);
    try {
      const before = treeState(dir);
      // 髙 (U+9AD9) is in the WHATWG table but not in CPython's ${c.python}: written, the importer would not compile.
      const refused = await runCli(["move", "src/p/models/m.py", "src/p/models/髙.py"], dir);
      assert.equal(refused.code, 2, refused.out + refused.err);
      assert.match(
        refused.err,
        /src\/p\/use\.py: U\+9AD9 .*cannot be written in the declared source encoding .*; nothing was written$/m,
      );
      assert.equal(treeState(dir), before);
      const values0 = values(dir);
      const r = await runCli(["move", "src/p/models/m.py", "src/p/models/名前.py"], dir);
      assert.equal(r.code, 0, r.out + r.err);
      assert.equal(values(dir), values0);
      assert.match(
        execFileSync(
          "/usr/bin/python3",
          ["-B", "-c", `import sys; print(open("p/use.py", encoding=${JSON.stringify(c.python)}).read())`],
          { cwd: join(dir, "src"), encoding: "utf8" },
        ),
        /from p\.models\.名前 import/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("every character the source codec writes with no file to vouch for it is written as CPython writes it", () => {
  const names = [
    "latin-1",
    "cp1252",
    "cp1250",
    "cp1251",
    "iso-8859-2",
    "iso-8859-9",
    "iso-8859-15",
    "koi8-r",
    "shift_jis",
    "euc-jp",
    "cp932",
    "euc-kr",
    "gbk",
    "big5",
  ];
  const py = `
import json, sys
out = {}
for name in sys.argv[1:]:
    row = []
    for cp in range(0x80, 0x10000):
        try: row.append(chr(cp).encode(name).hex())
        except UnicodeEncodeError: row.append("")
    out[name] = row
print(json.dumps(out))`;
  const expected = JSON.parse(
    execFileSync("/usr/bin/python3", ["-c", py, ...names], { encoding: "utf8", maxBuffer: 1 << 28 }),
  ) as Record<string, string[]>;
  for (const name of names) {
    const codec = codecFor(name);
    assert.ok(codec, name);
    // An inexact codec writes no character on its own (unverifiedCharacter refuses it).
    assert.ok(unverifiedCharacter(`# coding: ${name}\nX = "\u00e9\u4e00"\n`, "") !== null || codec.exact, name);
    if (!codec.exact) continue;
    let written = 0;
    for (let cp = 0x80; cp < 0x10000; cp++) {
      if (cp >= 0xd800 && cp < 0xe000) continue;
      const bytes: Buffer | number = codec.encode(String.fromCharCode(cp));
      if (typeof bytes === "number") continue;
      written++;
      assert.equal(bytes.toString("hex"), expected[name][cp - 0x80], `${name}: U+${cp.toString(16)}`);
      assert.equal(codec.decode(bytes), String.fromCharCode(cp), `${name}: U+${cp.toString(16)} reads back`);
    }
    assert.ok(written > 90, `${name} writes its characters (${written})`);
  }
});
