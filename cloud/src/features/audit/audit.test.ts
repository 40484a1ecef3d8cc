import { Types } from 'mongoose';
import { AuditView, z } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { signIn } from '../../test/factories';
import { recordAudit } from './audit.service';

const Page = z.object({ items: z.array(AuditView), nextCursor: z.string().nullable() });

describe('GET /api/v1/audit', () => {
  let t: TestApp;
  let secretariat: Awaited<ReturnType<typeof signIn>>;
  let alice: Types.ObjectId;
  let bob: Types.ObjectId;
  beforeAll(async () => {
    t = await startTestApp();
    secretariat = await signIn(t, 'secretariat');
    alice = new Types.ObjectId((await signIn(t, 'coordinator', '审计·甲')).user.id);
    bob = new Types.ObjectId((await signIn(t, 'coordinator', '审计·乙')).user.id);
    const entity = { type: 'organization' as const, id: new Types.ObjectId() };
    await recordAudit({ actorId: alice, action: 'organization.create', entity });
    await recordAudit({ actorId: alice, action: 'organization.update', entity });
    await recordAudit({
      actorId: bob,
      action: 'person.update',
      entity: { type: 'person', id: new Types.ObjectId() },
    });
    await recordAudit({ actorId: bob, action: 'organizationx.other', entity });
  });
  afterAll(() => t.close());

  const list = (query: Record<string, string>) =>
    t.request.get('/api/v1/audit').query(query).set('Authorization', secretariat.auth);

  it('should list only what the chosen person did when actorId is given', async () => {
    const page = Page.parse((await list({ actorId: alice.toHexString() }).expect(200)).body);
    expect(page.items.map((i) => i.action)).toEqual(['organization.update', 'organization.create']);
    expect(page.items[0].actor?.displayName).toBe('审计·甲');
  });

  it('should match every action under a prefix, and not a longer word', async () => {
    const page = Page.parse((await list({ action: 'organization' }).expect(200)).body);
    expect(page.items.map((i) => i.action).sort()).toEqual(['organization.create', 'organization.update']);
    const exact = Page.parse((await list({ action: 'person.update' }).expect(200)).body);
    expect(exact.items).toHaveLength(1);
  });

  it('should keep to the time range when from and to are given', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(Page.parse((await list({ from: future }).expect(200)).body).items).toHaveLength(0);
    const past = new Date(Date.now() - 3600_000).toISOString();
    const page = Page.parse(
      (await list({ from: past, to: future, actorId: bob.toHexString() }).expect(200)).body,
    );
    expect(page.items).toHaveLength(2);
  });

  it('should 400 with a Chinese message when the action holds operators or the date is malformed', async () => {
    const bad = await list({ action: '.*' }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.error.details)).toMatch(/操作类型格式不正确/);
    await list({ from: 'yesterday' }).expect(400);
  });

  it('should 403 for a coordinator', async () => {
    const coordinator = await signIn(t, 'coordinator');
    await t.request.get('/api/v1/audit').set('Authorization', coordinator.auth).expect(403);
  });
});
