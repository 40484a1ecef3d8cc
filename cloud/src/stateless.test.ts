import { randomUUID } from 'node:crypto';
import path from 'node:path';
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

  beforeAll(async () => {
    const db = await startEmbeddedProcess({
      cli: path.join(repoRoot, 'embedded-mongo/bin/embedded-mongo.js'),
    });
    started.push(db);
    const env = cloudEnv(db.uri, { AUTH_DEV_LOGIN: '1', AUTH_RATE_LIMIT_PER_MINUTE: String(SIGN_IN_LIMIT) });
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

  it('should count sign-in attempts across both processes against one limit', async () => {
    // One burst, alternating processes: with per-process counters each would allow the limit
    // and the burst of limit + 2 would all pass; shared, the last attempts are refused at both.
    const results = await Promise.all(
      Array.from({ length: SIGN_IN_LIMIT + 2 }, (_, i) =>
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
