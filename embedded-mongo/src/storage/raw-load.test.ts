import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, Binary, Decimal128, Long, ObjectId } from 'mongodb';
import { hashKey } from '../query/bson-order';
import { silentLogger } from '../logger';
import { RawDoc } from './doc-map';
import { IndexStore } from './index-store';
import { frameRecord } from './record-file';
import { StorageEngine } from './storage-engine';

type Doc = Record<string, unknown>;

const canon = (d: Doc | undefined): string =>
  d ? Buffer.from(BSON.serialize(d)).toString('hex') : 'missing';

/** Directory-like documents, some with an _id that is not first, not an ObjectId, or every BSON type. */
function docs(n: number): Doc[] {
  return Array.from({ length: n }, (_, i) => {
    const base: Doc = {
      _id: i % 10 === 0 ? `s${i}` : new ObjectId(),
      nameKey: `org${i}`,
      grams: [`g${i % 7}`, `h${i % 11}`],
      region: { city: i % 2 ? '哈尔滨' : '大庆' },
      ...(i % 3 === 0 ? { importKey: `k${i}` } : {}),
      when: new Date(1_700_000_000_000 + i),
    };
    if (i % 13 === 0) return { nameKey: base.nameKey, _id: i, grams: base.grams }; // _id not first
    if (i % 17 === 0)
      return {
        ...base,
        bin: new Binary(Buffer.from([i & 255])),
        dec: Decimal128.fromString(`${i}.5`),
        long: Long.fromNumber(i * 2 ** 33),
        re: /x/g,
        nil: null,
        flag: true,
        int: i,
        dbl: i + 0.25,
      };
    return base;
  });
}

