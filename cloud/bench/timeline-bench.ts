/**
 * Interactions at province scale, through the HTTP API on the embedded database (or MONGODB_URI):
 * 1. the first page of one organization's timeline holding 10,000 entries (interactions, card
 *    exchanges, registrations and check-ins), p50/p95 over BENCH_PAGES requests (goal p95 < 50 ms);
 * 2. a phone's offline outbox of 1,000 interaction writes synced in order the way the app does
 *    (POST /interactions/batch, 50 a request), with every tenth request sent twice (its answer
 *    lost, so the phone retries it), then counted: goal < 10 s and 0 duplicates.
 * Printed, never asserted.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { EventModel } from '../src/features/events/event.model';
import { InteractionModel, timeKeysFor } from '../src/features/interactions/interaction.model';
import { OrganizationModel } from '../src/features/organizations/organization.model';
import { PersonModel } from '../src/features/people/person.model';
import { RegistrationModel } from '../src/features/events/registration.model';
import { ensureTimelineIndexes } from '../src/features/timeline/timeline.indexes';
import { startBenchServer } from './bench-server';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 10_000);
const PAGES = Number(process.env.BENCH_PAGES ?? 200);
const OUTBOX = Number(process.env.BENCH_OUTBOX ?? 1000);
const BATCH = 50;

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

async function seed(staffId: Types.ObjectId) {
  const org = await OrganizationModel.create({
    name: '压测铝业集团',
    nameKey: randomUUID(),
    kind: 'enterprise',
  });
  const people = Array.from({ length: 200 }, (_, i) => ({
    _id: new Types.ObjectId(),
    name: `员工${i}`,
    orgId: org._id,
  }));
  await PersonModel.insertMany(people, { lean: true });
  const start = Date.now() - 3 * 365 * 24 * 3600_000;
  const span = Date.now() - start;
  const interactions = Math.round(ENTRIES * 0.8);
  const docs = Array.from({ length: interactions }, (_, i) => {
    const at = new Date(start + Math.floor((span * i) / interactions));
    const person = people[i % people.length];
    const exchange = i % 10 === 0;
    // insertMany with lean skips the model's hooks: the month keys are set here as create() would.
    return {
      timeKeys: timeKeysFor({ at, orgIds: [org._id], personIds: [person._id] }),
      type: exchange ? 'card_exchange' : (['meeting', 'visit', 'call', 'wechat'] as const)[i % 4],
      at,
      personIds: [person._id],
      orgIds: [org._id],
      notes: exchange ? undefined : `第 ${i} 次跟进：讨论中试线与样品检测`,
      visibility: i % 3 === 0 ? 'orgs' : 'staff',
      createdBy: staffId,
      clientId: `bench-${i}-${randomUUID()}`,
      unlisted: [],
      createdAt: at,
      updatedAt: at,
    };
  });
  for (let i = 0; i < docs.length; i += 2000)
    await InteractionModel.insertMany(docs.slice(i, i + 2000), { lean: true });
  // The rest: registrations, half of them checked in (two timeline entries each).
  const events = await EventModel.insertMany(
    Array.from({ length: 20 }, (_, i) => ({
      title: `对接会 ${i}`,
      kind: 'closed_door',
      startsAt: new Date(start + (span * i) / 20),
      endsAt: new Date(start + (span * i) / 20 + 3 * 3600_000),
      eventCode: randomUUID(),
    })),
  );
  const registrations = Math.round((ENTRIES - interactions) / 1.5);
  const regs = Array.from({ length: registrations }, (_, i) => {
    const event = events[i % events.length];
    const createdAt = new Date(event.startsAt.getTime() - 24 * 3600_000);
    return {
      eventId: event._id,
      personId: people[Math.floor(i / events.length) % people.length]._id,
      orgId: org._id,
      status: 'registered',
      entryCode: `bench-${i}-${randomUUID().slice(0, 8)}`,
      createdAt,
      updatedAt: createdAt,
      ...(i % 2 === 0 ? { checkIn: { at: event.startsAt, method: 'scan' } } : {}),
    };
  });
  // One registration per (event, person): spread people across events.
  const unique = new Map(regs.map((r) => [`${r.eventId}:${r.personId}`, r]));
  await RegistrationModel.insertMany([...unique.values()], { lean: true });
  const total = interactions + unique.size + [...unique.values()].filter((r) => 'checkIn' in r).length;
  return { org, people, total };
}

async function main() {
  const { base, database, close } = await startBenchServer();
  const staff = (await call(base, 'POST', '/api/v1/auth/dev', '', {
    name: '白衬衫·压测',
    role: 'coordinator',
  })) as {
    token: string;
    user: { id: string };
  };
  await InteractionModel.init();
  await ensureTimelineIndexes();

  const seeded = performance.now();
  const { org, people, total } = await seed(new Types.ObjectId(staff.user.id));
  const seedSeconds = ((performance.now() - seeded) / 1000).toFixed(1);

  // 1. First page of the organization's timeline.
  const url = `/api/v1/organizations/${org.id}/timeline?limit=20`;
  for (let i = 0; i < 5; i++) await call(base, 'GET', url, staff.token); // warm-up
  const latencies: number[] = [];
  for (let i = 0; i < PAGES; i++) {
    const t0 = performance.now();
    await call(base, 'GET', url, staff.token);
    latencies.push(performance.now() - t0);
  }
  latencies.sort((a, b) => a - b);

  // 2. The offline outbox: in order, 50 a request (the app's batch), every tenth request retried.
  const outbox = Array.from({ length: OUTBOX }, (_, i) => ({
    clientId: randomUUID(),
    type: 'visit',
    participants: { personIds: [people[i % people.length]._id.toHexString()] },
    note: `离线记录 ${i}`,
  }));
  const synced = performance.now();
  let retried = 0;
  for (let i = 0; i < outbox.length; i += BATCH) {
    const items = outbox.slice(i, i + BATCH);
    await call(base, 'POST', '/api/v1/interactions/batch', staff.token, { items });
    if ((i / BATCH) % 10 === 0) {
      await call(base, 'POST', '/api/v1/interactions/batch', staff.token, { items });
      retried += items.length;
    }
  }
  const syncSeconds = (performance.now() - synced) / 1000;
  const stored = await InteractionModel.countDocuments({ clientId: { $in: outbox.map((w) => w.clientId) } });

  console.log(`\ntimeline bench (${database.kind} database; seeded in ${seedSeconds} s)`);
  console.table([
    {
      measure: `first timeline page, org with ${total} entries`,
      result: `p50 ${percentile(latencies, 0.5).toFixed(1)} ms · p95 ${percentile(latencies, 0.95).toFixed(1)} ms (${PAGES} requests)`,
      goal: 'p95 < 50 ms',
    },
    {
      measure: `${OUTBOX} queued interaction writes synced, ${BATCH} a request (+${retried} retried)`,
      result: `${syncSeconds.toFixed(2)} s · ${stored} stored · ${stored - OUTBOX} duplicates`,
      goal: '< 10 s, 0 duplicates',
    },
  ]);

  await close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
