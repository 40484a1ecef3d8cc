import {
  promises as fsp,
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { hashKey } from '../query/bson-order';
import { silentLogger } from '../logger';
import { start } from '../server';
import { frameRecord, readRecords } from './record-file';
import { StorageEngine } from './storage-engine';

type Doc = Record<string, unknown>;

/** Copies the data files (not the lock) as a crash would leave them at this instant. */
function crashCopy(from: string): string {
  const to = mkdtempSync(join(tmpdir(), 'em-crash-'));
  for (const f of readdirSync(from)) if (f !== 'mongod.lock') copyFileSync(join(from, f), join(to, f));
  return to;
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

describe('snapshots', () => {
  let dir: string;
  const extra: string[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'em-snap-'));
  });
  afterEach(() => {
    for (const d of [dir, ...extra.splice(0)]) rmSync(d, { recursive: true, force: true });
  });

  it('should keep writes made while a snapshot is being written when the process dies after it', async () => {
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    const coll = engine.ensureCollection('app', 'items');
    engine.createIndex(coll, { key: { tag: 1 }, name: 'tag_1' });
    const pad = 'x'.repeat(300);
    for (let i = 0; i < 10_000; i++) engine.insert(coll, { _id: i, tag: `t${i % 50}`, pad });
    await engine.flush();

    let done = false;
    const compaction = engine.compact().finally(() => (done = true));
    // Keep writing until the snapshot is on disk: changes to documents it is still serialising
    // included, which must reach the new journal and leave the snapshot's image untouched.
    let during = 0;
    let next = 10_000;
    while (!done) {
      await new Promise((r) => setImmediate(r));
      if (done) break;
      engine.insert(coll, { _id: next++, tag: 'late', pad });
      engine.replace(coll, hashKey(1), { _id: 1, tag: 'changed', pad });
      engine.remove(coll, hashKey(2 + during));
      await engine.flush();
      during++;
    }
    await compaction;
    expect(during).toBeGreaterThan(0);
    const copy = crashCopy(dir);
    extra.push(copy);
    await engine.close();

    // The snapshot holds the state of the moment it began (rounds are whole: the count is
    // unchanged), and some rounds came after that moment, so they live in the new journal only.
    const image = readRecords(readFileSync(join(copy, 'snapshot.bson'))).records.filter((r) => r.op === 'i');
    expect(image).toHaveLength(10_000);
    expect(image.filter((r) => (r.d as Doc).tag === 'late').length).toBeLessThan(during);

    const reopened = await StorageEngine.open({ dbPath: copy, logger: silentLogger });
    const items = reopened.getCollection('app', 'items')!;
    // One insert and one removal per round: the count is unchanged, the contents are not.
    expect(items.docs.size).toBe(10_000);
    expect(items.get(hashKey(1))?.tag).toBe('changed');
    for (let i = 0; i < during; i++) expect(items.get(hashKey(2 + i))).toBeUndefined();
    await reopened.indexesBuilt();
    expect([...items.candidates({ tag: 'late' })]).toHaveLength(during);
    await reopened.close();
  });

  it('should leave only a fresh snapshot when shut down, removing stale files at start', async () => {
    const first = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    const coll = first.ensureCollection('app', 'items');
    for (let i = 0; i < 500; i++) first.insert(coll, { _id: i, n: i });
    await first.flush();
    await first.close();
    expect(readdirSync(dir)).toEqual(['snapshot.bson']);

    // What a process killed mid-snapshot and mid-cleanup leaves behind.
    writeFileSync(join(dir, 'snapshot.bson.tmp'), Buffer.alloc(4096, 1));
    writeFileSync(join(dir, 'journal-0.log'), frameRecord({ op: 'i', ns: 'app.items', d: { _id: 'old' } }));
    const sizes: number[] = [];
    for (let run = 0; run < 5; run++) {
      const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
      if (run === 0)
        expect(engine.recoveryStats.removedFiles.sort()).toEqual(['journal-0.log', 'snapshot.bson.tmp']);
      const items = engine.getCollection('app', 'items')!;
      expect(items.docs.size).toBe(500 + run);
      engine.insert(items, { _id: `run${run}`, n: run });
      await engine.flush();
      await engine.close();
      expect(readdirSync(dir)).toEqual(['snapshot.bson']);
      sizes.push(dirBytes(dir));
    }
    // Each run adds one small document: the directory grows by that, not by leftovers.
    expect(sizes[4] - sizes[0]).toBeLessThan(4 * 200);
  });

  it('should keep the journals and lose nothing when the shutdown snapshot has no time', async () => {
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, shutdownBudgetMs: 0 });
    const coll = engine.ensureCollection('app', 'items');
    for (let i = 0; i < 2000; i++) engine.insert(coll, { _id: i, n: i });
    await engine.flush();
    await engine.close();
    const files = readdirSync(dir);
    expect(files).not.toContain('snapshot.bson.tmp');
    expect(files.some((f) => f.startsWith('journal-'))).toBe(true);

    // Restarts that never get to snapshot leave no empty journals behind.
    for (let run = 0; run < 3; run++) {
      const quick = await StorageEngine.open({ dbPath: dir, logger: silentLogger, shutdownBudgetMs: 0 });
      await quick.close();
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('journal-'))).toEqual(
      files.filter((f) => f.startsWith('journal-')),
    );

    // The next start replays them and folds them into a snapshot.
    const again = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    expect(again.getCollection('app', 'items')?.docs.size).toBe(2000);
    await again.close();
    expect(readdirSync(dir)).toEqual(['snapshot.bson']);
  });

  it('should stop within its budget when the snapshot fsync hangs, losing nothing and leaving no stale file', async () => {
    const engine = await StorageEngine.open({ dbPath: dir, logger: silentLogger, shutdownBudgetMs: 200 });
    const coll = engine.ensureCollection('app', 'items');
    for (let i = 0; i < 3000; i++) engine.insert(coll, { _id: i, n: i });
    await engine.flush();
    // A disk whose fsync never returns (until the test lets it): the snapshot's and the directory's.
    const probe = await fsp.open(join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
    await probe.close();
    rmSync(join(dir, 'probe'));
    const releases: Array<() => void> = [];
    const sync = jest
      .spyOn(proto, 'sync')
      .mockImplementation(() => new Promise<void>((resolve) => releases.push(resolve)));
    try {
      // Before the change this never resolved: close() waited on the fsync forever.
      await engine.close();
      expect(releases.length).toBeGreaterThan(0);
    } finally {
      sync.mockRestore();
      releases.forEach((release) => release());
    }
    // The abandoned snapshot, once its fsync returns, removes its own file and renames nothing.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync(dir)).not.toContain('snapshot.bson');

    const again = await StorageEngine.open({ dbPath: dir, logger: silentLogger });
    expect(again.getCollection('app', 'items')?.docs.size).toBe(3000);
    await again.close();
    expect(readdirSync(dir)).toEqual(['snapshot.bson']);
  });

  it('should serve every document and index after a restart when compactions ran during a bulk load', async () => {
    const server = await start({ dbPath: dir, compactThresholdBytes: 256 * 1024 });
    const client = await MongoClient.connect(server.uri);
    const coll = client.db('app').collection<Doc>('orgs');
    await coll.createIndex({ nameKey: 1 }, { unique: true });
    await coll.createIndex({ grams: 1 });
    for (let b = 0; b < 10; b++) {
      await coll.insertMany(
        Array.from({ length: 1000 }, (_, i) => {
          const n = b * 1000 + i;
          return { nameKey: `org${n}`, grams: [`g${n % 7}`, `h${n % 11}`], pad: 'p'.repeat(200) };
        }),
      );
    }
    await client.close();
    await server.stop();
    expect(readdirSync(dir)).toEqual(['snapshot.bson']);

    const again = await start({ dbPath: dir });
    const c2 = await MongoClient.connect(again.uri);
    try {
      const orgs = c2.db('app').collection<Doc>('orgs');
      expect(await orgs.countDocuments()).toBe(10_000);
      expect(await orgs.countDocuments({ grams: 'g3' })).toBe(Math.ceil((10_000 - 3) / 7));
      expect(await orgs.findOne({ nameKey: 'org9999' })).toMatchObject({ grams: ['g3', 'h0'] });
      await expect(orgs.insertOne({ nameKey: 'org5' })).rejects.toMatchObject({ code: 11000 });
    } finally {
      await c2.close();
      await again.stop();
    }
  });
});
