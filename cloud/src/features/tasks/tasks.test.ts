import { randomUUID } from 'node:crypto';
import type { TaskListView, TaskView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';
import { InteractionModel } from '../interactions/interaction.model';
import { OrganizationModel } from '../organizations/organization.model';
import { TaskModel } from './task.model';

// Wednesday 2026-12-02, 10:00 in Shanghai.
const now = new Date('2026-12-02T02:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { clock: () => now });
});
afterAll(() => t.close());

const at = (iso: string) => new Date(iso).toISOString();
const newTask = (title: string, dueAt: string, extra: Record<string, unknown> = {}) => ({
  clientId: randomUUID(),
  title,
  dueAt,
  ...extra,
});

describe('GET /api/v1/tasks', () => {
  it('should group my open tasks into Shanghai-time buckets with counts', async () => {
    const c = await signIn(t, 'coordinator');
    for (const [title, due] of [
      ['昨天该回电', '2026-12-01T08:00:00Z'],
      ['今晚发材料', '2026-12-02T15:00:00Z'],
      ['周日前约拜访', '2026-12-06T10:00:00Z'],
      ['下周一开会', '2026-12-07T01:00:00Z'],
    ]) {
      await t.request
        .post('/api/v1/tasks')
        .set('Authorization', c.auth)
        .send(newTask(title, due))
        .expect(201);
    }
    const res = await t.request.get('/api/v1/tasks?scope=mine').set('Authorization', c.auth).expect(200);
    const list = res.body as TaskListView;
    expect(list.counts).toEqual({ overdue: 1, today: 1, this_week: 1, later: 1 });
    expect(list.items.map((i) => [i.title, i.bucket])).toEqual([
      ['昨天该回电', 'overdue'],
      ['今晚发材料', 'today'],
      ['周日前约拜访', 'this_week'],
      ['下周一开会', 'later'],
    ]);
    const today = await t.request.get('/api/v1/tasks?bucket=today').set('Authorization', c.auth).expect(200);
    expect(today.body.items.map((i: TaskView) => i.title)).toEqual(['今晚发材料']);
    const page = await t.request.get('/api/v1/tasks?limit=3').set('Authorization', c.auth).expect(200);
    const rest = await t.request
      .get(`/api/v1/tasks?limit=3&cursor=${page.body.nextCursor}`)
      .set('Authorization', c.auth)
      .expect(200);
    expect(rest.body.items.map((i: TaskView) => i.title)).toEqual(['下周一开会']);
  });

  it('should 403 for a member', async () => {
    const m = await signIn(t, 'member');
    await t.request.get('/api/v1/tasks').set('Authorization', m.auth).expect(403);
  });
});

describe('the follow-up lifecycle', () => {
  it('should update, snooze, reassign and complete with a logged interaction exactly once', async () => {
    const c = await signIn(t, 'coordinator');
    const colleague = await signIn(t, 'secretariat');
    const member = await signIn(t, 'member');
    const created = await t.request
      .post('/api/v1/tasks')
      .set('Authorization', c.auth)
      .send(newTask('回访东轻', '2026-12-03T02:00:00Z'))
      .expect(201);
    const url = `/api/v1/tasks/${created.body.id}`;
    const edited = await t.request
      .patch(url)
      .set('Authorization', c.auth)
      .send({ version: 0, title: '回访东轻铝业' })
      .expect(200);
    expect(edited.body).toMatchObject({ title: '回访东轻铝业', version: 1 });

    await t.request
      .post(`${url}/snooze`)
      .set('Authorization', c.auth)
      .send({ until: '2026-12-01T00:00:00Z' })
      .expect(400);
    const snoozed = await t.request
      .post(`${url}/snooze`)
      .set('Authorization', c.auth)
      .send({ version: 1, until: '2026-12-09T02:00:00Z' })
      .expect(200);
    expect(snoozed.body).toMatchObject({
      state: 'snoozed',
      dueAt: at('2026-12-09T02:00:00Z'),
      bucket: 'later',
      version: 2,
    });

    const refused = await t.request
      .post(`${url}/reassign`)
      .set('Authorization', c.auth)
      .send({ ownerUserId: member.user.id })
      .expect(400);
    expect(refused.body.error.message).toBe('待办只能交给白衬衫或秘书处的同事');
    await t.request
      .post(`${url}/reassign`)
      .set('Authorization', c.auth)
      .send({ ownerUserId: colleague.user.id })
      .expect(200);

    const o = await OrganizationModel.create({ name: '东轻铝业', nameKey: randomUUID(), kind: 'enterprise' });
    const completion = {
      interaction: {
        clientId: randomUUID(),
        type: 'visit',
        participants: { orgIds: [o.id] },
        note: '已签保密协议',
      },
    };
    const [first, retry] = await Promise.all([
      t.request.post(`${url}/complete`).set('Authorization', colleague.auth).send(completion),
      t.request.post(`${url}/complete`).set('Authorization', colleague.auth).send(completion),
    ]);
    expect([first.status, retry.status]).toEqual([200, 200]);
    expect(first.body.state).toBe('done');
    expect(first.body.completionInteractionId).toEqual(expect.any(String));
    expect(await InteractionModel.countDocuments({ clientId: completion.interaction.clientId })).toBe(1);
    const actions = await AuditModel.find({ 'entity.id': created.body.id }).sort({ _id: 1 }).lean();
    expect(actions.map((a) => a.action)).toEqual([
      'task.update',
      'task.snooze',
      'task.reassign',
      'task.complete',
    ]);
  });

  it('should 409 with the current task when the version is stale', async () => {
    const c = await signIn(t, 'coordinator');
    const created = await t.request
      .post('/api/v1/tasks')
      .set('Authorization', c.auth)
      .send(newTask('准备路演材料', '2026-12-04T02:00:00Z'))
      .expect(201);
    const url = `/api/v1/tasks/${created.body.id}`;
    await t.request
      .patch(url)
      .set('Authorization', c.auth)
      .send({ version: 0, title: '甲的修改' })
      .expect(200);
    const stale = await t.request
      .patch(url)
      .set('Authorization', c.auth)
      .send({ version: 0, title: '乙的修改' })
      .expect(409);
    expect(stale.body.error.code).toBe('CONFLICT');
    expect(stale.body.error.details.current).toMatchObject({ title: '甲的修改', version: 1 });
    expect(await TaskModel.findById(created.body.id).lean()).toMatchObject({ title: '甲的修改', version: 1 });
  });

  it("should 403 when a coordinator changes someone else's task", async () => {
    const [a, b] = [await signIn(t, 'coordinator'), await signIn(t, 'coordinator')];
    const created = await t.request
      .post('/api/v1/tasks')
      .set('Authorization', a.auth)
      .send(newTask('别人的待办', '2026-12-04T02:00:00Z'))
      .expect(201);
    await t.request
      .patch(`/api/v1/tasks/${created.body.id}`)
      .set('Authorization', b.auth)
      .send({ version: 0, title: 'x' })
      .expect(403);
  });

  it('should return the same task when the create is retried', async () => {
    const c = await signIn(t, 'coordinator');
    const payload = newTask('重试创建', '2026-12-04T02:00:00Z');
    const [x, y] = await Promise.all([
      t.request.post('/api/v1/tasks').set('Authorization', c.auth).send(payload),
      t.request.post('/api/v1/tasks').set('Authorization', c.auth).send(payload),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 201]);
    expect(x.body.id).toBe(y.body.id);
  });
});
