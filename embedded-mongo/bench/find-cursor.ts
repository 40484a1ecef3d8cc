/*
 * A find over every person at directory scale (#19), and a count and a distinct over them: how long
 * the server's thread is held and how much memory it takes, right after a restart (documents still
 * stored as bytes) and once decoded.
 * The server runs on this process's main thread and nothing else does; the client reading the
 * cursor to its end is a child process, so the event loop's longest delay is the server's longest
 * step (a GC included) and the RSS peak is the server's. Nothing is asserted.
 *
 *   npx tsx bench/find-cursor.ts            (in embedded-mongo; run under flock at full size)
 *   BENCH_FIND_PEOPLE=30000 npx tsx bench/find-cursor.ts
 *   BENCH_FIND_DIR=<dir> keeps the seeded directory there and reuses it on the next run
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import { MongoClient, ObjectId } from 'mongodb';
import { start } from '../src';
import { person } from './scale';

const PEOPLE = Number(process.env.BENCH_FIND_PEOPLE ?? 300_000);
const SEEDED = 'find-bench-seeded';

interface Case {
  name: string;
  filter: Record<string, unknown>;
  sort?: Record<string, number>;
  projection?: Record<string, number>;
  /** A countDocuments, or a distinct of this field, instead of a find. */
  op?: 'count' | { distinct: string };
}

const EXPERTS: Case = {
  name: "find({'expertise.0': {$exists: true}}) projected to name, expertise, orgId",
  filter: { 'expertise.0': { $exists: true } },
  projection: { name: 1, expertise: 1, orgId: 1 },
};

const CASES: Array<Case & { when: string }> = [
  { ...EXPERTS, when: 'just after a restart' },
  { ...EXPERTS, when: 'decoded' },
  { name: 'find({}) whole documents', filter: {}, when: 'decoded' },
  {
    name: 'find({}).sort({ name: 1 }) projected to name (no index: sorted in memory)',
    filter: {},
    sort: { name: 1 },
    projection: { name: 1 },
    when: 'decoded',
  },
  { ...EXPERTS, name: "countDocuments({'expertise.0': {$exists: true}})", op: 'count', when: 'decoded' },
  {
    ...EXPERTS,
    name: "distinct('title', {'expertise.0': {$exists: true}})",
    op: { distinct: 'title' },
    when: 'decoded',
  },
];

// The client: reads the cursor to its end, keeping nothing, and prints what it read.
const CLIENT = `
const { MongoClient } = require(process.env.MONGODB_PATH);
(async () => {
  const c = JSON.parse(process.env.FIND_CASE);
  const client = await MongoClient.connect(process.env.FIND_URI);
  const t0 = performance.now();
  let n = 0;
  const people = client.db('bench').collection('people');
  if (c.op === 'count') n = await people.countDocuments(c.filter);
  else if (c.op) n = (await people.distinct(c.op.distinct, c.filter)).length;
  else for await (const doc of people.find(c.filter, { projection: c.projection, sort: c.sort })) if (doc) n++;
  console.log(JSON.stringify({ n, ms: performance.now() - t0 }));
  await client.close();
})();
`;

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

function rssPeakReset(): void {
  // Resets VmHWM to the current RSS (Linux).
  writeFileSync('/proc/self/clear_refs', '5');
}

function rssNow(): { rss: number; peak: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (f: string): number => Number(new RegExp(`${f}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function seed(dir: string): Promise<void> {
  const server = await start({ dbPath: dir });
  const client = await MongoClient.connect(server.uri);
  const people = client.db('bench').collection('people');
  const orgIds = Array.from({ length: PEOPLE / 3 }, () => new ObjectId());
  for (let j = 0; j < PEOPLE; j += 1000) {
    const docs = Array.from({ length: Math.min(1000, PEOPLE - j) }, (_, i) => {
      const doc = person(j + i, orgIds);
      // A third without expertise, as people without any are in the directory.
      if ((j + i) % 3 === 0) doc.expertise = [];
      return doc;
    });
    await people.insertMany(docs);
  }
  await client.close();
  await server.stop();
  writeFileSync(join(dir, SEEDED), String(PEOPLE));
}

/** Runs one case from a child process while this thread serves it; prints its figures. */
async function measure(uri: string, c: Case & { when: string }): Promise<void> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let heapPeak = 0;
  const heapBefore = getHeapStatistics().used_heap_size;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
  }, 5);
  rssPeakReset();
  const rssBefore = rssNow().rss;
  delay.enable();
  const child = new Promise<string>((resolve, reject) => {
    // Asynchronously: this thread serves the client.
    execFile(
      process.execPath,
      ['-e', CLIENT],
      {
        env: {
          ...process.env,
          MONGODB_PATH: require.resolve('mongodb'),
          FIND_URI: uri,
          FIND_CASE: JSON.stringify(c),
        },
        maxBuffer: 1 << 20,
      },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    );
  });
  const out = JSON.parse(await child) as { n: number; ms: number };
  delay.disable();
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, getHeapStatistics().used_heap_size);
  const { rss, peak } = rssNow();
  console.log(
    [
      `${c.name}, ${c.when}: ${out.n.toLocaleString('en-US')} ${c.op === 'count' ? 'counted' : c.op ? 'values' : 'documents'} in ${out.ms.toFixed(0)} ms`,
      `  longest step of the server's thread ${(delay.max / 1e6).toFixed(0)} ms (goal < 50 ms), p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms`,
      `  server heap peak +${mib(heapPeak - heapBefore)} over ${mib(heapBefore)}; RSS ${mib(rssBefore)} -> peak ${mib(peak)}, after ${mib(rss)}`,
      `  load ${load()}`,
    ].join('\n'),
  );
}

async function main(): Promise<void> {
  const keep = process.env.BENCH_FIND_DIR;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'embedded-mongo-find-'));
  if (keep && !existsSync(keep)) mkdirSync(keep, { recursive: true });
  try {
    if (!existsSync(join(dir, SEEDED))) {
      const t0 = performance.now();
      await seed(dir);
      console.log(
        `seeded ${PEOPLE.toLocaleString('en-US')} people in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      );
    }
    const people = Number(readFileSync(join(dir, SEEDED), 'utf8'));
    console.log(`${people.toLocaleString('en-US')} people; git ${gitHead()}; load ${load()}`);
    const t0 = performance.now();
    const server = await start({ dbPath: dir });
    console.log(`restarted in ${(performance.now() - t0).toFixed(0)} ms, RSS ${mib(rssNow().rss)}`);
    try {
      for (const c of CASES) await measure(server.uri, c);
    } finally {
      await server.stop();
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

function gitHead(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
