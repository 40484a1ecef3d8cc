import { useCallback, useState } from 'react';
import Taro, { useReachBottom, useRouter } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  BreakdownDimension,
  FUNNEL_STAGES,
  MatchDismissReason,
  StatKpi,
  z,
  type StatRecordView,
} from '@alliance-hub/types';
import { ListFooter } from '../../../components/list-footer';
import { PageShell } from '../../../components/page-shell';
import { listStatRecords } from '../../../services/stats';
import { formatShanghaiTime } from '../../../utils/format-time';
import { useCursorList } from '../../../utils/use-cursor-list';
import { formatFigure } from '../stats-format';
import '../stats.scss';

const param = (raw: string | undefined) => (raw ? decodeURIComponent(raw) : undefined);
const FunnelStageParam = z.enum(FUNNEL_STAGES);

/** Where each kind of record opens; registrations and selections open their event. */
function recordUrl(item: StatRecordView): string | null {
  const id = encodeURIComponent(item.id);
  switch (item.kind) {
    case 'event':
    case 'registration':
    case 'selection':
      return `/packages/events/detail/index?id=${id}`;
    case 'organization':
      return `/packages/directory/org/index?id=${id}`;
    case 'achievement':
    case 'demand':
      return `/packages/matchmaking/detail/index?kind=${item.kind}&id=${id}`;
    // 我感兴趣 and match feedback open the achievement or demand they are about.
    case 'interest':
    case 'match':
      return item.itemKind ? `/packages/matchmaking/detail/index?kind=${item.itemKind}&id=${id}` : null;
    case 'intent':
      return `/packages/intents/detail/index?id=${id}`;
    default:
      return null;
  }
}

/** The records behind one number on the dashboard, newest first by the date each counts at. */
export default function StatRecordsPage() {
  const { params } = useRouter();
  const year = Number(params.year);
  const stageParse = FunnelStageParam.safeParse(params.stage);
  const stage = stageParse.success ? stageParse.data : undefined;
  const measure = stage && params.measure === 'daysToNext' ? ('daysToNext' as const) : undefined;
  // A funnel stage's list asks for no KPI; anything else falls back to the first KPI.
  const kpi = stage
    ? undefined
    : StatKpi.safeParse(params.kpi).success
      ? (params.kpi as StatKpi)
      : 'events_held';
  const by = BreakdownDimension.safeParse(params.by).success ? (params.by as BreakdownDimension) : undefined;
  const month = params.month ? Number(params.month) : undefined;
  const sub = param(params.sub);
  const reasonParse = MatchDismissReason.safeParse(params.reason);
  const reason = kpi === 'matches_acted' && reasonParse.success ? reasonParse.data : undefined;
  const key = param(params.key);
  const title = param(params.title) ?? '统计明细';
  const money = kpi === 'contract_amount' || kpi === 'tech_amount' || kpi === 'funding_won';

  const [summary, setSummary] = useState<{ total: number; sum: number } | null>(null);
  const fetchPage = useCallback(
    async (cursor: string | null) => {
      const page = await listStatRecords(year, { kpi, stage, measure, month, sub, reason, by, key, cursor });
      // The first page carries the figure this list explains; later pages repeat it.
      if (!cursor) setSummary({ total: page.total, sum: page.sum });
      return page;
    },
    [year, kpi, stage, measure, month, sub, reason, by, key],
  );
  const list = useCursorList(fetchPage);
  useReachBottom(() => void list.loadMore());

  return (
    <View className="ah-page ah-stat-records">
      <View className="ah-card">
        <Text className="ah-card__title">{title}</Text>
        {summary && summary.total > 0 ? (
          <Text className="ah-stat-records__summary">
            {measure
              ? `共 ${summary.total} 次推进到下一阶段`
              : `共 ${summary.total} 条记录${money ? `，合计 ${formatFigure(summary.sum, true)} 万元` : ''}`}
          </Text>
        ) : null}
        <PageShell
          loading={list.loading && !list.items}
          error={list.error}
          onRetry={() => void list.reload()}
          empty={list.items?.length === 0}
          emptyState={{ title: '这个数字背后暂无记录', hint: '数据更新后再来看看；口径见看板上的指标说明。' }}
        >
          {list.items?.map((item, index) => {
            const url = recordUrl(item);
            return (
              <View
                key={`${item.kind}-${item.id}-${index}`}
                className="ah-stat-records__item"
                role={url ? 'link' : undefined}
                onClick={url ? () => void Taro.navigateTo({ url }) : undefined}
              >
                <Text className="ah-stat-records__title">{item.title}</Text>
                <Text className="ah-stat-records__meta">
                  {formatShanghaiTime(item.at).slice(0, 10)}
                  {item.detail ? ` · ${item.detail}` : ''}
                  {money ? ` · ${formatFigure(item.value, true)} 万元` : ''}
                  {measure ? ` · 在此阶段停留 ${formatFigure(item.value, false)} 天` : ''}
                </Text>
              </View>
            );
          })}
          <ListFooter list={list} />
        </PageShell>
      </View>
    </View>
  );
}
