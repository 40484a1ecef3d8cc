import { BSON } from 'mongodb';
import { PART, PART_BITS, PartsArray } from './parts-array';
import { DocOrdinals } from './postings';

type Doc = Record<string, unknown>;

const DESERIALIZE = { promoteLongs: false, promoteValues: true, promoteBuffers: false } as const;

/**
 * The documents a DocMap still holds as bytes of one file chunk (#19). Once the chunk is read to
 * its end (sealed) and the last of them is decoded, replaced or removed, `unused` runs: the loader
 * then releases the chunk's memory at once. Left to the garbage collector, a restart's chunks (as
 * large as the snapshot, 280 MB at directory scale) stayed resident after every document was
 * decoded: they had long been promoted to the old generation, and no full collection came while
 * the server was idle. (The documents of a collection dropped before they were decoded are never
 * counted out: their chunk is left to the collector, as every chunk was before.)
 */
export class ChunkUse {
  private live = 0;
  private sealed = false;

  constructor(private readonly unused: () => void) {}

  hold(): void {
    this.live++;
  }

  release(): void {
    if (--this.live === 0 && this.sealed) this.unused();
  }

  /** The chunk is read: nothing but held documents will refer to it from now on. */
  seal(): void {
    this.sealed = true;
    if (this.live === 0) this.unused();
  }
}

/**
 * A document still held as the BSON bytes a snapshot stored it in (a view into the file chunk it
 * was read with): decoded the first time anything reads it.
 */
export class RawDoc {
  constructor(
    readonly chunk: Buffer,
    readonly start: number,
    readonly end: number,
    /** Counts this document while a DocMap holds it as bytes (see ChunkUse). */
    readonly use: ChunkUse | null = null,
  ) {}

  /**
   * The document's bytes in a buffer of their own, to decode: the decoder makes a Binary value a
   * view of the bytes it was decoded from, and a view of the chunk would keep it alive, or read
   * nothing once the chunk is released.
   */
  get bytes(): Buffer {
    return Buffer.from(this.chunk.subarray(this.start, this.end));
  }

  /**
   * Only the named top-level fields, decoded by the same decoder as the whole document (each
   * element is copied into a small document of its own): what building a unique index before the
   * first request needs, without decoding the rest. Null on a type this walk does not know.
   */
  pick(roots: ReadonlySet<string>): Doc | null {
    const buf = this.chunk;
    const end = this.end - 1;
    const parts: Buffer[] = [];
    const names = rootBytes(roots);
    let p = this.start + 4;
    while (p < end) {
      const type = buf[p];
      const nameEnd = buf.indexOf(0, p + 1);
      if (nameEnd < 0 || nameEnd >= end) return null;
      const v = nameEnd + 1;
      const size = valueSize(buf, type, v);
      if (size < 0 || v + size > end) return null;
      // The field names compared as bytes: no string made for every field of every document.
      const len = nameEnd - p - 1;
      for (const name of names) {
        if (name.length === len && buf.compare(name, 0, len, p + 1, nameEnd) === 0) {
          parts.push(buf.subarray(p, v + size));
          break;
        }
      }
      p = v + size;
    }
    const len = 5 + parts.reduce((n, b) => n + b.length, 0);
    const out = Buffer.allocUnsafe(len);
    out.writeInt32LE(len, 0);
    let q = 4;
    for (const b of parts) q += b.copy(out, q);
    out[q] = 0;
    return BSON.deserialize(out, DESERIALIZE) as Doc;
  }
}

const rootNames = new WeakMap<ReadonlySet<string>, Buffer[]>();

/** The names' UTF-8 bytes (a unique index build picks the same set from every document). */
function rootBytes(roots: ReadonlySet<string>): Buffer[] {
  let names = rootNames.get(roots);
  if (!names) rootNames.set(roots, (names = [...roots].map((r) => Buffer.from(r, 'utf8'))));
  return names;
}

/** Bytes of a BSON element's value of this type starting at `v`; -1 for an unknown type. */
function valueSize(buf: Buffer, type: number, v: number): number {
  switch (type) {
    case 0x01: // double
    case 0x09: // date
    case 0x11: // timestamp
    case 0x12: // int64
      return 8;
    case 0x02: // string
    case 0x0d: // code
    case 0x0e: // symbol
      return 4 + buf.readInt32LE(v);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return buf.readInt32LE(v);
    case 0x05: // binary: length, subtype, bytes
      return 5 + buf.readInt32LE(v);
    case 0x06: // undefined
    case 0x0a: // null
    case 0x7f: // maxKey
    case 0xff: // minKey
      return 0;
    case 0x07: // ObjectId
      return 12;
    case 0x08: // boolean
      return 1;
    case 0x0b: {
      // regex: pattern and flags, two C strings
      const a = buf.indexOf(0, v);
      const b = a < 0 ? -1 : buf.indexOf(0, a + 1);
      return b < 0 ? -1 : b + 1 - v;
    }
    case 0x0c: // DBPointer: string, then 12 bytes
      return 4 + buf.readInt32LE(v) + 12;
    case 0x10: // int32
      return 4;
    case 0x13: // decimal128
      return 16;
    default:
      return -1;
  }
}

