import {
  Binary,
  Decimal128,
  Long,
  MaxKey,
  MinKey,
  ObjectId,
  Timestamp,
  BSONRegExp,
  BSONSymbol,
  Code,
  Double,
  Int32,
} from 'mongodb';
import { parseCollation } from './collation';

type Doc = Record<string, unknown>;

/**
 * mongod's canonical type order, used for comparison and sort across types.
 * All numeric types share one bracket so 1 == 1.0 == Long(1) == Decimal128("1").
 */
export function canonicalTypeRank(v: unknown): number {
  if (v === undefined || v === null) return 2;
  if (v instanceof MinKey) return 1;
  if (v instanceof MaxKey) return 100;
  if (isNumeric(v)) return 3;
  if (typeof v === 'string' || v instanceof BSONSymbol) return 4;
  if (Array.isArray(v)) return 6;
  if (v instanceof Binary || Buffer.isBuffer(v) || v instanceof Uint8Array) return 7;
  if (v instanceof ObjectId) return 8;
  if (typeof v === 'boolean') return 9;
  if (v instanceof Date) return 10;
  if (v instanceof Timestamp) return 11;
  if (v instanceof RegExp || v instanceof BSONRegExp) return 12;
  if (v instanceof Code) return 13;
  return 5;
}

export function isNumeric(v: unknown): v is number | Long | Decimal128 | Double | Int32 {
  return (
    typeof v === 'number' ||
    v instanceof Long ||
    v instanceof Decimal128 ||
    v instanceof Double ||
    v instanceof Int32
  );
}

/** Converts a BSON numeric to a JS number (may lose precision for huge Long/Decimal128). */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  if (v instanceof Double || v instanceof Int32) return v.valueOf();
  return NaN;
}

function compareNumbers(a: unknown, b: unknown): number {
  // Two Longs, or a Long and an integral double: compare exactly as BigInt so 2^63-1 vs 2^63-2 is not a tie.
  if (a instanceof Long || b instanceof Long) {
    const ba = toBigIntIfExact(a);
    const bb = toBigIntIfExact(b);
    if (ba !== null && bb !== null) return ba < bb ? -1 : ba > bb ? 1 : 0;
  }
  const x = toNumber(a);
  const y = toNumber(b);
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1; // mongod sorts NaN below all numbers
  if (Number.isNaN(y)) return 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function toBigIntIfExact(v: unknown): bigint | null {
  if (v instanceof Long) return v.toBigInt();
  const n = toNumber(v);
  return Number.isInteger(n) ? BigInt(n) : null;
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Binary) return v.buffer;
  return v as Uint8Array;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return Buffer.compare(
    Buffer.from(a.buffer, a.byteOffset, a.byteLength),
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

const simple = <T>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

/** Total order over BSON values, as mongod compares them (no collation). */
export type StringComparator = (a: string, b: string) => number;

/** A string comparator for a MongoDB collation spec (locale + strength), via ICU's Intl.Collator. */
export function collationComparator(collation: unknown): StringComparator | undefined {
  return parseCollation(collation)?.compare;
}

export function compareBson(a: unknown, b: unknown, strCmp: StringComparator = simple): number {
  const ra = canonicalTypeRank(a);
  const rb = canonicalTypeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 1:
    case 2:
    case 100:
      return 0;
    case 3:
      return compareNumbers(a, b);
    case 4:
      return strCmp(String(a), String(b));
    case 5:
      return compareObjects(a as Doc, b as Doc, strCmp);
    case 6: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
        const c = compareBson(xa[i], xb[i], strCmp);
        if (c !== 0) return c;
      }
      return simple(xa.length, xb.length);
    }
    case 7:
      return compareBytes(bytesOf(a), bytesOf(b));
    case 8:
      return Buffer.compare((a as ObjectId).id, (b as ObjectId).id);
    case 9:
      return simple(Number(a), Number(b));
    case 10:
      return simple((a as Date).getTime(), (b as Date).getTime());
    case 11:
      return (a as Timestamp).compare(b as Timestamp);
    case 12: {
      const sa = regexParts(a);
      const sb = regexParts(b);
      return simple(sa[0], sb[0]) || simple(sa[1], sb[1]);
    }
    default:
      return simple(String(a), String(b));
  }
}

