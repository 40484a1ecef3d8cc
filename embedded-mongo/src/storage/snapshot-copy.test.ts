import { mkdtempSync, openSync, readdirSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, Long, ObjectId } from 'mongodb';
import { hashKey } from '../query/bson-order';
import { silentLogger } from '../logger';
import { readRecordFileRaw } from './record-file';
import { StorageEngine } from './storage-engine';
import type { CollectionStore } from './collection-store';

type Doc = Record<string, unknown>;

/**
 * A snapshot copies documents' bytes from the journal's and the last snapshot's records instead
 * of serialising them again (doc-locations.ts): each of its document records must be exactly
 * what serialising the document the collection holds writes, in the collection's order.
 */
function expectSnapshotOf(dir: string, colls: CollectionStore[]): void {
  const expected: Buffer[] = [];
  for (const coll of colls)
    for (const doc of coll.docs.values())
      expected.push(Buffer.from(BSON.serialize({ op: 'i', ns: coll.ns, d: doc })));
  const found: Buffer[] = [];
  readRecordFileRaw(join(dir, 'snapshot.bson'), (chunk, start, end) => {
    const payload = chunk.subarray(start, end);
    if (BSON.deserialize(payload).op === 'i') found.push(Buffer.from(payload));
  });
  expect(found.length).toBe(expected.length);
  const differing = found.findIndex((b, i) => !b.equals(expected[i]));
  expect(differing).toBe(-1);
}

function doc(i: number, version: number): Doc {
  return {
    _id: i % 3 === 0 ? `s${i}` : new ObjectId(i.toString(16).padStart(24, '0')),
    name: `单位 ${i} v${version}`,
    n: i,
    ratio: i + 0.5,
    big: Long.fromNumber(i * 1_000_000_007),
    at: new Date(1_700_000_000_000 + i * 1000),
    grams: [`g${i % 7}`, `h${i % 11}`, `单${i % 5}`],
    nested: { version, list: [{ a: i }, { b: [version, null] }] },
    pad: 'p'.repeat(200 + (i % 50)),
  };
}

