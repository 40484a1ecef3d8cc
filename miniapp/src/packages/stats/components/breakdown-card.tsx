import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
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
  onDrill: (by: BreakdownDimension, key: string, label: string, kpi: StatKpi) => void;
}

const TABS = BREAKDOWN_DIMENSIONS.map((value) => ({ value, label: BREAKDOWN_DIMENSION_LABELS[value] }));

/** Breakdowns by field, region, organization, kind and coordinator; every cell drills down. */
export function BreakdownCard({ year, onDrill }: BreakdownCardProps) {
  const [by, setBy] = useState<BreakdownDimension>('organization');
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

  return (
    <View className="ah-card ah-breakdown">
      <Text className="ah-card__title">分组统计</Text>
      <Tabs options={TABS} value={by} onChange={setBy} />
      {error ? <Text className="ah-stats__error">{error}</Text> : null}
      {!view && !error ? <Text className="ah-stats__muted">加载中…</Text> : null}
      {view && view.rows.length === 0 ? (
        <Text className="ah-stats__muted">
          这一年还没有可分组的记录。记录对接、推进意向后，这里会按{BREAKDOWN_DIMENSION_LABELS[by].slice(1)}
          汇总。
        </Text>
      ) : null}
      {view && view.rows.length > 0 ? (
        <View className="ah-breakdown__scroll">
          <View className="ah-breakdown__table" role="table">
            <View className="ah-breakdown__row ah-breakdown__row--head" role="row">
              <Text className="ah-breakdown__cell ah-breakdown__cell--label">
                {BREAKDOWN_DIMENSION_LABELS[by]}
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
                      onClick={value ? () => onDrill(by, row.key, row.label, kpi) : undefined}
                    >
                      {value ? formatFigure(value, !!KPI_DEFINITIONS[kpi].money) : '·'}
                    </Text>
                  );
                })}
              </View>
            ))}
          </View>
        </View>
      ) : null}
      {view?.nextCursor ? (
        <Text className="ah-stats__more" onClick={() => void more()}>
          {loadingMore ? '加载中…' : `加载更多（共 ${view.total} 组）`}
        </Text>
      ) : null}
      {view ? <Text className="ah-stats__help">{view.help}</Text> : null}
    </View>
  );
}
