import { BSON } from 'mongodb';

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

/**
 * A collection's documents by id key. Loading a snapshot stores each document's bytes
 * (`setRaw`) instead of decoding it (#19): decoding, interning and the garbage it makes were most
 * of a restart, and the documents are needed only once something reads them. Every way of
 * reading — get, iteration, forEach — hands out decoded documents, decoding a raw one on the
 * spot and keeping the result in its place, so callers see a Map of documents as before; the
 * background index build reads every document of an indexed collection after the start, and
 * StorageEngine decodes the rest after it. Once nothing raw is left iteration is the Map's own.
 */
export class DocMap extends Map<string, Doc> {
  private raw = 0;

  constructor(private readonly decode: (raw: RawDoc) => Doc) {
    super();
  }

  /** Documents still held as bytes. */
  get rawCount(): number {
    return this.raw;
  }

  setRaw(key: string, doc: RawDoc): void {
    this.dropRaw(key);
    super.set(key, doc as unknown as Doc);
    doc.use?.hold();
    this.raw++;
  }

  /** Counts out the document held as bytes under `key`, if it is one (it is being replaced or removed). */
  private dropRaw(key: string): void {
    if (this.raw === 0) return;
    const old = super.get(key);
    if (!(old instanceof RawDoc)) return;
    this.raw--;
    old.use?.release();
  }

  /** The stored form without decoding it (the snapshot writer copies raw bytes as they are). */
  stored(): IterableIterator<Doc | RawDoc> {
    return super.values();
  }

  storedEntries(): IterableIterator<[string, Doc | RawDoc]> {
    return super.entries();
  }

  /** One key's stored form, without decoding it. */
  storedValue(key: string): Doc | RawDoc | undefined {
    return super.get(key);
  }

  override get(key: string): Doc | undefined {
    const v = super.get(key);
    return v instanceof RawDoc ? this.materialise(key, v) : v;
  }

  override set(key: string, doc: Doc): this {
    this.dropRaw(key);
    return super.set(key, doc);
  }

  override delete(key: string): boolean {
    this.dropRaw(key);
    return super.delete(key);
  }

  override clear(): void {
    if (this.raw > 0) for (const v of super.values()) if (v instanceof RawDoc) v.use?.release();
    this.raw = 0;
    super.clear();
  }

  override values(): ReturnType<Map<string, Doc>['values']> {
    if (this.raw === 0) return super.values();
    return this.lazy((_, doc) => doc) as unknown as ReturnType<Map<string, Doc>['values']>;
  }

  override entries(): ReturnType<Map<string, Doc>['entries']> {
    if (this.raw === 0) return super.entries();
    return this.lazy((key, doc) => [key, doc] as [string, Doc]) as unknown as ReturnType<
      Map<string, Doc>['entries']
    >;
  }

  override [Symbol.iterator](): ReturnType<Map<string, Doc>['entries']> {
    return this.entries();
  }

  override forEach(cb: (doc: Doc, key: string, map: Map<string, Doc>) => void, thisArg?: unknown): void {
    for (const [key, doc] of this.entries()) cb.call(thisArg, doc, key, this);
  }

  private *lazy<T>(out: (key: string, doc: Doc) => T): Generator<T> {
    // Replacing a key's value during a Map iteration keeps the iteration's order and coverage.
    for (const [key, v] of super.entries()) {
      yield out(key, v instanceof RawDoc ? this.materialise(key, v) : v);
    }
  }

  private materialise(key: string, raw: RawDoc): Doc {
    const doc = this.decode(raw);
    super.set(key, doc);
    this.raw--;
    raw.use?.release();
    return doc;
  }
}