describe('snapshots copying documents from the data files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'em-snapcopy-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should write each document as serialising it does when its bytes are copied from journals and the last snapshot', async () => {
    const model = new Map<number, Doc>();
    let engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    let coll = engine.ensureCollection('app', 'items');
    engine.createIndex(coll, { key: { n: 1 }, name: 'n_1' });
    const other = engine.ensureCollection('app', 'other');
    for (let i = 0; i < 3000; i++) {
      engine.insert(coll, doc(i, 0));
      model.set(i, doc(i, 0));
    }
    for (let i = 0; i < 100; i++) engine.insert(other, { _id: i, v: i * 1.25 });
    for (let i = 0; i < 3000; i += 7) {
      engine.replace(coll, hashKey(doc(i, 0)._id), doc(i, 1));
      model.set(i, doc(i, 1));
    }
    for (let i = 5; i < 3000; i += 13) {
      engine.remove(coll, hashKey(doc(i, 0)._id));
      model.delete(i);
    }
    await engine.flush();
    await engine.compact();
    // Every document was copied from the journal: none serialised again.
    expect(engine.lastSnapshot?.copied).toBe(coll.docs.size + other.docs.size);
    expectSnapshotOf(dir, [coll, other]);

    // Changed again and written again: copied from the last snapshot and the new journal, also
    // while replacements arrive during the writing (the document written is the one captured).
    for (let i = 0; i < 3000; i += 11) {
      if (!model.has(i)) continue;
      engine.replace(coll, hashKey(doc(i, 0)._id), doc(i, 2));
      model.set(i, doc(i, 2));
    }
    for (let i = 3000; i < 3200; i++) {
      engine.insert(coll, doc(i, 0));
      model.set(i, doc(i, 0));
    }
    await engine.flush();
    // Replacements while the snapshot is being written land in the new journal only.
    let done = false;
    const compaction = engine.compact().finally(() => (done = true));
    let during = 0;
    for (let i = 1; !done && i < 3000; i += 17) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done || !model.has(i)) continue;
      engine.replace(coll, hashKey(doc(i, 0)._id), doc(i, 3));
      model.set(i, doc(i, 3));
      during++;
    }
    expect(during).toBeGreaterThan(0);
    await compaction;
    expect(engine.lastSnapshot?.copied).toBe(engine.lastSnapshot!.docs);
    await engine.flush();
    await engine.compact();
    expectSnapshotOf(dir, [coll, other]);
    await engine.close();
    expect(readdirSync(dir)).toEqual(['snapshot.bson']);

    // After a restart: documents still held as bytes, documents decoded since, and documents
    // replaced since are written as before.
    engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    await engine.indexesBuilt();
    coll = engine.getCollection('app', 'items')!;
    for (let i = 2; i < 3200; i += 19) {
      if (!model.has(i)) continue;
      engine.replace(coll, hashKey(doc(i, 0)._id), doc(i, 4));
      model.set(i, doc(i, 4));
    }
    await engine.flush();
    await engine.compact();
    expectSnapshotOf(dir, [coll, engine.getCollection('app', 'other')!]);
    expect(engine.lastSnapshot?.copied).toBeGreaterThan(0);
    await engine.close();

    engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    coll = engine.getCollection('app', 'items')!;
    expect(coll.docs.size).toBe(model.size);
    for (const d of model.values()) expect(coll.get(hashKey(d._id))).toEqual(d);
    expect(coll.select({ n: 14 }, (d) => d.n === 14, { order: 'any', stopAt: Infinity }).length).toBe(
      model.has(14) ? 1 : 0,
    );
    await engine.close();
  });

  it('should serialise a document again when its record in the journal no longer reads back', async () => {
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    const coll = engine.ensureCollection('app', 'items');
    for (let i = 0; i < 500; i++) engine.insert(coll, doc(i, 0));
    await engine.flush();
    const journal = readdirSync(dir).find((f) => f.startsWith('journal-'))!;
    // Damage bytes in the middle of the journal: the records there fail their checksums.
    const fd = openSync(join(dir, journal), 'r+');
    writeSync(fd, Buffer.alloc(64, 0xee), 0, 64, 60_000);
    closeSync(fd);
    await engine.compact();
    const { copied, docs } = engine.lastSnapshot!;
    expect(docs).toBe(500);
    expect(copied).toBeGreaterThan(400);
    expect(copied).toBeLessThan(500);
    expectSnapshotOf(dir, [coll]);
    await engine.close();
  });
  it('should stop a background snapshot for the shutdown one and still copy every document when writes came after it began', async () => {
    const infos: string[] = [];
    const logger = { ...silentLogger, info: (msg: string) => infos.push(msg) };
    const engine = await StorageEngine.open({ dbPath: dir, logger, compactThresholdBytes: 64 * 1024 });
    const coll = engine.ensureCollection('app', 'items');
    for (let i = 0; i < 4000; i++) engine.insert(coll, doc(i, 0));
    // The journal is past the threshold: this flush starts a background snapshot.
    await engine.flush();
    for (let i = 4000; i < 4100; i++) engine.insert(coll, doc(i, 0));
    await engine.flush();
    await new Promise((resolve) => setImmediate(resolve));
    engine.insert(coll, doc(5000, 0));
    await engine.close();
    expect(infos).toContain('background snapshot stopped: the shutdown writes one of everything');
    expect(readdirSync(dir)).toEqual(['snapshot.bson']);
    expect(engine.lastSnapshot?.docs).toBe(4101);
    expect(engine.lastSnapshot?.copied).toBe(4101);

    const again = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    const items = again.getCollection('app', 'items')!;
    expect(items.docs.size).toBe(4101);
    expect(items.get(hashKey(doc(5000, 0)._id))).toEqual(doc(5000, 0));
    expect(items.get(hashKey(doc(17, 0)._id))).toEqual(doc(17, 0));
    await again.close();
  });
});
