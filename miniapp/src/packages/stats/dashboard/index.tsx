import { useCallback, useEffect, useMemo, useState } from 'react';
import Taro, { useRouter, usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  KPI_DEFINITIONS,
  STAT_GROUP_LABELS,
  STAT_GROUPS,
  atLeast,
  type BreakdownDimension,
  type FunnelMeasure,
  type FunnelStage,
  type FunnelView,
  type MatchReasonsView,
  type StatKpi,
  type StatsView,
} from '@alliance-hub/types';
import { PageShell, type PageShellError } from '../../../components/page-shell';
import { downloadReport, getFunnel, getMatchReasons, getStats } from '../../../services/stats';
import { ApiError } from '../../../utils/api-error';
import { useSession } from '../../../stores/session-store';
import { BreakdownCard } from '../components/breakdown-card';
import { FunnelCard } from '../components/funnel-card';
import { KpiCard } from '../components/kpi-card';
import { MatchReasonsCard } from '../components/match-reasons-card';
import { MonthChart } from '../components/month-chart';
import type { MonthChartMode } from '../components/month-chart-draw';
import { STATS_ROUTES, clampYear, formatFigure, type RecordsParams } from '../stats-format';
import '../stats.scss';

const shanghaiNow = () => new Date(Date.now() + 8 * 3600_000);
const thisYear = () => shanghaiNow().getUTCFullYear();

/** Months of `year` that have begun in Asia/Shanghai: 12 for past years, 0 for future ones. */
function monthsElapsed(year: number): number {
  const now = shanghaiNow();
  if (year < now.getUTCFullYear()) return 12;
  if (year > now.getUTCFullYear()) return 0;
  return now.getUTCMonth() + 1;
}

const CHART_MODES: { value: MonthChartMode; label: string }[] = [
  { value: 'monthly', label: '逐月' },
  { value: 'cumulative', label: '累计' },
];

/**
 * 统计看板 (挂图作战): the year's KPIs against their targets, month by month, the funnel and
 * the breakdowns. Every number opens the records behind it. Members see their organization's.
 */
