/**
 * The statistics drill-down (#15), newest first: GET /stats/:year/records for a year with
 * BENCH_RECORDS interactions (default 200,000) bulk-inserted and counted by one catch-up pass,
 * then p50/p95 and CPU time per request over BENCH_REQUESTS each for the first page and the page
 * a cursor five pages in opens, of the year, of one month and of one organization (a breakdown
 * cell). Also the catch-up pass's time, which now writes the drill-down's date index beside the
 * ledger. Printed, never asserted; the load average is printed beside, since the machine is shared.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { InteractionModel, timeKeysFor } from '../src/features/interactions/interaction.model';
import { OrganizationModel } from '../src/features/organizations/organization.model';
import { ensureStatIndexes, syncStats } from '../src/features/stats/stat-sync';
import { startBenchServer } from './bench-server';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 30);
const YEAR = 2026;
const CHUNK = 5000;

async function get(base: string, path: string, token: string) {
  const response = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<{ nextCursor: string | null; total: number; items: unknown[] }>;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function timed(base: string, path: string, token: string) {
  const walls: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await get(base, path, token);
    walls.push(performance.now() - started);
  }
  const used = process.cpuUsage(cpu);
  walls.sort((a, b) => a - b);
  return {
    p50: percentile(walls, 0.5),
    p95: percentile(walls, 0.95),
    // The API and the embedded database share this process: its CPU is the whole request's.
    cpuMs: (used.user + used.system) / 1000 / REQUESTS,
  };
}

async function main() {
  const server = await startBenchServer();
  const { base } = server;
  const signIn = await fetch(`${base}/api/v1/auth/dev`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: '压测白衬衫', role: 'coordinator' }),
  });
  const { token } = (await signIn.json()) as { token: string };

  const orgs = Array.from({ length: 200 }, (_, i) => ({
    _id: new Types.ObjectId(),
    name: `压测单位${i}`,
    nameKey: `bench-records-${i}-${randomUUID()}`,
    kind: 'enterprise',
  }));
  await OrganizationModel.collection.insertMany(orgs);
  const start = Date.UTC(YEAR, 0, 1) - 8 * 3600_000;
  const span = 365 * 24 * 3600_000;
  const loadedAt = new Date();
  for (let done = 0; done < RECORDS; done += CHUNK) {
    const docs = Array.from({ length: Math.min(CHUNK, RECORDS - done) }, (_, j) => {
      const i = done + j;
      // Dates out of insertion order, so an _id order and a date order differ.
      const at = new Date(start + ((i * 7919) % RECORDS) * Math.floor(span / RECORDS));
      const orgIds = [orgs[i % orgs.length]._id];
      return {
        type: 'visit',
        at,
        orgIds,
        personIds: [],
        timeKeys: timeKeysFor({ at, orgIds }),
        visibility: 'staff',
        clientId: `bench-records-${i}-${randomUUID()}`,
        unlisted: [],
        createdAt: at,
        updatedAt: loadedAt,
      };
    });
    await InteractionModel.collection.insertMany(docs);
  }
  await ensureStatIndexes();
  const passStarted = performance.now();
  await syncStats();
  console.log(
    `stat-records: ${RECORDS} interactions; catch-up pass (ledger, counters and date index) ${Math.round(performance.now() - passStarted)} ms; load ${loadavg()[0].toFixed(1)}`,
  );

  const lists: Array<[string, string]> = [
    ['year', `kpi=interactions_logged`],
    ['July', `kpi=interactions_logged&month=7`],
    ['one organization', `kpi=interactions_logged&by=organization&key=${orgs[0]._id.toHexString()}`],
  ];
  for (const [label, query] of lists) {
    const path = `/api/v1/stats/${YEAR}/records?${query}&limit=20`;
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page = await get(base, `${path}${cursor ? `&cursor=${cursor}` : ''}`, token);
      cursor = page.nextCursor;
    }
    const first = await timed(base, path, token);
    const later = cursor ? await timed(base, `${path}&cursor=${cursor}`, token) : null;
    const total = (await get(base, path, token)).total;
    console.log(
      `  ${label.padEnd(17)} ${String(total).padStart(7)} records · first page p50 ${first.p50.toFixed(0)} ms p95 ${first.p95.toFixed(0)} ms CPU ${first.cpuMs.toFixed(1)} ms` +
        (later
          ? ` · 6th page p50 ${later.p50.toFixed(0)} ms p95 ${later.p95.toFixed(0)} ms CPU ${later.cpuMs.toFixed(1)} ms`
          : '') +
        ` (load ${loadavg()[0].toFixed(1)})`,
    );
  }
  await server.close();
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
