import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Binary, Decimal128, MongoClient, ObjectId, type Document } from 'mongodb';
import { start } from '../src';
import { backupServer, restoreDataDir } from '../src/backup';
import { spawnCli, type CliProcess } from './support/cli-process';

const run = promisify(execFile);
const CLI = join(__dirname, '..', 'src', 'backup-cli.ts');

/** The backup CLI as `npm run backup` / `npm run restore` runs it. */
const backupCli = (args: string[]) =>
  run(process.execPath, ['--require', require.resolve('tsx/cjs'), CLI, ...args], { timeout: 60_000 });

async function contents(uri: string): Promise<Record<string, { docs: Document[]; indexes: Document[] }>> {
  const client = await MongoClient.connect(uri, { directConnection: true });
  try {
    const out: Record<string, { docs: Document[]; indexes: Document[] }> = {};
    for (const dbName of ['app', 'other']) {
      const db = client.db(dbName);
      for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
        const docs = await db.collection(name).find().sort({ _id: 1 }).toArray();
        const indexes = (await db.collection(name).listIndexes().toArray())
          .map(({ v: _v, ns: _ns, ...spec }) => spec)
          .sort((a, b) => String(a.name).localeCompare(String(b.name)));
        out[`${dbName}.${name}`] = { docs, indexes };
      }
    }
    return out;
  } finally {
    await client.close();
  }
}

