/**
 * A compact binary form for plain data (the facts cache, facts sent between threads). `v8.serialize`
 * writes every property name of every object again; facts are ~130k small objects of a dozen
 * shapes, so here each object is a shape id plus its values, strings are interned once, and the
 * values are 32-bit words. Decoding builds each object with one literal per shape (a function
 * compiled once per shape), which V8 turns into fast objects of stable hidden classes.
 *
 * Word layout: the low 3 bits are a tag, the rest a payload.
 *   0 integer 0 ≤ n < 2^28 · 1 string (index) · 2 false/true/null/undefined · 3 array (length,
 *   then the items) · 4 object (shape index, then the values in the shape's key order) ·
 *   5 any other number (index into a side table) · 6 Map (size, then key, value pairs)
 * Buffer: "RMF1", the byte length of a JSON header {strings, shapes, numbers}, the header,
 * padding to 4 bytes, the words.
 */
const MAGIC = 0x31464d52; // "RMF1" little-endian
const SMALL = 1 << 28;

export function encodeFacts(value: unknown): Buffer {
  const strings: string[] = [];
  const stringIds = new Map<string, number>();
  const shapes: string[][] = [];
  // Shapes as a trie of their keys in order: an object's shape is found by walking its keys, with
  // no key list or joined signature built per object (a cold cache write encodes ~400k of them).
  const shapeRoot: ShapeNode = { id: -1, keys: [], next: new Map(), write: null };
  const numbers: number[] = [];
  let words = new Int32Array(1 << 16);
  let n = 0;
  const push = (w: number) => {
    if (n === words.length) {
      const bigger = new Int32Array(words.length * 2);
      bigger.set(words);
      words = bigger;
    }
    words[n++] = w;
  };
  const str = (s: string) => {
    let id = stringIds.get(s);
    if (id === undefined) stringIds.set(s, (id = strings.push(s) - 1));
    return id;
  };
  const write = (v: unknown): void => {
    switch (typeof v) {
      case "number":
        if (Number.isInteger(v) && v >= 0 && v < SMALL && !Object.is(v, -0)) push(v * 8);
        else if (!Number.isFinite(v)) throw new Error("facts codec: cannot encode a non-finite number");
        else push(((numbers.push(v) - 1) * 8) | 5);
        return;
      case "string":
        push(str(v) * 8 + 1);
        return;
      case "boolean":
        push((v ? 1 : 0) * 8 + 2);
        return;
      case "undefined":
        push(3 * 8 + 2);
        return;
    }
    if (v === null) return push(2 * 8 + 2);
    if (Array.isArray(v)) {
      push(v.length * 8 + 3);
      for (const x of v) write(x);
      return;
    }
    if (v instanceof Map) {
      push(v.size * 8 + 6);
      for (const [k, x] of v) {
        write(k);
        write(x);
      }
      return;
    }
    if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      const keys = Object.keys(v as object);
      let node = shapeRoot;
      for (const k of keys) {
        let child = node.next.get(k);
        if (!child) node.next.set(k, (child = { id: -1, keys: [...node.keys, k], next: new Map(), write: null }));
        node = child;
      }
      if (node.id < 0) {
        node.id = shapes.push(node.keys) - 1;
        node.write = shapeWriter(node.keys);
      }
      push(node.id * 8 + 4);
      node.write!(v, write);
      return;
    }
    throw new Error(`facts codec: cannot encode ${Object.prototype.toString.call(v)}`);
  };
  write(value);
  const header = Buffer.from(JSON.stringify({ strings, shapes, numbers }), "utf8");
  const headerEnd = 8 + header.length;
  const start = (headerEnd + 3) & ~3;
  const out = Buffer.alloc(start + n * 4);
  out.writeInt32LE(MAGIC, 0);
  out.writeInt32LE(header.length, 4);
  header.copy(out, 8);
  Buffer.from(words.buffer, 0, n * 4).copy(out, start);
  return out;
}

interface ShapeNode {
  /** The shape's index once an object of exactly these keys was written, else -1. */
  id: number;
  keys: string[];
  next: Map<string, ShapeNode>;
  /** Writes an object's values in key order, compiled once the shape is first met. */
  write: ((v: unknown, write: (x: unknown) => void) => void) | null;
}

export function decodeFacts(buf: Uint8Array): unknown {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < 8 || view.getInt32(0, true) !== MAGIC) throw new Error("facts codec: not an encoded value");
  const headerLength = view.getInt32(4, true);
  const header = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + 8, headerLength).toString("utf8")) as {
    strings: string[];
    shapes: string[][];
    numbers: number[];
  };
  const start = (8 + headerLength + 3) & ~3;
  // Copy when unaligned: an Int32Array view needs a 4-byte-aligned offset.
  const words =
    (buf.byteOffset + start) % 4 === 0
      ? new Int32Array(buf.buffer, buf.byteOffset + start, (buf.byteLength - start) >> 2)
      : new Int32Array(new Uint8Array(buf.subarray(start)).buffer);
  const { strings, numbers } = header;
  const consts = [false, true, null, undefined];
  let i = 0;
  const read = (): unknown => {
    if (i >= words.length) throw new Error("facts codec: damaged data");
    const w = words[i++];
    const payload = w >>> 3;
    // A length larger than what is left can only come from damage (and would exhaust memory).
    if ((w & 7) === 3 || (w & 7) === 6 ? payload > words.length - i : false)
      throw new Error("facts codec: damaged data");
    switch (w & 7) {
      case 0:
        return payload;
      case 1:
        return strings[payload];
      case 2:
        return consts[payload];
      case 3: {
        const out = new Array(payload);
        for (let k = 0; k < payload; k++) out[k] = read();
        return out;
      }
      case 4: {
        const build = builders[payload];
        if (!build) throw new Error("facts codec: damaged data");
        return build(read);
      }
      case 5:
        return numbers[payload];
      case 6: {
        const out = new Map();
        for (let k = 0; k < payload; k++) {
          const key = read();
          out.set(key, read());
        }
        return out;
      }
    }
    throw new Error("facts codec: damaged data");
  };
  const builders = header.shapes.map(shapeBuilder);
  const value = read();
  if (i !== words.length) throw new Error("facts codec: damaged data");
  return value;
}

/**
 * One function per shape that writes its values in key order: each property read is then a named
 * one that sees one kind of object, where a loop over the keys made every read a generic keyed one.
 */
function shapeWriter(keys: string[]): (v: unknown, write: (x: unknown) => void) => void {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function("v", "write", keys.map((k) => `write(v[${JSON.stringify(k)}]);`).join("\n")) as (
    v: unknown,
    write: (x: unknown) => void,
  ) => void;
}

/** One object literal per shape; property values are read left to right, as the literal says. */
function shapeBuilder(keys: string[]): (read: () => unknown) => unknown {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function("read", `return {${keys.map((k) => `${JSON.stringify(k)}: read()`).join(", ")}};`) as (
    read: () => unknown,
  ) => unknown;
}