function regexParts(v: unknown): [string, string] {
  if (v instanceof RegExp) return [v.source, v.flags];
  const r = v as BSONRegExp;
  return [r.pattern, r.options];
}

function compareObjects(a: Doc, b: Doc, strCmp: StringComparator): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const c =
      simple(canonicalTypeRank(a[ka[i]]), canonicalTypeRank(b[kb[i]])) ||
      simple(ka[i], kb[i]) ||
      compareBson(a[ka[i]], b[kb[i]], strCmp);
    if (c !== 0) return c;
  }
  return simple(ka.length, kb.length);
}

export const bsonEquals = (a: unknown, b: unknown, strCmp?: StringComparator): boolean =>
  compareBson(a, b, strCmp) === 0;

/** Reads a dotted path, collecting every value reachable through arrays (mongod's multikey semantics). */
export function pathValues(doc: unknown, path: string): unknown[] {
  return collect(doc, path.split('.'), 0);
}

function collect(value: unknown, parts: string[], i: number): unknown[] {
  if (i === parts.length) return [value];
  if (Array.isArray(value)) {
    const part = parts[i];
    if (/^\d+$/.test(part)) {
      const out = collect(value[Number(part)], parts, i + 1);
      return out;
    }
    const out: unknown[] = [];
    for (const el of value) {
      if (el !== null && typeof el === 'object' && !Array.isArray(el)) out.push(...collect(el, parts, i));
    }
    return out;
  }
  if (value === null || typeof value !== 'object') return [undefined];
  return collect((value as Doc)[parts[i]], parts, i + 1);
}

/**
 * The key a document sorts by for one field: for arrays, ascending uses the smallest element and
 * descending the largest, as mongod does.
 */
export function sortKeyFor(
  doc: unknown,
  path: string,
  direction: 1 | -1,
  strCmp: StringComparator = simple,
): unknown {
  const values = pathValues(doc, path).flatMap((v) =>
    Array.isArray(v) ? (v.length ? v : [undefined]) : [v],
  );
  if (values.length === 0) return undefined;
  let best = values[0];
  for (const v of values.slice(1)) {
    const c = compareBson(v, best, strCmp);
    if ((direction === 1 && c < 0) || (direction === -1 && c > 0)) best = v;
  }
  return best;
}

export type SortSpec = Record<string, number | { $meta: string }>;

/** Sorts with precomputed keys: computing multikey sort keys once per document keeps big sorts fast. */
export function sortDocuments<T>(
  docs: T[],
  spec: SortSpec,
  strCmp: StringComparator = simple,
  top = Infinity,
): T[] {
  const fields = Object.entries(spec).map(
    ([k, v]) => [k, typeof v === 'number' && v < 0 ? -1 : 1] as [string, 1 | -1],
  );
  const keyed = docs.map((d, i) => ({ d, i, k: fields.map(([p, dir]) => sortKeyFor(d, p, dir, strCmp)) }));
  const order = (x: (typeof keyed)[0], y: (typeof keyed)[0]): number => {
    for (let f = 0; f < fields.length; f++) {
      const c = compareBson(x.k[f], y.k[f], strCmp);
      if (c !== 0) return c * fields[f][1];
    }
    return x.i - y.i;
  };
  if (top * 4 < keyed.length) return smallest(keyed, Math.max(0, top), order).map((e) => e.d);
  keyed.sort(order);
  return keyed.map((e) => e.d);
}

/**
 * The first `k` of `items` in a total order, in order: one pass keeping them in a max-heap, so
 * most items cost one comparison (with the largest kept) instead of a full sort's log n.
 */
