import { Types } from 'mongoose';
import type { FunnelView, IntentStage, StatRecordsView, StatsView, TargetsView } from '@alliance-hub/types';
import { signIn } from '../../test/factories';
import { startTestApp, type TestApp } from '../../test/test-app';
import { AuditModel } from '../audit/audit.model';
import { EventModel } from '../events/event.model';
import { InteractionModel } from '../interactions/interaction.model';
import { IntentModel } from '../intents/intent.model';
import { OrganizationModel } from '../organizations/organization.model';
import { UserModel } from '../users/user.model';
import { recountAll, storedCounters, syncStats } from './stat-sync';

let t: TestApp;
const now = new Date('2026-07-02T04:00:00Z');
let secretariat: { auth: string };
let coordinator: { auth: string; user: { id: string } };

beforeAll(async () => {
  t = await startTestApp({}, { clock: () => now });
  secretariat = await signIn(t, 'secretariat');
  coordinator = await signIn(t, 'coordinator');
});
afterAll(() => t.close());

/** Beijing wall-clock time → the instant. */
const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

let seq = 0;
async function org(name = `统计单位${++seq}`, extra: Record<string, unknown> = {}) {
  return OrganizationModel.create({
    name,
    nameKey: `${name}-${seq}`,
    kind: 'enterprise',
    region: { province: '黑龙江省', city: '哈尔滨市' },
    ...extra,
  });
}

type Entry = { to: IntentStage; at: Date };
async function intent(entries: Entry[], extra: Record<string, unknown> = {}) {
  const last = entries[entries.length - 1];
  // Written through the driver in the agreed shape of an intent (#14): the counting rules read
  // only these fields, so the test does not follow every required field the intents screens add.
  const doc = {
    _id: new Types.ObjectId(),
    createdAt: now,
    updatedAt: new Date(),
    topic: `合作${++seq}`,
    stage: last.to,
    stageReached: last.to,
    stageEnteredAt: last.at,
    stageHistory: entries.map((e, i) => ({
      from: i === 0 ? null : entries[i - 1].to,
      to: e.to,
      at: e.at,
      recordedAt: now,
      backdated: e.at < now,
    })),
    clientId: `stats-test-${seq}`,
    ...extra,
  };
  await IntentModel.collection.insertOne(doc);
  return doc;
}

async function stats(auth: string, year: number): Promise<StatsView> {
  return (await t.request.get(`/api/v1/stats/${year}`).set('Authorization', auth).expect(200))
    .body as StatsView;
}
const kpi = (view: StatsView, key: string) => view.kpis.find((k) => k.key === key)!;

