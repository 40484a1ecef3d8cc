/* Benchmarks for embedded-mongo. Prints a table; never asserted in tests. */
import { mkdtempSync, openSync, rmSync, writeSync, closeSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient, ObjectId } from 'mongodb';
import { start } from '../src';
import { frameRecord } from '../src/storage/record-file';
import { benchScale } from './scale';
import { benchMemory } from './memory';

interface Row {
  benchmark: string;
  mode: string;
  result: string;
  target: string;
}

const rows: Row[] = [];
const ms = (n: number): string => `${n.toFixed(n < 10 ? 3 : 0)} ms`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'embedded-mongo-bench-'));
}

async function withServer<T>(dbPath: string | undefined, fn: (uri: string) => Promise<T>): Promise<T> {
  const server = await start({ dbPath });
  try {
    return await fn(server.uri);
  } finally {
    await server.stop();
  }
}

async function benchInsertMany(durable: boolean): Promise<void> {
  const dir = durable ? tempDir() : undefined;
  await withServer(dir, async (uri) => {
    const client = await MongoClient.connect(uri);
    const coll = client.db('bench').collection('users');
    await coll.createIndex({ email: 1 }, { unique: true });
    // Warm-up on another collection so the measurement excludes one-time JIT and module start-up.
    await client
      .db('bench')
      .collection('warmup')
      .insertMany(Array.from({ length: 2000 }, (_, i) => ({ i })));
    const docs = Array.from({ length: 10_000 }, (_, i) => ({
      email: `user${i}@example.com`,
      name: `User ${i}`,
      age: i % 90,
      tags: ['a', 'b'],
    }));
    const t0 = performance.now();
    await coll.insertMany(docs);
    const elapsed = performance.now() - t0;
    rows.push({
      benchmark: 'insertMany 10,000 docs (unique index)',
      mode: durable ? 'dbPath' : 'in-memory',
      result: ms(elapsed),
      target: '< 1000 ms',
    });
    await client.close();
  });
  if (dir) rmSync(dir, { recursive: true, force: true });
}

async function benchFindOne(): Promise<void> {
  await withServer(undefined, async (uri) => {
    const client = await MongoClient.connect(uri);
    const coll = client.db('bench').collection('users');
    await coll.createIndex({ email: 1 }, { unique: true });
    for (let b = 0; b < 100; b++) {
      await coll.insertMany(
        Array.from({ length: 1000 }, (_, i) => ({
          email: `u${b * 1000 + i}@x.io`,
          n: b * 1000 + i,
          pad: 'p'.repeat(100),
        })),
      );
    }
    const samples: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const key = `u${(i * 7919) % 100_000}@x.io`;
      const t0 = performance.now();
      const doc = await coll.findOne({ email: key });
      samples.push(performance.now() - t0);
      if (!doc) throw new Error(`missing ${key}`);
    }
    samples.sort((a, b) => a - b);
    const pct = (p: number): number => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
    rows.push({
      benchmark: 'indexed findOne over 100,000 docs',
      mode: 'in-memory',
      result: `p50 ${ms(pct(0.5))}, p99 ${ms(pct(0.99))}`,
      target: 'p50 < 1 ms',
    });
    await client.close();
  });
}

async function benchConcurrentUpdates(durable: boolean): Promise<void> {
  const dir = durable ? tempDir() : undefined;
  await withServer(dir, async (uri) => {
    const clients = await Promise.all(
      Array.from({ length: 8 }, () => MongoClient.connect(uri, { maxPoolSize: 1 })),
    );
    const coll0 = clients[0].db('bench').collection('counters');
    const ids = Array.from({ length: 1000 }, () => new ObjectId());
    await coll0.insertMany(ids.map((_id) => ({ _id, n: 0 })));
    const durationMs = 3000;
    const deadline = performance.now() + durationMs;
    let ops = 0;
    await Promise.all(
      clients.map(async (c, w) => {
        const coll = c.db('bench').collection('counters');
        for (let i = w; performance.now() < deadline; i += 8) {
          await coll.updateOne({ _id: ids[i % ids.length] }, { $inc: { n: 1 } });
          ops++;
        }
      }),
    );
    rows.push({
      benchmark: 'updateOne by _id, 8 concurrent clients',
      mode: durable ? 'dbPath (fsync, group commit)' : 'in-memory',
      result: `${Math.round(ops / (durationMs / 1000)).toLocaleString('en-US')} ops/s`,
      target: '-',
    });
    await Promise.all(clients.map((c) => c.close()));
  });
  if (dir) rmSync(dir, { recursive: true, force: true });
}

