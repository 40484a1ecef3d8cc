import { Types } from 'mongoose';
import {
  EVENT_KIND_LABELS,
  INTERACTION_TYPE_LABELS,
  CONTRACT_TYPE_LABELS,
  INTENT_STAGE_LABELS,
  MATCH_DISMISS_REASON_LABELS,
  MATCH_TARGET_LABELS,
  MATCH_VERDICT_LABELS,
  OrgKind,
  TIME_CURSOR,
  decodeCursor,
  encodeCursor,
  type StatRecordsQuery,
  type StatRecordsView,
  type StatRecordView,
} from '@alliance-hub/types';
import { forbidden, validation } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { AchievementModel } from '../achievements/achievement.model';
import { DemandModel } from '../demands/demand.model';
import { EventModel } from '../events/event.model';
import { RegistrationModel } from '../events/registration.model';
import { InteractionModel } from '../interactions/interaction.model';
import { IntentModel } from '../intents/intent.model';
import { MatchFeedbackModel } from '../matching/match-feedback.model';
import { OrganizationModel } from '../organizations/organization.model';
import { PersonModel } from '../people/person.model';
import { InterestModel } from '../selections/interest.model';
import { SelectionModel } from '../selections/selection.model';
import { cellKey, parseCellKey, SCALE, type Dim } from './stat-cells';
import { StatCounterModel, StatLedgerModel, StatRecordDateModel } from './stat.model';
import { MATCH_REASON_KPI, type SourceName } from './stat-sources';
import { freshenStats } from './stat-sync';
import { scopeOf } from './stats.service';

const MAX_GROUP_ORGS = 5000;

function orgKindOf(key: string): OrgKind {
  const parsed = OrgKind.safeParse(key);
  if (!parsed.success) throw validation([{ path: 'query.key', message: '单位类型无效' }]);
  return parsed.data;
}

const monthsAsked = (q: StatRecordsQuery) =>
  q.month ? [q.month] : Array.from({ length: 12 }, (_, i) => i + 1);

/**
 * A funnel number's cells: a stage's entries (the member's own organization's for a member), or
 * the moves on from it, whose cells are the dwell-time histogram (one per day count: read from
 * the counters that exist rather than guessed).
 */
async function funnelCellsAsked(actor: Actor, year: number, q: StatRecordsQuery): Promise<string[]> {
  const scope = await scopeOf(actor);
  const stage = q.stage!;
  if (q.measure === 'daysToNext') {
    if (scope.kind === 'organization') throw forbidden('停留天数仅对联盟工作人员开放');
    const counters = await StatCounterModel.find(
      { year, kpi: `dwell:${stage}`, dim: 'days', ...(q.month ? { month: q.month } : {}) },
      { _id: 1 },
    ).lean();
    return counters.map((c) => String(c._id));
  }
  const [dim, value]: [Dim, string] = scope.kind === 'organization' ? ['org', scope.orgId!] : ['all', ''];
  return monthsAsked(q).map((month) => cellKey(`stage:${stage}`, year, month, dim, value));
}

