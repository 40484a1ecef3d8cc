import { Types } from 'mongoose';
import {
  BREAKDOWN_HELP,
  FUNNEL_HELP,
  FUNNEL_STAGE_LABELS,
  FUNNEL_STAGES,
  KPI_DEFINITIONS,
  STAT_KPIS,
  type BreakdownQuery,
  type BreakdownView,
  type FunnelView,
  type KpiView,
  type StatKpi,
  type StatScope,
  type StatsView,
} from '@alliance-hub/types';
import { forbidden } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { OrganizationModel } from '../organizations/organization.model';
import { UserModel } from '../users/user.model';
import { SCALE, type Dim } from './stat-cells';
import { StatCounterModel } from './stat.model';
import { freshenStats, statsGeneration } from './stat-sync';
import { yearElapsed } from './stat-time';
import { getTargets } from './target.service';
import { fieldLabels, subLabel } from './stat-labels';

/** Whose figures: the whole alliance for staff, the member's own organization otherwise. */
export async function scopeOf(actor: Actor): Promise<StatScope> {
  if (!can(actor, 'stats.read')) throw forbidden('成员单位的代表才能查看统计');
  if (can(actor, 'stats.readAll')) return { kind: 'alliance', orgId: null, orgName: null };
  const org = await OrganizationModel.findById(actor.orgId, { name: 1 }).lean();
  return { kind: 'organization', orgId: actor.orgId!.toHexString(), orgName: org?.name ?? null };
}

type CounterLean = { kpi: string; year: number; month: number; dim: Dim; dv: string; v: number };

const COUNTER_FIELDS = { _id: 0, kpi: 1, year: 1, month: 1, dim: 1, dv: 1, v: 1 } as const;

/**
 * The counters a screen reads, each query naming every field of one of the counters' compound
 * indexes by equality: the index then holds exactly the answer, where a prefix ({year, dim})
 * would walk every organization's counters of the year. One query per year, never
 * `year: {$in: [...]}`: a database may gather each year's whole prefix for an $in on an index's
 * first field (the embedded server unites them, a copy of every counter of both years, seconds
 * per request at a province's size), where an equality is a lookup.
 */
