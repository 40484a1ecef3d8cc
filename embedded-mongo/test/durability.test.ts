import {
  appendFileSync,
  writeFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { start } from '../src';
import { kill9, spawnCli, waitForOutput } from './support/cli-process';

describe('durability', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['the journal alone', [] as string[]],
    ['snapshots and compactions running during the writes', ['--compact-threshold-bytes', '30000']],
  ])('should keep every acknowledged write when killed with SIGKILL with %s', async (_label, extra) => {
    const first = await spawnCli(['--dbpath', dir, ...extra]);
    const clients = await Promise.all(Array.from({ length: 4 }, () => MongoClient.connect(first.uri)));
    await clients[0].db('app').collection('items').createIndex({ key: 1 }, { unique: true });
    const acknowledged: string[] = [];
    let stop = false;
    const writers = clients.map(async (client, w) => {
      const coll = client.db('app').collection('items');
      for (let i = 0; !stop; i++) {
        try {
          await coll.insertOne({ key: `w${w}-${i}`, payload: 'x'.repeat(200) });
          acknowledged.push(`w${w}-${i}`);
          if (i % 5 === 0) await coll.updateOne({ key: `w${w}-${i}` }, { $set: { updated: true } });
        } catch {
          return; // the server was killed mid-request: that write was never acknowledged
        }
      }
    });
    const waitUntil = Date.now() + 20_000;
    while (acknowledged.length < 300 && Date.now() < waitUntil) await new Promise((r) => setTimeout(r, 5));
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    await kill9(first);
    stop = true;
    await Promise.all(writers);
    await Promise.all(clients.map((c) => c.close(true)));
    if (extra.length) expect(existsSync(join(dir, 'snapshot.bson'))).toBe(true);

    const second = await spawnCli(['--dbpath', dir]);
    const client = await MongoClient.connect(second.uri);
    try {
      const coll = client.db('app').collection('items');
      const keys = new Set(
        (await coll.find({}, { projection: { key: 1 } }).toArray()).map((d) => d.key as string),
      );
      const missing = acknowledged.filter((k) => !keys.has(k));
      expect(missing).toEqual([]);
      expect(await coll.countDocuments({ key: 'w0-0', updated: true })).toBe(1);
      const err = await coll.insertOne({ key: 'w0-0' }).catch((e: { code: number }) => e);
      expect(err).toMatchObject({ code: 11000 });
    } finally {
      await client.close();
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  });

  it('should recover intact records and drop a torn journal tail when restarting', async () => {
    const first = await spawnCli(['--dbpath', dir]);
    const c1 = await MongoClient.connect(first.uri);
    await c1
      .db('app')
      .collection<{ _id: number | string }>('t')
      .insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i })));
    await kill9(first);
    await c1.close(true);
    const journal = readdirSync(dir).find((f) => f.startsWith('journal-'));
    expect(journal).toBeDefined();
    const path = join(dir, journal!);
    const before = statSync(path).size;
    // A record header promising more bytes than exist: what a crash mid-append leaves behind.
    appendFileSync(path, Buffer.from([0xff, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, 0x01, 0x02]));

    const second = await spawnCli(['--dbpath', dir]);
    expect(await waitForOutput(second, /torn tail/)).toBe(true);
    expect(statSync(path).size).toBe(before);
    const c2 = await MongoClient.connect(second.uri);
    expect(await c2.db('app').collection('t').countDocuments()).toBe(20);
    await c2.db('app').collection<{ _id: number | string }>('t').insertOne({ _id: 'after' });
    await kill9(second);
    await c2.close(true);

    const third = await spawnCli(['--dbpath', dir]);
    const c3 = await MongoClient.connect(third.uri);
    expect(await c3.db('app').collection('t').countDocuments()).toBe(21);
    await c3.close();
    third.child.kill('SIGTERM');
    await third.exited;
  });

  it('should snapshot and compact the journal when it grows past the threshold', async () => {
    const server = await start({ dbPath: dir, compactThresholdBytes: 20_000 });
    const client = await MongoClient.connect(server.uri);
    const coll = client.db('app').collection('c');
    await coll.createIndex({ n: 1 }, { unique: true });
    for (let i = 0; i < 200; i++) await coll.insertOne({ n: i, pad: 'y'.repeat(300) });
    await coll.deleteMany({ n: { $lt: 50 } });
    await coll.updateMany({}, { $set: { touched: true } });
    await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(join(dir, 'snapshot.bson'))).toBe(true);
    const journals = readdirSync(dir).filter((f) => f.startsWith('journal-'));
    expect(journals.length).toBeLessThanOrEqual(2);
    await client.close();
    await server.stop();

    const again = await start({ dbPath: dir });
    const c2 = await MongoClient.connect(again.uri);
    expect(await c2.db('app').collection('c').countDocuments({ touched: true })).toBe(150);
    expect((await c2.db('app').collection('c').listIndexes().toArray()).map((i) => i.name)).toContain('n_1');
    await c2.close();
    await again.stop();
  });

  it('should refuse to open a dbPath that another server holds', async () => {
    const server = await start({ dbPath: dir });
    await expect(start({ dbPath: dir })).rejects.toThrow(/locked/);
    await server.stop();
    const reopened = await start({ dbPath: dir });
    await reopened.stop();
  });

  it('should refuse a second process on the same dbPath when run from the CLI', async () => {
    const first = await spawnCli(['--dbpath', dir]);
    await expect(spawnCli(['--dbpath', dir])).rejects.toThrow(/locked/);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  });

  it('should take over a lock whose pid now belongs to an unrelated process', async () => {
    // Our own pid is alive, but the recorded start time does not match: the owner is long gone.
    writeFileSync(join(dir, 'mongod.lock'), `${process.pid}:1`);
    const server = await start({ dbPath: dir });
    await server.stop();
  });
});