/** The counter cells a drill-down asks for: one KPI, some months, one dimension value each. */
async function cellsAsked(actor: Actor, year: number, q: StatRecordsQuery): Promise<string[]> {
  if (q.stage) return funnelCellsAsked(actor, year, q);
  const scope = await scopeOf(actor);
  let dim: Dim = 'all';
  let values = [''];
  if (scope.kind === 'organization') {
    if (q.by) throw forbidden('分组统计仅对联盟工作人员开放');
    if (q.reason) throw forbidden('不合适原因统计仅对联盟工作人员开放');
    dim = 'org';
    values = [scope.orgId!];
  } else if (q.by && q.key) {
    // Breakdowns are yearly cells (month 0): a breakdown row drills down to the whole year.
    if (q.by === 'organization') [dim, values] = ['orgy', [q.key]];
    else if (q.by === 'coordinator') [dim, values] = ['coord', [q.key]];
    else if (q.by === 'field') [dim, values] = ['field', [q.key]];
    else {
      const [province, city] = q.key.split(' ');
      const filter =
        q.by === 'orgKind'
          ? { kind: orgKindOf(q.key) }
          : q.key === '-'
            ? { 'region.province': { $in: [null, ''] } }
            : { 'region.province': province, ...(city ? { 'region.city': city } : {}) };
      const orgs = await OrganizationModel.find(filter, { _id: 1 }).limit(MAX_GROUP_ORGS).lean();
      [dim, values] = ['orgy', orgs.map((o) => o._id.toHexString())];
    }
  } else if (q.reason) {
    return monthsAsked(q).map((month) => cellKey(MATCH_REASON_KPI, year, month, 'sub', q.reason));
  } else if (q.sub) [dim, values] = ['sub', [q.sub]];
  const yearly = dim === 'orgy' || dim === 'coord' || dim === 'field';
  const months = yearly ? [0] : monthsAsked(q);
  return months.flatMap((month) => values.map((value) => cellKey(q.kpi!, year, month, dim, value)));
}

type Present = (ids: Types.ObjectId[]) => Promise<Map<string, Omit<StatRecordView, 'at' | 'value'>>>;

const names = async (ids: Array<Types.ObjectId | null | undefined>) => {
  const orgs = await OrganizationModel.find({ _id: { $in: ids.filter(Boolean) } }, { name: 1 }).lean();
  return new Map(orgs.map((o) => [o._id.toHexString(), o.name]));
};

