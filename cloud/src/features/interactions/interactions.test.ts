import { randomUUID } from 'node:crypto';
import type { InteractionView } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { UserModel } from '../users/user.model';
import { AuditModel } from '../audit/audit.model';
import { InteractionModel } from './interaction.model';
import { TaskModel } from '../tasks/task.model';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function org(name: string) {
  return OrganizationModel.create({ name, nameKey: `${name}-${randomUUID()}`, kind: 'enterprise' });
}

async function memberOf(orgId: unknown) {
  const m = await signIn(t, 'member');
  await UserModel.updateOne({ _id: m.user.id }, { $set: { orgId } });
  return m;
}

const body = (orgId: string, extra: Record<string, unknown> = {}) => ({
  clientId: randomUUID(),
  type: 'visit',
  participants: { orgIds: [orgId] },
  note: '对方关心量产成本，两周后再约',
  ...extra,
});

describe('POST /api/v1/interactions', () => {
  it('should store one record when the same clientId is retried concurrently', async () => {
    const c = await signIn(t, 'coordinator');
    const o = await org('哈工大焊接所');
    const payload = body(o.id);
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.request.post('/api/v1/interactions').set('Authorization', c.auth).send(payload),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(new Set(responses.map((r) => (r.body as InteractionView).id)).size).toBe(1);
    expect(await InteractionModel.countDocuments({ clientId: payload.clientId })).toBe(1);
  });

  it('should create the follow-up once when a retry carries it again', async () => {
    const c = await signIn(t, 'coordinator');
    const o = await org('东轻铝业');
    const payload = body(o.id, { followUp: { title: '寄送样品报价', dueAt: '2030-01-01T02:00:00Z' } });
    const first = await t.request
      .post('/api/v1/interactions')
      .set('Authorization', c.auth)
      .send(payload)
      .expect(201);
    const again = await t.request
      .post('/api/v1/interactions')
      .set('Authorization', c.auth)
      .send(payload)
      .expect(200);
    expect(again.body.followUpTaskId).toBe(first.body.followUpTaskId);
    expect(await TaskModel.countDocuments({ 'links.interactionId': first.body.id })).toBe(1);
  });

  it('should 409 when another user reuses a clientId', async () => {
    const [a, b] = [await signIn(t, 'coordinator'), await signIn(t, 'coordinator')];
    const o = await org('重复编号单位');
    const payload = body(o.id);
    await t.request.post('/api/v1/interactions').set('Authorization', a.auth).send(payload).expect(201);
    const res = await t.request
      .post('/api/v1/interactions')
      .set('Authorization', b.auth)
      .send(payload)
      .expect(409);
    expect(res.body.error.code).toBe('CONFLICT');
  });

  it('should add the organization of every person named', async () => {
    const c = await signIn(t, 'coordinator');
    const o = await org('中铝材料院');
    const p = await PersonModel.create({ name: '李教授', orgId: o._id });
    const res = await t.request
      .post('/api/v1/interactions')
      .set('Authorization', c.auth)
      .send({
        clientId: randomUUID(),
        type: 'call',
        participants: { personIds: [p.id], unlisted: [{ name: '赵工', organization: '未入库公司' }] },
      })
      .expect(201);
    expect(res.body.participants.organizations).toEqual([{ id: o.id, name: '中铝材料院' }]);
    expect(res.body.participants.unlisted).toEqual([{ name: '赵工', organization: '未入库公司' }]);
  });

  it('should 400 in plain Chinese when the note is too long', async () => {
    const c = await signIn(t, 'coordinator');
    const o = await org('超长备注单位');
    const res = await t.request
      .post('/api/v1/interactions')
      .set('Authorization', c.auth)
      .send(body(o.id, { note: '长'.repeat(2001) }))
      .expect(400);
    expect(res.body.error.details).toContainEqual({ path: 'body.note', message: '最多 2000 个字' });
  });

  it('should 403 when a member logs for another organization, and 201 for their own', async () => {
    const mine = await org('本单位');
    const other = await org('别的单位');
    const m = await memberOf(mine._id);
    await t.request
      .post('/api/v1/interactions')
      .set('Authorization', m.auth)
      .send(body(other.id))
      .expect(403);
    await t.request.post('/api/v1/interactions').set('Authorization', m.auth).send(body(mine.id)).expect(201);
  });

  it('should 401 without a session', async () => {
    await t.request
      .post('/api/v1/interactions')
      .send(body('0'.repeat(24)))
      .expect(401);
  });
});

