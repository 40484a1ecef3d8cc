import {
  MATCH_DISMISS_REASON_LABELS,
  MATCH_DISMISS_REASONS,
  MATCH_REASONS_HELP,
  type MatchReasonsView,
} from '@alliance-hub/types';
import { forbidden } from '../../errors';
import { can, type Actor } from '../../policy/policy';
import { SCALE } from './stat-cells';
import { MATCH_REASON_KPI } from './stat-sources';
import { StatCounterModel } from './stat.model';
import { freshenStats } from './stat-sync';

/**
 * The year's 不合适 marks by reason: the secretariat reads them to tune the matching. Staff only,
 * like matches_acted (feedback belongs to the alliance's matching, not to one organization).
 */
export async function getMatchReasons(actor: Actor, year: number): Promise<MatchReasonsView> {
  if (!can(actor, 'stats.readAll')) throw forbidden('不合适原因统计仅对联盟工作人员开放');
  const { catchingUp } = await freshenStats();
  // {year, kpi, dim} by equality, one read per year: the counters' index then holds exactly these
  // (12 months × reasons), where year: {$in} made the embedded server walk more (see 8469021).
  const read = (y: number) =>
    StatCounterModel.find(
      { year: y, kpi: MATCH_REASON_KPI, dim: 'sub' },
      { _id: 0, year: 1, dv: 1, v: 1 },
    ).lean<Array<{ year: number; dv: string; v: number }>>();
  const counters = (await Promise.all([read(year), read(year - 1)])).flat();
  const byReason = new Map<string, number>();
  let lastYear = 0;
  for (const c of counters) {
    if (c.year === year) byReason.set(c.dv, (byReason.get(c.dv) ?? 0) + c.v);
    else lastYear += c.v;
  }
  const reasons = MATCH_DISMISS_REASONS.map((key) => ({
    key,
    label: MATCH_DISMISS_REASON_LABELS[key],
    value: (byReason.get(key) ?? 0) / SCALE,
  }));
  // Stable for ties: the fixed list's order.
  const sorted = reasons
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.value - a.row.value || a.index - b.index)
    .map(({ row }) => row);
  return {
    year,
    reasons: sorted,
    total: sorted.reduce((sum, row) => sum + row.value, 0),
    lastYearTotal: lastYear / SCALE,
    help: MATCH_REASONS_HELP,
    catchingUp,
  };
}