type Slot = Doc | RawDoc | undefined;

/** A DocMap's stored forms by ordinal at one moment (storedImage): read it, never write to it. */
export type StoredImage = PartsArray<Doc | RawDoc | undefined>;

/**
 * A collection's documents by id key, in insertion order. Loading a snapshot stores each
 * document's bytes (`setRaw`) instead of decoding it (#19): decoding, interning and the garbage it
 * makes were most of a restart, and the documents are needed only once something reads them.
 * Every way of reading — get, iteration, forEach — hands out decoded documents, decoding a raw one
 * on the spot and keeping the result in its place, so callers see a Map of documents.
 *
 * It is not a Map (#19's bulk-load pauses): V8 doubles a Map's table when it fills and moves every
 * entry in that one call, ~80 ms for the insert that crosses 262,144 documents. A document lives
 * instead in the slot of its ordinal (postings.ts: handed out in insertion order, never reused, so
 * ordinal order is insertion order), found by id key through the collection's DocOrdinals, whose
 * map is sharded; the slots are a PartsArray, so nothing is ever moved. A part whose documents are
 * all removed is dropped. The map owns
 * the ordinals: `set` of a new key hands out the next, `delete` releases it, so a key removed and
 * set again goes last, as in a Map.
 */
export class DocMap implements Iterable<[string, Doc]> {
  /** The id key → ordinal map, shared with the collection's indexes (their postings hold ordinals). */
  readonly ordinals = new DocOrdinals();
  private readonly slots = new PartsArray<Slot>();
  /** Documents per part: a part is dropped when its count falls to 0 and its slots are all handed out. */
  private counts: number[] = [];
  private live = 0;
  private raw = 0;
  /** Changes on clear(): a walk then starts again from the first ordinal, as a Map's walk does. */
  private generation = 0;

  constructor(private readonly decode: (raw: RawDoc) => Doc) {}

  get size(): number {
    return this.live;
  }

  /** Documents still held as bytes. */
  get rawCount(): number {
    return this.raw;
  }

  has(key: string): boolean {
    const ord = this.ordinals.get(key);
    return ord !== undefined && this.slot(ord) !== undefined;
  }

  get(key: string): Doc | undefined {
    const ord = this.ordinals.get(key);
    return ord === undefined ? undefined : this.at(ord);
  }

  /** The document of an ordinal (decoded), or undefined when it has none. */
  at(ord: number): Doc | undefined {
    const v = this.slot(ord);
    return v instanceof RawDoc ? this.materialise(ord, v) : v;
  }

  set(key: string, doc: Doc): this {
    this.put(key, doc);
    return this;
  }

  setRaw(key: string, doc: RawDoc): void {
    this.put(key, doc);
    doc.use?.hold();
    this.raw++;
  }

  delete(key: string): boolean {
    const ord = this.ordinals.get(key);
    const old = ord === undefined ? undefined : this.slot(ord);
    if (old === undefined) return false;
    this.dropRaw(old);
    const p = ord! >>> PART_BITS;
    this.slots.set(ord!, undefined);
    this.live--;
    // Every slot of the part handed out and none holding a document: nothing will use it again.
    if (--this.counts[p] === 0 && this.ordinals.capacity >= (p + 1) * PART) this.slots.drop(p);
    this.ordinals.release(key);
    return true;
  }

  clear(): void {
    if (this.raw > 0) for (const v of this.stored()) if (v instanceof RawDoc) v.use?.release();
    this.slots.clear();
    this.counts = [];
    this.live = 0;
    this.raw = 0;
    this.generation++;
    this.ordinals.clear();
  }

  /** The stored form without decoding it (the snapshot writer copies raw bytes as they are). */
  stored(): IterableIterator<Doc | RawDoc> {
    return this.walk(WalkKind.Stored);
  }

  storedEntries(): IterableIterator<[string, Doc | RawDoc]> {
    return this.walk(WalkKind.StoredEntries);
  }

  /** One key's stored form, without decoding it. */
  storedValue(key: string): Doc | RawDoc | undefined {
    const ord = this.ordinals.get(key);
    return ord === undefined ? undefined : this.slot(ord);
  }

  /** The stored form at an ordinal, without decoding it (undefined: none). */
  storedAt(ord: number): Doc | RawDoc | undefined {
    return this.slot(ord);
  }

  /**
   * Every stored form by ordinal (in insertion order) as it stands now, frozen: what a snapshot's
   * image holds. Taken in one step whatever the size (PartsArray.fork); undefined where an
   * ordinal holds no document.
   */
  storedImage(): StoredImage {
    return this.slots.fork();
  }

  /** The documents (decoded) with their keys, last inserted first. */
  *reversed(): IterableIterator<[string, Doc]> {
    for (let ord = this.ordinals.capacity - 1; ord >= 0; ord--) {
      const doc = this.at(ord);
      if (doc !== undefined) yield [this.ordinals.key(ord), doc];
    }
  }

