import { ShardedMap } from './sharded-map';

type Doc = Record<string, unknown>;

/**
 * Stored documents in their most compact decoded form (#19). A document decoded from BSON is
 * built one field and one element at a time, which leaves V8 room to grow everywhere: an array
 * keeps the spare capacity its appends reserved (a 20-gram list occupies 41 slots), and an object
 * keeps four in-object fields with the rest in a separately allocated, over-sized property array.
 * A copy made here holds the same values in the same order in exactly sized arrays and in objects
 * built from a literal of their keys (every field in-object, one shared shape per key list), and
 * shares one instance of each short string and of each recent Date. At directory scale that is
 * 3.8 KB → 1.1 KB per organization and 1.9 KB → 0.6 KB per person (BENCH_ONLY=memory).
 *
 * The copy is indistinguishable to every reader: same own keys in the same order, same values
 * (strings and Dates compare equal; stored values are never changed in place, so sharing them is
 * as safe as deepClone's sharing of BSON values). Anything that is not a plain object, an array, a
 * string or a Date (ObjectId, Binary, Decimal128, DBRef, RegExp, …) is kept as the same instance.
 */
export class DocCompactor {
  // Sharded (sharded-map.ts): a collection's unique short strings (a person's mobile) fill it as
  // documents come, and one Map doubling past 262,144 of them held an insert ~100 ms (#19).
  private readonly strings = new ShardedMap<string>();
  private readonly dates = new Map<number, Date>();
  private readonly shapes = new Map<string, Shape | null>();

  /** A compact copy of `doc` (the argument is left as it was). */
  compact(doc: Doc): Doc {
    return this.object(doc, 0);
  }

  private value(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return v.length <= MAX_POOLED_LENGTH ? this.string(v) : v;
    if (typeof v !== 'object' || v === null || depth >= MAX_DEPTH) return v;
    if (v instanceof Date) return this.date(v);
    if (Array.isArray(v)) return this.array(v, depth + 1);
    if (Object.getPrototypeOf(v) === Object.prototype) return this.object(v as Doc, depth + 1);
    return v;
  }

  private array(a: unknown[], depth: number): unknown[] {
    // slice() allocates exactly a.length slots; the elements are then replaced in place.
    const out = a.slice();
    for (let i = 0; i < out.length; i++) out[i] = this.value(out[i], depth);
    return out;
  }

  private object(o: Doc, depth: number): Doc {
    let sig = '';
    let n = 0;
    for (const k in o) {
      sig += n === 0 ? k : `\u0000${k}`;
      if (++n > MAX_SHAPE_KEYS) break;
    }
    const shape = n <= MAX_SHAPE_KEYS ? this.shape(sig, o) : null;
    if (shape) return shape.build(o, (v) => this.value(v, depth));
    // Unusual key lists (too many fields, or too many distinct shapes): the values are made compact
    // in place, in a copy so the caller's document stays untouched.
    const out: Doc = {};
    for (const k of Object.keys(o)) {
      const v = this.value(o[k], depth);
      // As the BSON decoder stores it: an own field, not the prototype.
      if (k === '__proto__')
        Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
      else out[k] = v;
    }
    return out;
  }

  private shape(sig: string, o: Doc): Shape | null {
    const known = this.shapes.get(sig);
    if (known !== undefined) return known;
    if (this.shapes.size >= MAX_SHAPES) return null;
    const keys = Object.keys(o);
    // A literal would treat `__proto__` as the prototype and put integer-like keys first (as
    // every object does, but the literal's code must not depend on it): plain copies for those.
    const literal = keys.every((k) => k !== '__proto__' && !/^\d/.test(k));
    const shape = literal ? makeShape(keys) : null;
    this.shapes.set(sig, shape);
    return shape;
  }

  private string(s: string): string {
    const found = this.strings.get(s);
    if (found !== undefined) return found;
    if (this.strings.size < MAX_POOLED) this.strings.set(s, s);
    return s;
  }

  private date(d: Date): Date {
    const t = d.getTime();
    const found = this.dates.get(t);
    if (found !== undefined) return found;
    // Only recent instants repeat (a document's createdAt and updatedAt, a batch written within
    // one millisecond): a small window, emptied when full.
    if (this.dates.size >= MAX_DATES) this.dates.clear();
    this.dates.set(t, d);
    return d;
  }
}

interface Shape {
  build(o: Doc, value: (v: unknown) => unknown): Doc;
}

/** A function returning `{ k1: value(o.k1), k2: value(o.k2), … }`: V8 sizes such objects exactly. */
function makeShape(keys: string[]): Shape {
  const fields = keys.map((k) => `${JSON.stringify(k)}: v(o[${JSON.stringify(k)}])`).join(', ');
  // The keys enter the code only as JSON string literals, so no key can inject code.
  const build = new Function('o', 'v', `return { ${fields} };`) as Shape['build'];
  return { build };
}

const MAX_POOLED = 1_000_000;
const MAX_POOLED_LENGTH = 16;
const MAX_DATES = 4096;
/** Nesting past this depth is stored as it came (BSON allows 100 levels; documents rarely pass 5). */
const MAX_DEPTH = 32;
/** Objects with more fields than this are copied field by field (a literal that long gains little). */
const MAX_SHAPE_KEYS = 64;
/** Distinct key lists given a literal, per collection (documents of one collection share a few). */
const MAX_SHAPES = 1000;

/**
 * `key` as one sequential string (#19). A key built by concatenation is a tree of cons strings
 * until something reads its characters, and hashing it as a Map key does not: an ObjectId's key
 * ('o' + twelve two-character hex pieces) stays seven cons strings over a 12-character one, 256
 * bytes instead of 56, in every map that holds it (documents, ordinals, _id order). A JSON round
 * trip returns the same characters (lone surrogates included) as one new sequential string, ~0.4
 * µs; a mere read of the characters (Number(key)) would flatten the tree in place, but optimised
 * code drops it as dead. Keys of a string value are left as they are: their one concatenation
 * shares the value's characters with the stored document, where a flat copy would hold them
 * twice. (An index's keys are compared with the keys of later documents holding the same value,
 * which flattens them anyway.)
 */
export function flatKey(key: string, value: unknown): string {
  return typeof value === 'string' ? key : (JSON.parse(JSON.stringify(key)) as string);
}
