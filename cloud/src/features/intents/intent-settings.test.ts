import { randomUUID } from 'node:crypto';
import { IntentSettingsView, IntentView, type IntentCreateBody } from '@alliance-hub/types';
import { startTestApp, type TestApp } from '../../test/test-app';
import { createOrganization, signIn } from '../../test/factories';
import { AuditModel } from '../audit/audit.model';

const now = new Date('2026-06-15T02:00:00Z');
const DAY = 24 * 3600_000;
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { clock: () => now });
});
afterAll(() => t.close());

const DEFAULTS = { lead: 14, intent: 30, negotiating: 21, signed: 60, executing: 90 };

const org = createOrganization;

async function readSettings(auth: string) {
  const res = await t.request.get('/api/v1/intents/settings').set('Authorization', auth).expect(200);
  return IntentSettingsView.parse(res.body);
}

const put = (auth: string, body: object) =>
  t.request.put('/api/v1/intents/settings').set('Authorization', auth).send(body);

// The tests run in order over one database: each starts from what the previous one saved.
describe('GET/PUT /api/v1/intents/settings', () => {
  it('should answer the defaults at version 0 when nothing was ever saved', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const settings = await readSettings(coordinator.auth);
    expect(settings).toMatchObject({ version: 0, staleDays: DEFAULTS, updatedAt: null, updatedBy: null });
  });

  it('should 401 when signed out and 403 when a member reads or a coordinator saves', async () => {
    const member = await signIn(t, 'member');
    const coordinator = await signIn(t, 'coordinator');
    await t.request.get('/api/v1/intents/settings').expect(401);
    await t.request.get('/api/v1/intents/settings').set('Authorization', member.auth).expect(403);
    const res = await put(coordinator.auth, { version: 0, staleDays: DEFAULTS });
    expect(res.status).toBe(403);
    expect((await readSettings(coordinator.auth)).version).toBe(0);
  });

  it('should 400 with a Chinese message at the stage when a day count is out of range or not whole', async () => {
    const secretariat = await signIn(t, 'secretariat');
    const zero = await put(secretariat.auth, { version: 0, staleDays: { ...DEFAULTS, lead: 0 } });
    expect(zero.status).toBe(400);
    expect(zero.body.error.code).toBe('VALIDATION_FAILED');
    expect(zero.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'body.staleDays.lead', message: '至少 1 天' }),
    );
    const half = await put(secretariat.auth, { version: 0, staleDays: { ...DEFAULTS, signed: 7.5 } });
    expect(half.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'body.staleDays.signed', message: '天数应为整数' }),
    );
    const missing = await put(secretariat.auth, { staleDays: DEFAULTS });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'body.version', message: '缺少版本号，请刷新后重试' }),
    );
    expect((await readSettings(secretariat.auth)).version).toBe(0);
  });

  it('should save at version 1, audit it, and decide the stale badge by the new days', async () => {
    const coordinator = await signIn(t, 'coordinator');
    const secretariat = await signIn(t, 'secretariat');
    const payload: IntentCreateBody = {
      clientId: randomUUID(),
      topic: '停滞设置验证意向',
      parties: [{ organizationId: (await org('设置甲')).id, role: 'demand' }],
      at: new Date(now.getTime() - 20 * DAY).toISOString(),
    };
    const created = await t.request
      .post('/api/v1/intents')
      .set('Authorization', coordinator.auth)
      .send(payload);
    expect(created.status).toBe(201);
    const intent = IntentView.parse(created.body);
    // 20 days as a lead: stale at the default 14.
    expect(intent.stale).toBe(true);

    const saved = await put(secretariat.auth, { version: 0, staleDays: { ...DEFAULTS, lead: 30 } });
    expect(saved.status).toBe(200);
    expect(IntentSettingsView.parse(saved.body)).toMatchObject({
      version: 1,
      staleDays: { ...DEFAULTS, lead: 30 },
      updatedBy: { id: secretariat.user.id },
      updatedAt: now.toISOString(),
    });
    expect((await readSettings(coordinator.auth)).staleDays.lead).toBe(30);
    const after = await t.request
      .get(`/api/v1/intents/${intent.id}`)
      .set('Authorization', coordinator.auth)
      .expect(200);
    expect(after.body.stale).toBe(false);
    const audit = await AuditModel.findOne({ action: 'intent.settings' }).lean();
    expect(audit?.before).toMatchObject({ staleDays: DEFAULTS });
    expect(audit?.after).toMatchObject({ staleDays: { lead: 30 }, version: 1 });
  });

  it('should 409 with the current settings when someone saved since the form was loaded', async () => {
    const first = await signIn(t, 'secretariat');
    const second = await signIn(t, 'secretariat');
    const loaded = await readSettings(first.auth);
    expect(loaded.version).toBe(1);
    const win = await put(first.auth, { version: 1, staleDays: { ...loaded.staleDays, intent: 45 } });
    expect(win.status).toBe(200);
    expect(win.body.version).toBe(2);

    const lose = await put(second.auth, { version: 1, staleDays: { ...loaded.staleDays, negotiating: 10 } });
    expect(lose.status).toBe(409);
    expect(lose.body.error.code).toBe('CONFLICT');
    const current = IntentSettingsView.parse(lose.body.error.details.current);
    expect(current).toMatchObject({ version: 2, staleDays: { intent: 45, negotiating: 21 } });

    // Creating again (version 0) over saved settings is a conflict too, never an overwrite.
    const recreate = await put(second.auth, { version: 0, staleDays: DEFAULTS });
    expect(recreate.status).toBe(409);
    expect((await readSettings(first.auth)).staleDays).toMatchObject({ intent: 45, negotiating: 21 });
  });

  it('should let exactly one of two saves at the same version win', async () => {
    const secretariat = await signIn(t, 'secretariat');
    const { version, staleDays } = await readSettings(secretariat.auth);
    const answers = await Promise.all(
      [5, 6].map((executing) => put(secretariat.auth, { version, staleDays: { ...staleDays, executing } })),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = answers.find((r) => r.status === 200)!.body as IntentSettingsView;
    expect((await readSettings(secretariat.auth)).staleDays.executing).toBe(winner.staleDays.executing);
  });
});
