/**
 * The statistics dashboard at province scale (#15), through the HTTP API on the embedded database
 * (or MONGODB_URI): a year with BENCH_INTERACTIONS interactions (default 1,000,000) and
 * BENCH_INTENTS intents (default 100,000) bulk-inserted, then
 * 1. the first dashboard request on that backlog (it answers at once, flagged catchingUp, and
 *    starts a pass), then the initial catch-up: the pass that builds the counters from nothing;
 * 2. GET /stats/:year, /funnel and /breakdown?by= each grouping, p50/p95 and CPU time per request
 *    over BENCH_REQUESTS each (goal: p95 < 500 ms), with nothing new to count;
 * 3. the dashboard right after new interactions are logged through the API (the request applies
 *    them before answering: read-your-writes), a breakdown right after a write (read afresh, not
 *    served again), and the dashboard with writes landing while it is read;
 * 4. with BENCH_VERIFY=1, a full recount compared with the stored counters.
 * Printed, never asserted. The whole database lives in the embedded server's heap: `npm run
 * bench:stats` gives the process 12 GiB (--max-old-space-size, which its database thread inherits),
 * as a deployment holding a province's data in the embedded server would have to. Under V8's
 * default (~4 GiB here) the load passed 60 % of the heap at ~700,000 interactions and then slowed
 * from ~40 s to 4 min per 100,000 (full collections back to back), until a pause outlasts the
 * driver's server monitor ("interrupted due to server monitor timeout").
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { INTENT_STAGES, CONTRACT_TYPES } from '@alliance-hub/types';
import { InteractionModel, timeKeysFor } from '../src/features/interactions/interaction.model';
import { IntentModel } from '../src/features/intents/intent.model';
import { OrganizationModel } from '../src/features/organizations/organization.model';
import { ensureStatIndexes, recountAll, storedCounters, syncStats } from '../src/features/stats/stat-sync';
import { startBenchServer } from './bench-server';

const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 1_000_000);
const INTENTS = Number(process.env.BENCH_INTENTS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 50);
const YEAR = 2026;
const CHUNK = 5000;

async function call(base: string, method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

// The process's RSS holds the embedded database's thread too: a full-size load shows its growth.
const seedProgress = (what: string) =>
  console.log(
    `[${new Date().toISOString()}] seeding: ${what}, RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`,
  );

/**
 * One insert in flight while the next chunk is built and encoded: the database thread inserts
 * while this one prepares, instead of each waiting for the other.
 */
let inFlight: Promise<unknown> = Promise.resolve();
async function pipelined(insert: Promise<unknown>): Promise<void> {
  const previous = inFlight;
  inFlight = insert;
  // Awaited here, so a failed insert fails the seed; the last one is awaited by flushSeed().
  insert.catch(() => undefined);
  await previous;
}
const flushSeed = () => inFlight;

