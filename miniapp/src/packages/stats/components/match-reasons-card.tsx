import { Text, View } from '@tarojs/components';
import type { MatchDismissReason, MatchReasonsView } from '@alliance-hub/types';
import { formatPercent } from '../stats-format';

export interface MatchReasonsCardProps {
  view: MatchReasonsView;
  /** Opens the 不合适 marks behind one reason's count. */
  onDrill: (reason: MatchDismissReason, label: string) => void;
}

/**
 * Why recommended matches were turned down (不合适) in the year, the most frequent reason first:
 * the secretariat reads it to tune the matching (synonyms, maturity, fields).
 */
export function MatchReasonsCard({ view, onDrill }: MatchReasonsCardProps) {
  const top = Math.max(1, ...view.reasons.map((r) => r.value));
  return (
    <View className="ah-card ah-reasons" aria-label="不合适原因">
      <View className="ah-reasons__head">
        <Text className="ah-card__title">不合适原因</Text>
        <Text className="ah-reasons__total">
          共 {view.total} 条{view.lastYearTotal ? ` · 去年 ${view.lastYearTotal} 条` : ''}
        </Text>
      </View>
      {view.total === 0 ? (
        <Text className="ah-stats__muted">
          {view.year}{' '}
          年还没有推荐被标记为不合适。在成果或需求的匹配推荐里标记“不合适”并选择原因后，会按原因计入这里。
        </Text>
      ) : (
        view.reasons.map((row) => (
          <View
            key={row.key}
            className={`ah-reasons__row${row.value ? ' ah-reasons__row--link' : ''}`}
            data-reason={row.key}
            role={row.value ? 'link' : undefined}
            aria-label={`${row.label} ${row.value} 条`}
            onClick={row.value ? () => onDrill(row.key, row.label) : undefined}
          >
            <Text className="ah-reasons__label">{row.label}</Text>
            <View className="ah-reasons__track">
              <View
                className="ah-reasons__fill"
                style={{ width: `${Math.round((row.value / top) * 100)}%` }}
              />
            </View>
            <Text className="ah-reasons__count">{row.value}</Text>
            <Text className="ah-reasons__share">{formatPercent(row.value / view.total)}</Text>
          </View>
        ))
      )}
      <Text className="ah-stats__help">
        {view.total ? '点一个原因，查看被标记的推荐。' : ''}口径：{view.help}
      </Text>
    </View>
  );
}