const PRESENTERS: Record<SourceName, Present> = {
  async events(ids) {
    const docs = await EventModel.find({ _id: { $in: ids } }, { title: 1, kind: 1, place: 1 }).lean();
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'event',
          id: d._id.toHexString(),
          title: d.title,
          detail: [EVENT_KIND_LABELS[d.kind], d.place].filter(Boolean).join(' · '),
        },
      ]),
    );
  },
  async registrations(ids) {
    const docs = await RegistrationModel.find(
      { _id: { $in: ids } },
      { eventId: 1, personId: 1, orgId: 1, orgName: 1 },
    ).lean();
    const [events, people, orgs] = await Promise.all([
      EventModel.find({ _id: { $in: docs.map((d) => d.eventId) } }, { title: 1 }).lean(),
      PersonModel.find({ _id: { $in: docs.map((d) => d.personId) } }, { name: 1 }).lean(),
      names(docs.map((d) => d.orgId)),
    ]);
    const eventTitle = new Map(events.map((e) => [e._id.toHexString(), e.title]));
    const personName = new Map(people.map((p) => [p._id.toHexString(), p.name]));
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'registration',
          id: d.eventId.toHexString(),
          title: `${personName.get(d.personId.toHexString()) ?? '—'}（${(d.orgId && orgs.get(d.orgId.toHexString())) ?? d.orgName ?? '未关联单位'}）`,
          detail: eventTitle.get(d.eventId.toHexString()) ?? '',
        },
      ]),
    );
  },
  async organizations(ids) {
    const docs = await OrganizationModel.find({ _id: { $in: ids } }, { name: 1, region: 1 }).lean();
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'organization',
          id: d._id.toHexString(),
          title: d.name,
          detail: [d.region?.province, d.region?.city].filter(Boolean).join(' '),
        },
      ]),
    );
  },
  async achievements(ids) {
    const docs = await AchievementModel.find({ _id: { $in: ids } }, { title: 1, ownerOrgId: 1 }).lean();
    const orgs = await names(docs.map((d) => d.ownerOrgId));
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'achievement',
          id: d._id.toHexString(),
          title: d.title,
          detail: orgs.get(d.ownerOrgId.toHexString()) ?? '',
        },
      ]),
    );
  },
  async demands(ids) {
    const docs = await DemandModel.find({ _id: { $in: ids } }, { title: 1, ownerOrgId: 1 }).lean();
    const orgs = await names(docs.map((d) => d.ownerOrgId));
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'demand',
          id: d._id.toHexString(),
          title: d.title,
          detail: orgs.get(d.ownerOrgId.toHexString()) ?? '',
        },
      ]),
    );
  },
  async selections(ids) {
    const docs = await SelectionModel.find(
      { _id: { $in: ids } },
      { eventId: 1, itemKind: 1, orgId: 1 },
    ).lean();
    const orgs = await names(docs.map((d) => d.orgId));
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'selection',
          id: (d.eventId ?? d._id).toHexString(),
          title: `${(d.orgId && orgs.get(d.orgId.toHexString())) ?? '个人'}选了${d.itemKind === 'achievement' ? '成果' : '需求'}`,
          detail: '',
        },
      ]),
    );
  },
  async interests(ids) {
    const docs = await InterestModel.find({ _id: { $in: ids } }, { itemKind: 1, itemId: 1, orgId: 1 }).lean();
    const orgs = await names(docs.map((d) => d.orgId));
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'interest',
          id: d.itemId.toHexString(),
          itemKind: d.itemKind,
          title: `${(d.orgId && orgs.get(d.orgId.toHexString())) ?? '个人'}对${d.itemKind === 'achievement' ? '成果' : '需求'}感兴趣`,
          detail: '活动之外',
        },
      ]),
    );
  },
  async match_feedback(ids) {
    const docs = await MatchFeedbackModel.find(
      { _id: { $in: ids } },
      { subjectKind: 1, subjectId: 1, targetKind: 1, verdict: 1, reason: 1, subjectOrgId: 1, targetOrgId: 1 },
    ).lean();
    const orgs = await names(docs.flatMap((d) => [d.subjectOrgId, d.targetOrgId]));
    const orgName = (id: Types.ObjectId | null | undefined) => (id && orgs.get(id.toHexString())) ?? '—';
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'match',
          id: d.subjectId.toHexString(),
          itemKind: d.subjectKind,
          title: `${orgName(d.subjectOrgId)} ↔ ${orgName(d.targetOrgId)}`,
          detail: [
            d.verdict === 'dismissed' && d.reason
              ? `${MATCH_VERDICT_LABELS[d.verdict]}（${MATCH_DISMISS_REASON_LABELS[d.reason]}）`
              : MATCH_VERDICT_LABELS[d.verdict],
            `${d.subjectKind === 'demand' ? '需求' : '成果'}的${MATCH_TARGET_LABELS[d.targetKind]}推荐`,
          ].join(' · '),
        },
      ]),
    );
  },
  async interactions(ids) {
    const docs = await InteractionModel.find({ _id: { $in: ids } }, { type: 1, orgIds: 1 }).lean();
    const orgs = await names(docs.flatMap((d) => d.orgIds));
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'interaction',
          id: d._id.toHexString(),
          title:
            d.orgIds
              .map((id) => orgs.get(id.toHexString()))
              .filter(Boolean)
              .join('、') || '（未关联单位）',
          detail: INTERACTION_TYPE_LABELS[d.type],
        },
      ]),
    );
  },
  async intents(ids) {
    const docs = await IntentModel.find({ _id: { $in: ids } }, { topic: 1, stage: 1, contract: 1 }).lean();
    return new Map(
      docs.map((d) => [
        d._id.toHexString(),
        {
          kind: 'intent',
          id: d._id.toHexString(),
          title: d.topic,
          detail: [INTENT_STAGE_LABELS[d.stage], d.contract ? CONTRACT_TYPE_LABELS[d.contract.type] : null]
            .filter(Boolean)
            .join(' · '),
        },
      ]),
    );
  },
};

type DateEntry = { l: string; r: Types.ObjectId; a: Date };
type LedgerCells = {
  _id: string;
  src: string;
  rid: Types.ObjectId;
  c: Array<{ k?: string | null; v?: number | null; a?: Date | null }>;
};

/**
 * The records behind a figure, newest first by the date that made each count (a record counting
 * at two dates, such as two fundings, is listed at each): the date index's entries holding the
 * figure's cells, walked by {ks, a, r} from the cursor, checked against the ledger they point at.
 */