describe('backup and restore', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'embedded-mongo-backup-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('should restore a consistent copy when the backup runs while writes continue', async () => {
    const dataDir = join(dir, 'data');
    // A small compaction threshold: snapshots and journal switches happen during the backup too.
    const server: CliProcess = await spawnCli(['--dbpath', dataDir, '--compact-threshold-bytes', '40000']);
    const client = await MongoClient.connect(server.uri);
    try {
      const app = client.db('app');
      const fixed = [
        {
          _id: new ObjectId(),
          name: '宝武钢铁',
          at: new Date('2026-03-01T08:00:00Z'),
          amount: Decimal128.fromString('12.50'),
        },
        {
          _id: new ObjectId(),
          name: '哈工大',
          tags: ['金属', '新材料'],
          nested: { a: { b: 1 } },
          bin: new Binary(Buffer.from([1, 2, 3])),
        },
      ];
      await app.collection('organizations').insertMany(fixed);
      await app.collection('organizations').createIndex({ name: 1 }, { unique: true });
      await app.collection('events').createIndex({ seq: 1 }, { name: 'by_seq' });
      await client
        .db('other')
        .collection('notes')
        .insertOne({ _id: 'n1', text: '备份' } as Document);

      // Each write depends on the one before: a consistent copy holds seq 0..k-1 with no gap, and
      // the counter names exactly k or k-1 (the backup may fall between the insert and the update).
      let stop = false;
      let written = 0;
      const writer = (async () => {
        for (let seq = 0; !stop; seq++) {
          await app.collection('events').insertOne({ seq, payload: 'x'.repeat(300) });
          await app
            .collection('counters')
            .updateOne({ _id: 'events' } as Document, { $set: { n: seq + 1 } }, { upsert: true });
          written = seq + 1;
        }
      })();
      while (written < 50) await new Promise((resolve) => setTimeout(resolve, 10));

      const archive = join(dir, 'backups', 'b.bson.gz');
      // No --uri: the CLI finds the running server through <dbpath>/embedded-mongo.json.
      const { stdout } = await backupCli(['backup', '--dbpath', dataDir, '--out', archive]);
      expect(stdout).toMatch(/backup: \d+ collections, \d+ documents/);
      const writtenAfterBackup = written;
      while (written < writtenAfterBackup + 20) await new Promise((resolve) => setTimeout(resolve, 10));
      stop = true;
      await writer;
      expect(readdirSync(join(dir, 'backups'))).toEqual(['b.bson.gz']);

      const restoredDir = join(dir, 'restored');
      await backupCli(['restore', archive, '--dbpath', restoredDir]);
      const restored = await start({ dbPath: restoredDir });
      try {
        const copy = await contents(restored.uri);
        const seqs = copy['app.events'].docs.map((doc) => doc.seq as number);
        expect(seqs.length).toBeGreaterThanOrEqual(50);
        expect(seqs).toEqual(seqs.map((_, i) => i));
        const counter = copy['app.counters'].docs[0].n as number;
        expect([seqs.length, seqs.length - 1]).toContain(counter);
        // Writes went on after the backup: the copy is the state at one moment, not the end state.
        expect(seqs.length).toBeLessThan(written);

        const original = await contents(server.uri);
        expect(copy['app.organizations']).toEqual(original['app.organizations']);
        expect(copy['other.notes']).toEqual(original['other.notes']);
        expect(copy['app.events'].indexes).toEqual(original['app.events'].indexes);
        expect(copy['app.events'].docs).toEqual(original['app.events'].docs.slice(0, seqs.length));
      } finally {
        await restored.stop();
      }
      // The fsync lock was released: the server still takes writes.
      await app.collection('events').insertOne({ seq: -1 });
    } finally {
      await client.close();
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 120_000);

  it('should refuse to restore over a non-empty directory unless forced, and keep the old one', async () => {
    const server = await start();
    const archive = join(dir, 'one.bson.gz');
    try {
      const client = await MongoClient.connect(server.uri);
      await client.db('app').collection('people').insertOne({ name: '张三' });
      await client.close();
      await backupServer(server.uri, archive);
    } finally {
      await server.stop();
    }
    const target = join(dir, 'busy');
    mkdirSync(target);
    writeFileSync(join(target, 'keep.txt'), 'old data');
    await expect(restoreDataDir(archive, target)).rejects.toThrow(/not empty/);
    expect(readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('old data');

    const summary = await restoreDataDir(archive, target, { force: true });
    expect(summary.documents).toBe(1);
    expect(summary.movedAside).toBeDefined();
    expect(readFileSync(join(summary.movedAside!, 'keep.txt'), 'utf8')).toBe('old data');
    expect(existsSync(join(target, 'keep.txt'))).toBe(false);
  });

  it('should restore nothing when the archive is truncated', async () => {
    const server = await start();
    const archive = join(dir, 'cut.bson.gz');
    try {
      const client = await MongoClient.connect(server.uri);
      await client
        .db('app')
        .collection('people')
        .insertMany(Array.from({ length: 500 }, (_, i) => ({ i, pad: 'y'.repeat(100) })));
      await client.close();
      await backupServer(server.uri, archive);
    } finally {
      await server.stop();
    }
    const whole = readFileSync(archive);
    writeFileSync(archive, whole.subarray(0, Math.floor(whole.length / 2)));
    const target = join(dir, 'fresh');
    await expect(restoreDataDir(archive, target)).rejects.toThrow();
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.includes('restoring'))).toEqual([]);
  });

  it('should hold writes and let reads through while the fsync lock is held', async () => {
    const server = await start();
    const client = await MongoClient.connect(server.uri);
    try {
      const items = client.db('app').collection('items');
      await items.insertOne({ n: 1 });
      const admin = client.db('admin');
      expect(await admin.command({ fsync: 1, lock: true })).toMatchObject({ ok: 1, lockCount: 1 });
      let inserted = false;
      const pending = items.insertOne({ n: 2 }).then(() => (inserted = true));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(inserted).toBe(false);
      expect(await items.countDocuments()).toBe(1);
      await admin.command({ fsyncUnlock: 1 });
      await pending;
      expect(await items.countDocuments()).toBe(2);
      await expect(admin.command({ fsyncUnlock: 1 })).rejects.toThrow(/not locked/);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it('should give writes back when the connection holding the fsync lock closes', async () => {
    const server = await start();
    const locker = await MongoClient.connect(server.uri, { maxPoolSize: 1 });
    const writer = await MongoClient.connect(server.uri);
    try {
      await locker.db('admin').command({ fsync: 1, lock: true });
      const pending = writer.db('app').collection('items').insertOne({ n: 1 });
      // A backup tool killed while holding the lock: its connection closes, the lock goes with it.
      await locker.close(true);
      await pending;
      expect(await writer.db('app').collection('items').countDocuments()).toBe(1);
    } finally {
      await writer.close();
      await server.stop();
    }
  });
});
