/**
 * The CLI's own texts: every command's --help names every flag its parser accepts, mistyped
 * commands and options get ruff's `tip:`, -V prints the version, --color and NO_COLOR/FORCE_COLOR
 * decide colour.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { colorEnabled, helpOf, main } from "../../src/cli/main.js";
import { commands } from "../../src/cli/registry.js";
import { checks } from "../../src/verify/registry.js";

async function run(argv: string[], cwd = process.cwd()) {
  let out = "";
  let err = "";
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false, cwd });
  return { code, out, err };
}

test("--help of every command lists every flag its parser accepts", async () => {
  const missing: string[] = [];
  for (const name of Object.keys(commands)) {
    const cmd = (await commands[name]()).default;
    const help = (await run([name, "--help"])).out;
    assert.equal(help, helpOf(cmd));
    assert.ok(help.startsWith(cmd.usage));
    for (const [flag, spec] of Object.entries(cmd.options)) {
      if (!new RegExp(`(^|[\\s\\[(|,])--${flag}(?![\\w-])`, "m").test(help)) missing.push(`${name} --${flag}`);
      if (spec.short && !new RegExp(`(^|[\\s\\[(|,])-${spec.short}\\b`, "m").test(help))
        missing.push(`${name} -${spec.short}`);
    }
  }
  assert.deepEqual(missing, []);
});

test("a mistyped command or option gets a tip; the first line says what was wrong", async () => {
  const cmd = await run(["chek"]);
  assert.equal(cmd.code, 2);
  assert.equal(
    cmd.err,
    "remodel: unknown command 'chek'\n  tip: a similar command exists: 'check'\nRun `remodel --help` for the commands.\n",
  );
  const far = await run(["frobnicate"]);
  assert.equal(far.err, "remodel: unknown command 'frobnicate'\nRun `remodel --help` for the commands.\n");
  const opt = await run(["check", "--jsno"]);
  assert.equal(opt.code, 2);
  assert.match(
    opt.err,
    /^remodel check: unknown option '--jsno'\n {2}tip: a similar option exists: '--json'\nusage: remodel check/,
  );
  const value = await run(["check", "--select"]);
  assert.match(value.err, /^remodel check: option '--select' needs a value\n/);
  const extra = await run(["check", "--json=yes"]);
  assert.match(extra.err, /^remodel check: option '--json' takes no value\n/);
});

test("an unknown code in --select is a usage error that lists the registry's codes, before anything is read", async () => {
  // The list is the registry's, so a new check changes no expected text here.
  const r = await run(["check", "no-such-project", "--select", "RM01,RM006"]);
  assert.equal(r.code, 2);
  assert.equal(r.out, "");
  assert.equal(
    r.err,
    `remodel check: unknown code RM01 in --select (codes: ${checks.map((c) => c.code).join(", ")})\n${(await commands.check()).default.usage}\n`,
  );
  assert.match(r.err, /\(codes: RM001, RM002, .*, RM100\)\nusage: remodel check /);
});

test("-V and --version print the package's version", async () => {
  const version = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")).version;
  for (const flag of ["-V", "--version"])
    assert.deepEqual(await run([flag]), { code: 0, out: `remodel ${version}\n`, err: "" });
});

test("--color always|never|auto with NO_COLOR and FORCE_COLOR, as ruff reads them", async () => {
  assert.equal(colorEnabled("always", { NO_COLOR: "1" }, false), true);
  assert.equal(colorEnabled("never", { FORCE_COLOR: "1" }, true), false);
  assert.equal(colorEnabled("auto", {}, true), true);
  assert.equal(colorEnabled("auto", {}, false), false);
  assert.equal(colorEnabled("auto", { NO_COLOR: "1" }, true), false);
  assert.equal(colorEnabled("auto", { NO_COLOR: "" }, true), true);
  assert.equal(colorEnabled("auto", { FORCE_COLOR: "1" }, false), true);
  assert.equal(colorEnabled("auto", { FORCE_COLOR: "0" }, true), false);
  const dir = join(process.cwd(), "examples/demo-backend");
  const colored = await run(["check", "--color", "always", "--no-cache"], dir);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is tested
  assert.match(colored.out, /\x1b\[36msrc\/kestrel\/models\/__init__\.py\x1b\[39m:7:1: \x1b\[31m\x1b\[1mRM006/);
  const plain = await run(["--color=never", "check", "--no-cache"], dir);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is tested
  assert.doesNotMatch(plain.out, /\x1b\[/);
  const bad = await run(["check", "--color", "sometimes"], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /^remodel: --color must be auto, always or never, got 'sometimes'\n/);
});

test("the progress bar follows stderr, not stdout: drawn when stderr is a terminal even if stdout is piped", async () => {
  const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "remodel-progress-"));
  mkdirSync(join(dir, "pkg"));
  writeFileSync(join(dir, "pkg/__init__.py"), "");
  for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `pkg/m${i}.py`), `import pkg.m${(i + 1) % 1000}\n`);
  const runWith = async (progress: boolean) => {
    let out = "";
    let err = "";
    await main(["check", ".", "--no-cache"], {
      out: (t) => void (out += t),
      err: (t) => void (err += t),
      isTTY: false,
      progress,
      cwd: dir,
    });
    return { out, err };
  };
  const shown = await runWith(true);
  assert.match(shown.err, /\rindexing \[#+ *\] \d+\/1001 files/);
  assert.doesNotMatch(shown.out, /indexing/);
  assert.doesNotMatch((await runWith(false)).err, /indexing/);
});