describe('GET /api/v1/stats/:year counting rules', () => {
  it('should count an event in the Beijing year it took place when it starts on New Year night', async () => {
    const base = { kind: 'closed_door' as const, registrationMode: 'open' as const };
    await EventModel.create({
      ...base,
      title: '跨年前',
      startsAt: bj('2024-12-31T23:00:00'),
      endsAt: bj('2025-01-01T01:00:00'),
      eventCode: 'S1',
    });
    await EventModel.create({
      ...base,
      title: '新年后',
      startsAt: bj('2025-01-01T00:30:00'),
      endsAt: bj('2025-01-01T02:00:00'),
      eventCode: 'S2',
    });
    const y2024 = await stats(coordinator.auth, 2024);
    const y2025 = await stats(coordinator.auth, 2025);
    expect(kpi(y2024, 'events_held').months[11]).toBe(1);
    expect(kpi(y2025, 'events_held').months[0]).toBe(1);
    expect(kpi(y2025, 'events_held').sub).toEqual([{ key: 'closed_door', label: '闭门对接会', value: 1 }]);
  });

  it('should count each stage entry in its own year, a back-dated one in its year, and keep a lost intent stages', async () => {
    const a = await org();
    // Created 2023, moved to negotiating in 2024 (entered late, back-dated), then lost in 2024.
    await intent(
      [
        { to: 'lead', at: bj('2023-11-10T10:00:00') },
        { to: 'intent', at: bj('2023-12-01T10:00:00') },
        { to: 'negotiating', at: bj('2024-03-05T10:00:00') },
      ],
      { status: 'lost', lostReason: 'no_budget', partyOrgIds: [a._id] },
    );
    // A jump from lead straight to signed reaches intent and negotiating the same day.
    await intent(
      [
        { to: 'lead', at: bj('2024-01-10T10:00:00') },
        { to: 'signed', at: bj('2024-02-20T10:00:00') },
      ],
      {
        partyOrgIds: [a._id],
        contract: {
          type: 'transfer',
          amount: 120.5,
          techAmount: 100.25,
          signedAt: bj('2024-02-20T10:00:00'),
        },
        funding: [
          { programme: '省重点研发', amount: 50, status: 'approved', at: bj('2024-05-01T10:00:00') },
          { programme: '市科技计划', amount: 30, status: 'applied', at: bj('2024-05-01T10:00:00') },
        ],
      },
    );
    const y2023 = await stats(coordinator.auth, 2023);
    const y2024 = await stats(coordinator.auth, 2024);
    expect(kpi(y2023, 'intents_created').value).toBe(1);
    expect(kpi(y2024, 'intents_created').value).toBe(1);
    expect(kpi(y2024, 'intents_negotiating').value).toBe(2);
    expect(kpi(y2024, 'intents_negotiating').months[2]).toBe(1);
    expect(kpi(y2024, 'contracts_signed').value).toBe(1);
    expect(kpi(y2024, 'contract_amount').value).toBe(120.5);
    expect(kpi(y2024, 'tech_amount').value).toBe(100.25);
    expect(kpi(y2024, 'funding_won').value).toBe(50);

    const funnel = (
      await t.request.get('/api/v1/stats/2024/funnel').set('Authorization', coordinator.auth).expect(200)
    ).body as FunnelView;
    const entered = Object.fromEntries(funnel.stages.map((s) => [s.stage, s.entered]));
    expect(entered).toEqual({
      lead: 1,
      intent: 1,
      negotiating: 2,
      signed: 1,
      executing: 0,
      industrialised: 0,
    });
    expect(funnel.stages.find((s) => s.stage === 'lead')!.lastYear).toBe(1);
    expect(funnel.stages.find((s) => s.stage === 'negotiating')!.conversionToNext).toBe(0.5);
    // intent → negotiating took 95 days for the lost one and 0 days for the jump: median 47.5.
    expect(funnel.stages.find((s) => s.stage === 'intent')!.medianDaysToNext).toBe(47.5);
  });

  it('should keep the counters equal to a full recount when records are created, moved and deleted', async () => {
    const user = await UserModel.findOne({ role: 'coordinator' }).lean();
    const b = await org();
    const docs = await InteractionModel.create(
      [0, 1, 2].map((i) => ({
        type: 'visit' as const,
        at: bj(`2025-0${i + 3}-10T10:00:00`),
        orgIds: [b._id],
        clientId: `stats-int-${seq}-${i}`,
        createdBy: user?._id,
      })),
    );
    await syncStats();
    await InteractionModel.updateOne({ _id: docs[0]._id }, { $set: { at: bj('2024-06-01T10:00:00') } });
    await InteractionModel.updateOne({ _id: docs[1]._id }, { $set: { deletedAt: new Date() } });
    await syncStats();
    expect(await storedCounters()).toEqual(await recountAll());
    const y2025 = await stats(coordinator.auth, 2025);
    expect(kpi(y2025, 'interactions_logged').value).toBe(1);
  });
});

