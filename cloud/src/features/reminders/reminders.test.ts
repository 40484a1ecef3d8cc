import http from 'node:http';
import { randomUUID } from 'node:crypto';
import supertest from 'supertest';
import { createApp } from '../../app';
import { silentLogger } from '../../logger';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signInWithWechat } from '../../test/factories';
import { createWechatClient } from '../../wechat/wechat-client';
import { UserModel } from '../users/user.model';
import { createCloudScheduler } from './reminder.jobs';
import { sendDueReminders } from './reminder.service';
import { ReminderModel, SubscriptionCreditModel } from './reminder.model';
import { fitKeyword } from './keyword';

let now = new Date('2026-12-02T02:00:00Z');
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

/** Another cloud process: its own WeChat client, app and scheduler, the same database. */
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
  const reminderDeps = { wechat, logger, templateIds: t.config.wechat.templates };
  return { request: supertest(http.createServer(app.callback())), scheduler, reminderDeps };
}

async function coordinatorOnWechat() {
  const me = await signInWithWechat(t);
  await UserModel.updateOne({ _id: me.user.id }, { $set: { role: 'coordinator' } });
  const user = await UserModel.findById(me.user.id).lean();
  return { ...me, openid: user!.openid! };
}

async function dueTask(auth: string, title: string, dueInMs: number) {
  const res = await t.request
    .post('/api/v1/tasks')
    .set('Authorization', auth)
    .send({ clientId: randomUUID(), title, dueAt: new Date(now.getTime() + dueInMs).toISOString() })
    .expect(201);
  return res.body.id as string;
}

const sentTo = (openid: string) => t.wechat.subscribeMessages().filter((m) => m.touser === openid);