async function seed(staffIds: Types.ObjectId[]) {
  // Records are written now, whatever date they are about: updatedAt is the load time.
  const loadedAt = new Date();
  const orgs = Array.from({ length: 500 }, (_, i) => ({
    _id: new Types.ObjectId(),
    name: `压测单位${i}`,
    nameKey: `bench-${i}-${randomUUID()}`,
    kind: (['enterprise', 'university', 'institute'] as const)[i % 3],
    region: { province: '黑龙江省', city: ['哈尔滨市', '大庆市', '齐齐哈尔市'][i % 3] },
    fields: [['metal', 'aluminium', 'titanium'][i % 3]],
  }));
  await OrganizationModel.collection.insertMany(orgs);
  // Two years, so "this year against last year" has something to read.
  const start = Date.UTC(YEAR - 1, 0, 1) - 8 * 3600_000;
  const span = Date.UTC(YEAR + 1, 0, 1) - 8 * 3600_000 - start;
  for (let done = 0; done < INTERACTIONS; done += CHUNK) {
    const docs = Array.from({ length: Math.min(CHUNK, INTERACTIONS - done) }, (_, j) => {
      const i = done + j;
      const at = new Date(start + Math.floor((span * i) / INTERACTIONS));
      const orgIds = [orgs[i % orgs.length]._id, orgs[(i * 7 + 3) % orgs.length]._id];
      return {
        type: (['meeting', 'visit', 'call', 'wechat'] as const)[i % 4],
        at,
        orgIds,
        personIds: [],
        timeKeys: timeKeysFor({ at, orgIds }),
        visibility: 'staff',
        createdBy: staffIds[i % staffIds.length],
        clientId: `bench-${i}-${randomUUID()}`,
        unlisted: [],
        createdAt: at,
        updatedAt: loadedAt,
      };
    });
    await pipelined(InteractionModel.collection.insertMany(docs));
    if ((done + CHUNK) % 100_000 === 0) seedProgress(`${done + CHUNK} interactions`);
  }
  for (let done = 0; done < INTENTS; done += CHUNK) {
    const docs = Array.from({ length: Math.min(CHUNK, INTENTS - done) }, (_, j) => {
      const i = done + j;
      const created = start + Math.floor((span * i) / INTENTS);
      const reach = i % INTENT_STAGES.length;
      const history = INTENT_STAGES.slice(0, reach + 1).map((to, s) => {
        const at = new Date(created + s * 20 * 24 * 3600_000);
        return {
          _id: new Types.ObjectId(),
          from: s === 0 ? null : INTENT_STAGES[s - 1],
          to,
          at,
          recordedAt: at,
          backdated: false,
        };
      });
      const last = history[history.length - 1];
      const signed = reach >= 3 ? history[3].at : null;
      const parties = [orgs[i % orgs.length]._id, orgs[(i * 13 + 1) % orgs.length]._id];
      return {
        topic: `压测合作${i}`,
        fields: [['metal', 'aluminium', 'titanium'][i % 3]],
        parties: parties.map((organizationId, k) => ({
          organizationId,
          role: k ? 'supply' : 'demand',
          personIds: [],
        })),
        partyOrgIds: parties,
        ownerId: staffIds[i % staffIds.length],
        stage: last.to,
        status: i % 11 === 0 ? 'lost' : 'active',
        stageReached: last.to,
        stageEnteredAt: last.at,
        stageHistory: history,
        statusHistory: [],
        years: [...new Set(history.map((h) => h.at.getUTCFullYear()))],
        contract: signed
          ? {
              type: CONTRACT_TYPES[i % CONTRACT_TYPES.length],
              amount: 50 + (i % 400),
              techAmount: 40 + (i % 300),
              signedAt: signed,
            }
          : null,
        dealAmount: signed ? 50 + (i % 400) : 0,
        funding:
          i % 5 === 0
            ? [
                {
                  _id: new Types.ObjectId(),
                  programme: '省重点研发',
                  amount: 30,
                  status: 'approved',
                  at: last.at,
                },
              ]
            : [],
        links: { achievementIds: [], demandIds: [], eventIds: [], interactionIds: [], match: null },
        source: { kind: 'manual' },
        version: 1,
        clientId: `bench-intent-${i}-${randomUUID()}`,
        createdAt: history[0].at,
        updatedAt: loadedAt,
      };
    });
    await pipelined(IntentModel.collection.insertMany(docs));
  }
  await flushSeed();
}

type Timing = { p50: number; p95: number; cpuMs: number; count: number };
const show = (t: Timing) =>
  `p50 ${t.p50.toFixed(1)} ms · p95 ${t.p95.toFixed(1)} ms · CPU ${t.cpuMs.toFixed(1)} ms/request (${t.count} requests)`;

/**
 * Wall-clock percentiles, and the process's CPU time per request: the API and the embedded
 * database's thread are one process, so process.cpuUsage() counts both. On a machine others load,
 * wall-clock waits for a core; CPU time is what the request itself costs.
 */
async function timed(base: string, path: string, token: string, count: number): Promise<Timing> {
  const latencies: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await call(base, 'GET', path, token);
    latencies.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    cpuMs: (cpu.user + cpu.system) / 1000 / count,
    count,
  };
}