async function benchRecovery(): Promise<void> {
  const dir = tempDir();
  const path = join(dir, 'journal-1.log');
  const fd = openSync(path, 'w');
  const pad = 'r'.repeat(900);
  let bytes = 0;
  let n = 0;
  const batch: Buffer[] = [];
  while (bytes < 100 * 1024 * 1024) {
    const rec = frameRecord({
      op: 'i',
      ns: 'bench.recover',
      d: { _id: new ObjectId(), n, email: `r${n}@x.io`, pad },
    });
    batch.push(rec);
    bytes += rec.length;
    n++;
    if (batch.length === 5000) writeSync(fd, Buffer.concat(batch.splice(0)));
  }
  writeSync(fd, Buffer.concat(batch));
  closeSync(fd);
  const size = statSync(path).size;
  const t0 = performance.now();
  const server = await start({ dbPath: dir });
  const elapsed = performance.now() - t0;
  const client = await MongoClient.connect(server.uri);
  const count = await client.db('bench').collection('recover').countDocuments();
  await client.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  if (count !== n) throw new Error(`recovered ${count} of ${n}`);
  rows.push({
    benchmark: `recovery of a ${(size / 1024 / 1024).toFixed(0)} MB journal (${n.toLocaleString('en-US')} records)`,
    mode: 'dbPath',
    result: ms(elapsed),
    target: '< 5000 ms',
  });
}

async function timeIt(fn: () => Promise<unknown>, repeat: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function benchInQueries(): Promise<void> {
  await withServer(undefined, async (uri) => {
    const client = await MongoClient.connect(uri);
    const coll = client.db('bench').collection('people');
    await coll.createIndex({ mobile: 1 });
    const docs = Array.from({ length: 10_000 }, (_, i) => ({
      _id: new ObjectId(),
      name: `Person ${i}`,
      mobile: `138${String(i).padStart(8, '0')}`,
    }));
    await coll.insertMany(docs);
    const hits = docs.filter((_, i) => i % 10 === 0).slice(0, 1000);
    const cases: Array<[string, object]> = [
      ['indexed field', { mobile: { $in: hits.map((d) => d.mobile) } }],
      ['_id', { _id: { $in: hits.map((d) => d._id) } }],
      ['unindexed field', { name: { $in: hits.map((d) => d.name) } }],
    ];
    for (const [label, filter] of cases) {
      const t = await timeIt(async () => {
        const found = await coll.find(filter).toArray();
        if (found.length !== 1000) throw new Error(`$in ${label}: ${found.length}`);
      }, 5);
      rows.push({
        benchmark: `$in 1,000 values on ${label}, 1,000 hits over 10,000 docs`,
        mode: 'in-memory',
        result: `p50 ${ms(t)}`,
        target: '< 50 ms',
      });
    }
    await client.close();
  });
}

async function benchUpserts(): Promise<void> {
  await withServer(undefined, async (uri) => {
    const client = await MongoClient.connect(uri);
    const coll = client.db('bench').collection('orgs');
    await coll.createIndex({ nameKey: 1 }, { unique: true });
    await coll.createIndex(
      { importKey: 1 },
      { unique: true, partialFilterExpression: { importKey: { $type: 'string' } } },
    );
    await coll.insertMany(
      Array.from({ length: 10_000 }, (_, i) => ({ nameKey: `org-${i}`, importKey: `imp-${i}`, n: 0 })),
    );
    for (const [label, field] of [
      ['unique index', 'nameKey'],
      ['partial unique index', 'importKey'],
    ] as const) {
      const ops = Array.from({ length: 500 }, (_, i) => ({
        updateOne: {
          filter: { [field]: `${field === 'nameKey' ? 'org' : 'imp'}-${i * 40 + (i % 2 ? 20_000 : 0)}` },
          update: {
            $set: { n: i },
            $setOnInsert: { createdBy: 'bench', ...(field === 'importKey' ? { nameKey: `new-${i}` } : {}) },
          },
          upsert: true,
        },
      }));
      const t0 = performance.now();
      await coll.bulkWrite(ops, { ordered: true });
      rows.push({
        benchmark: `500 upserts (half new) on a ${label} over 10,000 docs`,
        mode: 'in-memory',
        result: ms(performance.now() - t0),
        target: '< 200 ms',
      });
    }
    await client.close();
  });
}

async function benchAllSortLimit(): Promise<void> {
  await withServer(undefined, async (uri) => {
    const client = await MongoClient.connect(uri);
    const coll = client.db('bench').collection('grams');
    await coll.createIndex({ grams: 1 });
    await coll.createIndex({ kind: 1, _id: -1 });
    const vocab = Array.from({ length: 200 }, (_, i) => `g${i}`);
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let b = 0; b < 100; b++) {
      await coll.insertMany(
        Array.from({ length: 1000 }, (_, i) => ({
          n: b * 1000 + i,
          kind: ['a', 'b', 'c'][i % 3],
          grams: Array.from({ length: 20 }, () => vocab[Math.floor(rand() * vocab.length)]),
        })),
      );
    }
    const cases: Array<[string, object]> = [
      ['$all [a, b] (common)', { grams: { $all: ['g1', 'g2'] } }],
      ['$all [a, b, c] + $nor', { grams: { $all: ['g3', 'g4', 'g5'] }, $nor: [{ grams: 'g6' }] }],
      ['equality prefix of {kind, _id}', { kind: 'b' }],
      ['unindexed range matching from halfway (walks 50,000)', { n: { $gte: 50_000 } }],
    ];
    for (const [label, filter] of cases) {
      const t = await timeIt(() => coll.find(filter).sort({ _id: 1 }).limit(20).toArray(), 20);
      rows.push({
        benchmark: `find ${label} sort _id limit 20 over 100,000 docs`,
        mode: 'in-memory',
        result: `p50 ${ms(t)}`,
        target: label.startsWith('unindexed') ? '-' : '< 20 ms',
      });
    }
    await client.close();
  });
}