describe('due reminders', () => {
  it('should send a due reminder exactly once with two cloud processes, cut to the keyword limits', async () => {
    const me = await coordinatorOnWechat();
    await t.request
      .post('/api/v1/me/subscriptions')
      .set('Authorization', me.auth)
      .send({ accepted: ['task_due'] })
      .expect(200);
    const res = await t.request
      .post('/api/v1/me/subscriptions')
      .set('Authorization', me.auth)
      .send({ accepted: ['task_due'] })
      .expect(200);
    expect(res.body.credits.task_due).toBe(2);
    const title = '回访东北轻合金有限责任公司并确认中试线铝锂合金样品的检测报告';
    const taskId = await dueTask(me.auth, title, HOUR);
    const [a, b] = [cloudProcess('a'), cloudProcess('b')];

    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(sentTo(me.openid)).toHaveLength(0);

    advance(HOUR + 1000);
    await Promise.all([
      a.scheduler.tick(),
      b.scheduler.tick(),
      ...Array.from({ length: 4 }, (_, i) => sendDueReminders((i % 2 ? a : b).reminderDeps, now)),
    ]);
    const sent = sentTo(me.openid);
    expect(sent).toHaveLength(1);
    expect(sent[0].data.thing1.value).toBe(fitKeyword('thing', title));
    expect([...sent[0].data.thing1.value]).toHaveLength(20);
    expect(sent[0].data.time2.value).toBe('2026年12月2日 11:00');
    expect(await ReminderModel.countDocuments({ taskId })).toBe(1);

    const badges = await b.request.get('/api/v1/me/badges').set('Authorization', me.auth).expect(200);
    expect(badges.body).toEqual({ tasksDue: 1, unreadReminders: 1 });
    await a.request.post('/api/v1/me/reminders/read').set('Authorization', me.auth).expect(204);
    const credits = await a.request.get('/api/v1/me/subscriptions').set('Authorization', me.auth).expect(200);
    expect(credits.body.credits.task_due).toBe(1);
  });

  it('should send a reminder that fell due while every process was down once, after the restart', async () => {
    const me = await coordinatorOnWechat();
    await t.request
      .post('/api/v1/me/subscriptions')
      .set('Authorization', me.auth)
      .send({ accepted: ['task_due'] })
      .expect(200);
    await dueTask(me.auth, '寄送合作协议草稿', 30 * 60_000);
    const before = cloudProcess('before-restart');
    await before.scheduler.tick();
    await before.scheduler.stop();

    advance(3 * HOUR);
    const after = cloudProcess('after-restart');
    await after.scheduler.tick();
    advance(2 * 60_000);
    await after.scheduler.tick();
    expect(sentTo(me.openid).map((m) => m.data.thing1.value)).toEqual(['寄送合作协议草稿']);
  });

  it('should arm a new reminder when a task is snoozed after its reminder went out', async () => {
    const me = await coordinatorOnWechat();
    await t.request
      .post('/api/v1/me/subscriptions')
      .set('Authorization', me.auth)
      .send({ accepted: ['task_due', 'task_due'] })
      .expect(400);
    for (let i = 0; i < 2; i++) {
      await t.request
        .post('/api/v1/me/subscriptions')
        .set('Authorization', me.auth)
        .send({ accepted: ['task_due'] })
        .expect(200);
    }
    const taskId = await dueTask(me.auth, '约教授看中试线', 60_000);
    const p = cloudProcess('snooze');
    advance(2 * 60_000);
    await sendDueReminders(p.reminderDeps, now);
    await t.request
      .post(`/api/v1/tasks/${taskId}/snooze`)
      .set('Authorization', me.auth)
      .send({ until: new Date(now.getTime() + HOUR).toISOString() })
      .expect(200);
    advance(HOUR + 1000);
    await sendDueReminders(p.reminderDeps, now);
    await sendDueReminders(p.reminderDeps, now);
    expect(sentTo(me.openid)).toHaveLength(2);
  });

  it('should treat 43101 as no credit left: nothing sent, credits zeroed, the in-app badge still counts', async () => {
    const me = await coordinatorOnWechat();
    await t.request
      .post('/api/v1/me/subscriptions')
      .set('Authorization', me.auth)
      .send({ accepted: ['task_due'] })
      .expect(200);
    const taskId = await dueTask(me.auth, '确认签约时间', 60_000);
    const p = cloudProcess('no-credit');
    t.wechat.failNext('send', 43101);
    advance(2 * 60_000);
    await sendDueReminders(p.reminderDeps, now);
    expect(sentTo(me.openid)).toHaveLength(0);
    expect(await ReminderModel.findOne({ taskId }).lean()).toMatchObject({
      wechat: 'no_credit',
      wechatError: 43101,
    });
    expect(await SubscriptionCreditModel.findOne({ userId: me.user.id }).lean()).toMatchObject({
      credits: 0,
    });
    const badges = await p.request.get('/api/v1/me/badges').set('Authorization', me.auth).expect(200);
    expect(badges.body).toEqual({ tasksDue: 1, unreadReminders: 1 });
  });

  it('should keep the credit when WeChat refuses the fields (47003) and send nothing without a credit', async () => {
    const me = await coordinatorOnWechat();
    await t.request
      .post('/api/v1/me/subscriptions')
      .set('Authorization', me.auth)
      .send({ accepted: ['task_due'] })
      .expect(200);
    const first = await dueTask(me.auth, '整理路演名单', 60_000);
    const p = cloudProcess('invalid');
    t.wechat.failNext('send', 47003);
    advance(2 * 60_000);
    await sendDueReminders(p.reminderDeps, now);
    expect(await ReminderModel.findOne({ taskId: first }).lean()).toMatchObject({
      wechat: 'failed',
      wechatError: 47003,
    });
    expect(await SubscriptionCreditModel.findOne({ userId: me.user.id }).lean()).toMatchObject({
      credits: 1,
    });

    const other = await coordinatorOnWechat();
    const second = await dueTask(other.auth, '没有订阅的提醒', 60_000);
    advance(2 * 60_000);
    await sendDueReminders(p.reminderDeps, now);
    expect(sentTo(other.openid)).toHaveLength(0);
    expect(await ReminderModel.findOne({ taskId: second }).lean()).toMatchObject({ wechat: 'no_credit' });
  });
});

describe('fitKeyword', () => {
  it('should cut thing to 20 characters with an ellipsis and phrase to 5 without one', () => {
    expect([...fitKeyword('thing', '一'.repeat(30))]).toHaveLength(20);
    expect(fitKeyword('thing', '一'.repeat(30)).endsWith('…')).toBe(true);
    expect(fitKeyword('phrase', '进行中的待跟进事项')).toBe('进行中的待');
    expect(fitKeyword('name', '欧阳娜娜娜娜娜娜娜娜娜')).toHaveLength(10);
  });
});
