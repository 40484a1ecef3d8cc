import { Types } from 'mongoose';
import {
  DemandDetailView,
  todayInShanghai,
  type FunnelView,
  type IntentStage,
  type StatRecordsView,
  type StatsView,
} from '@alliance-hub/types';
import { signIn } from '../../test/factories';
import { startTestApp, type TestApp } from '../../test/test-app';
import { silentLogger } from '../../logger';
import { AuditModel } from '../audit/audit.model';
import { backfillDemandSolvedAt } from '../demands/demand.migration';
import { DemandModel } from '../demands/demand.model';
import { InteractionModel } from '../interactions/interaction.model';
import { IntentModel } from '../intents/intent.model';
import { MatchFeedbackModel } from '../matching/match-feedback.model';
import { representative, type Rep } from '../publications/publication.test-helpers';
import { InterestModel } from '../selections/interest.model';
import { freshenStats, recountAll, statSyncTuning, storedCounters, syncStats } from './stat-sync';
import { shanghaiMonth } from './stat-time';

let t: TestApp;
let coordinator: Awaited<ReturnType<typeof signIn>>;
let enterprise: Rep;
const thisYear = shanghaiMonth(new Date()).year;
const thisMonth = shanghaiMonth(new Date()).month;

beforeAll(async () => {
  t = await startTestApp();
  coordinator = await signIn(t, 'coordinator');
  enterprise = await representative(t, { kind: 'enterprise' });
});
afterAll(() => t.close());

/** Beijing wall-clock time → the instant. */
const bj = (isoLocal: string) => new Date(`${isoLocal}+08:00`);

async function stats(year: number, auth = coordinator.auth): Promise<StatsView> {
  return (await t.request.get(`/api/v1/stats/${year}`).set('Authorization', auth).expect(200))
    .body as StatsView;
}
const kpi = (view: StatsView, key: string) => view.kpis.find((k) => k.key === key)!;
const sub = (view: StatsView, key: string, subKey: string) =>
  kpi(view, key).sub.find((s) => s.key === subKey)?.value ?? 0;

async function records(year: number, query: string, auth = coordinator.auth) {
  return (
    await t.request.get(`/api/v1/stats/${year}/records?${query}`).set('Authorization', auth).expect(200)
  ).body as StatRecordsView;
}

let seq = 0;
function interaction(extra: Record<string, unknown> = {}) {
  return {
    type: 'visit' as const,
    at: new Date(),
    orgIds: [new Types.ObjectId(enterprise.orgId)],
    clientId: `rules-${++seq}`,
    ...extra,
  };
}