async function countersFor(years: number[], scope: StatScope, dims: Dim[]): Promise<CounterLean[]> {
  const find = (filter: Record<string, unknown>) =>
    StatCounterModel.find(filter, COUNTER_FIELDS).lean<CounterLean[]>();
  const reads: Array<Promise<CounterLean[]>> = [];
  if (scope.kind === 'organization') {
    for (const year of years) reads.push(find({ year, dim: 'org', dv: scope.orgId }));
    return (await Promise.all(reads)).flat();
  }
  if (dims.includes('all')) for (const year of years) reads.push(find({ year, dim: 'all', dv: '' }));
  const year = years[0];
  if (dims.includes('sub')) {
    const split = STAT_KPIS.filter((kpi) => KPI_DEFINITIONS[kpi].subLabel);
    reads.push(find({ year, kpi: { $in: split }, dim: 'sub' }));
  }
  if (dims.includes('days')) {
    const dwell = FUNNEL_STAGES.map((stage) => `dwell:${stage}`);
    reads.push(find({ year, kpi: { $in: dwell }, dim: 'days' }));
  }
  return (await Promise.all(reads)).flat();
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export async function getStats(actor: Actor, year: number, now: Date): Promise<StatsView> {
  const scope = await scopeOf(actor);
  const { catchingUp } = await freshenStats();
  const [counters, targets] = await Promise.all([
    countersFor([year, year - 1], scope, ['all', 'sub']),
    getTargets(year),
  ]);
  const pace = yearElapsed(year, now);
  const kpis: KpiView[] = [];
  const visible = STAT_KPIS.filter(
    (kpi) => scope.kind === 'alliance' || KPI_DEFINITIONS[kpi].perOrganization,
  );
  for (const kpi of visible) {
    const definition = KPI_DEFINITIONS[kpi];
    const months = Array<number>(12).fill(0);
    const lastYearMonths = Array<number>(12).fill(0);
    const sub = new Map<string, number>();
    for (const c of counters) {
      if (c.kpi !== kpi) continue;
      const value = c.v / SCALE;
      if (c.dim === 'sub') {
        if (c.year === year) sub.set(c.dv, (sub.get(c.dv) ?? 0) + value);
        continue;
      }
      (c.year === year ? months : lastYearMonths)[c.month - 1] += value;
    }
    const value = round2(months.reduce((a, b) => a + b, 0));
    const target = scope.kind === 'alliance' ? (targets.targets[kpi] ?? null) : null;
    const expectedByNow = target === null ? null : round2(target * pace);
    kpis.push({
      key: kpi,
      label: definition.label,
      unit: definition.unit,
      group: definition.group,
      help: definition.help,
      money: !!definition.money,
      value,
      lastYear: round2(lastYearMonths.reduce((a, b) => a + b, 0)),
      months: months.map(round2),
      lastYearMonths: lastYearMonths.map(round2),
      target,
      completion: target ? round2(value / target) : null,
      expectedByNow,
      // Behind a straight line from 0 on 1 January to the target on 31 December.
      behindSchedule: expectedByNow !== null && pace > 0 && value < expectedByNow,
      sub: [...sub.entries()]
        .filter(([, v]) => v !== 0)
        .map(([key, v]) => ({ key, label: subLabel(kpi, key), value: round2(v) }))
        .sort((a, b) => b.value - a.value),
      source: 'counted',
    });
  }
  return {
    year,
    scope,
    pace: round2(pace),
    asOf: now.toISOString(),
    kpis,
    manual: scope.kind === 'alliance' ? targets.manual : [],
    targetsVersion: targets.version,
    catchingUp,
  };
}

function median(histogram: Map<number, number>): number | null {
  const total = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const sorted = [...histogram.entries()].sort((a, b) => a[0] - b[0]);
  const at = (position: number) => {
    let seen = 0;
    for (const [days, n] of sorted) {
      seen += n;
      if (seen > position) return days;
    }
    return sorted[sorted.length - 1][0];
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

export async function getFunnel(actor: Actor, year: number): Promise<FunnelView> {
  const scope = await scopeOf(actor);
  const { catchingUp } = await freshenStats();
  const counters = await countersFor([year, year - 1], scope, ['all', 'days']);
  const entered = new Map<string, number>();
  const dwell = new Map<string, Map<number, number>>();
  for (const c of counters) {
    const n = c.v / SCALE;
    if (c.kpi.startsWith('stage:') && c.dim !== 'days') {
      const key = `${c.kpi.slice(6)}|${c.year}`;
      entered.set(key, (entered.get(key) ?? 0) + n);
    } else if (c.kpi.startsWith('dwell:') && c.dim === 'days' && c.year === year) {
      const stage = c.kpi.slice(6);
      const histogram = dwell.get(stage) ?? new Map<number, number>();
      histogram.set(Number(c.dv), (histogram.get(Number(c.dv)) ?? 0) + n);
      dwell.set(stage, histogram);
    }
  }
  const stages = FUNNEL_STAGES.map((stage, index) => {
    const here = entered.get(`${stage}|${year}`) ?? 0;
    const next =
      index < FUNNEL_STAGES.length - 1 ? (entered.get(`${FUNNEL_STAGES[index + 1]}|${year}`) ?? 0) : null;
    return {
      stage,
      label: FUNNEL_STAGE_LABELS[stage],
      entered: here,
      lastYear: entered.get(`${stage}|${year - 1}`) ?? 0,
      conversionToNext: next === null || here === 0 ? null : round2(next / here),
      medianDaysToNext: scope.kind === 'alliance' ? median(dwell.get(stage) ?? new Map()) : null,
    };
  });
  return { year, scope, stages, help: FUNNEL_HELP, catchingUp };
}

const BY_LABEL = new Intl.Collator('zh');

const DIM_OF = {
  organization: 'orgy',
  region: 'orgy',
  orgKind: 'orgy',
  coordinator: 'coord',
  field: 'field',
} as const;

/** Rows of a breakdown: the cell key → label, for organization-derived groupings. */
async function groupOrganizations(by: BreakdownQuery['by'], orgIds: string[]) {
  const orgs = await OrganizationModel.find(
    { _id: { $in: orgIds.map((id) => new Types.ObjectId(id)) } },
    { name: 1, kind: 1, region: 1 },
  ).lean();
  const groupOf = new Map<string, { key: string; label: string }>();
  for (const org of orgs) {
    const id = org._id.toHexString();
    if (by === 'organization') groupOf.set(id, { key: id, label: org.name });
    else if (by === 'orgKind') groupOf.set(id, { key: org.kind, label: subLabel('orgKind', org.kind) });
    else {
      const region = [org.region?.province, org.region?.city].filter(Boolean).join(' ');
      groupOf.set(id, { key: region || '-', label: region || '未填地区' });
    }
  }
  return groupOf;
}

type BreakdownRow = BreakdownView['rows'][number];
type BreakdownRows = { kpis: StatKpi[]; rows: BreakdownRow[] };

/**
 * Whole breakdowns (every row, ranked), per year and grouping, with the counters' generation
 * they were read at: a province's breakdown gathers ~10,000 counters, so while nothing is
 * counted it is served again rather than read again. One process's memory; a handful of entries.
 */
const breakdownCache = new Map<string, { generation: number; value: BreakdownRows }>();
const BREAKDOWN_CACHE_MAX = 40;

async function breakdownRows(year: number, by: BreakdownQuery['by']): Promise<BreakdownRows> {
  const dim = DIM_OF[by];
  const kpis = STAT_KPIS.filter((kpi) =>
    dim === 'coord'
      ? KPI_DEFINITIONS[kpi].perCoordinator
      : dim === 'orgy'
        ? KPI_DEFINITIONS[kpi].perOrganization || kpi === 'members_joined'
        : true,
  );
  // Per year, for the reason countersFor gives; only the key and the value come back (the key
  // spells out the rest), half the fields for both ends to encode and decode.
  const counters = (
    await Promise.all(
      [year, year - 1].map((y) =>
        StatCounterModel.find({ year: y, kpi: { $in: kpis }, dim, month: 0 }, { _id: 1, v: 1 }).lean<
          Array<{ _id: string; v: number }>
        >(),
      ),
    )
  )
    .flat()
    .map((c) => {
      // `${kpi}|${year}|0|${dim}|${dv}`: the kpi before the first bar, the value after the fourth.
      const first = c._id.indexOf('|');
      const yearEnd = c._id.indexOf('|', first + 1);
      const fourth = c._id.indexOf('|', c._id.indexOf('|', yearEnd + 1) + 1);
      return {
        kpi: c._id.slice(0, first),
        year: Number(c._id.slice(first + 1, yearEnd)),
        dv: c._id.slice(fourth + 1),
        v: c.v,
      };
    });
  let groupOf: Map<string, { key: string; label: string }>;
  const cellValues = [...new Set(counters.map((c) => c.dv))];
  if (dim === 'orgy') groupOf = await groupOrganizations(by, cellValues);
  else if (dim === 'coord') {
    const users = await UserModel.find(
      { _id: { $in: cellValues.map((id) => new Types.ObjectId(id)) } },
      { displayName: 1 },
    ).lean();
    groupOf = new Map(
      users.map((u) => [u._id.toHexString(), { key: u._id.toHexString(), label: u.displayName }]),
    );
  } else {
    const labels = await fieldLabels(cellValues);
    groupOf = new Map(cellValues.map((code) => [code, { key: code, label: labels.get(code) ?? code }]));
  }
  const rows = new Map<string, BreakdownRow>();
  for (const c of counters) {
    const group = groupOf.get(c.dv) ?? { key: c.dv, label: '（已删除）' };
    const row = rows.get(group.key) ?? { key: group.key, label: group.label, values: {}, lastYear: {} };
    const bucket = c.year === year ? row.values : row.lastYear;
    bucket[c.kpi as StatKpi] = round2((bucket[c.kpi as StatKpi] ?? 0) + c.v / SCALE);
    rows.set(group.key, row);
  }
  // Each row's weight once, not per comparison, and one collator: localeCompare with a locale
  // builds a collator on every call, which over a province's organizations was most of the sort.
  const counted = kpis.filter((kpi) => !KPI_DEFINITIONS[kpi].money);
  const sorted = [...rows.values()]
    .filter((row) => Object.values(row.values).some((v) => v !== 0))
    .map((row) => ({ row, weight: counted.reduce((sum, kpi) => sum + (row.values[kpi] ?? 0), 0) }))
    .sort((a, b) => b.weight - a.weight || BY_LABEL.compare(a.row.label, b.row.label))
    .map(({ row }) => row);
  return { kpis, rows: sorted };
}

export async function getBreakdown(
  actor: Actor,
  year: number,
  query: BreakdownQuery,
): Promise<BreakdownView> {
  if (!can(actor, 'stats.readAll')) throw forbidden('分组统计仅对联盟工作人员开放');
  const scope: StatScope = { kind: 'alliance', orgId: null, orgName: null };
  const { catchingUp } = await freshenStats();
  // Read after the request's own catch-up: what it applied has moved the generation on.
  const generation = await statsGeneration();
  const cacheKey = `${year}|${query.by}`;
  let cached = breakdownCache.get(cacheKey);
  if (cached?.generation !== generation) {
    cached = { generation, value: await breakdownRows(year, query.by) };
    if (breakdownCache.size >= BREAKDOWN_CACHE_MAX) breakdownCache.clear();
    breakdownCache.set(cacheKey, cached);
  }
  const { kpis, rows } = cached.value;
  const offset = query.cursor ? Number(query.cursor) : 0;
  return {
    year,
    by: query.by,
    scope,
    kpis,
    rows: rows.slice(offset, offset + query.limit),
    nextCursor: offset + query.limit < rows.length ? String(offset + query.limit) : null,
    total: rows.length,
    help: BREAKDOWN_HELP,
    catchingUp,
  };
}
