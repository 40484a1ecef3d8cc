/**
 * Directory search at province scale: p50/p95 of ranked Chinese search over 100,000
 * organizations and 300,000 people, on the embedded server (or MONGODB_URI). Printed, never
 * asserted. Sizes can be lowered for a quick run: BENCH_ORGS=10000 BENCH_PEOPLE=30000.
 */
import { performance } from 'node:perf_hooks';
import { connectDatabase } from '../src/database';
import { silentLogger } from '../src/logger';
import { OrganizationModel } from '../src/features/organizations/organization.model';
import { PersonModel } from '../src/features/people/person.model';
import { listOrganizations } from '../src/features/organizations/organization.service';
import { listPeople } from '../src/features/people/person.service';
import { seedDirectory } from './directory-seed';

const ORGS = Number(process.env.BENCH_ORGS ?? 100_000);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 300_000);
const QUERIES_PER_CASE = Number(process.env.BENCH_QUERIES ?? 50);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label: string, run: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < QUERIES_PER_CASE; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { case: label, p50_ms: percentile(times, 50).toFixed(1), p95_ms: percentile(times, 95).toFixed(1) };
}

async function main() {
  const database = await connectDatabase({
    mongodbUri: process.env.MONGODB_URI,
    persist: false,
    logger: silentLogger(),
  });
  await OrganizationModel.deleteMany({});
  await PersonModel.deleteMany({});
  console.log(`seeding ${ORGS.toLocaleString()} organizations and ${PEOPLE.toLocaleString()} people…`);
  const seedSeconds = await seedDirectory(ORGS, PEOPLE);
  console.log(`seeded in ${seedSeconds.toFixed(1)} s`);
  const rows = [
    await measure('orgs: 芳纶 (rare text word)', () => listOrganizations({ q: '芳纶', limit: 20 })),
    await measure('orgs: 铝合金 焊接 (two words)', () => listOrganizations({ q: '铝合金 焊接', limit: 20 })),
    await measure('orgs: 华科 (name)', () => listOrganizations({ q: '华科', limit: 20 })),
    await measure('orgs: kind filter, no query', () => listOrganizations({ kind: 'university', limit: 20 })),
    await measure('people: 王立群 (name)', () => listPeople({ q: '王立群', limit: 20 })),
    await measure('people: 高温合金 (expertise)', () => listPeople({ q: '高温合金', limit: 20 })),
  ];
  console.table(rows);
  await database.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
