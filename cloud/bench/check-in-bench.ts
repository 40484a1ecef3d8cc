/**
 * The door of a 3,000-person meeting: 3,000 check-ins through the HTTP API from 20 concurrent
 * door phones (throughput, p50/p99), then one phone that was offline syncing 500 queued scans
 * in a single batch. Real HTTP on loopback, embedded database. Printed, never asserted.
 * server_cpu_ms_each is the server process's CPU time per check-in: unlike wall time, it barely
 * moves when other work shares the machine.
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { EventModel } from '../src/features/events/event.model';
import { RegistrationModel } from '../src/features/events/registration.model';
import { PersonModel } from '../src/features/people/person.model';
import { personSearchFields } from '../src/features/directory/search-tokens';
import { startBenchServer } from './bench-server';

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 3000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 20);
const OFFLINE = Number(process.env.BENCH_OFFLINE ?? 500);

async function post(base: string, path: string, token: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

type PhoneJob = { base: string; path: string; token: string; codes: string[] };

/** The door phones: CLIENTS loops sharing one queue of entry codes; returns each scan's latency. */
async function scan(base: string, path: string, token: string, codes: string[]): Promise<number[]> {
  const queue = [...codes];
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let code = queue.pop(); code; code = queue.pop()) {
        const t0 = performance.now();
        await post(base, path, token, {
          clientId: randomUUID(),
          at: new Date().toISOString(),
          method: 'scan',
          entryCode: code,
        });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return latencies;
}

function scanFromChild(job: PhoneJob): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, [], {
      execArgv: process.execArgv,
      env: { ...process.env, BENCH_ROLE: 'phones' },
    });
    child.once('message', (latencies) => resolve(latencies as number[]));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`phones exited with ${code}`)));
    child.send(job);
  });
}

async function main() {
  const { base, close } = await startBenchServer();

  const staff = (await post(base, '/api/v1/auth/dev', '', { name: '白衬衫·门口', role: 'coordinator' })) as {
    token: string;
    user: { id: string };
  };
  const now = Date.now();
  const event = await EventModel.create({
    title: '年会压测',
    kind: 'annual_meeting',
    startsAt: new Date(now - 3600_000),
    endsAt: new Date(now + 3600_000),
    staff: [{ userId: new Types.ObjectId(staff.user.id), duty: 'checkin' }],
    eventCode: randomUUID(),
  });
  const total = ATTENDEES + OFFLINE;
  const people = Array.from({ length: total }, (_, i) => ({
    _id: new Types.ObjectId(),
    name: `参会者${i}`,
    ...personSearchFields({ name: `参会者${i}` }),
  }));
  await PersonModel.insertMany(people, { lean: true });
  const createdAt = new Date();
  const regs = people.map((p, i) => ({
    eventId: event._id,
    personId: p._id,
    status: 'registered',
    entryCode: `code-${i}-${randomUUID().slice(0, 8)}`,
    // insertMany with lean skips mongoose timestamps; real registrations always have them.
    createdAt,
    updatedAt: createdAt,
  }));
  await RegistrationModel.insertMany(regs, { lean: true });

  // 20 door phones, each scanning its share of the queue as fast as the server answers. They run
  // in a child process, as real phones are not inside the server: this process's CPU time is then
  // the server's (HTTP, rules, embedded database) alone. BENCH_PHONES=inline keeps them here.
  const codes = regs.slice(0, ATTENDEES).map((r) => r.entryCode);
  const path = `/api/v1/events/${event._id}/check-ins`;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const latencies =
    process.env.BENCH_PHONES === 'inline'
      ? await scan(base, path, staff.token, codes)
      : await scanFromChild({ base, path, token: staff.token, codes });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerCheckIn = ((cpu.user + cpu.system) / 1000 / ATTENDEES).toFixed(2);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);

  const items = regs.slice(ATTENDEES).map((r, i) => ({
    clientId: `offline-${i}`,
    at: new Date(now - (OFFLINE - i) * 1000).toISOString(),
    method: 'scan',
    entryCode: r.entryCode,
  }));
  const cpuBeforeSync = process.cpuUsage();
  const t1 = performance.now();
  const synced = (await post(base, `/api/v1/events/${event._id}/check-ins/batch`, staff.token, {
    items,
  })) as { results: Array<{ outcome: string }> };
  const syncSeconds = (performance.now() - t1) / 1000;
  const syncCpu = process.cpuUsage(cpuBeforeSync);
  const checkedIn = await RegistrationModel.countDocuments({
    eventId: event._id,
    checkIn: { $exists: true },
  });

  console.table([
    {
      case: `${ATTENDEES} check-ins, ${CLIENTS} concurrent clients`,
      seconds: seconds.toFixed(1),
      per_second: (ATTENDEES / seconds).toFixed(0),
      p50_ms: pct(50),
      p99_ms: pct(99),
      server_cpu_ms_each: cpuMsPerCheckIn,
    },
    {
      case: `${OFFLINE} queued offline scans, one batch`,
      seconds: syncSeconds.toFixed(2),
      per_second: (OFFLINE / syncSeconds).toFixed(0),
      p50_ms: '-',
      p99_ms: '-',
      server_cpu_ms_each: ((syncCpu.user + syncCpu.system) / 1000 / OFFLINE).toFixed(2),
    },
  ]);
  console.log(
    `checked in: ${checkedIn} of ${total}; batch outcomes: ${[...new Set(synced.results.map((r) => r.outcome))].join(', ')}`,
  );
  await close();
}

if (process.env.BENCH_ROLE === 'phones') {
  process.once('message', (job: PhoneJob) => {
    scan(job.base, job.path, job.token, job.codes)
      .then((latencies) => process.send?.(latencies, () => process.exit(0)))
      .catch((err) => {
        console.error(err);
        process.exit(1);
      });
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
