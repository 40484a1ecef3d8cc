import { useEffect, useMemo, useState } from 'react';
import Taro from '@tarojs/taro';
import { Picker, Text, View } from '@tarojs/components';
import {
  BREAKDOWN_DIMENSIONS,
  BREAKDOWN_DIMENSION_LABELS,
  KPI_DEFINITIONS,
  type BreakdownDimension,
  type BreakdownView,
  type StatKpi,
} from '@alliance-hub/types';
import { Tabs } from '../../../components/tabs';
import { getBreakdown } from '../../../services/stats';
import { formatFigure } from '../stats-format';

export interface BreakdownCardProps {
  year: number;
  /** The KPI chosen on the dashboard: the ranking follows it when the dimension counts it. */
  kpi: StatKpi;
  onDrill: (by: BreakdownDimension, key: string, label: string, kpi: StatKpi) => void;
}

// Without the leading 按 the five tabs fit a phone's width on one line.
const TABS = BREAKDOWN_DIMENSIONS.map((value) => ({
  value,
  label: BREAKDOWN_DIMENSION_LABELS[value].replace(/^按/, ''),
}));

type Layout = 'rank' | 'table';
const LAYOUTS: { value: Layout; label: string }[] = [
  { value: 'rank', label: '单项排名' },
  { value: 'table', label: '全部指标' },
];

/** A desk has room for the table of every KPI; a phone reads one KPI as a ranked list. */
const wideScreen = () => Taro.getSystemInfoSync().windowWidth >= 1024;

/** Breakdowns by field, region, organization, kind and coordinator; every cell drills down. */
export function BreakdownCard({ year, kpi, onDrill }: BreakdownCardProps) {
  const [by, setBy] = useState<BreakdownDimension>('organization');
  const [layout, setLayout] = useState<Layout>(() => (wideScreen() ? 'table' : 'rank'));
  const [picked, setPicked] = useState<StatKpi | null>(null);
  const [view, setView] = useState<BreakdownView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);

  useEffect(() => {
    let current = true;
    setView(null);
    setError(null);
    getBreakdown(year, by)
      .then((v) => current && setView(v))
      .catch((e: unknown) => current && setError(e instanceof Error ? e.message : '加载失败'));
    return () => {
      current = false;
    };
  }, [year, by]);
  // A new card chosen on the dashboard takes over the ranking.
  useEffect(() => setPicked(null), [kpi]);

  const more = async () => {
    if (!view?.nextCursor) return;
    setLoadingMore(true);
    try {
      const next = await getBreakdown(year, by, view.nextCursor);
      setView({ ...next, rows: [...view.rows, ...next.rows] });
    } catch (e) {
      setError(e instanceof Error ? e.message : '加载失败');
    } finally {
      setLoadingMore(false);
    }
  };

  // The KPI picked here, else the dashboard's, else (a KPI this grouping does not count, such as
  // events by organization) the first one some group has a figure for.
  const metric: StatKpi | null = view
    ? ([picked, kpi].find((k): k is StatKpi => !!k && view.kpis.includes(k)) ??
      view.kpis.find((k) => view.rows.some((row) => (row.values[k] ?? 0) !== 0)) ??
      view.kpis[0] ??
      null)
    : null;

  return (
    <View className="ah-card ah-breakdown">
      <View className="ah-breakdown__head">
        <Text className="ah-card__title">分组统计</Text>
        <View className="ah-stats__modes" role="tablist" aria-label="分组统计的显示方式">
          {LAYOUTS.map((option) => (
            <View
              key={option.value}
              role="tab"
              aria-selected={option.value === layout}
              className={`ah-stats__mode${option.value === layout ? ' ah-stats__mode--active' : ''}`}
              onClick={() => setLayout(option.value)}
            >
              <Text>{option.label}</Text>
            </View>
          ))}
        </View>
      </View>
      <Tabs options={TABS} value={by} onChange={setBy} />
      {error ? <Text className="ah-stats__error">{error}</Text> : null}
      {!view && !error ? <Text className="ah-stats__muted">加载中…</Text> : null}
      {view && view.rows.length === 0 ? (
        <Text className="ah-stats__muted">
          这一年还没有可分组的记录。记录对接、推进意向后，这里会{BREAKDOWN_DIMENSION_LABELS[by]}汇总。
        </Text>
      ) : null}
      {view && view.rows.length > 0 && metric ? (
        layout === 'rank' ? (
          <RankedRows view={view} metric={metric} onPick={setPicked} onDrill={onDrill} />
        ) : (
          <BreakdownTable view={view} onDrill={onDrill} />
        )
      ) : null}
      {view?.nextCursor ? (
        <Text className="ah-stats__more" onClick={() => void more()}>
          {loadingMore ? '加载中…' : `已显示 ${view.rows.length} 组，加载更多（共 ${view.total} 组）`}
        </Text>
      ) : null}
      {view ? <Text className="ah-stats__help">{view.help}</Text> : null}
    </View>
  );
}

