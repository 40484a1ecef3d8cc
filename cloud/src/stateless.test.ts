import { randomUUID } from 'node:crypto';
import path from 'node:path';
import mongoose from 'mongoose';
import {
  cloudEnv,
  pollUntil,
  repoRoot,
  startCloudProcess,
  startEmbeddedProcess,
  type Started,
} from './test/processes';

/**
 * Two cloud processes on one database, each its own OS process, the database a third (the
 * embedded server's CLI): what a deployment behind a load balancer relies on. Nothing may live
 * in one process's memory — sessions, revocation, rate limits, capacity and check-ins all hold
 * across both.
 */
// tsx's loader in the same process (its CLI would run the server in a child that a kill misses).
const fromSources = ['--require', require.resolve('tsx/cjs'), path.join(repoRoot, 'cloud/src/server.ts')];
const SIGN_IN_LIMIT = 12;

type Cloud = Started & { base: string };

describe('two stateless cloud processes on one database', () => {
  const started: Started[] = [];
  let a: Cloud;
  let b: Cloud;
  let env: NodeJS.ProcessEnv;
  let dbUri: string;

  beforeAll(async () => {
    const db = await startEmbeddedProcess({
      cli: path.join(repoRoot, 'embedded-mongo/bin/embedded-mongo.js'),
    });
    started.push(db);
    dbUri = db.uri;
    env = cloudEnv(db.uri, {
      AUTH_DEV_LOGIN: '1',
      AUTH_RATE_LIMIT_PER_MINUTE: String(SIGN_IN_LIMIT),
      // A short import lease, so a killed runner's commit is taken over within seconds.
      IMPORT_LEASE_SECONDS: '3',
      // Lets the test move each process's clock and run its scheduler at a moment it chooses.
      TEST_CONTROLS: '1',
    });
    a = await startCloudProcess(fromSources, env);
    started.push(a);
    b = await startCloudProcess(fromSources, env);
    started.push(b);
    await Promise.all(
      [a, b].map((p) => pollUntil(`${p.base}/api/v1/health/ready`, (res) => res.status === 200)),
    );
  }, 120_000);
  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await Promise.all(started.map((p) => p.exited()));
  });

  const call = async (p: Cloud, method: string, url: string, token?: string, body?: unknown) => {
    const res = await fetch(`${p.base}/api/v1${url}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  const signIn = async (p: Cloud, role: string) => {
    const res = await call(p, 'POST', '/auth/dev', undefined, {
      name: `多进程${randomUUID().slice(0, 6)}`,
      role,
    });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };

  it('should honour a session on the other process and its revocation on the next request there', async () => {
    const token = await signIn(a, 'member');
    expect((await call(b, 'GET', '/me', token)).status).toBe(200);
    expect((await call(a, 'POST', '/auth/logout', token)).status).toBe(204);
    const after = await call(b, 'GET', '/me', token);
    expect(after.status).toBe(401);
  });

  it('should never overbook an event when sign-ups arrive at both processes at once', async () => {
    const coordinator = await signIn(a, 'coordinator');
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const event = await call(a, 'POST', '/events', coordinator, {
      title: '双进程容量测试对接会',
      kind: 'annual_meeting',
      startsAt: hours(1),
      endsAt: hours(4),
      capacity: 3,
    });
    expect(event.status).toBe(201);
    const members = await Promise.all(Array.from({ length: 6 }, (_, i) => signIn(i % 2 ? a : b, 'member')));
    const results = await Promise.all(
      members.map((token, i) =>
        call(i % 2 ? b : a, 'POST', `/events/${event.body.id}/registrations`, token, {}),
      ),
    );
    const statuses = results.map((r) => r.body.status);
    expect(statuses.filter((s) => s === 'registered')).toHaveLength(3);
    expect(statuses.filter((s) => s === 'waitlisted')).toHaveLength(3);

    // The same entry code scanned at two doors served by different processes: one check-in.
    const entryCode = results.find((r) => r.body.status === 'registered')!.body.entryCode as string;
    const scans = await Promise.all(
      [a, b].map((p) =>
        call(p, 'POST', `/events/${event.body.id}/check-ins`, coordinator, {
          clientId: randomUUID(),
          at: new Date().toISOString(),
          method: 'scan',
          entryCode,
        }),
      ),
    );
    expect(scans.map((s) => s.status)).toEqual([200, 200]);
    const attendees = await call(a, 'GET', `/events/${event.body.id}/attendees`, coordinator);
    const checkedIn = (attendees.body.items as Array<{ checkIn: unknown }>).filter((x) => x.checkIn);
    expect(checkedIn).toHaveLength(1);
  });

  it('should run each due scheduled job once when both processes run their schedulers at the same moment', async () => {
    const advance = (p: Cloud) =>
      fetch(`${p.base}/api/v1/test/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: 3 * 3_600_000 }),
      }).then(async (res) => {
        expect(res.status).toBe(200);
        return ((await res.json()) as { ran: string[] }).ran;
      });
    const connection = await mongoose.createConnection(`${dbUri}alliance_hub`).asPromise();
    try {
      const runs = async () =>
        Object.fromEntries(
          (
            await connection
              .collection('jobs')
              .find({}, { projection: { name: 1, runs: 1 } })
              .toArray()
          ).map((job) => [job.name as string, job.runs as number]),
        );
      const before = await runs();
      // Three hours on, every job is due; both processes tick at once, twice each.
      const [ranA, ranB] = await Promise.all([advance(a), advance(b)]);
      const ran = [...ranA, ...ranB].sort();
      expect(ran).toEqual(['intents.stale-alerts', 'tasks.due-reminders', 'tasks.overdue-digest']);
      const after = await runs();
      for (const name of ran) expect(after[name] - (before[name] ?? 0)).toBe(1);
    } finally {
      await connection.close();
    }
  });

  it('should finish an import commit on another process when the one running it is killed, importing nothing twice', async () => {
    // A third process to kill, so the others stay up for the rest of the file.
    const c: Cloud = await startCloudProcess(fromSources, env);
    started.push(c);
    await pollUntil(`${c.base}/api/v1/health/ready`, (res) => res.status === 200);
    const secretariat = await signIn(c, 'secretariat');
    const prefix = `接管${randomUUID().slice(0, 4)}`;
    const rows = 1500;
    const csv = [
      '单位名称,单位类型',
      ...Array.from({ length: rows }, (_, i) => `${prefix}${i + 1}号材料有限公司,企业`),
    ].join('\n');
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'takeover.csv');
    const uploaded = await fetch(`${c.base}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretariat}` },
      body: form,
    });
    expect(uploaded.status).toBe(202);
    const id = ((await uploaded.json()) as { id: string }).id;
    const job = async () => (await call(b, 'GET', `/imports/${id}`, secretariat)).body;
    const until = async (
      done: (j: { status: string; progress?: { processed: number } }) => boolean,
      ms: number,
    ) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const current = await job();
        if (done(current)) return current;
        if (Date.now() > deadline) throw new Error(`import ${id}: ${JSON.stringify(current)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    await until((j) => j.status === 'ready', 120_000);

    expect((await call(c, 'POST', `/imports/${id}/commit`, secretariat)).status).toBe(202);
    // Killed once the first chunk is written: the commit is half done, its lease still C's.
    await until((j) => j.status === 'committing' && (j.progress?.processed ?? 0) > 0, 60_000);
    c.child.kill('SIGKILL');
    await c.exited();
    const interrupted = await job();
    expect(interrupted.status).toBe('committing');
    expect(interrupted.progress.processed).toBeLessThan(rows);

    const done = await until((j) => j.status === 'committed', 120_000);
    expect(done).toMatchObject({ status: 'committed', error: null });
    // Taken over by a survivor's sweeper, not by anyone pressing 重试.
    expect(a.output() + b.output()).toContain('resuming an interrupted import commit');
    const connection = await mongoose.createConnection(`${dbUri}alliance_hub`).asPromise();
    try {
      const organizations = connection.collection('organizations');
      const names = await organizations.distinct('name', { name: { $regex: `^${prefix}` } });
      expect(names).toHaveLength(rows);
      expect(await organizations.countDocuments({ name: { $regex: `^${prefix}` } })).toBe(rows);
    } finally {
      await connection.close();
    }
  }, 400_000);
  it('should let a card code issued on one process be used once across both, racing scanners included', async () => {
    const [holder, first, second] = [
      await signIn(a, 'member'),
      await signIn(b, 'guest'),
      await signIn(a, 'guest'),
    ];
    for (const [token, mobile] of [
      [holder, '13800000011'],
      [first, '13900000012'],
      [second, '13900000013'],
    ]) {
      expect((await call(a, 'PUT', '/me/card', token, { mobile, sharedFields: ['mobile'] })).status).toBe(
        200,
      );
    }
    const issued = await call(a, 'POST', '/me/card/tokens', holder);
    expect(issued.status).toBe(201);
    // Two people scan the same code at the same moment, each served by a different process.
    const swaps = await Promise.all([
      call(b, 'POST', '/cards/swap', first, { token: issued.body.token }),
      call(a, 'POST', '/cards/swap', second, { token: issued.body.token }),
    ]);
    expect(swaps.map((res) => res.status).sort()).toEqual([200, 409]);
    expect(swaps.find((res) => res.status === 409)!.body.error.code).toBe('SWAP_TOKEN_USED');
    const status = await call(b, 'GET', `/me/card/tokens/${encodeURIComponent(issued.body.token)}`, holder);
    expect(status.body.state).toBe('used');
    const contacts = await call(b, 'GET', '/contacts', holder);
    expect(contacts.body.items).toHaveLength(1);
  });

  it('should count sign-in attempts across both processes against one limit', async () => {
    // One burst of twice the limit, alternating processes: with per-process counters each would
    // allow its half and all would pass; shared, half of them are refused, at both processes
    // (a margin that holds even when the earlier tests took long enough for the window to restart).
    const results = await Promise.all(
      Array.from({ length: SIGN_IN_LIMIT * 2 }, (_, i) =>
        call(i % 2 ? a : b, 'POST', '/auth/dev', undefined, { name: `限流${i}`, role: 'member' }).then(
          (res) => ({ status: res.status, process: i % 2 ? 'a' : 'b' }),
        ),
      ),
    );
    const passed = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 429);
    expect(passed.length + refused.length).toBe(results.length);
    // Earlier sign-ins in this file count too, so at most the limit passes.
    expect(passed.length).toBeLessThanOrEqual(SIGN_IN_LIMIT);
    expect(new Set(refused.map((r) => r.process))).toEqual(new Set(['a', 'b']));
  });
});
