import type {
  BreakdownDimension,
  FunnelMeasure,
  FunnelStage,
  KpiView,
  MatchDismissReason,
  StatKpi,
} from '@alliance-hub/types';

/** Routes inside the stats subpackage, with their parameters encoded once. */
export const STATS_ROUTES = {
  dashboard: (year?: number) => `/packages/stats/dashboard/index${year ? `?year=${year}` : ''}`,
  targets: (year: number) => `/packages/stats/targets/index?year=${year}`,
  records: (params: RecordsParams) =>
    `/packages/stats/records/index?${Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
      .join('&')}`,
};

export interface RecordsParams {
  year: number;
  /** A KPI's figure, or else a funnel stage's. */
  kpi?: StatKpi;
  stage?: FunnelStage;
  /** Entries into the stage (the default) or its moves on, each with its days there. */
  measure?: FunnelMeasure;
  month?: number;
  sub?: string;
  /** With kpi matches_acted: the 不合适 marks of one reason. */
  reason?: MatchDismissReason;
  by?: BreakdownDimension;
  key?: string;
  /** What the list is of, shown as its title (e.g. "签约合同 · 3月"). */
  title?: string;
}

/** Thousands separators by hand: some mini-program runtimes ship without Intl's locale data. */
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** A figure as shown: money with two decimals, counts as whole numbers, thousands separated. */
export function formatFigure(value: number, money: boolean): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (money) {
    const [whole, cents] = abs.toFixed(2).split('.');
    return `${sign}${group(whole)}.${cents}`;
  }
  return `${sign}${group(String(Math.round(abs)))}`;
}

export const formatPercent = (ratio: number | null): string =>
  ratio === null ? '—' : `${Math.round(ratio * 1000) / 10}%`;

/** The width of a progress bar, 0–100, capped so an overshoot still fits. */
export const progressWidth = (kpi: Pick<KpiView, 'value' | 'target'>): number =>
  kpi.target ? Math.max(0, Math.min(100, Math.round((kpi.value / kpi.target) * 100))) : 0;

/** The change against last year, signed, as the card's small print. */
export function changeText(kpi: Pick<KpiView, 'value' | 'lastYear' | 'money'>): string {
  if (kpi.lastYear === 0) return kpi.value === 0 ? '与去年持平' : '去年为 0';
  const ratio = (kpi.value - kpi.lastYear) / kpi.lastYear;
  const sign = ratio > 0 ? '+' : '';
  return `较去年 ${sign}${Math.round(ratio * 1000) / 10}%`;
}

/** The status line of a card: pending source, behind schedule, on track, or no target. */
export function statusOf(
  kpi: Pick<KpiView, 'source' | 'behindSchedule' | 'target' | 'expectedByNow' | 'money'>,
): {
  tone: 'pending' | 'behind' | 'ok' | 'none';
  text: string;
} {
  if (kpi.source === 'pending') return { tone: 'pending', text: '数据来源待接入' };
  if (kpi.target === null) return { tone: 'none', text: '未设目标' };
  if (kpi.behindSchedule) {
    return {
      tone: 'behind',
      text: `落后进度 · 应达 ${formatFigure(kpi.expectedByNow ?? 0, kpi.money)}`,
    };
  }
  return { tone: 'ok', text: '符合进度' };
}

export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;
export const clampYear = (year: number) => Math.min(YEAR_MAX, Math.max(YEAR_MIN, year));