export async function listStatRecords(
  actor: Actor,
  year: number,
  q: StatRecordsQuery,
): Promise<StatRecordsView> {
  if (!can(actor, 'stats.read')) throw forbidden();
  const { catchingUp } = await freshenStats();
  // After the catch-up: the dwell cells a funnel drill-down reads are the counters that exist.
  const keys = await cellsAsked(actor, year, q);
  const filter = { ks: { $in: keys } };
  const after = q.cursor ? decodeCursor(TIME_CURSOR, q.cursor) : undefined;
  const from = after
    ? {
        $or: [
          { a: { $lt: new Date(after[0]) } },
          { a: new Date(after[0]), r: { $lt: new Types.ObjectId(after[1]) } },
        ],
      }
    : {};
  const [dates, total, counters] = await Promise.all([
    // One $in over the months' keys: the index {ks, a, r} serves it in order (on the embedded
    // server, a page of a 20,000-record year: 6 ms CPU; one month's key alone: 4 ms). The total's
    // count below costs more (80 ms there, as the ledger's count did before).
    StatRecordDateModel.find({ ...filter, ...from }, { _id: 0, l: 1, r: 1, a: 1 })
      .sort({ a: -1, r: -1 })
      .limit(q.limit + 1)
      .lean<DateEntry[]>(),
    StatRecordDateModel.countDocuments(filter),
    StatCounterModel.find({ _id: { $in: keys } }, { v: 1 }).lean(),
  ]);
  const shown = dates.slice(0, q.limit);
  const keySet = new Set(keys);
  const ledgers = new Map(
    (
      await StatLedgerModel.find({ _id: { $in: [...new Set(shown.map((d) => d.l))] } }).lean<LedgerCells[]>()
    ).map((l) => [l._id, l]),
  );
  // Each entry with the figure's cells of its date in the ledger now; an entry the ledger has
  // moved on from (written late by a process that died, see stat-record-dates.ts) is left out.
  const page = shown.flatMap((d) => {
    const ledger = ledgers.get(d.l);
    const cells = (ledger?.c ?? []).filter(
      (c) => c.k && keySet.has(c.k) && c.a && c.a.getTime() === d.a.getTime(),
    );
    return ledger && cells.length ? [{ src: ledger.src, rid: ledger.rid, cells, a: d.a }] : [];
  });
  const bySource = new Map<SourceName, Types.ObjectId[]>();
  for (const entry of page) {
    const list = bySource.get(entry.src as SourceName) ?? [];
    list.push(entry.rid);
    bySource.set(entry.src as SourceName, list);
  }
  const presented = new Map<string, Omit<StatRecordView, 'at' | 'value'>>();
  for (const [source, ids] of bySource) {
    for (const [id, view] of await PRESENTERS[source](ids)) presented.set(`${source}:${id}`, view);
  }
  const items: StatRecordView[] = page.map(({ cells, ...entry }) => {
    const view = presented.get(`${entry.src}:${entry.rid.toHexString()}`) ?? {
      kind: 'event' as const,
      id: entry.rid.toHexString(),
      title: '（记录已删除）',
      detail: '',
    };
    return {
      ...view,
      at: entry.a.toISOString(),
      // A move's cell is its day count (the key), counted once: its value is the days.
      value:
        q.measure === 'daysToNext'
          ? Number(parseCellKey(cells[0]?.k ?? '').dv)
          : cells.reduce((sum, c) => sum + (c.v ?? 0), 0) / SCALE,
    };
  });
  return {
    items,
    nextCursor:
      dates.length > q.limit
        ? encodeCursor(TIME_CURSOR, [
            shown[shown.length - 1].a.getTime(),
            shown[shown.length - 1].r.toHexString(),
          ])
        : null,
    total,
    sum: Math.round(counters.reduce((sum, c) => sum + c.v, 0)) / SCALE,
    catchingUp,
  };
}