describe('counting rules added in #15 (match feedback, interests, solved demands)', () => {
  it('should count match feedback of both verdicts as matches acted on, once per match even when re-marked', async () => {
    const base = {
      subjectKind: 'demand' as const,
      subjectId: new Types.ObjectId(),
      targetKind: 'achievement' as const,
      actorId: new Types.ObjectId(coordinator.user.id),
    };
    const before = await stats(thisYear);
    const connected = await MatchFeedbackModel.create({
      ...base,
      targetId: new Types.ObjectId(),
      verdict: 'connected',
    });
    await MatchFeedbackModel.create({
      ...base,
      targetId: new Types.ObjectId(),
      verdict: 'dismissed',
      reason: 'not_our_field',
    });
    let view = await stats(thisYear);
    expect(kpi(view, 'matches_acted').source).toBe('counted');
    expect(kpi(view, 'matches_acted').value - kpi(before, 'matches_acted').value).toBe(2);
    expect(sub(view, 'matches_acted', 'connected') - sub(before, 'matches_acted', 'connected')).toBe(1);
    expect(kpi(view, 'matches_acted').help).toContain('不合适');

    // 已对接 changed to 不合适: still one match acted on, now in the other sub-row.
    await MatchFeedbackModel.updateOne(
      { _id: connected._id },
      { $set: { verdict: 'dismissed', reason: 'not_our_field' } },
    );
    view = await stats(thisYear);
    expect(kpi(view, 'matches_acted').value - kpi(before, 'matches_acted').value).toBe(2);
    expect(sub(view, 'matches_acted', 'connected') - sub(before, 'matches_acted', 'connected')).toBe(0);
    expect(sub(view, 'matches_acted', 'dismissed')).toBeGreaterThanOrEqual(2);
  });

  it('should count an event-less 我感兴趣 as a 点菜式 selection of the organization', async () => {
    const before = await stats(thisYear);
    await InterestModel.create({
      itemKind: 'achievement',
      itemId: new Types.ObjectId(),
      personId: new Types.ObjectId(enterprise.personId),
      userId: new Types.ObjectId(enterprise.user.id),
      orgId: new Types.ObjectId(enterprise.orgId),
    });
    const view = await stats(thisYear);
    expect(kpi(view, 'selections').value - kpi(before, 'selections').value).toBe(1);
    expect(kpi(view, 'selections').sub).toContainEqual({ key: 'interest', label: '我感兴趣', value: 1 });
    expect(kpi(view, 'selections').help).toContain('我感兴趣');
    // The member's own figures count it too, and the drill-down names the item it is about.
    const own = await stats(thisYear, enterprise.auth);
    expect(kpi(own, 'selections').value).toBe(1);
    const list = await records(thisYear, 'kpi=selections&sub=interest');
    expect(list.items).toMatchObject([{ kind: 'interest', itemKind: 'achievement', detail: '活动之外' }]);
  });

  it('should count a demand as solved in the month it became solved, not when it was last edited', async () => {
    const post = (path: string, body: object, auth: string) =>
      t.request.post(`/api/v1/demands${path}`).set('Authorization', auth).send(body);
    const draft = DemandDetailView.parse(
      (
        await post(
          '',
          {
            title: '铝合金焊接变形控制',
            description: '焊后变形超差，希望联合攻关。',
            fields: ['metal_materials'],
            deadline: todayInShanghai(),
            cooperationModes: ['joint_research'],
          },
          enterprise.auth,
        ).expect(201)
      ).body,
    );
    await post(`/${draft.id}/submit`, {}, enterprise.auth).expect(200);
    await post(`/${draft.id}/approve`, {}, coordinator.auth).expect(200);
    const patch = (body: object) =>
      t.request.patch(`/api/v1/demands/${draft.id}`).set('Authorization', enterprise.auth).send(body);

    await patch({ progress: 'solved' }).expect(200);
    const solved = await DemandModel.findById(draft.id).lean();
    expect(solved?.solvedAt).toBeInstanceOf(Date);
    // Editing something else later does not move the solved date.
    await patch({ budgetNegotiable: true }).expect(200);
    expect((await DemandModel.findById(draft.id).lean())?.solvedAt).toEqual(solved?.solvedAt);
    expect(kpi(await stats(thisYear), 'demands_solved').months[thisMonth - 1]).toBe(1);

    // Solved back in May 2024 (e.g. recorded then), edited today: it counts in May 2024.
    await DemandModel.updateOne({ _id: draft.id }, { $set: { solvedAt: bj('2024-05-10T10:00:00') } });
    expect(kpi(await stats(2024), 'demands_solved').months[4]).toBe(1);
    expect(kpi(await stats(thisYear), 'demands_solved').value).toBe(0);
    expect(kpi(await stats(2024), 'demands_solved').help).toContain('改为已解决的日期');

    // Reopened: no longer solved, the date goes.
    await patch({ progress: 'in_talks' }).expect(200);
    expect((await DemandModel.findById(draft.id).lean())?.solvedAt).toBeUndefined();
    expect(kpi(await stats(2024), 'demands_solved').value).toBe(0);
  });

  it('should backfill solvedAt from the audited change to solved, else from the last change', async () => {
    const owner = new Types.ObjectId(enterprise.orgId);
    const common = {
      title: '历史需求',
      description: '已解决',
      ownerOrgId: owner,
      ownerKind: 'enterprise',
      status: 'published',
      progress: 'solved',
      publishedAt: bj('2023-01-05T10:00:00'),
      createdBy: new Types.ObjectId(enterprise.user.id),
    };
    const audited = new Types.ObjectId();
    const unaudited = new Types.ObjectId();
    await DemandModel.collection.insertMany([
      { ...common, _id: audited, createdAt: new Date(), updatedAt: bj('2025-08-01T10:00:00') },
      { ...common, _id: unaudited, createdAt: new Date(), updatedAt: bj('2023-09-01T10:00:00') },
    ]);
    await AuditModel.create({
      at: bj('2023-03-15T10:00:00'),
      action: 'demand.update',
      entity: { type: 'demand', id: audited },
      before: { progress: 'in_talks' },
      after: { progress: 'solved' },
    });
    await backfillDemandSolvedAt(silentLogger());
    expect((await DemandModel.findById(audited).lean())?.solvedAt).toEqual(bj('2023-03-15T10:00:00'));
    expect((await DemandModel.findById(unaudited).lean())?.solvedAt).toEqual(bj('2023-09-01T10:00:00'));
    const y2023 = await stats(2023);
    expect(kpi(y2023, 'demands_solved').months[2]).toBe(1);
    expect(kpi(y2023, 'demands_solved').months[8]).toBe(1);
    expect(kpi(await stats(2025), 'demands_solved').value).toBe(0);
  });
});