export default function StatsDashboardPage() {
  const router = useRouter();
  const session = useSession();
  const staff = session.user ? atLeast(session.user.role, 'coordinator') : false;
  const [year, setYear] = useState(() => clampYear(Number(router.params.year) || thisYear()));
  const [stats, setStats] = useState<StatsView | null>(null);
  const [funnel, setFunnel] = useState<FunnelView | null>(null);
  const [reasons, setReasons] = useState<MatchReasonsView | null>(null);
  /** Why the last report download did not happen, kept on screen (a toast is gone before it is read). */
  const [exportProblem, setExportProblem] = useState<{ format: 'xlsx' | 'docx'; message: string } | null>(
    null,
  );
  const [error, setError] = useState<PageShellError | null>(null);
  const [selected, setSelected] = useState<StatKpi | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const [chartMode, setChartMode] = useState<MonthChartMode>('monthly');

  const load = useCallback(async () => {
    setError(null);
    try {
      const [s, f, r] = await Promise.all([
        getStats(year),
        getFunnel(year),
        staff ? getMatchReasons(year) : Promise.resolve(null),
      ]);
      setStats(s);
      setFunnel(f);
      setReasons(r);
    } catch (failure) {
      setError(failure instanceof Error ? failure : { message: '加载失败' });
    }
  }, [year, staff]);

  useEffect(() => {
    setStats(null);
    void load();
  }, [load]);
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  const drill = (params: Omit<RecordsParams, 'year'>) =>
    void Taro.navigateTo({ url: STATS_ROUTES.records({ year, ...params }) });
  // Until a card is chosen, the chart shows the first KPI with something to show.
  const current =
    stats?.kpis.find((k) => k.key === selected) ?? stats?.kpis.find((k) => k.value > 0) ?? stats?.kpis[0];
  const emptyYear =
    !!stats && stats.kpis.every((k) => k.value === 0) && !funnel?.stages.some((st) => st.entered > 0);
  const choose = (kpi: StatKpi) => {
    setSelected(kpi);
    // On a phone the chart sits under all the cards: bring it into view for the card just chosen.
    if (Taro.getSystemInfoSync().windowWidth < 1024) {
      void Taro.pageScrollTo({ selector: '.ah-stats__chart', duration: 300 }).catch(() => undefined);
    }
  };
  const groups = useMemo(
    () => STAT_GROUPS.map((group) => ({ group, kpis: stats?.kpis.filter((k) => k.group === group) ?? [] })),
    [stats],
  );

  const exportReport = async (format: 'xlsx' | 'docx') => {
    setExportProblem(null);
    setExporting(format === 'xlsx' ? '正在生成 Excel…' : '正在生成年度报告…');
    try {
      const file = await downloadReport(year, format, ({ percent }) =>
        setExporting(percent === null ? '正在下载…' : `正在下载 ${percent}%`),
      );
      if (process.env.TARO_ENV === 'h5') {
        const link = document.createElement('a');
        link.href = file;
        link.download = `${year}年度统计报告.${format}`;
        link.click();
      } else {
        await Taro.openDocument({ filePath: file, fileType: format, showMenu: true });
      }
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'STATS_CATCHING_UP') {
        // The report refuses half-counted figures: say why in plain words, and show the catch-up.
        setExportProblem({
          format,
          message: '统计数字正在更新，报告要等更新完成后才能导出，以免数字不全。请稍后再试（通常几分钟）。',
        });
        void load();
      } else {
        setExportProblem({ format, message: failure instanceof Error ? failure.message : '导出失败' });
      }
    } finally {
      setExporting(null);
    }
  };

  const onBreakdownDrill = (by: BreakdownDimension, key: string, label: string, kpi: StatKpi) =>
    drill({ kpi, by, key, title: `${KPI_DEFINITIONS[kpi].label} · ${label}` });

  const onFunnelDrill = (stage: FunnelStage, measure: FunnelMeasure, label: string) =>
    drill({
      stage,
      measure: measure === 'entered' ? undefined : measure,
      title: measure === 'entered' ? `进入${label} · ${year}年` : `${label}阶段的推进 · 停留天数`,
    });

  return (
    <View className="ah-page ah-stats">
      <View className="ah-stats__header">
        <View className="ah-stats__years" role="group" aria-label="年份">
          <Button
            className="ah-stats__year-step"
            aria-label="上一年"
            onClick={() => setYear((y) => clampYear(y - 1))}
          >
            ‹
          </Button>
          <Text className="ah-stats__year">{year} 年</Text>
          <Button
            className="ah-stats__year-step"
            aria-label="下一年"
            onClick={() => setYear((y) => clampYear(y + 1))}
          >
            ›
          </Button>
        </View>
        <Text className="ah-stats__scope">
          {stats?.scope.kind === 'organization' ? `${stats.scope.orgName ?? '本单位'}的数据` : '全联盟'}
          {stats ? ` · 时间进度 ${Math.round(stats.pace * 100)}%` : ''}
        </Text>
        {staff ? (
          <View className="ah-stats__actions">
            <Button
              className="ah-stats__action"
              disabled={!!exporting}
              onClick={() => void exportReport('xlsx')}
            >
              <Text className="ah-stats__action-text">导出 Excel</Text>
            </Button>
            <Button
              className="ah-stats__action"
              disabled={!!exporting}
              onClick={() => void exportReport('docx')}
            >
              <Text className="ah-stats__action-text">年度报告 Word</Text>
            </Button>
            {session.user?.role === 'secretariat' ? (
              <Button
                className="ah-stats__action ah-stats__action--primary"
                onClick={() => void Taro.navigateTo({ url: STATS_ROUTES.targets(year) })}
              >
                <Text className="ah-stats__action-text">设置目标</Text>
              </Button>
            ) : null}
          </View>
        ) : null}
        {stats?.catchingUp || funnel?.catchingUp || reasons?.catchingUp ? (
          <View className="ah-stats__notice" role="status">
            <Text className="ah-stats__notice-text">
              正在更新统计，数字可能稍有滞后（例如刚批量导入之后）。更新完成后刷新即可看到全部。
            </Text>
            <Button className="ah-stats__notice-action" onClick={() => void load()}>
              <Text>刷新</Text>
            </Button>
          </View>
        ) : null}
        {exportProblem && !exporting ? (
          <View className="ah-stats__notice ah-stats__notice--error" role="alert">
            <Text className="ah-stats__notice-text">{exportProblem.message}</Text>
            <Button
              className="ah-stats__notice-action"
              onClick={() => void exportReport(exportProblem.format)}
            >
              <Text>再试一次</Text>
            </Button>
          </View>
        ) : null}
        {exporting ? (
          <View className="ah-stats__muted" role="status">
            <Text>{exporting}</Text>
          </View>
        ) : null}
      </View>
      <PageShell loading={!stats && !error} error={error} onRetry={() => void load()}>
        {stats && current ? (
          <View className="ah-stats__layout">
            {emptyYear ? (
              <View className="ah-card ah-stats__empty" role="status">
                <Text className="ah-stats__empty-title">{year} 年还没有可统计的记录</Text>
                <Text className="ah-stats__muted">
                  {year > thisYear()
                    ? '这一年还没开始。秘书处可以先设置这一年的目标。'
                    : '看板按记录发生的日期统计：举办活动、发布成果需求、记录对接和推进合作意向后会自动计入。可用 ‹ › 切换到其他年份。'}
                </Text>
              </View>
            ) : null}
            <View className="ah-stats__main">
              {groups.map(({ group, kpis }) =>
                kpis.length ? (
                  <View key={group} className="ah-stats__group">
                    <Text className="ah-stats__group-title">{STAT_GROUP_LABELS[group]}</Text>
                    <View className="ah-stats__grid">
                      {kpis.map((kpi) => (
                        <KpiCard
                          key={kpi.key}
                          kpi={kpi}
                          selected={kpi.key === current.key}
                          onSelect={() => choose(kpi.key)}
                          onDrill={() => drill({ kpi: kpi.key, title: `${kpi.label} · ${year}年` })}
                        />
                      ))}
                    </View>
                    {group === 'matching' && reasons ? (
                      <MatchReasonsCard
                        view={reasons}
                        onDrill={(reason, label) =>
                          drill({ kpi: 'matches_acted', reason, title: `不合适 · ${label} · ${year}年` })
                        }
                      />
                    ) : null}
                  </View>
                ) : null,
              )}
              {stats.manual.length ? (
                <View className="ah-card ah-stats__manual">
                  <Text className="ah-card__title">填报指标（非系统统计）</Text>
                  {stats.manual.map((m) => (
                    <View key={m.key + m.label} className="ah-stats__manual-row">
                      <Text className="ah-stats__manual-label">{m.label}</Text>
                      <Text className="ah-stats__manual-value">
                        {m.value === null ? '未填报' : `${m.value}${m.unit}`}
                        {m.target === null ? '' : ` / 目标 ${m.target}${m.unit}`}
                      </Text>
                      <Text className="ah-stats__muted">
                        来源：{m.source || '—'}
                        {m.asOf ? ` · ${m.asOf}` : ''}
                      </Text>
                    </View>
                  ))}
                </View>
              ) : null}
            </View>
            <View className="ah-stats__side">
              <View className="ah-card ah-stats__chart">
                <View className="ah-stats__chart-head">
                  <Text className="ah-card__title">
                    {current.label} · {chartMode === 'monthly' ? '逐月' : '累计与目标进度'}
                  </Text>
                  <View className="ah-stats__modes" role="tablist" aria-label="图表">
                    {CHART_MODES.map((mode) => (
                      <View
                        key={mode.value}
                        role="tab"
                        aria-selected={mode.value === chartMode}
                        className={`ah-stats__mode${mode.value === chartMode ? ' ah-stats__mode--active' : ''}`}
                        onClick={() => setChartMode(mode.value)}
                      >
                        <Text>{mode.label}</Text>
                      </View>
                    ))}
                  </View>
                </View>
                <MonthChart
                  id="ah-stats-month-chart"
                  months={current.months}
                  lastYearMonths={current.lastYearMonths}
                  year={year}
                  mode={chartMode}
                  target={current.target}
                  monthsElapsed={monthsElapsed(year)}
                  money={current.money}
                />
                <View className="ah-stats__months">
                  {current.months.map((value, i) => (
                    <View
                      key={i}
                      className={`ah-stats__month${value ? ' ah-stats__month--link' : ''}`}
                      onClick={
                        value
                          ? () =>
                              drill({
                                kpi: current.key,
                                month: i + 1,
                                title: `${current.label} · ${i + 1}月`,
                              })
                          : undefined
                      }
                    >
                      <Text className="ah-stats__month-label">{i + 1}月</Text>
                      <Text className="ah-stats__month-value">{formatFigure(value, current.money)}</Text>
                    </View>
                  ))}
                </View>
                {current.sub.length ? (
                  <View className="ah-stats__sub">
                    {current.sub.map((row) => (
                      <Text
                        key={row.key}
                        className="ah-stats__chip"
                        onClick={() =>
                          drill({ kpi: current.key, sub: row.key, title: `${current.label} · ${row.label}` })
                        }
                      >
                        {row.label} {formatFigure(row.value, current.money)}
                      </Text>
                    ))}
                  </View>
                ) : null}
                <Text className="ah-stats__help">口径：{current.help}</Text>
              </View>
              {funnel ? <FunnelCard funnel={funnel} staff={staff} onDrill={onFunnelDrill} /> : null}
            </View>
            {staff ? (
              <View className="ah-stats__wide">
                <BreakdownCard year={year} kpi={current.key} onDrill={onBreakdownDrill} />
              </View>
            ) : null}
          </View>
        ) : null}
      </PageShell>
    </View>
  );
}