interface RowsProps {
  view: BreakdownView;
  onDrill: BreakdownCardProps['onDrill'];
}

/** One KPI, groups ranked by it with a bar each; groups at 0 are counted, not listed. */
function RankedRows({
  view,
  metric,
  onPick,
  onDrill,
}: RowsProps & { metric: StatKpi; onPick: (kpi: StatKpi) => void }) {
  const definition = KPI_DEFINITIONS[metric];
  const money = !!definition.money;
  const ranked = useMemo(
    () =>
      view.rows
        .map((row) => ({ row, value: row.values[metric] ?? 0, lastYear: row.lastYear[metric] ?? 0 }))
        .filter((r) => r.value !== 0)
        .sort((a, b) => b.value - a.value),
    [view, metric],
  );
  const top = Math.max(...ranked.map((r) => r.value), 1);
  const zeros = view.rows.length - ranked.length;
  return (
    <View className="ah-breakdown__rank">
      <Picker
        mode="selector"
        range={view.kpis.map((k) => KPI_DEFINITIONS[k].label)}
        value={Math.max(0, view.kpis.indexOf(metric))}
        onChange={(event) => onPick(view.kpis[Number(event.detail.value)] ?? metric)}
      >
        <View className="ah-breakdown__metric">
          <Text>
            指标：{definition.label}（{definition.unit}） ▾
          </Text>
        </View>
      </Picker>
      {ranked.length === 0 ? (
        <Text className="ah-stats__muted">已加载的分组中，这一项都为 0。换一个指标看看。</Text>
      ) : null}
      {ranked.map(({ row, value, lastYear }) => (
        <View
          key={row.key}
          className="ah-breakdown__bar-row"
          role="link"
          data-group={row.label}
          onClick={() => onDrill(view.by, row.key, row.label, metric)}
        >
          <Text className="ah-breakdown__bar-label">{row.label}</Text>
          <View className="ah-breakdown__track">
            <View className="ah-breakdown__fill" style={{ width: `${Math.round((value / top) * 100)}%` }} />
          </View>
          <Text className="ah-breakdown__bar-value">{formatFigure(value, money)}</Text>
          <Text className="ah-breakdown__bar-last">去年 {formatFigure(lastYear, money)}</Text>
        </View>
      ))}
      {zeros > 0 && ranked.length > 0 ? (
        <Text className="ah-stats__muted">另有 {zeros} 组这一项为 0，未列出。</Text>
      ) : null}
    </View>
  );
}

/** Every KPI the dimension counts as a column; scrolls sideways where the screen is narrow. */
function BreakdownTable({ view, onDrill }: RowsProps) {
  return (
    <View className="ah-breakdown__scroll">
      <View className="ah-breakdown__table" role="table">
        <View className="ah-breakdown__row ah-breakdown__row--head" role="row">
          <Text className="ah-breakdown__cell ah-breakdown__cell--label">
            {BREAKDOWN_DIMENSION_LABELS[view.by]}
          </Text>
          {view.kpis.map((kpi) => (
            <Text key={kpi} className="ah-breakdown__cell">
              {KPI_DEFINITIONS[kpi].label}
            </Text>
          ))}
        </View>
        {view.rows.map((row) => (
          <View key={row.key} className="ah-breakdown__row" role="row">
            <Text className="ah-breakdown__cell ah-breakdown__cell--label">{row.label}</Text>
            {view.kpis.map((kpi) => {
              const value = row.values[kpi] ?? 0;
              return (
                <Text
                  key={kpi}
                  className={`ah-breakdown__cell${value ? ' ah-breakdown__cell--link' : ''}`}
                  onClick={value ? () => onDrill(view.by, row.key, row.label, kpi) : undefined}
                >
                  {value ? formatFigure(value, !!KPI_DEFINITIONS[kpi].money) : '·'}
                </Text>
              );
            })}
          </View>
        ))}
      </View>
    </View>
  );
}