describe('loading a snapshot without decoding its documents', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'em-raw-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function loaded(): Promise<{ engine: StorageEngine; inserted: Doc[] }> {
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    const coll = engine.ensureCollection('app', 'orgs');
    engine.createIndex(coll, { key: { nameKey: 1 }, name: 'nameKey_1', unique: true });
    engine.createIndex(coll, {
      key: { importKey: 1 },
      name: 'importKey_1',
      unique: true,
      partialFilterExpression: { importKey: { $type: 'string' } },
    });
    engine.createIndex(coll, { key: { grams: 1 }, name: 'grams_1' });
    engine.createIndex(coll, { key: { 'region.city': 1, _id: 1 }, name: 'city' });
    const inserted = docs(600);
    for (const d of inserted) engine.insert(coll, d);
    await engine.close();
    return { engine, inserted };
  }

  it('should return identical documents and index results after a restart when the documents were bulk loaded', async () => {
    const { inserted } = await loaded();
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    try {
      const coll = engine.getCollection('app', 'orgs')!;
      // Held as bytes until read; the unique indexes are already built from the fields alone.
      expect(coll.docs.rawCount).toBeGreaterThan(0);
      expect(coll.indexes.get('nameKey_1')).toBeDefined();
      expect(() => engine.insert(coll, { nameKey: 'org5' })).toThrow(/duplicate key/);
      expect(() => engine.insert(coll, { nameKey: 'new', importKey: 'k3' })).toThrow(/duplicate key/);
      engine.insert(coll, { nameKey: 'new2', importKey: 'k1' }); // k1 was never used (1 % 3 != 0)
      await engine.indexesBuilt();
      for (const d of inserted) expect(canon(coll.get(hashKey(d._id)))).toBe(canon(d));
      // Natural order is the insertion order, as before the restart.
      expect([...coll.docs.values()].slice(0, 600).map(canon)).toEqual(inserted.map(canon));
      const byGram = coll.select({ grams: 'g3' }, () => true, { order: 'natural', stopAt: Infinity });
      expect(byGram.map(canon)).toEqual(
        inserted.filter((d) => (d.grams as string[]).includes('g3')).map(canon),
      );
    } finally {
      await engine.close();
    }
  });

  it('should build the unique indexes of a collection together, in their listed order, as from decoded documents', async () => {
    const { inserted } = await loaded();
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    try {
      const coll = engine.getCollection('app', 'orgs')!;
      expect(coll.indexSpecs().map((s) => s.name)).toEqual([
        '_id_',
        'nameKey_1',
        'importKey_1',
        'grams_1',
        'city',
      ]);
      expect(coll.docs.rawCount).toBeGreaterThan(500); // some are decoded at load: their _id is not first
      for (const name of ['nameKey_1', 'importKey_1']) {
        const ix = coll.indexes.get(name)!;
        const fresh = new IndexStore(ix.spec);
        for (const d of inserted) fresh.add(hashKey(d._id), fresh.keysFor(d));
        const values = [...inserted.map((d) => d.nameKey), ...inserted.map((d) => d.importKey), 'missing'];
        const ids = (i: IndexStore) => values.map((v) => [...(i.postings(v) ?? [])].sort());
        expect(ids(ix)).toEqual(ids(fresh));
      }
    } finally {
      await engine.close();
    }
  });

  it('should refuse to open a snapshot whose documents break a unique index', async () => {
    const records: Doc[] = [
      { snapshot: 1, journalSeq: 3, createdAt: new Date() },
      { op: 'cc', ns: 'app.orgs', o: {} },
      { op: 'ci', ns: 'app.orgs', spec: { key: { nameKey: 1 }, name: 'nameKey_1', unique: true } },
      { op: 'ci', ns: 'app.orgs', spec: { key: { code: 1 }, name: 'code_1', unique: true, sparse: true } },
      ...[1, 2, 3].map((n) => ({
        op: 'i',
        ns: 'app.orgs',
        d: { _id: `s${n}`, nameKey: `o${n}`, code: n === 1 ? 'x' : `c${n}` },
      })),
      { op: 'i', ns: 'app.orgs', d: { _id: 's4', nameKey: 'o4', code: 'x' } },
      { end: true },
    ];
    writeFileSync(join(dir, 'snapshot.bson'), Buffer.concat(records.map(frameRecord)));
    await expect(StorageEngine.open({ dbPath: dir, logger: silentLogger })).rejects.toThrow(
      /duplicate key.*code_1/,
    );
  });

  it('should write a snapshot of undecoded documents byte for byte as from decoded ones when it compacts before any read', async () => {
    await loaded();
    const before = readFileSync(join(dir, 'snapshot.bson'));
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, indexBuildSliceDocs: 10 });
    const coll = engine.getCollection('app', 'orgs')!;
    // Most still bytes (the background index build decodes a few per slice meanwhile): the
    // snapshot mixes copied bytes and serialised documents.
    expect(coll.docs.rawCount).toBeGreaterThan(300);
    await engine.compact();
    const after = readFileSync(join(dir, 'snapshot.bson'));
    await engine.close();
    // Records after the header (which holds the creation time and journal sequence) are the same.
    const body = (b: Buffer): Buffer => b.subarray(8 + b.readUInt32LE(0));
    expect(body(after).equals(body(before))).toBe(true);
  });

  it('should open a snapshot whose records were framed one by one as earlier versions wrote them', async () => {
    const d = docs(50);
    const records: Doc[] = [
      { snapshot: 1, journalSeq: 3, createdAt: new Date() },
      { op: 'cc', ns: 'app.orgs', o: {} },
      { op: 'ci', ns: 'app.orgs', spec: { key: { nameKey: 1 }, name: 'nameKey_1', unique: true } },
      ...d.map((doc) => ({ op: 'i', ns: 'app.orgs', d: doc })),
      { end: true },
    ];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'snapshot.bson'), Buffer.concat(records.map(frameRecord)));
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    try {
      const coll = engine.getCollection('app', 'orgs')!;
      expect(coll.docs.size).toBe(50);
      for (const doc of d) expect(canon(coll.get(hashKey(doc._id)))).toBe(canon(doc));
    } finally {
      await engine.close();
    }
  });

  it('should replay a journal of inserts, updates and removals to the same documents when no snapshot covers it', async () => {
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, shutdownBudgetMs: 0 });
    const coll = engine.ensureCollection('app', 'orgs');
    engine.createIndex(coll, { key: { nameKey: 1 }, name: 'nameKey_1', unique: true });
    const inserted = docs(300);
    for (const d of inserted) engine.insert(coll, d);
    engine.replace(coll, hashKey(inserted[1]._id), { ...inserted[1], nameKey: 'renamed' });
    engine.remove(coll, hashKey(inserted[2]._id));
    engine.dropCollection('app', 'gone');
    const other = engine.ensureCollection('app', 'gone');
    engine.insert(other, { _id: 'x', v: 1 });
    engine.dropCollection('app', 'gone');
    engine.insert(engine.ensureCollection('app', 'gone'), { _id: 'y', v: 2 });
    await engine.close(); // no time for a snapshot: the journal holds everything
    expect(readdirSync(dir).some((f) => f.startsWith('journal-'))).toBe(true);

    const again = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    try {
      const orgs = again.getCollection('app', 'orgs')!;
      expect(orgs.docs.size).toBe(299);
      expect(orgs.get(hashKey(inserted[1]._id))?.nameKey).toBe('renamed');
      expect(orgs.get(hashKey(inserted[2]._id))).toBeUndefined();
      for (const d of inserted.slice(3)) expect(canon(orgs.get(hashKey(d._id)))).toBe(canon(d));
      expect([...again.getCollection('app', 'gone')!.docs.values()]).toEqual([{ _id: 'y', v: 2 }]);
      expect(() => again.insert(orgs, { nameKey: 'renamed' })).toThrow(/duplicate key/);
    } finally {
      await again.close();
    }
  });

  it('should decode only the named fields when a raw document is picked', () => {
    const doc = docs(18)[17];
    const bytes = Buffer.from(BSON.serialize(doc));
    const picked = new RawDoc(bytes, 0, bytes.length).pick(new Set(['nameKey', 'long', 'region']));
    expect(picked).toEqual({ nameKey: doc.nameKey, region: doc.region, long: doc.long });
  });

  /** A document of the reopened collection still held as bytes, and the memory it was read into. */
  function heldChunk(coll: NonNullable<ReturnType<StorageEngine['getCollection']>>): ArrayBufferLike {
    const raw = [...coll.docs.stored()].find((d): d is RawDoc => d instanceof RawDoc)!;
    expect(raw.chunk.buffer.byteLength).toBeGreaterThan(0);
    return raw.chunk.buffer;
  }

  it('should release a snapshot chunk once its last document is decoded and keep Binary values intact when it is', async () => {
    const { inserted } = await loaded();
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    try {
      const coll = engine.getCollection('app', 'orgs')!;
      const chunk = heldChunk(coll);
      await engine.indexesBuilt();
      const decoded = [...coll.docs.values()];
      expect(coll.docs.rawCount).toBe(0);
      // Detached: its memory is freed by the next minor collection, not the next full one.
      expect(chunk.byteLength).toBe(0);
      expect(decoded.map(canon)).toEqual(inserted.map(canon));
      expect(inserted.filter((d) => d.bin).length).toBeGreaterThan(10);
    } finally {
      await engine.close();
    }
  });

  it('should keep a chunk while a snapshot being written may still copy documents from it', async () => {
    const { inserted } = await loaded();
    // The documents stay bytes until the compaction has its image (no background decoding).
    const decodeRest = jest
      .spyOn(StorageEngine.prototype as unknown as { decodeRest(): void }, 'decodeRest')
      .mockImplementation(() => undefined);
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    const coll = engine.getCollection('app', 'orgs')!;
    const chunk = heldChunk(coll);
    // Every document is decoded just after the compaction took its image of them as bytes.
    const internals = engine as unknown as { captureImages(): unknown };
    const capture = internals.captureImages.bind(engine);
    internals.captureImages = () => {
      const images = capture();
      expect(coll.docs.rawCount).toBeGreaterThan(0);
      for (const _ of coll.docs.values());
      expect(chunk.byteLength).toBeGreaterThan(0);
      return images;
    };
    await engine.compact().finally(() => decodeRest.mockRestore());
    expect(chunk.byteLength).toBe(0);
    await engine.close();
    const again = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    try {
      expect([...again.getCollection('app', 'orgs')!.docs.values()].map(canon)).toEqual(inserted.map(canon));
    } finally {
      await again.close();
    }
  });

  it('should keep a Binary value replayed from a journal intact once the journal chunk is released', async () => {
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, shutdownBudgetMs: 0 });
    const coll = engine.ensureCollection('app', 'orgs');
    const inserted = docs(100);
    for (const d of inserted) engine.insert(coll, d);
    // A replacement record is decoded as the journal is read, its Binary value from the chunk.
    const rebinned = { ...inserted[17], nameKey: 'rebinned', bin: new Binary(Buffer.from('bytes')) };
    engine.replace(coll, hashKey(inserted[17]._id), rebinned);
    await engine.close(); // no time for a snapshot: the journal holds everything
    // Decoded below rather than in the background.
    const decodeRest = jest
      .spyOn(StorageEngine.prototype as unknown as { decodeRest(): void }, 'decodeRest')
      .mockImplementation(() => undefined);
    const again = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    try {
      const orgs = again.getCollection('app', 'orgs')!;
      const chunk = heldChunk(orgs);
      expect([...orgs.docs.values()].map(canon)).toEqual(
        inserted.map((d) => canon(d === inserted[17] ? rebinned : d)),
      );
      expect(chunk.byteLength).toBe(0);
      expect(canon(orgs.get(hashKey(inserted[17]._id)))).toBe(canon(rebinned));
    } finally {
      decodeRest.mockRestore();
      await again.close();
    }
  });
});