function smallest<T>(items: T[], k: number, order: (a: T, b: T) => number): T[] {
  const heap: T[] = [];
  if (k === 0) return heap;
  for (const item of items) {
    if (heap.length < k) {
      let j = heap.length;
      heap.push(item);
      while (j > 0) {
        const p = (j - 1) >> 1;
        if (order(heap[p], item) >= 0) break;
        heap[j] = heap[p];
        j = p;
      }
      heap[j] = item;
    } else if (order(item, heap[0]) < 0) {
      let j = 0;
      for (;;) {
        const l = 2 * j + 1;
        if (l >= k) break;
        const c = l + 1 < k && order(heap[l + 1], heap[l]) > 0 ? l + 1 : l;
        if (order(heap[c], item) <= 0) break;
        heap[j] = heap[c];
        j = c;
      }
      heap[j] = item;
    }
  }
  return heap.sort(order);
}

/** BSON type names accepted by $type, including aliases and the "number" group. */
export function bsonTypeMatches(v: unknown, t: unknown): boolean {
  const name = typeof t === 'number' ? TYPE_CODES[t] : String(t);
  switch (name) {
    case 'double':
      return (typeof v === 'number' && !isInt32(v)) || v instanceof Double;
    case 'string':
      return typeof v === 'string';
    case 'object':
      return canonicalTypeRank(v) === 5 && v !== null && v !== undefined;
    case 'array':
      return Array.isArray(v);
    case 'binData':
      return v instanceof Binary;
    case 'undefined':
      return false;
    case 'objectId':
      return v instanceof ObjectId;
    case 'bool':
      return typeof v === 'boolean';
    case 'date':
      return v instanceof Date;
    case 'null':
      return v === null;
    case 'regex':
      return v instanceof RegExp || v instanceof BSONRegExp;
    case 'javascript':
      return v instanceof Code;
    case 'int':
      return (typeof v === 'number' && isInt32(v)) || v instanceof Int32;
    case 'timestamp':
      return v instanceof Timestamp;
    case 'long':
      return v instanceof Long;
    case 'decimal':
      return v instanceof Decimal128;
    case 'minKey':
      return v instanceof MinKey;
    case 'maxKey':
      return v instanceof MaxKey;
    case 'number':
      return isNumeric(v);
    default:
      return false;
  }
}

function isInt32(n: number): boolean {
  return Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 && !Object.is(n, -0);
}

const TYPE_CODES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};

export const VALID_TYPE_NAMES = new Set([...Object.values(TYPE_CODES), 'number']);

export function bsonTypeName(v: unknown): string {
  for (const name of [
    'null',
    'double',
    'int',
    'long',
    'decimal',
    'string',
    'array',
    'objectId',
    'bool',
    'date',
    'binData',
    'regex',
    'timestamp',
    'javascript',
    'minKey',
    'maxKey',
  ]) {
    if (bsonTypeMatches(v, name)) return name;
  }
  if (v === undefined) return 'missing';
  return 'object';
}

/**
 * A string that identifies a value for hash lookups, equal for values mongod treats as equal
 * (1, 1.0, Long(1) and Decimal128("1") share a key).
 */
export function hashKey(v: unknown, strKey?: (s: string) => string): string {
  if (v === undefined || v === null) return 'z';
  if (typeof v === 'string') return 's' + (strKey ? strKey(v) : v);
  if (isNumeric(v)) {
    if (v instanceof Long) return 'n' + v.toString();
    const n = toNumber(v);
    return Number.isInteger(n) && Math.abs(n) < 2 ** 63 ? 'n' + BigInt(n).toString() : 'n' + String(n);
  }
  if (v instanceof ObjectId) return 'o' + v.toHexString();
  if (v instanceof Date) return 'd' + v.getTime();
  if (typeof v === 'boolean') return v ? 'bt' : 'bf';
  if (Array.isArray(v)) return '[' + v.map((x) => hashKey(x, strKey)).join(',') + ']';
  if (v instanceof Binary) return 'x' + v.sub_type + Buffer.from(v.buffer).toString('base64');
  if (v instanceof RegExp) return 'r' + v.source + '/' + v.flags;
  if (canonicalTypeRank(v) === 5) {
    return (
      '{' +
      Object.entries(v as Doc)
        .map(([k, x]) => JSON.stringify(k) + ':' + hashKey(x, strKey))
        .join(',') +
      '}'
    );
  }
  return 'u' + String(v);
}
