import { randomUUID } from 'node:crypto';
import { InteractionBatchView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { TaskModel } from '../tasks/task.model';
import { UserModel } from '../users/user.model';
import { InteractionModel } from './interaction.model';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const org = (name: string) =>
  OrganizationModel.create({ name, nameKey: `${name}-${randomUUID()}`, kind: 'enterprise' });

const log = (extra: Record<string, unknown> = {}) => ({
  clientId: randomUUID(),
  type: 'visit',
  note: '离线记录',
  ...extra,
});

async function batch(auth: string, items: unknown[]) {
  const res = await t.request.post('/api/v1/interactions/batch').set('Authorization', auth).send({ items });
  expect(res.status).toBe(200);
  return InteractionBatchView.parse(res.body).results;
}

describe('POST /api/v1/interactions/batch', () => {
  it('should store each log once, in order, when the same batch is sent again after a lost answer', async () => {
    const c = await signIn(t, 'coordinator');
    const o = await org('东轻·批量');
    const person = await PersonModel.create({ name: '王强', orgId: o._id });
    const items = Array.from({ length: 12 }, (_, i) =>
      log({
        participants: { personIds: [person.id] },
        note: `第${i}条`,
        at: new Date(Date.now() - (12 - i) * 60_000).toISOString(),
      }),
    );
    const first = await batch(c.auth, items);
    expect(first.map((r) => r.outcome)).toEqual(Array(12).fill('created'));
    expect(first.map((r) => r.clientId)).toEqual(items.map((i) => i.clientId));
    const again = await batch(c.auth, items);
    expect(again.map((r) => r.outcome)).toEqual(Array(12).fill('existing'));
    expect(again.map((r) => r.id)).toEqual(first.map((r) => r.id));
    const stored = await InteractionModel.find({ clientId: { $in: items.map((i) => i.clientId) } })
      .sort({ _id: 1 })
      .lean();
    expect(stored.map((d) => d.notes)).toEqual(items.map((i) => i.note));
    // The person's organization is involved too, and the month keys put it on its timeline.
    expect(stored[0].orgIds.map(String)).toEqual([o.id]);
    expect(stored[0].timeKeys).toContain(
      `o:${o.id}:${stored[0].at.getUTCFullYear() * 100 + stored[0].at.getUTCMonth() + 1}`,
    );
  });

  it('should refuse a bad item alone and store the others', async () => {
    const c = await signIn(t, 'coordinator');
    const o = await org('鞍钢·批量');
    const good = [log({ participants: { orgIds: [o.id] } }), log({ participants: { orgIds: [o.id] } })];
    const results = await batch(c.auth, [
      good[0],
      log({ type: 'teleport', participants: { orgIds: [o.id] } }),
      log({ participants: { personIds: ['64b000000000000000000001'] } }),
      good[1],
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'rejected', 'rejected', 'created']);
    expect(results[1].error).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(results[2].error?.message).toBe('有参与人不在名录中，请重新选择');
    expect(await InteractionModel.countDocuments({ clientId: { $in: good.map((g) => g.clientId) } })).toBe(2);
  });

  it('should create the follow-up of a log that has one, once', async () => {
    const c = await signIn(t, 'coordinator');
    const o = await org('本钢·批量');
    const item = log({
      participants: { orgIds: [o.id] },
      followUp: { title: '寄送样品', dueAt: new Date(Date.now() + 86_400_000).toISOString() },
    });
    const [first] = await batch(c.auth, [item]);
    const [second] = await batch(c.auth, [item]);
    expect(first.followUpTaskId).not.toBeNull();
    expect(second).toMatchObject({ outcome: 'existing', followUpTaskId: first.followUpTaskId });
    expect(await TaskModel.countDocuments({ 'links.interactionId': first.id })).toBe(1);
  });

  it('should refuse a member’s log about another organization, per item', async () => {
    const mine = await org('我的单位·批量');
    const other = await org('别人的单位·批量');
    const m = await signIn(t, 'member');
    await UserModel.updateOne({ _id: m.user.id }, { $set: { orgId: mine._id } });
    const results = await batch(m.auth, [
      log({ participants: { orgIds: [mine.id] } }),
      log({ participants: { orgIds: [other.id] } }),
    ]);
    expect(results.map((r) => r.outcome)).toEqual(['created', 'rejected']);
    expect(results[1].error).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  });

  it('should 400 an empty or oversized batch and 401 without a session', async () => {
    const c = await signIn(t, 'coordinator');
    const empty = await t.request
      .post('/api/v1/interactions/batch')
      .set('Authorization', c.auth)
      .send({ items: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0]).toMatchObject({ path: 'body.items', message: '请提交要同步的记录' });
    const big = await t.request
      .post('/api/v1/interactions/batch')
      .set('Authorization', c.auth)
      .send({ items: Array.from({ length: 51 }, () => log()) });
    expect(big.status).toBe(400);
    await t.request
      .post('/api/v1/interactions/batch')
      .send({ items: [log()] })
      .expect(401);
  });
});
