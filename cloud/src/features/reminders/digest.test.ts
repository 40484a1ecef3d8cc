import http from 'node:http';
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { LatestDigestView } from '@alliance-hub/types';
import { createApp } from '../../app';
import { silentLogger } from '../../logger';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn, signInWithWechat } from '../../test/factories';
import { createWechatClient } from '../../wechat/wechat-client';
import { TaskModel } from '../tasks/task.model';
import { UserModel } from '../users/user.model';
import { DigestModel } from './digest.model';
import { createCloudScheduler } from './reminder.jobs';

// 2026-12-02 07:00 in Shanghai: an hour before the digest hour.
let now = new Date('2026-12-01T23:00:00Z');
const clock = () => now;
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const HOUR = 3600_000;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { clock });
});
afterAll(() => t.close());
beforeEach(async () => {
  await Promise.all([DigestModel.deleteMany({}), TaskModel.deleteMany({})]);
});

/** Another cloud process: its own WeChat client and scheduler over the same database. */
function cloudProcess(workerId: string) {
  const logger = silentLogger();
  const wechat = createWechatClient({
    appId: t.config.wechat.appId,
    secret: 'test-secret',
    apiBase: t.wechat.baseUrl,
    logger,
  });
  const app = createApp({ config: t.config, logger, database: t.database, wechat, clock });
  const scheduler = createCloudScheduler({
    wechat,
    templateIds: t.config.wechat.templates,
    logger,
    clock,
    workerId,
  });
  return { request: supertest(http.createServer(app.callback())), scheduler };
}

async function secretariatOnWechat() {
  const me = await signInWithWechat(t);
  await UserModel.updateOne({ _id: me.user.id }, { $set: { role: 'secretariat' } });
  const user = await UserModel.findById(me.user.id).lean();
  await t.request
    .post('/api/v1/me/subscriptions')
    .set('Authorization', me.auth)
    .send({ accepted: ['overdue_digest'] })
    .expect(200);
  return { ...me, openid: user!.openid! };
}

async function overdueTask(auth: string, title: string) {
  await t.request
    .post('/api/v1/tasks')
    .set('Authorization', auth)
    .send({ clientId: randomUUID(), title, dueAt: new Date(now.getTime() - HOUR).toISOString() })
    .expect(201);
}

const digestsTo = (openid: string) =>
  t.wechat
    .subscribeMessages()
    .filter((m) => m.touser === openid && m.template_id === 'overdue-digest-template');

describe('the secretariat’s daily overdue digest', () => {
  it('should send one digest per secretariat user and day after 08:00 Shanghai, however many processes run', async () => {
    const boss = await secretariatOnWechat();
    const coordinator = await signIn(t, 'coordinator', '白衬衫·逾期');
    await overdueTask(coordinator.auth, '回访鞍钢');
    await overdueTask(coordinator.auth, '确认样品检测');
    const [a, b] = [cloudProcess('digest-a'), cloudProcess('digest-b')];

    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(digestsTo(boss.openid)).toHaveLength(0);

    advance(2 * HOUR); // 09:00 Shanghai
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    advance(20 * 60_000);
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);

    const sent = digestsTo(boss.openid);
    expect(sent).toHaveLength(1);
    expect(sent[0].data.thing1.value).toBe('逾期待办2项');
    expect(await DigestModel.countDocuments({ userId: boss.user.id })).toBe(1);

    const badges = await a.request.get('/api/v1/me/badges').set('Authorization', boss.auth).expect(200);
    expect(badges.body.unreadReminders).toBeGreaterThanOrEqual(1);
    const latest = LatestDigestView.parse(
      (await a.request.get('/api/v1/me/digest').set('Authorization', boss.auth).expect(200)).body,
    );
    expect(latest.digest).toMatchObject({ day: '2026-12-02', overdueTasks: 2, read: false });
    expect(latest.digest?.byOwner).toEqual([
      { id: coordinator.user.id, displayName: '白衬衫·逾期', count: 2 },
    ]);

    await a.request.post('/api/v1/me/reminders/read').set('Authorization', boss.auth).expect(204);
    const after = await a.request.get('/api/v1/me/digest').set('Authorization', boss.auth).expect(200);
    expect(after.body.digest.read).toBe(true);
  });

  it('should catch up with the day’s digest when the service comes back after 08:00', async () => {
    const boss = await secretariatOnWechat();
    const coordinator = await signIn(t, 'coordinator');
    await overdueTask(coordinator.auth, '催合同');
    // Down over the next digest hour: the next tick is the following afternoon.
    advance(30 * HOUR);
    const before = digestsTo(boss.openid).length;
    await cloudProcess('digest-c').scheduler.tick();
    expect(digestsTo(boss.openid)).toHaveLength(before + 1);
    const latest = await t.request.get('/api/v1/me/digest').set('Authorization', boss.auth).expect(200);
    expect(latest.body.digest.day).toBe('2026-12-03');
  });

  it('should keep the in-app digest and spend nothing when the secretariat has no credit', async () => {
    const boss = await signInWithWechat(t);
    await UserModel.updateOne({ _id: boss.user.id }, { $set: { role: 'secretariat' } });
    await overdueTask((await signIn(t, 'coordinator')).auth, '跟进中试');
    advance(24 * HOUR);
    await cloudProcess('digest-d').scheduler.tick();
    const stored = await DigestModel.findOne({ userId: boss.user.id }).lean();
    expect(stored?.wechat).toBe('no_credit');
  });

  it('should make no digest on a day with nothing overdue, stale or unhandled', async () => {
    const boss = await secretariatOnWechat();
    advance(24 * HOUR);
    await cloudProcess('digest-e').scheduler.tick();
    expect(await DigestModel.countDocuments({ userId: boss.user.id })).toBe(0);
    const latest = await t.request.get('/api/v1/me/digest').set('Authorization', boss.auth).expect(200);
    expect(latest.body).toEqual({ digest: null });
  });
});