/**
 * The first page of a board column (#14): an equality or `$in` on the leading fields of a compound
 * index sorted by the fields after them, walked in index order (the equality-prefix sort) and
 * stopped at the limit, over 20,000 documents; with a multikey prefix (a year), a cursor page, and
 * the same reads on a copy with single-field indexes only (collect and sort) for comparison.
 */
async function benchPrefixSort(): Promise<void> {
  await withServer(undefined, async (uri) => {
    const client = await MongoClient.connect(uri);
    const n = Number(process.env.BENCH_PREFIX_DOCS ?? 20_000);
    const day = 24 * 3600_000;
    const docs = Array.from({ length: n }, (_, i) => ({
      column: `${['active', 'on_hold', 'lost'][i % 7 === 0 ? 2 : i % 5 === 0 ? 1 : 0]}:${['lead', 'intent', 'signed'][i % 3]}`,
      at: new Date(Date.UTC(2024, 0, 1) + ((i * 7919) % n) * (day / 20)),
      years: i % 2 ? [2024, 2025] : [2025],
      owner: `o${i % 30}`,
    }));
    const colls = {
      compound: client.db('bench').collection('board'),
      single: client.db('bench').collection('board_single'),
    };
    await colls.compound.createIndex({ column: 1, at: 1, _id: 1 });
    await colls.compound.createIndex({ years: 1, column: 1, at: 1, _id: 1 });
    await colls.single.createIndex({ column: 1 });
    await colls.single.createIndex({ years: 1 });
    await colls.single.createIndex({ at: 1, _id: 1 });
    for (const coll of Object.values(colls)) {
      for (let i = 0; i < n; i += 5000) await coll.insertMany(docs.slice(i, i + 5000).map((d) => ({ ...d })));
    }
    const columnIn = { column: { $in: ['active:lead', 'on_hold:lead'] } };
    const pageAfter = new Date(Date.UTC(2024, 0, 1) + (n / 3) * (day / 20));
    const cases: Array<[string, object]> = [
      ['$in on the column', { $and: [{}, columnIn] }],
      ['a year (multikey) and the column', { $and: [{ years: 2025 }, columnIn] }],
      [
        'the column, a cursor page',
        {
          $and: [
            columnIn,
            { at: { $gte: pageAfter } },
            { $or: [{ at: { $gt: pageAfter } }, { at: pageAfter, _id: { $gt: new ObjectId() } }] },
          ],
        },
      ],
    ];
    for (const [label, filter] of cases) {
      for (const [kind, coll] of Object.entries(colls)) {
        const run = () => coll.find(filter).sort({ at: 1, _id: 1 }).limit(21).toArray();
        for (let i = 0; i < 20; i++) await run();
        const cpu0 = process.cpuUsage();
        const repeat = 100;
        const t = await timeIt(run, repeat);
        const cpu = process.cpuUsage(cpu0);
        rows.push({
          benchmark: `first 21 by (at, _id): ${label}, ${n.toLocaleString('en')} docs, ${kind === 'compound' ? 'compound index (prefix walk)' : 'single-field indexes'}`,
          mode: 'in-memory',
          result: `p50 ${ms(t)} · CPU ${ms((cpu.user + cpu.system) / 1000 / repeat)}/read`,
          target: kind === 'compound' ? 'p50 < 5 ms' : '-',
        });
      }
    }
    await client.close();
  });
}