type Entry = { to: IntentStage; at: Date };
async function intent(entries: Entry[], partyOrgIds: Types.ObjectId[]) {
  const last = entries[entries.length - 1];
  await IntentModel.collection.insertOne({
    _id: new Types.ObjectId(),
    createdAt: new Date(),
    updatedAt: new Date(),
    topic: `漏斗${++seq}`,
    stage: last.to,
    stageReached: last.to,
    stageEnteredAt: last.at,
    stageHistory: entries.map((e, i) => ({
      from: i === 0 ? null : entries[i - 1].to,
      to: e.to,
      at: e.at,
      recordedAt: new Date(),
      backdated: true,
    })),
    partyOrgIds,
    clientId: `funnel-${seq}`,
  });
}

describe('GET /api/v1/stats/:year/records for a funnel stage', () => {
  beforeAll(async () => {
    const own = new Types.ObjectId(enterprise.orgId);
    await intent(
      [
        { to: 'lead', at: bj('2022-02-01T10:00:00') },
        { to: 'intent', at: bj('2022-02-11T10:00:00') },
        { to: 'negotiating', at: bj('2022-03-01T10:00:00') },
      ],
      [own],
    );
    await intent(
      [
        { to: 'lead', at: bj('2022-04-01T10:00:00') },
        { to: 'intent', at: bj('2022-04-05T10:00:00') },
      ],
      [new Types.ObjectId()],
    );
  });

  it('should list exactly the intents behind each stage count and its conversion', async () => {
    const funnel = (
      await t.request.get('/api/v1/stats/2022/funnel').set('Authorization', coordinator.auth).expect(200)
    ).body as FunnelView;
    const stage = (s: string) => funnel.stages.find((x) => x.stage === s)!;
    for (const s of ['lead', 'intent', 'negotiating', 'signed'] as const) {
      const list = await records(2022, `stage=${s}`);
      expect(list.total).toBe(stage(s).entered);
      expect(list.sum).toBe(stage(s).entered);
      expect(list.items.every((i) => i.kind === 'intent')).toBe(true);
    }
    // intent → negotiating converted 1 of 2: the numerator drills down as the next stage.
    expect(stage('intent').conversionToNext).toBe(0.5);
    expect((await records(2022, 'stage=negotiating')).items.map((i) => i.title)).toHaveLength(1);
    expect((await records(2022, 'stage=lead&month=4')).total).toBe(1);
  });

  it('should list the moves on from a stage with their days when drilling into the median', async () => {
    const list = await records(2022, 'stage=lead&measure=daysToNext');
    expect(list.items.map((i) => i.value).sort((a, b) => a - b)).toEqual([4, 10]);
    const funnel = (
      await t.request.get('/api/v1/stats/2022/funnel').set('Authorization', coordinator.auth).expect(200)
    ).body as FunnelView;
    expect(funnel.stages.find((s) => s.stage === 'lead')!.medianDaysToNext).toBe(7);
  });

  it('should show a member only its own organization entries and 403 the days', async () => {
    const list = await records(2022, 'stage=lead', enterprise.auth);
    expect(list.total).toBe(1);
    await t.request
      .get('/api/v1/stats/2022/records?stage=lead&measure=daysToNext')
      .set('Authorization', enterprise.auth)
      .expect(403);
  });

  it('should 400 with a Chinese message when a KPI and a stage are both named, or neither', async () => {
    const both = await t.request
      .get('/api/v1/stats/2022/records?kpi=intents_created&stage=lead')
      .set('Authorization', coordinator.auth)
      .expect(400);
    expect(JSON.stringify(both.body.error.details)).toContain('请选择一个统计指标或一个漏斗阶段');
    await t.request.get('/api/v1/stats/2022/records').set('Authorization', coordinator.auth).expect(400);
    await t.request
      .get('/api/v1/stats/2022/records?stage=middle')
      .set('Authorization', coordinator.auth)
      .expect(400);
  });
});

