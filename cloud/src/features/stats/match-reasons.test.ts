import { Types } from 'mongoose';
import type { MatchReasonsView, StatRecordsView, StatsView } from '@alliance-hub/types';
import { signIn, signInMemberOf, createOrganization } from '../../test/factories';
import { startTestApp, type TestApp } from '../../test/test-app';
import { MatchFeedbackModel } from '../matching/match-feedback.model';
import { recountAll, storedCounters } from './stat-sync';

let t: TestApp;
let coordinator: { auth: string; user: { id: string } };
let demandOrg: Types.ObjectId;
let achievementOrg: Types.ObjectId;

/** Beijing wall-clock time → the instant. */
const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await signIn(t, 'coordinator');
  demandOrg = (await createOrganization('沈阳铸造厂'))._id;
  achievementOrg = (await createOrganization('东北大学材料学院'))._id;
});
afterAll(() => t.close());

/**
 * A mark as the feedback endpoint stores it, dated through the driver (mongoose would stamp
 * createdAt now): the statistics read exactly these fields.
 */
async function mark(createdAt: Date, fields: { verdict: 'dismissed' | 'connected'; reason?: string }) {
  const doc = {
    subjectKind: 'demand',
    subjectId: new Types.ObjectId(),
    targetKind: 'achievement',
    targetId: new Types.ObjectId(),
    actorId: new Types.ObjectId(coordinator.user.id),
    subjectOrgId: demandOrg,
    targetOrgId: achievementOrg,
    createdAt,
    updatedAt: new Date(),
    ...fields,
  };
  const { insertedId } = await MatchFeedbackModel.collection.insertOne(doc);
  return insertedId;
}

async function reasons(year: number, auth = coordinator.auth): Promise<MatchReasonsView> {
  return (await t.request.get(`/api/v1/stats/${year}/match-reasons`).set('Authorization', auth).expect(200))
    .body as MatchReasonsView;
}
const count = (view: MatchReasonsView, key: string) => view.reasons.find((r) => r.key === key)?.value;

async function records(year: number, query: string): Promise<StatRecordsView> {
  return (
    await t.request
      .get(`/api/v1/stats/${year}/records?${query}`)
      .set('Authorization', coordinator.auth)
      .expect(200)
  ).body as StatRecordsView;
}

describe('GET /api/v1/stats/:year/match-reasons', () => {
  it('should count a 不合适 mark under its reason in the Beijing year it was made, not in another year', async () => {
    await mark(bj('2024-12-31T23:30:00'), { verdict: 'dismissed', reason: 'cost' });
    // 00:30 on 1 January in Beijing is still 31 December in UTC: it belongs to 2025.
    await mark(bj('2025-01-01T00:30:00'), { verdict: 'dismissed', reason: 'cost' });
    await mark(bj('2025-06-10T10:00:00'), { verdict: 'dismissed', reason: 'not_our_field' });
    await mark(bj('2025-06-11T10:00:00'), { verdict: 'connected' });

    const view = await reasons(2025);
    expect(count(view, 'cost')).toBe(1);
    expect(count(view, 'not_our_field')).toBe(1);
    expect(count(view, 'too_early')).toBe(0);
    expect(view.total).toBe(2);
    expect(view.lastYearTotal).toBe(1);
    // Every reason is listed, the most frequent first, each with its Chinese label.
    expect(view.reasons).toHaveLength(6);
    expect(view.reasons.slice(2).every((r) => r.value === 0)).toBe(true);
    expect(view.reasons.find((r) => r.key === 'cost')?.label).toBe('成本不合适');
    expect(view.help).toContain('不合适');
    expect(count(await reasons(2024), 'cost')).toBe(1);

    // The reasons add up to the 不合适 sub-row of matches acted on.
    const stats = (
      await t.request.get('/api/v1/stats/2025').set('Authorization', coordinator.auth).expect(200)
    ).body as StatsView;
    const acted = stats.kpis.find((k) => k.key === 'matches_acted')!;
    expect(acted.sub.find((s) => s.key === 'dismissed')?.value).toBe(view.total);

    // Drilling into a reason lists exactly the marks behind its count, with the reason named.
    const list = await records(2025, 'kpi=matches_acted&reason=cost');
    expect(list.total).toBe(1);
    expect(list.sum).toBe(1);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      kind: 'match',
      itemKind: 'demand',
      title: '沈阳铸造厂 ↔ 东北大学材料学院',
      at: bj('2025-01-01T00:30:00').toISOString(),
    });
    expect(list.items[0].detail).toContain('不合适（成本不合适）');
  });

  it('should count a mark whose verdict or reason changed once, under its latest reason', async () => {
    const id = await mark(bj('2023-03-01T10:00:00'), { verdict: 'dismissed', reason: 'cost' });
    expect(count(await reasons(2023), 'cost')).toBe(1);

    await MatchFeedbackModel.updateOne({ _id: id }, { $set: { reason: 'unclear' } });
    let view = await reasons(2023);
    expect(count(view, 'cost')).toBe(0);
    expect(count(view, 'unclear')).toBe(1);
    expect(view.total).toBe(1);

    // 已对接 leaves the reasons; 不合适 again counts once, in the year of the first mark.
    await MatchFeedbackModel.updateOne(
      { _id: id },
      { $set: { verdict: 'connected' }, $unset: { reason: 1 } },
    );
    expect((await reasons(2023)).total).toBe(0);
    await MatchFeedbackModel.updateOne({ _id: id }, { $set: { verdict: 'dismissed', reason: 'too_early' } });
    view = await reasons(2023);
    expect(view.total).toBe(1);
    expect(count(view, 'too_early')).toBe(1);
    expect((await records(2023, 'kpi=matches_acted&reason=unclear')).total).toBe(0);
    expect((await records(2023, 'kpi=matches_acted&reason=too_early')).items).toHaveLength(1);

    // The counters still equal a full recount from the sources.
    expect(await storedCounters()).toEqual(await recountAll());
  });

  it('should count a 不合适 mark stored without a reason as 其他原因', async () => {
    await mark(bj('2022-05-01T10:00:00'), { verdict: 'dismissed' });
    expect(count(await reasons(2022), 'other')).toBe(1);
  });

  it('should 403 a member and 401 without a session', async () => {
    const member = await signInMemberOf(t, demandOrg);
    await t.request.get('/api/v1/stats/2025/match-reasons').set('Authorization', member.auth).expect(403);
    await t.request
      .get('/api/v1/stats/2025/records?kpi=matches_acted&reason=cost')
      .set('Authorization', member.auth)
      .expect(403);
    await t.request.get('/api/v1/stats/2025/match-reasons').expect(401);
  });

  it('should 400 an unknown reason, and a reason asked of another KPI', async () => {
    const unknown = await t.request
      .get('/api/v1/stats/2025/records?kpi=matches_acted&reason=bogus')
      .set('Authorization', coordinator.auth)
      .expect(400);
    expect(unknown.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(unknown.body.error)).toContain('请选择不合适的原因');
    const wrongKpi = await t.request
      .get('/api/v1/stats/2025/records?kpi=events_held&reason=cost')
      .set('Authorization', coordinator.auth)
      .expect(400);
    expect(JSON.stringify(wrongKpi.body.error)).toContain('不合适原因只能在精准对接反馈下查看');
  });
});