describe('visibility of interactions', () => {
  it('should show a staff-only entry to staff only, and an orgs entry to the members involved without its note', async () => {
    const c = await signIn(t, 'coordinator');
    const o = await org('可见性单位');
    const insider = await memberOf(o._id);
    const outsider = await memberOf((await org('旁观单位'))._id);
    const guest = await signIn(t, 'guest');
    const staffOnly = await t.request
      .post('/api/v1/interactions')
      .set('Authorization', c.auth)
      .send(body(o.id))
      .expect(201);
    const shown = await t.request
      .post('/api/v1/interactions')
      .set('Authorization', c.auth)
      .send(body(o.id, { visibility: 'orgs' }))
      .expect(201);

    await t.request
      .get(`/api/v1/interactions/${staffOnly.body.id}`)
      .set('Authorization', insider.auth)
      .expect(404);
    const seen = await t.request
      .get(`/api/v1/interactions/${shown.body.id}`)
      .set('Authorization', insider.auth)
      .expect(200);
    expect(seen.body.note).toBeNull();
    expect(seen.body.noteHidden).toBe(true);
    await t.request
      .get(`/api/v1/interactions/${shown.body.id}`)
      .set('Authorization', outsider.auth)
      .expect(404);
    await t.request.get(`/api/v1/interactions/${shown.body.id}`).set('Authorization', guest.auth).expect(404);
    const staff = await t.request
      .get(`/api/v1/interactions/${staffOnly.body.id}`)
      .set('Authorization', c.auth)
      .expect(200);
    expect(staff.body.note).toBe('对方关心量产成本，两周后再约');

    const list = await t.request
      .get(`/api/v1/interactions?orgId=${o.id}`)
      .set('Authorization', insider.auth)
      .expect(200);
    expect(list.body.items.map((i: InteractionView) => i.id)).toEqual([shown.body.id]);
    expect(list.body.items[0].note).toBeNull();
  });
});

describe('PATCH and DELETE /api/v1/interactions/:id', () => {
  it('should let the author edit and soft-delete with an audit, and refuse anyone else', async () => {
    const [author, other] = [await signIn(t, 'coordinator'), await signIn(t, 'coordinator')];
    const o = await org('编辑单位');
    const made = await t.request
      .post('/api/v1/interactions')
      .set('Authorization', author.auth)
      .send(body(o.id))
      .expect(201);
    const url = `/api/v1/interactions/${made.body.id}`;
    await t.request.patch(url).set('Authorization', other.auth).send({ note: '改掉' }).expect(403);
    const edited = await t.request
      .patch(url)
      .set('Authorization', author.auth)
      .send({ note: null, type: 'meeting' })
      .expect(200);
    expect(edited.body).toMatchObject({ note: null, type: 'meeting' });
    await t.request.patch(url).set('Authorization', author.auth).send({}).expect(400);
    await t.request.delete(url).set('Authorization', other.auth).expect(403);
    await t.request.delete(url).set('Authorization', author.auth).expect(204);
    await t.request.get(url).set('Authorization', author.auth).expect(404);
    expect(await InteractionModel.findById(made.body.id).lean()).toMatchObject({
      deletedAt: expect.any(Date),
    });
    const audit = await AuditModel.find({ 'entity.id': made.body.id }).sort({ _id: 1 }).lean();
    expect(audit.map((a) => a.action)).toEqual(['interaction.update', 'interaction.delete']);
    expect((audit[0].before as { notes: string }).notes).toBe('对方关心量产成本，两周后再约');
  });
});