describe('catching up (the dashboard answers from counters it keeps current)', () => {
  it('should apply nothing when nothing changed, and exactly the new writes when something did', async () => {
    await syncStats();
    expect(await freshenStats()).toEqual({ catchingUp: false, applied: 0 });
    await InteractionModel.create([interaction(), interaction()]);
    expect(await freshenStats()).toEqual({ catchingUp: false, applied: 2 });
    expect(await freshenStats()).toEqual({ catchingUp: false, applied: 0 });
  });

  it('should show a write in the next dashboard request, to every concurrent reader', async () => {
    await syncStats();
    const before = kpi(await stats(thisYear), 'interactions_logged').value;
    await t.request
      .post('/api/v1/interactions')
      .set('Authorization', coordinator.auth)
      .send({ clientId: `rules-api-${++seq}`, type: 'visit', participants: { orgIds: [enterprise.orgId] } })
      .expect(201);
    const views = await Promise.all([1, 2, 3, 4, 5].map(() => stats(thisYear)));
    for (const view of views) expect(kpi(view, 'interactions_logged').value).toBe(before + 1);
  });

  it('should flag a backlog too large to apply in a request, refuse the report meanwhile, and count it after a pass', async () => {
    await syncStats();
    const before = kpi(await stats(thisYear), 'interactions_logged').value;
    const limit = statSyncTuning.requestApplyLimit;
    statSyncTuning.requestApplyLimit = 3;
    try {
      await InteractionModel.create([1, 2, 3, 4, 5].map(() => interaction()));
      const secretariat = await signIn(t, 'secretariat');
      const report = await t.request
        .get(`/api/v1/reports/${thisYear}.xlsx`)
        .set('Authorization', secretariat.auth)
        .expect(409);
      expect(report.body.error).toMatchObject({ code: 'STATS_CATCHING_UP' });
      expect(report.body.error.message).toContain('请几分钟后再导出');
      const during = await stats(thisYear);
      expect(during.catchingUp).toBe(true);
      // The request started a pass; it (and one more) ends here.
      await syncStats();
    } finally {
      statSyncTuning.requestApplyLimit = limit;
    }
    const after = await stats(thisYear);
    expect(after.catchingUp).toBe(false);
    expect(kpi(after, 'interactions_logged').value).toBe(before + 5);
  });

  it('should keep the counters equal to a full recount after all of the above', async () => {
    await syncStats();
    expect(await storedCounters()).toEqual(await recountAll());
  });
});