/** Range, $or and sort on indexed fields: answered from the ordered index, not a scan (#17). */
async function benchRangeAndOr(): Promise<void> {
  await withServer(undefined, async (uri) => {
    const client = await MongoClient.connect(uri);
    const coll = client.db('bench').collection('ranges');
    await coll.createIndex({ n: 1 });
    await coll.createIndex({ email: 1 }, { unique: true });
    await coll.createIndex({ score: -1 });
    for (let b = 0; b < 100; b++) {
      await coll.insertMany(
        Array.from({ length: 1000 }, (_, i) => {
          const n = b * 1000 + i;
          return { n, email: `u${n}@x.io`, score: (n * 7919) % 100_003, pad: 'p'.repeat(50) };
        }),
      );
    }
    const cases: Array<[string, () => Promise<unknown[]>, number]> = [
      ['range $gte/$lt, 100 hits', () => coll.find({ n: { $gte: 50_000, $lt: 50_100 } }).toArray(), 100],
      ['open range $gt, 9 hits', () => coll.find({ n: { $gt: 99_990 } }).toArray(), 9],
      [
        '$or of a range and an equality, 51 hits',
        () => coll.find({ $or: [{ n: { $lt: 50 } }, { email: 'u77777@x.io' }] }).toArray(),
        51,
      ],
      ['sort on an indexed field, limit 20', () => coll.find({}).sort({ score: -1 }).limit(20).toArray(), 20],
      [
        'range + sort on the same index, limit 20',
        () =>
          coll
            .find({ n: { $gte: 10_000 } })
            .sort({ n: 1 })
            .limit(20)
            .toArray(),
        20,
      ],
    ];
    for (const [label, run, expected] of cases) {
      // Warm-up: the first runs pay for JIT and for the garbage the 100,000 inserts left behind.
      for (let i = 0; i < 100; i++) await run();
      const t = await timeIt(async () => {
        const found = await run();
        if (found.length !== expected) throw new Error(`${label}: ${found.length}`);
      }, 300);
      rows.push({
        benchmark: `find ${label} over 100,000 indexed docs`,
        mode: 'in-memory',
        result: `p50 ${ms(t)}`,
        target: 'p50 < 2 ms',
      });
    }
    await client.close();
  });
}

function printTable(): void {
  const headers: Array<keyof Row> = ['benchmark', 'mode', 'result', 'target'];
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => r[h].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(headers));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(headers.map((h) => r[h])));
}

async function main(): Promise<void> {
  if (process.env.BENCH_ONLY === 'scale') {
    rows.push(...(await benchScale()));
    printTable();
    return;
  }
  if (process.env.BENCH_ONLY === 'memory') {
    rows.push(...benchMemory());
    printTable();
    return;
  }
  if (process.env.BENCH_ONLY === 'range') {
    await benchRangeAndOr();
    printTable();
    return;
  }
  if (process.env.BENCH_ONLY === 'prefix') {
    await benchPrefixSort();
    printTable();
    return;
  }
  if (process.env.BENCH_ONLY === 'planner') {
    await benchInQueries();
    await benchUpserts();
    await benchAllSortLimit();
    await benchPrefixSort();
    printTable();
    return;
  }
  await benchInsertMany(false);
  await benchInsertMany(true);
  await benchFindOne();
  await benchConcurrentUpdates(false);
  await benchConcurrentUpdates(true);
  await benchRecovery();
  await benchInQueries();
  await benchUpserts();
  await benchAllSortLimit();
  await benchPrefixSort();
  await benchRangeAndOr();
  // Directory scale (#19): 400,000 documents by default; BENCH_SCALE_ORGS/PEOPLE for a quick run.
  rows.push(...(await benchScale()));
  rows.push(...benchMemory());
  printTable();
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