async function main() {
  const { base, database, close } = await startBenchServer();
  const staff = (await call(base, 'POST', '/api/v1/auth/dev', '', {
    name: '白衬衫·压测',
    role: 'secretariat',
  })) as {
    token: string;
    user: { id: string };
  };
  // The indexes a booted server has before the first statistics pass: the models' own, and the
  // sources' {updatedAt, _id} the stats job builds within seconds of a start.
  await Promise.all([InteractionModel.init(), IntentModel.init(), ensureStatIndexes()]);

  let t0 = performance.now();
  await seed([new Types.ObjectId(staff.user.id), new Types.ObjectId(), new Types.ObjectId()]);
  const seedSeconds = ((performance.now() - t0) / 1000).toFixed(1);
  // Each figure as soon as it is measured: a province-sized run takes long enough to be cut short.
  const progress = (line: string) =>
    console.log(`[${new Date().toISOString()}] ${line} (load average ${loadavg()[0].toFixed(2)})`);
  progress(`seeded ${INTERACTIONS} interactions and ${INTENTS} intents in ${seedSeconds} s`);
  if (process.env.BENCH_SEED_ONLY === '1') return close();

  t0 = performance.now();
  const first = await call(base, 'GET', `/api/v1/stats/${YEAR}`, staff.token);
  const firstMs = (performance.now() - t0).toFixed(1);
  // The request started a pass; this waits for it (and one more, for anything written meanwhile).
  t0 = performance.now();
  const buildCpu0 = process.cpuUsage();
  await syncStats();
  const buildCpu = process.cpuUsage(buildCpu0);
  const buildSeconds = ((performance.now() - t0) / 1000).toFixed(1);
  const perRecord = ((buildCpu.user + buildCpu.system) / 1000 / (INTERACTIONS + INTENTS)).toFixed(2);
  const build = `${buildSeconds} s (CPU ${perRecord} ms/record)`;
  progress(`first request ${firstMs} ms (catchingUp ${String(first.catchingUp)}); initial catch-up ${build}`);

  // What any signed-in request costs on this machine right now: the floor under the figures below.
  const floor = await timed(base, '/api/v1/me', staff.token, REQUESTS);
  progress(`GET /me (calibration) ${show(floor)}`);
  const dashboard = await timed(base, `/api/v1/stats/${YEAR}`, staff.token, REQUESTS);
  progress(`dashboard ${show(dashboard)} (goal p95 < 500 ms)`);
  const funnel = await timed(base, `/api/v1/stats/${YEAR}/funnel`, staff.token, REQUESTS);
  progress(`funnel ${show(funnel)}`);
  const breakdowns: Array<[string, Timing]> = [];
  for (const by of ['organization', 'field', 'region', 'orgKind', 'coordinator']) {
    const timing = await timed(base, `/api/v1/stats/${YEAR}/breakdown?by=${by}`, staff.token, REQUESTS);
    breakdowns.push([by, timing]);
    progress(`breakdown by ${by} ${show(timing)}`);
  }

  const orgId = (await OrganizationModel.findOne({}, { _id: 1 }).lean())!._id.toHexString();
  const logVisit = () =>
    call(base, 'POST', '/api/v1/interactions', staff.token, {
      clientId: randomUUID(),
      type: 'visit',
      participants: { orgIds: [orgId] },
    });
  const visits = async (view: Record<string, unknown>) =>
    (view.kpis as Array<{ key: string; sub: Array<{ key: string; value: number }> }>)
      .find((k) => k.key === 'interactions_logged')!
      .sub.find((s) => s.key === 'visit')?.value ?? 0;
  const afterWrites: number[] = [];
  let unseen = 0;
  let before = await visits(await call(base, 'GET', `/api/v1/stats/${YEAR}`, staff.token));
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 5; i++) await logVisit();
    const t1 = performance.now();
    const view = await call(base, 'GET', `/api/v1/stats/${YEAR}`, staff.token);
    afterWrites.push(performance.now() - t1);
    // Read-your-writes: the five visits just logged must be in the answer.
    const now = await visits(view);
    if (now - before !== 5) unseen++;
    before = now;
  }
  afterWrites.sort((a, b) => a - b);
  const afterWritesLine = `p50 ${percentile(afterWrites, 0.5).toFixed(1)} ms · p95 ${percentile(afterWrites, 0.95).toFixed(1)} ms · ${unseen} rounds missed a write`;
  progress(`after 5 writes: ${afterWritesLine}`);

  // A breakdown is served again while nothing is counted: after a write it is read afresh.
  const breakdownAfterWrite: number[] = [];
  for (let round = 0; round < 10; round++) {
    await logVisit();
    const t1 = performance.now();
    await call(base, 'GET', `/api/v1/stats/${YEAR}/breakdown?by=organization`, staff.token);
    breakdownAfterWrite.push(performance.now() - t1);
  }
  breakdownAfterWrite.sort((a, b) => a - b);
  const breakdownAfterWriteLine = `p50 ${percentile(breakdownAfterWrite, 0.5).toFixed(1)} ms · p95 ${percentile(breakdownAfterWrite, 0.95).toFixed(1)} ms (10 rounds)`;
  progress(`breakdown by organization right after a write: ${breakdownAfterWriteLine}`);

  // Reads while another client keeps writing (one interaction every 20 ms), no pass running.
  let writing = true;
  const writer = (async () => {
    while (writing) {
      await logVisit();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const underWrites = await timed(base, `/api/v1/stats/${YEAR}`, staff.token, REQUESTS);
  progress(`dashboard while writing ${show(underWrites)}`);
  writing = false;
  await writer;

  let verify = 'skipped (BENCH_VERIFY=1 to run)';
  if (process.env.BENCH_VERIFY === '1') {
    // What the background job does every few seconds: the writes after the last read counted too.
    await syncStats();
    const [recounted, stored] = await Promise.all([recountAll(), storedCounters()]);
    const differing = [...new Set([...recounted.keys(), ...stored.keys()])].filter(
      (k) => recounted.get(k) !== stored.get(k),
    );
    verify = `${stored.size} counters, ${differing.length} differ from a full recount`;
    for (const k of differing.slice(0, 5))
      console.log('differs:', k, 'recount', recounted.get(k), 'stored', stored.get(k));
  }

  console.log(
    `\nstats bench (${database.kind} database; ${INTERACTIONS} interactions and ${INTENTS} intents seeded in ${seedSeconds} s; load average now ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')})`,
  );
  console.table([
    {
      measure: 'first request on the un-counted backlog',
      result: `${firstMs} ms (catchingUp: ${String(first.catchingUp)})`,
      goal: 'answers at once, flagged',
    },
    { measure: 'initial catch-up: counters built from nothing', result: build, goal: 'once per database' },
    { measure: 'GET /me (a signed-in request, calibration)', result: show(floor), goal: '—' },
    { measure: `GET /stats/${YEAR} (dashboard)`, result: show(dashboard), goal: 'p95 < 500 ms' },
    { measure: `GET /stats/${YEAR}/funnel`, result: show(funnel), goal: 'p95 < 500 ms' },
    ...breakdowns.map(([by, timing]) => ({
      measure: `GET /stats/${YEAR}/breakdown?by=${by}`,
      result: show(timing),
      goal: 'p95 < 500 ms',
    })),
    {
      measure: 'GET /stats right after 5 new interactions (20 rounds)',
      result: afterWritesLine,
      goal: 'p95 < 500 ms, 0 missed',
    },
    {
      measure: `GET /stats/${YEAR}/breakdown?by=organization right after 1 new interaction`,
      result: breakdownAfterWriteLine,
      goal: 'p95 < 500 ms',
    },
    {
      measure: 'GET /stats while another client logs an interaction every 20 ms',
      result: show(underWrites),
      goal: 'p95 < 500 ms',
    },
    { measure: 'counters vs full recount', result: verify, goal: '0 differ' },
  ]);

  await close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