describe('GET /api/v1/stats/:year/records', () => {
  it('should list exactly the records behind a month figure when drilling down', async () => {
    const view = await stats(coordinator.auth, 2024);
    const figure = kpi(view, 'intents_negotiating');
    const res = await t.request
      .get('/api/v1/stats/2024/records?kpi=intents_negotiating&month=3')
      .set('Authorization', coordinator.auth)
      .expect(200);
    const body = res.body as StatRecordsView;
    expect(body.total).toBe(figure.months[2]);
    expect(body.items.map((i) => i.kind)).toEqual(['intent']);
    expect(body.sum).toBe(figure.months[2]);
  });

  it('should 400 with a Chinese message when the month is out of range', async () => {
    const res = await t.request
      .get('/api/v1/stats/2024/records?kpi=intents_created&month=13')
      .set('Authorization', coordinator.auth)
      .expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('members', () => {
  it('should show a member only its own organization figures and 403 the breakdown', async () => {
    const member = await signIn(t, 'member');
    const own = await org('成员自己的单位');
    await UserModel.updateOne({ _id: member.user.id }, { $set: { orgId: own._id } });
    await intent([{ to: 'lead', at: bj('2024-04-01T10:00:00') }], { partyOrgIds: [own._id] });
    const view = await stats(member.auth, 2024);
    expect(view.scope).toMatchObject({ kind: 'organization', orgName: '成员自己的单位' });
    expect(kpi(view, 'intents_created').value).toBe(1);
    expect(view.kpis.some((k) => k.key === 'events_held')).toBe(false);
    await t.request
      .get('/api/v1/stats/2024/breakdown?by=region')
      .set('Authorization', member.auth)
      .expect(403);
    const guest = await signIn(t, 'guest');
    await t.request.get('/api/v1/stats/2024').set('Authorization', guest.auth).expect(403);
  });
});

describe('GET /api/v1/stats/:year/breakdown', () => {
  it('should group by organization kind with last year alongside', async () => {
    const res = await t.request
      .get('/api/v1/stats/2024/breakdown?by=orgKind')
      .set('Authorization', coordinator.auth)
      .expect(200);
    const row = res.body.rows.find((r: { key: string }) => r.key === 'enterprise');
    expect(row.label).toBe('企业');
    expect(row.values.contracts_signed).toBe(1);
  });

  it('should 400 when grouping by something unknown', async () => {
    await t.request
      .get('/api/v1/stats/2024/breakdown?by=colour')
      .set('Authorization', coordinator.auth)
      .expect(400);
  });
});

describe('PUT /api/v1/targets/:year', () => {
  it('should save targets, audit them, flag a KPI behind a linear pace, and 409 a stale version', async () => {
    const first = await t.request
      .put('/api/v1/targets/2026')
      .set('Authorization', secretariat.auth)
      .send({
        version: 0,
        targets: { events_held: 10, contracts_signed: 4 },
        manual: [
          { key: 'new_high_tech', value: 3, target: 5, source: '市科技局认定名单', asOf: '2026-06-30' },
        ],
      })
      .expect(200);
    const saved = first.body as TargetsView;
    expect(saved.version).toBe(1);
    expect(saved.targets).toEqual({ events_held: 10, contracts_signed: 4 });
    expect(await AuditModel.countDocuments({ action: 'targets.update' })).toBe(1);

    // Half the year gone and nothing held: behind; the hand-entered figure is shown apart.
    const view = await stats(coordinator.auth, 2026);
    expect(kpi(view, 'events_held')).toMatchObject({ target: 10, behindSchedule: true });
    expect(view.manual[0]).toMatchObject({ label: '新增高新技术企业', value: 3, source: '市科技局认定名单' });

    const stale = await t.request
      .put('/api/v1/targets/2026')
      .set('Authorization', secretariat.auth)
      .send({ version: 0, targets: { events_held: 12 } })
      .expect(409);
    expect(stale.body.error.details.current.targets.events_held).toBe(10);
    await t.request
      .put('/api/v1/targets/2026')
      .set('Authorization', secretariat.auth)
      .send({ version: 1, targets: { events_held: 12 } })
      .expect(200);
  });

  it('should 400 with the field named when a hand-entered figure has no source', async () => {
    const res = await t.request
      .put('/api/v1/targets/2027')
      .set('Authorization', secretariat.auth)
      .send({
        version: 0,
        targets: {},
        manual: [{ key: 'knowledge_credit_loans', value: 800, asOf: '2027-01-01' }],
      })
      .expect(400);
    expect(JSON.stringify(res.body.error.details)).toContain('请注明数据来源');
  });

  it('should 400 a negative target and 403 a coordinator', async () => {
    await t.request
      .put('/api/v1/targets/2027')
      .set('Authorization', secretariat.auth)
      .send({ version: 0, targets: { events_held: -1 } })
      .expect(400);
    await t.request
      .put('/api/v1/targets/2027')
      .set('Authorization', coordinator.auth)
      .send({ version: 0, targets: { events_held: 1 } })
      .expect(403);
  });
});
