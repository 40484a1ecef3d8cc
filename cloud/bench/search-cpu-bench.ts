/**
 * Directory search CPU (#19): each query of bench:scale alone, through the service with the
 * embedded database on this same thread (no HTTP, no authentication, no second thread), so the
 * CPU time per search is the search's own: the ranked read, the round trip and the page. Also a
 * query nothing matches (the floor) and each query's second page. Printed, never asserted.
 * BENCH_ORGS (default 20,000), BENCH_SEARCHES per query (default 200); BENCH_PROFILE=file.cpuprofile
 * writes a CPU profile of the measured searches (BENCH_QUERY=芳纶 to profile one).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import type { OrgListQuery } from '@alliance-hub/types';
import { connectDatabase } from '../src/database';
import { silentLogger } from '../src/logger';
import { listOrganizations } from '../src/features/organizations/organization.service';
import { seedDirectory } from './directory-seed';

const ORGS = Number(process.env.BENCH_ORGS ?? 20_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 200);
const PROFILE = process.env.BENCH_PROFILE;
const ONLY = process.env.BENCH_QUERY;
const QUERIES = ['芳纶', '铝合金 焊接', '华科', '哈尔滨 新材料', '石墨烯', '无此单位名'];

const search = (q: string, cursor?: string) =>
  listOrganizations({ q, limit: 20, ...(cursor ? { cursor } : {}) } as OrgListQuery);

/** CPU ms per call of `run`, over SEARCHES calls after one warm call. */
async function cpuPer(run: () => Promise<unknown>): Promise<number> {
  await run();
  const before = process.cpuUsage();
  for (let i = 0; i < SEARCHES; i++) await run();
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / 1000 / SEARCHES;
}

async function main() {
  const database = await connectDatabase({ persist: false, logger: silentLogger(), embeddedThread: 'main' });
  console.log(`seeding ${ORGS.toLocaleString()} organizations…`);
  await seedDirectory(ORGS, 0);
  // Every query once first: the first sorted read builds the name index's order, and code warms up.
  for (const q of QUERIES) await search(q);
  const session = new Session();
  if (PROFILE) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const rows = [];
  for (const q of QUERIES) {
    if (ONLY && q !== ONLY) continue;
    const first = await search(q);
    const page1 = await cpuPer(() => search(q));
    const cursor = first.nextCursor ?? undefined;
    const page2 = cursor ? await cpuPer(() => search(q, cursor)) : null;
    rows.push({
      query: q,
      'on page 1': first.items.length,
      'page 1 CPU': `${page1.toFixed(2)} ms`,
      'page 2 CPU': page2 === null ? '-' : `${page2.toFixed(2)} ms`,
    });
  }
  if (PROFILE) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(PROFILE, JSON.stringify(profile));
  }
  console.log(`directory search at ${ORGS.toLocaleString()} organizations, in process, ${SEARCHES} each`);
  console.table(rows);
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')} (CPU time moves little with it)`,
  );
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
