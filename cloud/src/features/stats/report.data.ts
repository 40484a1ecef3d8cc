import {
  BREAKDOWN_DIMENSIONS,
  BREAKDOWN_DIMENSION_LABELS,
  CONTRACT_TYPE_LABELS,
  EVENT_KIND_LABELS,
  type BreakdownView,
  type FunnelView,
  type MatchReasonsView,
  type StatRecordsQuery,
  type StatRecordView,
  type StatsView,
} from '@alliance-hub/types';
import { AppError } from '../../errors';
import type { Actor } from '../../policy/policy';
import { EventModel } from '../events/event.model';
import { IntentModel } from '../intents/intent.model';
import { OrganizationModel } from '../organizations/organization.model';
import { getMatchReasons } from './match-reasons';
import { listStatRecords } from './stat-records';
import { getBreakdown, getFunnel, getStats } from './stats.service';
import { shanghaiDate, shanghaiYearStart } from './stat-time';

/** Records per figure in the workbook: beyond this the sheet says how many more the screen lists. */
export const REPORT_RECORDS_PER_KPI = 2000;

export type ReportData = {
  stats: StatsView;
  funnel: FunnelView;
  breakdowns: Array<{ by: BreakdownView['by']; label: string; view: BreakdownView }>;
  records: Array<{ kpi: string; label: string; total: number; items: StatRecordView[] }>;
  /** The year's 不合适 marks by reason, and the marks behind each reason that has any. */
  matchReasons: MatchReasonsView;
  reasonRecords: Array<{ reason: string; label: string; total: number; items: StatRecordView[] }>;
  largestContracts: Array<{
    topic: string;
    type: string;
    amount: number;
    techAmount: number;
    signedAt: string;
    parties: string;
  }>;
  industrialised: Array<{ topic: string; at: string; chain: string }>;
  events: Array<{ title: string; kind: string; date: string; place: string }>;
};

async function allRows(actor: Actor, year: number, by: BreakdownView['by']): Promise<BreakdownView> {
  const first = await getBreakdown(actor, year, { by, limit: 100 });
  let next = first.nextCursor;
  while (next) {
    const page = await getBreakdown(actor, year, { by, limit: 100, cursor: next });
    first.rows.push(...page.rows);
    next = page.nextCursor;
  }
  return { ...first, nextCursor: null };
}

async function recordsOf(actor: Actor, year: number, query: Pick<StatRecordsQuery, 'kpi' | 'reason'>) {
  const items: StatRecordView[] = [];
  let cursor: string | undefined;
  let total = 0;
  do {
    const page = await listStatRecords(actor, year, { ...query, limit: 100, cursor });
    items.push(...page.items);
    total = page.total;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < REPORT_RECORDS_PER_KPI);
  return { items, total };
}

/** Everything the annual report shows, read through the same functions as the screens. */
export async function reportData(actor: Actor, year: number, now: Date): Promise<ReportData> {
  const stats = await getStats(actor, year, now);
  // A report is exchanged with government offices: never one counted from half the records.
  if (stats.catchingUp) {
    throw new AppError(
      409,
      'STATS_CATCHING_UP',
      '统计数据正在更新（首次启动或大批量导入之后），请几分钟后再导出报告',
    );
  }
  const funnel = await getFunnel(actor, year);
  const breakdowns = [];
  for (const by of BREAKDOWN_DIMENSIONS) {
    breakdowns.push({ by, label: BREAKDOWN_DIMENSION_LABELS[by], view: await allRows(actor, year, by) });
  }
  const records = [];
  for (const kpi of stats.kpis) {
    records.push({ kpi: kpi.key, label: kpi.label, ...(await recordsOf(actor, year, { kpi: kpi.key })) });
  }
  const matchReasons = await getMatchReasons(actor, year);
  const reasonRecords = [];
  for (const row of matchReasons.reasons.filter((r) => r.value > 0)) {
    const marks = await recordsOf(actor, year, { kpi: 'matches_acted', reason: row.key });
    reasonRecords.push({ reason: row.key, label: row.label, ...marks });
  }
  const from = shanghaiYearStart(year);
  const to = shanghaiYearStart(year + 1);
  const contracts = await IntentModel.find(
    { 'contract.signedAt': { $gte: from, $lt: to } },
    { topic: 1, contract: 1, partyOrgIds: 1 },
  )
    .sort({ 'contract.amount': -1 })
    .limit(10)
    .lean();
  const orgNames = new Map(
    (
      await OrganizationModel.find(
        { _id: { $in: contracts.flatMap((c) => c.partyOrgIds) } },
        { name: 1 },
      ).lean()
    ).map((o) => [o._id.toHexString(), o.name]),
  );
  const industrialised = await IntentModel.find(
    { stageHistory: { $elemMatch: { to: 'industrialised', at: { $gte: from, $lt: to } } } },
    { topic: 1, stageHistory: 1, parentId: 1 },
  )
    .limit(50)
    .lean();
  const chainOf = async (parentId: unknown): Promise<string> => {
    const topics: string[] = [];
    let id = parentId;
    // A chain is a handful of years; the guard stops a corrupted cycle.
    for (let i = 0; id && i < 10; i++) {
      const parent = await IntentModel.findById(id, { topic: 1, parentId: 1 }).lean();
      if (!parent) break;
      topics.unshift(parent.topic);
      id = parent.parentId;
    }
    return topics.join(' → ');
  };
  const events = await EventModel.find(
    { startsAt: { $gte: from, $lt: to } },
    { title: 1, kind: 1, startsAt: 1, place: 1 },
  )
    .sort({ startsAt: 1 })
    .limit(500)
    .lean();
  return {
    stats,
    funnel,
    breakdowns,
    records,
    matchReasons,
    reasonRecords,
    largestContracts: contracts.map((c) => ({
      topic: c.topic,
      type: c.contract ? CONTRACT_TYPE_LABELS[c.contract.type] : '',
      amount: c.contract?.amount ?? 0,
      techAmount: c.contract?.techAmount ?? 0,
      signedAt: c.contract ? shanghaiDate(c.contract.signedAt) : '',
      parties: c.partyOrgIds
        .map((id) => orgNames.get(id.toHexString()) ?? '')
        .filter(Boolean)
        .join('、'),
    })),
    industrialised: await Promise.all(
      industrialised.map(async (i) => ({
        topic: i.topic,
        at: shanghaiDate(i.stageHistory.find((h) => h.to === 'industrialised')!.at),
        chain: await chainOf(i.parentId),
      })),
    ),
    events: events.map((e) => ({
      title: e.title,
      kind: EVENT_KIND_LABELS[e.kind],
      date: shanghaiDate(e.startsAt),
      place: e.place ?? '',
    })),
  };
}

export const formatValue = (value: number, money: boolean) =>
  money ? value.toFixed(2) : String(Math.round(value * 100) / 100);