  keys(): IterableIterator<string> {
    return this.walk(WalkKind.Keys);
  }

  values(): IterableIterator<Doc> {
    return this.walk(WalkKind.Values);
  }

  entries(): IterableIterator<[string, Doc]> {
    return this.walk(WalkKind.Entries);
  }

  [Symbol.iterator](): IterableIterator<[string, Doc]> {
    return this.entries();
  }

  forEach(cb: (doc: Doc, key: string, map: DocMap) => void, thisArg?: unknown): void {
    for (const [key, doc] of this.entries()) cb.call(thisArg, doc, key, this);
  }

  private slot(ord: number): Slot {
    return this.slots.at(ord);
  }

  private put(key: string, doc: Doc | RawDoc): void {
    const ord = this.ordinals.ensure(key);
    const p = ord >>> PART_BITS;
    if (this.slots.part(p) === null) {
      while (this.counts.length <= p) this.counts.push(0);
      // The part before is now handed out whole: dropped if its documents were all removed.
      if (p > 0 && this.counts[p - 1] === 0) this.slots.drop(p - 1);
    }
    const old = this.slots.at(ord);
    if (old === undefined) {
      this.live++;
      this.counts[p]++;
    } else this.dropRaw(old);
    this.slots.set(ord, doc);
  }

  /** Counts out a document held as bytes (it is being replaced or removed). */
  private dropRaw(old: Doc | RawDoc): void {
    if (!(old instanceof RawDoc)) return;
    this.raw--;
    old.use?.release();
  }

  /**
   * The documents in ordinal (insertion) order, as a Map's walk goes on while it changes: a
   * document removed before it is reached is not met, one added meanwhile is, a replaced one is
   * met with its new value where the old one stood.
   */
  private walk<T>(kind: WalkKind): IterableIterator<T> {
    return new DocWalk<T>(this, kind);
  }

  /** For DocWalk: the part holding `ord` (null when dropped or empty) and how far ordinals go. */
  partOf(ord: number): Slot[] | null {
    const p = ord >>> PART_BITS;
    return this.counts[p] ? this.slots.part(p) : null;
  }

  get end(): number {
    return this.ordinals.capacity;
  }

  get walkGeneration(): number {
    return this.generation;
  }

  /** For DocWalk: decodes the raw document at `ord` in place. */
  decodeAt(ord: number, raw: RawDoc): Doc {
    return this.materialise(ord, raw);
  }

  private materialise(ord: number, raw: RawDoc): Doc {
    const doc = this.decode(raw);
    this.slots.set(ord, doc);
    this.raw--;
    raw.use?.release();
    return doc;
  }
}

/** What a DocWalk hands out: decoded documents, entries of them, keys, or the stored forms. */
const enum WalkKind {
  Values,
  Entries,
  Keys,
  Stored,
  StoredEntries,
}

/**
 * A walk over a DocMap: an iterator object rather than a generator (full scans go through it; as
 * fast as a Map's own iterator), reading a part's slots directly until it passes the part's end.
 */
class DocWalk<T> implements IterableIterator<T> {
  private ord = 0;
  private part: Slot[] | null = null;
  /** The first ordinal past `part`. */
  private partEnd = 0;
  private generation: number;

  constructor(
    private readonly map: DocMap,
    private readonly kind: WalkKind,
  ) {
    this.generation = map.walkGeneration;
  }

  next(): IteratorResult<T> {
    const map = this.map;
    let ord = this.ord;
    if (ord < 0) return { done: true, value: undefined };
    if (this.generation !== map.walkGeneration) {
      // Cleared: ordinals start again, and so does the walk (a Map's walk meets what is added after a clear).
      this.generation = map.walkGeneration;
      ord = 0;
      this.partEnd = 0;
    }
    const end = map.end;
    while (ord < end) {
      if (ord >= this.partEnd) {
        this.part = map.partOf(ord);
        this.partEnd = ((ord >>> PART_BITS) + 1) << PART_BITS;
        if (this.part === null) {
          ord = this.partEnd;
          continue;
        }
      }
      const v = this.part![ord & (PART - 1)];
      if (v === undefined) {
        ord++;
        continue;
      }
      this.ord = ord + 1;
      // The common walks inline (small enough for the caller's loop to inline, result object and all).
      if (this.kind === WalkKind.Values)
        return { done: false, value: (v instanceof RawDoc ? map.decodeAt(ord, v) : v) as T };
      return { done: false, value: this.out(ord, v) };
    }
    this.ord = -1;
    this.part = null;
    return { done: true, value: undefined };
  }

  private out(ord: number, v: Doc | RawDoc): T {
    const map = this.map;
    switch (this.kind) {
      case WalkKind.Entries:
        return [map.ordinals.key(ord), v instanceof RawDoc ? map.decodeAt(ord, v) : v] as T;
      case WalkKind.Keys:
        return map.ordinals.key(ord) as T;
      case WalkKind.Stored:
        return v as T;
      default:
        return [map.ordinals.key(ord), v] as T;
    }
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }
}
